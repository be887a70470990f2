"""Parser for raw scraped text (.txt): headline, passages and page debris.

The layout it expects, and what it does with it:

- the headline is the first non-blank line; later lines that repeat it are dropped;
- paragraphs are separated by blank lines; when the body has no blank line at
  all, every line is a paragraph;
- inside a paragraph block, lines that are page debris are dropped and lines
  that are photo captions become passages of their own (see `cleaning`);
- a standfirst is the single-sentence line right under the headline (with
  nothing between them but dropped debris), when more text follows;
- a sub-heading is a short line without final punctuation that stands alone
  (its own block) between passages, with a paragraph after it.

Passage text is an exact slice of the source: only whitespace around a block
is stripped, so every passage is a substring of the decoded file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from caravan_tui.corpus import cleaning
from caravan_tui.corpus.model import same_text
from caravan_tui.corpus.parsed import ParsedArticle

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


@dataclass
class _Line:
    number: int
    start: int
    end: int
    text: str


@dataclass
class _Segment:
    kind: str
    text: str
    first_line: int
    lines: int
    whole_block: bool


def _lines(source: str) -> list[_Line]:
    lines = []
    for number, match in enumerate(_LINE.finditer(source)):
        if match.start() == len(source) and number:
            break
        text = match.group().strip()
        lines.append(_Line(number, match.start(), match.start() + len(match.group().rstrip("\r\n")), text))
    return lines


def _blocks(body: list[_Line]) -> list[list[_Line]]:
    """Runs of non-blank lines, or single lines when the body has no blank line."""
    has_blank = any(not line.text for line in body)
    if not has_blank:
        return [[line] for line in body]
    blocks: list[list[_Line]] = [[]]
    for line in body:
        if line.text:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _trim_blank(lines: list[_Line]) -> list[_Line]:
    start, end = 0, len(lines)
    while start < end and not lines[start].text:
        start += 1
    while end > start and not lines[end - 1].text:
        end -= 1
    return lines[start:end]


def _special_kind(line: _Line, headline: str) -> str | None:
    """'drop' for debris and repeated headlines, 'caption' for captions, None for body text."""
    if same_text(line.text, headline) or cleaning.is_debris(line.text):
        return "drop"
    if cleaning.has_photo_credit(line.text):
        return "caption"
    return None


def _segments(block: list[_Line], source: str, headline: str, dropped: set[int]) -> list[_Segment]:
    """Split one block into captions and runs of ordinary lines; record dropped line numbers."""
    segments: list[_Segment] = []
    run: list[_Line] = []

    def close_run() -> None:
        if run:
            text = source[run[0].start:run[-1].end].strip()
            segments.append(_Segment("paragraph", text, run[0].number, len(run), len(run) == len(block)))
            run.clear()

    for line in block:
        kind = _special_kind(line, headline)
        if kind is None:
            run.append(line)
            continue
        close_run()
        if kind == "drop":
            dropped.add(line.number)
        else:
            segments.append(_Segment(kind, line.text, line.number, 1, len(block) == 1))
    close_run()
    return segments


def _mark_standfirst(segments: list[_Segment], headline_line: int, dropped: set[int]) -> None:
    if len(segments) < 2:
        return
    first = segments[0]
    between = range(headline_line + 1, first.first_line)
    if (
        first.kind == "paragraph"
        and first.lines == 1
        and all(number in dropped for number in between)
        and cleaning.is_standfirst_shape(first.text)
    ):
        first.kind = "standfirst"


def _mark_subheadings(segments: list[_Segment]) -> None:
    for position, segment in enumerate(segments):
        if (
            position > 0
            and segment.kind == "paragraph"
            and segment.whole_block
            and cleaning.is_subheading_shape(segment.text)
            and _paragraph_follows(segments, position)
        ):
            segment.kind = "heading"


def _paragraph_follows(segments: list[_Segment], position: int) -> bool:
    return any(
        s.kind == "paragraph" and not cleaning.is_subheading_shape(s.text) for s in segments[position + 1:]
    )


def parse_text(source: str) -> ParsedArticle:
    """Parse scraped text into a headline and (kind, text) passages."""
    lines = _lines(source)
    first = next((line for line in lines if line.text), None)
    if first is None:
        return ParsedArticle()
    body = _trim_blank(lines[first.number + 1:])
    dropped: set[int] = set()
    segments = [
        segment
        for block in _blocks(body)
        for segment in _segments(block, source, first.text, dropped)
    ]
    _mark_standfirst(segments, first.number, dropped)
    _mark_subheadings(segments)
    return ParsedArticle(title=first.text, blocks=[(s.kind, s.text) for s in segments])
