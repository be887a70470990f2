"""Parser for Markdown articles (.md, .markdown) with optional YAML front matter.

Front matter (between `---` lines at the top) may set `title`, `source`,
`url`, `published`, `language` and `story`; YAML dates become ISO strings.

The body becomes passages, each the exact source text of one Markdown block
(the inline content markdown-it-py gives, Markdown syntax included):

- paragraph: an ordinary paragraph;
- heading: any heading, except the one used as the headline;
- quote: a paragraph inside a block quote (`> ...`);
- list_item: a paragraph inside a list item (`- ...`, `1. ...`);
- caption: a paragraph that is a single image, `![caption text](photo.jpg)`:
  the image's alt text is the caption (the Pandoc "implicit figure" convention);
  an image with empty alt text gives no passage;
- standfirst: a paragraph that is wholly emphasised, `*summary*` or `_summary_`,
  and is the first block of the body (only the headline heading may precede
  it); its text is the content without the two emphasis markers.

The headline is the front-matter `title`; without one, the first heading,
which is then not a passage. With a front-matter title, a first heading that
repeats it is not a passage either. Code blocks, tables, HTML and rules are
not article text and give no passages.

markdown-it-py, its front-matter plugin and PyYAML are imported on first use,
so that importing this module (and the loader) stays cheap: a warm start that
finds every article in the parse cache never imports them.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import TYPE_CHECKING

from caravan_tui.corpus.cleaning import same_text
from caravan_tui.corpus.parsed import ParsedArticle

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

FRONT_MATTER_FIELDS = ("title", "source", "url", "published", "language", "story", "author")

_CONTAINER_KINDS = {"blockquote_open": "quote", "list_item_open": "list_item"}
_CONTAINER_CLOSE = {"blockquote_close", "list_item_close"}


class FrontMatterError(ValueError):
    """The front matter is not valid YAML, or not a mapping of simple values."""


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    return MarkdownIt("commonmark").use(front_matter_plugin)


@lru_cache(maxsize=1)
def _yaml_loader() -> type:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _field_value(name: str, value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)):
        return str(value).strip()
    raise FrontMatterError(f"front matter field '{name}' must be a single value, not {type(value).__name__}")


def parse_front_matter(text: str) -> dict[str, str]:
    """The known fields of a YAML front matter, as strings."""
    import yaml

    try:
        data = yaml.load(text, Loader=_yaml_loader())  # noqa: S506 (a safe loader)
    except yaml.YAMLError as error:
        # The file line of the construct that failed (front matter starts on line 2).
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise FrontMatterError(f"malformed YAML front matter{where}: {problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontMatterError(f"front matter must be a mapping of fields, not {type(data).__name__}")
    fields = {}
    for name in FRONT_MATTER_FIELDS:
        value = _field_value(name, data.get(name))
        if value:
            fields[name] = value
    return fields


def _wholly_emphasised(inline: Token) -> str | None:
    """The text inside the emphasis when the whole inline is one `*...*` / `_..._` span."""
    children = inline.children or []
    if len(children) < 3 or children[0].type != "em_open" or children[-1].type != "em_close":
        return None
    depth = 0
    for child in children[:-1]:
        depth += {"em_open": 1, "em_close": -1}.get(child.type, 0)
        if depth == 0:
            return None
    marker = children[0].markup
    content = inline.content
    if not (content.startswith(marker) and content.endswith(marker)):
        return None
    return content[len(marker):-len(marker)]


def _caption(inline: Token) -> str | None:
    """The alt text of a paragraph that is a single image."""
    children = [c for c in inline.children or [] if not (c.type == "text" and not c.content.strip())]
    if len(children) == 1 and children[0].type == "image":
        return children[0].content.strip()
    return None


def _paragraph_block(inline: Token, container: str | None, first: bool) -> tuple[str, str] | None:
    caption = _caption(inline)
    if caption is not None:
        return ("caption", caption) if caption else None
    if container:
        return container, inline.content.strip()
    standfirst = _wholly_emphasised(inline) if first else None
    if standfirst is not None and standfirst.strip():
        return "standfirst", standfirst.strip()
    return "paragraph", inline.content.strip()


def _walk(tokens: list[Token]) -> tuple[dict[str, str], list[tuple[str, str, Token]]]:
    """Front matter fields and (opening token type, container kind, inline token) per text block."""
    fields: dict[str, str] = {}
    items: list[tuple[str, str, Token]] = []
    containers: list[str] = []
    for position, token in enumerate(tokens):
        if token.type == "front_matter":
            fields = parse_front_matter(token.content)
        elif token.type in _CONTAINER_KINDS:
            containers.append(_CONTAINER_KINDS[token.type])
        elif token.type in _CONTAINER_CLOSE:
            containers.pop()
        elif token.type == "inline" and position > 0:
            opener = tokens[position - 1].type
            if opener in ("heading_open", "paragraph_open"):
                items.append((opener, containers[-1] if containers else "", token))
    return fields, items


def _headline(items: list[tuple[str, str, Token]], title: str) -> tuple[str, int | None]:
    """The headline, and the index of the heading that gave or repeats it (not a passage)."""
    headings = [n for n, (opener, _, _) in enumerate(items) if opener == "heading_open"]
    if not title:
        if not headings:
            return "", None
        return items[headings[0]][2].content.strip(), headings[0]
    if headings and headings[0] == 0 and same_text(items[0][2].content, title):
        return title, 0
    return title, None


def parse_markdown(source: str) -> ParsedArticle:
    """Parse a Markdown article; raises FrontMatterError for bad front matter."""
    fields, items = _walk(_parser().parse(source))
    title, title_item = _headline(items, fields.get("title", ""))
    standfirst_item = 1 if title_item == 0 else 0
    blocks: list[tuple[str, str]] = []
    for number, (opener, container, inline) in enumerate(items):
        if number == title_item:
            continue
        if opener == "heading_open":
            block: tuple[str, str] | None = ("heading", inline.content.strip())
        else:
            block = _paragraph_block(inline, container, first=number == standfirst_item)
        if block and block[1]:
            blocks.append(block)
    return ParsedArticle(title=title, fields=fields, blocks=blocks)
