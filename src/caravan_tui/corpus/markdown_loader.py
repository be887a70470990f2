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
not article text and give no passages. Quotes and lists nested as deep as
markdown-it's limit (20 levels), whose text it would drop without a word, make
the file fail with a `ParseError` saying so.

markdown-it-py and its front-matter plugin are imported on first use, and
PyYAML only for front matter that is more than simple `name: value` lines
(`front_matter`), so that importing this module (and the loader) stays cheap:
a warm start that finds every article in the parse cache never imports them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING

from caravan_tui.corpus.front_matter import parse_front_matter
from caravan_tui.corpus.model import same_text
from caravan_tui.corpus.parsed import ParsedArticle, ParseError

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_CONTAINER_KINDS = {"blockquote_open": "quote", "list_item_open": "list_item"}
_CONTAINER_CLOSE = {"blockquote_close", "list_item_close"}
_NESTING_MARKERS = re.compile(r"[\s>*+-]|[0-9]+[.)]")
_NESTING_OPENERS = {"blockquote_open", "bullet_list_open", "ordered_list_open", "list_item_open"}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    return MarkdownIt("commonmark").use(front_matter_plugin)


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


def _check_nesting(tokens: list[Token], max_nesting: int, source: str) -> None:
    """ParseError when a block is nested so deep that markdown-it dropped its text (it does so silently)."""
    for token, following in pairwise(tokens):
        if token.type in _NESTING_OPENERS and token.level >= max_nesting - 1 and following.nesting == -1:
            first, last = token.map or (0, 0)
            if not any(_NESTING_MARKERS.sub("", line) for line in source.splitlines()[first:last]):
                continue  # only quote and list markers: no text was dropped
            raise ParseError(f"Markdown nested {max_nesting} or more levels deep (line {first + 1}): "
                             "the text there cannot be read; nest quotes and lists less deeply")


def parse_markdown(source: str) -> ParsedArticle:
    """Parse a Markdown article; raises ParseError for bad front matter or blocks nested too deep to read."""
    parser = _parser()
    tokens = parser.parse(source)
    _check_nesting(tokens, parser.options.maxNesting, source)
    fields, items = _walk(tokens)
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
