"""`caravan-tui export`: a report of every story (overview and notes) as Markdown or one JSON document.

    caravan-tui export articles/ --format markdown -o report.md
    caravan-tui export --format json | jq '.stories[0].overview.terms'

`build_report(analysis, articles, reader_notes=())` gives the document;
`render_markdown(report)` the readable form. Reader notes (from storage) are
passed as dicts with at least ``article``, ``passage`` and ``text`` and are
listed under their story. ``-o FILE`` replaces FILE atomically (a temporary
file in the same folder, then a rename); an unwritable path exits with 2.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from caravan_tui import __version__
from caravan_tui.commands.common import add_paths_argument, load, report_problem
from caravan_tui.files import write_atomically
from caravan_tui.safe_text import json_dumps, safe

HELP = "write a report of every story (coverage, terms, voices, figures, notes) as Markdown or JSON"
FORMATS = ("markdown", "json")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_paths_argument(parser)
    parser.add_argument("--format", choices=FORMATS, default="markdown", help="markdown (default) or json")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE (replaced) instead of stdout")
    parser.add_argument("--no-cache", action="store_true", help="analyse again, ignoring the cache")


# --- the report document ---------------------------------------------------------------------------


def build_report(analysis, articles: Sequence, reader_notes: Iterable[dict] = ()) -> dict:
    """One JSON-ready document: per story, its overview, its cross-article notes and the reader's notes."""
    from caravan_tui.analysis.findings import findings_index
    from caravan_tui.analysis.overview import story_overview
    from caravan_tui.analysis.stories import members_by_story

    index = findings_index(analysis, articles)

    def by_story(items, article_of) -> dict[str, list]:
        grouped: dict[str, list] = defaultdict(list)
        for item in items:
            article = article_of(item)
            grouped[analysis.story_of.get(article, article)].append(item)
        return grouped

    # Each list is split by story once, not scanned again for every story.
    notes = by_story((n for n in index.all() if n.refs), lambda n: n.refs[0].article)
    readers = by_story(reader_notes, lambda n: n.get("article"))
    figures = by_story(index.figures, lambda f: f.article)
    quotes = by_story(index.quotes, lambda q: q.article)
    stories = []
    for story, members in members_by_story(articles, analysis.story_of).items():
        overview = story_overview(analysis, members, story, figures=figures[story], quotes=quotes[story])
        stories.append({
            "story": story,
            "overview": overview.to_dict(),
            "notes": [n.to_dict() for n in notes[story]],
            "reader_notes": [dict(n) for n in readers[story]],
        })
    return {"generator": f"caravan-tui {__version__}", "articles": len(articles), "stories": stories}


# --- Markdown --------------------------------------------------------------------------------------


