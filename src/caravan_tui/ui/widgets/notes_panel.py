"""The notes panel: titled sections about the passage under the cursor.

Built-in sections, top to bottom: "passage" (kind and index of the passage
under the cursor), "article" (metadata), then any sections added by features
(`set_section`, placed above "article"), then "others" (the other articles of
the story) and
"problems" (files that failed to load). Every body is shown literally.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from caravan_tui.corpus.model import Article, LoadProblem
from caravan_tui.ui.safe_text import safe

BUILTIN_TOP = ("passage", "article")
BUILTIN_BOTTOM = ("others", "problems")


class NoteSection(Static):
    """One titled section of the notes panel."""

    DEFAULT_CSS = """
    NoteSection { margin-bottom: 1; }
    NoteSection.-empty { display: none; }
    """

    plain: str = ""
    shown: Text | None = None

    def show(self, title: str, body: Text | str) -> None:
        content = Text(safe(title), style="bold underline")
        content.append("\n")
        content.append_text(body if isinstance(body, Text) else Text(safe(body, keep_newlines=True)))
        self.remove_class("-empty")
        if content == self.shown:  # unchanged: no repaint, nothing sent to the terminal
            return
        self.plain, self.shown = content.plain, content
        self.update(content)


class NotesPanel(VerticalScroll, can_focus=True):
    """Cross-article notes for the passage under the cursor."""

    DEFAULT_CSS = """
    NotesPanel { padding: 0 1; }
    """

    def compose(self):
        for key in (*BUILTIN_TOP, *BUILTIN_BOTTOM):
            yield NoteSection(id=f"notes-{key}", classes="-empty")

    # Public API -----------------------------------------------------------

    def set_section(self, key: str, title: str, body: Text | str) -> None:
        """Show `body` under `title`; a new key is added above "others".

        A `str` body is shown literally; a `Text` body keeps its styles (build it
        with Text/append, never from markup of article text).
        """
        section = self._section(key)
        if section is None:
            section = NoteSection(id=f"notes-{key}")
            self.mount(section, before=self._section("article"))
        section.show(title, body)

    def remove_section(self, key: str) -> None:
        section = self._section(key)
        if section is None:
            return
        if key in BUILTIN_TOP + BUILTIN_BOTTOM:
            section.add_class("-empty")
        else:
            section.remove()

    def section_text(self, key: str) -> str:
        """The plain text of a section (empty if absent or hidden)."""
        section = self._section(key)
        if section is None or section.has_class("-empty"):
            return ""
        return section.plain

    def show_passage(self, article: Article, passage_index: int, others: Sequence[Article]) -> None:
        """Fill the built-in sections for `article`, the cursor on a passage, `others` its story's other articles."""
        passage = next((p for p in article.passages if p.index == passage_index), None)
        if passage is not None:
            self.set_section("passage", "Passage", f"{passage.kind} {passage.index + 1} of {len(article.passages)}"
                             f" (index {passage.index}, {passage.words} words)")
        self.set_section("article", "Article", _metadata(article))
        self.set_section("others", f"Other articles in this story ({len(others)})", _others(others))

    def show_problems(self, problems: Sequence[LoadProblem]) -> None:
        if problems:
            self.set_section("problems", f"Load problems ({len(problems)})",
                             "\n".join(f"• {problem}" for problem in problems))
        else:
            self.remove_section("problems")

    def _section(self, key: str) -> NoteSection | None:
        results = self.query(f"#notes-{key}")
        return results.first(NoteSection) if results else None


def _metadata(article: Article) -> Text:
    fields = (
        ("Outlet", article.outlet),
        ("Author", article.author or "unknown"),
        ("Published", article.published or "unknown"),
        ("Words", str(article.words)),
        ("URL", article.url or "—"),
        ("File", str(article.path)),
    )
    text = Text()
    for number, (label, value) in enumerate(fields):
        text.append(("\n" if number else "") + f"{label}: ", style="bold")
        text.append(safe(value))
    return text


def _others(articles: Sequence[Article], limit: int = 20) -> Text:
    text = Text()
    for number, article in enumerate(articles[:limit]):
        text.append(("\n" if number else "") + "• ")
        text.append(safe(article.outlet), style="bold")
        text.append(" — " + safe(article.title or article.id))
    if len(articles) > limit:
        text.append(f"\n… and {len(articles) - limit} more", style="italic")
    return text or Text("none", style="italic")
