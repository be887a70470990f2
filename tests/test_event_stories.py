"""Issue 13: stories of real coverage on a small corpus written for it (tests/fixtures/stories).

Two floods of the same kind a week apart, in Slovenia and in Bangladesh; each is covered by a wire
text, a rewrite of it and two independent write-ups. The grouping, the families, the same-fact pairs
and the reader's corrections are checked on it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from caravan_tui.analysis.align import EDITED_COPY, SAME_FACT, align_story
from caravan_tui.analysis.families import describe_families, families
from caravan_tui.analysis.stories import members_by_story, story_of_each
from caravan_tui.cli import main
from caravan_tui.corpus.loader import load_corpus
from caravan_tui.storage.cache import AnalysisCache
from caravan_tui.storage.corrections import CorrectionsStore

STORIES = Path(__file__).parent / "fixtures" / "stories"
SLOVENIA = {"flood-a-wire", "flood-a-rewrite", "flood-a-own-1", "flood-a-own-2"}
BANGLADESH = {"flood-b-wire", "flood-b-rewrite", "flood-b-own-1", "flood-b-own-2"}


@pytest.fixture(scope="module")
def articles():
    return load_corpus([STORIES]).articles


def _groups(story_of: dict[str, str]) -> set[frozenset[str]]:
    found: dict[str, set[str]] = {}
    for article, story in story_of.items():
        found.setdefault(story, set()).add(article)
    return {frozenset(members) for members in found.values()}


def test_two_floods_a_week_apart_are_two_stories(articles, tmp_path):
    assert _groups(story_of_each(articles)) == {frozenset(SLOVENIA), frozenset(BANGLADESH)}
    with AnalysisCache(tmp_path / "cache.sqlite3") as cache:
        assert _groups(story_of_each(articles, cache=cache)) == {frozenset(SLOVENIA), frozenset(BANGLADESH)}


def test_families_separate_the_wire_and_its_rewrite_from_independent_write_ups(articles):
    story_of = story_of_each(articles)
    by_story = members_by_story(articles, story_of)
    outlet_of = {a.id: a.outlet for a in articles}
    summaries = set()
    for members in by_story.values():
        found = families(members)
        copies = [set(f.article_ids) for f in found if not f.independent]
        assert len(copies) == 1 and len(found) == 3
        summaries.add(describe_families(found, outlet_of))
    assert summaries == {
        "from one Reuters text: Daily Courier, Reuters · written independently: Alpine Observer, Continental Radio",
        "from one AP text: Evening Standard Online, Associated Press · "
        "written independently: South Asia Review, Gulf Morning News",
    }


def _pairs(articles, ids):
    story = sorted((a for a in articles if a.id in ids), key=lambda a: a.id)
    return align_story(story).pairs


def test_same_fact_pairs_link_independent_passages_and_show_differing_figures(articles):
    pairs = _pairs(articles, SLOVENIA) + _pairs(articles, BANGLADESH)
    facts = {(p.a.article, p.a.passage, p.b.article, p.b.passage): p for p in pairs if p.relation == SAME_FACT}
    expected = {
        ("flood-a-own-1", 1, "flood-a-wire", 0),    # 12 dead, 4,300 from their homes
        ("flood-a-own-1", 2, "flood-a-wire", 2),    # the same quote of the civil protection chief
        ("flood-a-own-2", 1, "flood-a-wire", 0),    # 4,000 against 4,300 forced from their homes
        ("flood-a-own-2", 2, "flood-a-wire", 3),    # 210 millimetres in 48 hours
        ("flood-b-own-1", 1, "flood-b-wire", 0),    # 40 dead, 1.2 million stranded
        ("flood-b-own-1", 2, "flood-b-wire", 1),    # the minister, the army's boats, Sunamganj
        ("flood-b-own-2", 0, "flood-b-wire", 0),    # 45 against 40 killed
        ("flood-b-own-2", 1, "flood-b-wire", 2),    # the shopkeeper's quote
    }
    with_wire = {key for key in facts if key[2].endswith("-wire")}
    assert with_wire == expected
    assert facts[("flood-a-own-2", 1, "flood-a-wire", 0)].figures == [("4,000", "4,300")]
    assert facts[("flood-b-own-2", 0, "flood-b-wire", 0)].figures == [("45", "40")]
    assert not any(p.a.article[:7] != p.b.article[:7] for p in pairs)
    copies = {(p.a.article, p.b.article) for p in pairs if p.relation == EDITED_COPY}
    assert copies == {("flood-a-rewrite", "flood-a-wire"), ("flood-b-rewrite", "flood-b-wire")}


def test_align_json_marks_the_relation_and_puts_figures_side_by_side(capsys):
    assert main(["align", str(STORIES), "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {row["relation"] for row in rows} == {EDITED_COPY, SAME_FACT}
    figure_rows = [row for row in rows if any(d["class"] == "figure" for d in row["differences"])]
    assert {(d["a"], d["b"]) for row in figure_rows for d in row["differences"] if d["class"] == "figure"} == \
        {("4,000", "4,300"), ("45", "40")}


def _list(path: Path, capsys) -> dict[str, dict]:
    assert main(["list", str(path), "--json"]) == 0
    return {row["article"]: row for row in map(json.loads, capsys.readouterr().out.splitlines())}


def test_list_json_has_story_and_family(capsys):
    rows = _list(STORIES, capsys)
    assert rows["flood-a-rewrite"]["family"] == rows["flood-a-wire"]["family"]
    assert rows["flood-a-own-1"]["family"] == "flood-a-own-1"
    assert rows["flood-a-own-1"]["story"] == rows["flood-a-wire"]["story"] != rows["flood-b-wire"]["story"]


def test_move_split_merge_survive_a_restart_and_index(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    shutil.copytree(STORIES, corpus)
    rows = _list(corpus, capsys)
    slovenia, bangladesh = rows["flood-a-wire"]["story"], rows["flood-b-wire"]["story"]

    assert main(["story", "move", "flood-b-own-2", slovenia]) == 0
    assert main(["story", "split", slovenia, "flood-a-own-1", "flood-a-own-2", "--to", "own-words", "-p",
                 str(corpus)]) == 0
    assert main(["index", str(corpus)]) == 0
    capsys.readouterr()
    rows = _list(corpus, capsys)
    assert rows["flood-b-own-2"]["story"] == slovenia
    assert {a for a, row in rows.items() if row["story"] == "own-words"} == {"flood-a-own-1", "flood-a-own-2"}

    assert main(["story", "merge", bangladesh, "own-words", "-p", str(corpus)]) == 0
    assert main(["story", "outlet", "flood-b-own-1", "Sylhet Daily"]) == 0
    (corpus / "flood-a-own-1.md").write_text((corpus / "flood-a-own-1.md").read_text() + "\nOne more line.\n")
    assert main(["index", str(corpus)]) == 0
    capsys.readouterr()
    rows = _list(corpus, capsys)
    assert {a for a, row in rows.items() if row["story"] == bangladesh} == BANGLADESH - {"flood-b-own-2"} | {
        "flood-a-own-1", "flood-a-own-2"}
    assert rows["flood-b-own-1"]["source"] == "Sylhet Daily"
    with CorrectionsStore() as store:  # a fresh process would see the same
        assert store.state().moves["flood-a-own-1"] == bangladesh
        assert len(store.log()) == 9  # 1 move, 2 for the split, 5 for the merge, 1 outlet: nothing overwritten


def test_front_matter_story_wins_over_a_correction(articles):
    labelled = [a if a.id != "flood-a-own-1" else a.__class__(**{**a.__dict__, "story": "by-hand"})
                for a in articles]
    story_of = story_of_each(labelled, corrections={"flood-a-own-1": "moved", "flood-a-own-2": "moved"})
    assert story_of["flood-a-own-1"] == "by-hand"
    assert story_of["flood-a-own-2"] == "moved"


def test_a_damaged_corrections_file_is_moved_aside_with_a_clear_notice(tmp_path):
    path = tmp_path / "corrections.sqlite3"
    with CorrectionsStore(path) as store:
        store.move("a", "story-1")
        store.name("story-1", "Floods")
    damaged = b"this is not a database" * 200
    path.write_bytes(damaged)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with CorrectionsStore(path) as store:
        assert store.recovery_warning and "damaged" in store.recovery_warning
        kept = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name and not p.name.endswith(("-wal", "-shm"))]
        assert len(kept) == 1 and kept[0].read_bytes() == damaged
        assert str(kept[0]) in store.recovery_warning
        store.move("b", "story-2")
        assert store.state().moves == {"b": "story-2"}


def test_corrections_are_salvaged_from_a_file_that_sqlite_can_still_read_in_part(tmp_path):
    path = tmp_path / "corrections.sqlite3"
    with CorrectionsStore(path) as store:
        store.move_all({f"article-{i}": "story" for i in range(50)})
    data = bytearray(path.read_bytes())
    data[100:108] = b"\xff" * 8  # damage the header past the magic string: quick_check or open fails
    path.write_bytes(bytes(data))
    with CorrectionsStore(path) as store:
        if store.recovery_warning is None:  # SQLite shrugged the damage off: nothing may be lost either way
            assert len(store.state().moves) == 50
        else:
            assert "could be read" in store.recovery_warning


def test_an_added_article_joins_its_story_without_regrouping(articles, tmp_path, monkeypatch):
    from caravan_tui.analysis import stories as stories_module

    without = [a for a in articles if a.id != "flood-b-own-1"]
    with AnalysisCache(tmp_path / "cache.sqlite3") as cache:
        first = story_of_each(without, cache=cache)
        monkeypatch.setattr(stories_module, "_group", lambda found: pytest.fail("regrouped the corpus"))
        second = story_of_each(articles, cache=cache)
    assert {k: second[k] for k in first} == first
    assert second["flood-b-own-1"] == second["flood-b-wire"]


def test_the_stories_cache_kind_follows_the_event_algorithm_version():
    from caravan_tui.analysis import events, stories

    assert stories.EVENTS_VERSION == events.ALGORITHM_VERSION


def test_odd_articles_neither_crash_nor_hang_the_grouping_or_the_same_fact_pairs():
    import time

    from caravan_tui.corpus.model import Article, Passage

    def odd(article_id: str, title: str, texts: list[str]) -> Article:
        return Article(id=article_id, path=Path(f"{article_id}.md"), title=title, source="",
                       passages=tuple(Passage(i, "paragraph", t) for i, t in enumerate(texts)))

    same = "The mayor said 4,300 people left Kranj on Monday, 31 February 2024."
    articles = [odd("empty", "", []), odd("controls", "\x1b[31m\x00", ["\x1b]52;c;AAAA\x07 \u202e 0:00"]),
                odd("numbers", "1 2 3", ["9" * 5000 + " 1e999 2024-13-45 December 99, 2024"])]
    articles += [odd(f"crowd-{i}", f"Crowd {i}", [same] * 40) for i in range(60)]
    started = time.perf_counter()
    story_of = story_of_each(articles)
    assert set(story_of) == {a.id for a in articles}
    assert len({story_of[a.id] for a in articles if a.id.startswith("crowd-")}) == 1
    from caravan_tui.analysis.same_fact import same_fact_pairs

    crowd = [a for a in articles if a.id.startswith("crowd-")]
    same_fact_pairs(crowd, {a.id: a.id for a in crowd})  # every passage like every other: capped, not quadratic
    same_fact_pairs(articles[:3], {a.id: a.id for a in articles[:3]})
    assert time.perf_counter() - started < 30


def test_the_reader_labels_same_fact_pairs_apart_from_edited_copies():
    from caravan_tui.analysis.findings import Counterpart, all_findings
    from caravan_tui.analysis.pipeline import analyse_corpus
    from caravan_tui.analysis.stories import story_of_each
    from caravan_tui.corpus.loader import load_corpus
    from caravan_tui.ui.analysis_view import counterparts_text
    from caravan_tui.ui.screens.compare import differences_text
    from fixture_paths import FIXTURES

    corpus = load_corpus([FIXTURES / "stories"])
    analysis = analyse_corpus(corpus.articles, story_of_each(corpus.articles))
    found = [f for f in all_findings(analysis, corpus.articles)
             if isinstance(f.details, Counterpart) and f.details.carried]
    relations = {f.details.relation for f in found}
    assert relations == {"edited copy", "same fact"}
    same_fact = next(f for f in found if f.details.relation == "same fact")
    assert "same fact, own words" in counterparts_text([same_fact]).plain
    edited = next(f for f in found if f.details.relation == "edited copy")
    assert "same text, edited" in counterparts_text([edited]).plain
    pair = next(p for p in analysis.alignment.pairs if p.figures)
    assert "figure: " in differences_text(pair.a, pair, show_style=False).plain