def _cell(value) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _table(header: Sequence[str], rows: Iterable[Sequence]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines + [""]


def _outlets(overview: dict) -> dict[str, str]:
    return {a["article"]: a["outlet"] for a in overview["articles"]}


def _coverage_md(overview: dict) -> list[str]:
    rows = [(c["outlet"], c["passages"], c["shared"], c["exclusive"],
             ", ".join(f"{k} {v}" for k, v in c["exclusive_by_position"].items()))
            for c in overview["coverage"]]
    return ["### Coverage", ""] + _table(("outlet", "passages", "shared", "exclusive", "exclusive by position"), rows)


def _terms_md(overview: dict) -> list[str]:
    outlets = _outlets(overview)
    if not overview["terms"]:
        return ["### Terms for the people of the story", "", "No swapped terms found.", ""]
    rows = [[t["term"]] + [t["counts"].get(a, 0) for a in outlets] for t in overview["terms"]]
    return ["### Terms for the people of the story", ""] + _table(["term", *outlets.values()], rows)


def _voices_md(overview: dict) -> list[str]:
    outlets = _outlets(overview)
    lines = ["### Who is quoted", ""]
    for article, speakers in overview["voices"].items():
        names = ", ".join(f"{s['speaker']} ({s['quotes']})" for s in speakers) or "nobody named"
        lines.append(f"- **{outlets.get(article, article)}**: {names}")
    return lines + [""]


def _verdict(row: dict) -> str:
    """'agree', 'differ ×1.33' or 'only one'."""
    verdict = row.get("verdict") or row.get("status", "")
    return f"{verdict} \u00d7{row['ratio']:g}" if verdict == "differ" and row.get("ratio") else verdict


def _figures_md(overview: dict) -> list[str]:
    outlets = _outlets(overview)
    rows = [[f.get("quantity") or f["counts"] or "", _verdict(f)]
            + ["; ".join(f["articles"].get(a, [])) or "\u2014" for a in outlets]
            for f in overview["figures"]]
    return ["### Figures, one row per quantity", ""] + _table(["quantity", "outlets", *outlets.values()], rows)


def _speakers_md(overview: dict) -> list[str]:
    if not overview.get("speakers"):
        return []
    lines = ["### Speakers across outlets", ""]
    for row in overview["speakers"]:
        outlets = ", ".join(f"{name} {count}" for name, count in row.get("outlets", {}).items())
        credited = row.get("credited_elsewhere_to") or []
        also = f"; credited elsewhere to {', '.join(credited)}" if credited else ""
        count = row.get("quotes", 0)
        lines.append(f"- **{row['speaker']}** ({count} quote{'' if count == 1 else 's'}: {outlets}){also}")
    return lines + [""]


def _where(passage) -> str:
    return "orphaned" if passage is None else f"\u00b6{passage + 1}"


def _notes_md(story: dict) -> list[str]:
    lines = ["### Notes", ""]
    for note in story["notes"]:
        where = ", ".join(f"{r['article']} \u00b6{r['passage'] + 1}" for r in note["refs"][:3])
        lines.append(f"- *{note['kind']}* ({where}): {note['text']}")
    if story["reader_notes"]:
        lines += ["", "### Reader's notes", ""]
        lines += [f"- ({n.get('article')} {_where(n.get('passage'))}): {n.get('text', '')}"
                  for n in story["reader_notes"]]
    return lines + [""]


def render_markdown(report: dict) -> str:
    """The report as Markdown a person can read."""
    lines = ["# caravan-tui report", "", f"{report['articles']} articles, {len(report['stories'])} stories.", ""]
    for story in report["stories"]:
        overview = story["overview"]
        title = overview["articles"][0]["title"] if overview["articles"] else story["story"]
        lines += [f"## {title}", "", f"Story `{story['story']}`: "
                  + ", ".join(f"{a['outlet']} (`{a['article']}`)" for a in overview["articles"]), ""]
        lines += _coverage_md(overview) + _terms_md(overview) + _voices_md(overview) + _speakers_md(overview)
        lines += _figures_md(overview)
        lines += _notes_md(story)
    return "\n".join(lines).rstrip() + "\n"


def render(report: dict, fmt: str) -> str:
    """The report as text, safe to print: JSON with control characters escaped, Markdown with them made visible."""
    if fmt == "json":
        return json_dumps(report, indent=2) + "\n"
    return safe(render_markdown(report), keep_newlines=True)


# --- writing ---------------------------------------------------------------------------------------


def run(args: argparse.Namespace, reader_notes: Iterable[dict] | None = None) -> int:
    """Write the report; the reader's notes come from the notes store unless given."""
    from caravan_tui.commands.notes import analyse
    from caravan_tui.commands.notes import reader_notes as stored_reader_notes

    corpus = load(args)
    analysis = analyse(corpus, use_cache=not args.no_cache)
    if reader_notes is None:
        reader_notes = stored_reader_notes(corpus.articles)
    text = render(build_report(analysis, corpus.articles, reader_notes=reader_notes), args.format)
    if args.output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        try:
            write_atomically(args.output, text)
        except OSError as error:
            report_problem(f"cannot write {args.output}: {error.strerror or error}")
            return 2
    return 1 if corpus.failed and not corpus.articles else 0
