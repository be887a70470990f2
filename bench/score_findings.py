#!/usr/bin/env python3
"""Score quotes, speakers, figure conflicts and difference classes against a hand annotation (issue #14).

    .venv/bin/python bench/score_findings.py [tests/fixtures/findings/reference.json] [--verbose]

The reference (see its "about") has sets of articles, each loaded from a
folder as ONE story. For each set the product runs as the reader runs it
(`analyse_corpus`, `story_quotes`, `story_figures`, the alignment's
differences) and is scored:

* quotes — a product quote matches a reference quote of the same article when
  their folded words overlap: at least 60% of the reference words are in the
  product quote and at least 50% of the product quote's words are in the
  reference (one to one, best overlap first). Recall = matched reference
  quotes / reference quotes; precision = matched product quotes / product
  quotes.
* speakers — a matched quote's speaker is right when the product's canonical
  speaker folds to one of the reference speaker's aliases AND is the name the
  product uses most for that reference speaker across the set (so "Villagran"
  beside "Luis Garcia Villagran" counts as a split, and wrong).
* conflicts — for each reference quantity with conflicting values, every pair
  of different values (a range is one value; a value inside a range agrees with it) is a conflict to find: found
  when the product marks a figure with one value in an article that carries it
  as conflicting with a figure of the other value in an article that carries
  that one. A product conflict is false when no reference quantity holds both
  values (in those articles) as different values.
* difference classes — a reference difference is right when the aligned pair
  exists and every product difference overlapping its text on either side
  has the reference class (none overlapping = wrong).

Prints one line per figure, and with --verbose every miss.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from caravan_tui.analysis.figures import story_figures  # noqa: E402
from caravan_tui.analysis.pipeline import analyse_corpus  # noqa: E402
from caravan_tui.analysis.quotes import story_quotes  # noqa: E402
from caravan_tui.analysis.text import fold, fold_words  # noqa: E402
from caravan_tui.corpus.loader import load_corpus  # noqa: E402

MIN_GOLD_COVER = 0.6
MIN_PRED_COVER = 0.5
RELATIVE_TOLERANCE = 0.01


# --- quotes -----------------------------------------------------------------------------------------


def _overlap(gold: str, predicted: str) -> tuple[float, float]:
    g, p = Counter(fold_words(gold)), Counter(fold_words(predicted))
    common = sum((g & p).values())
    return common / max(1, sum(g.values())), common / max(1, sum(p.values()))


def match_quotes(gold: list[dict], predicted: list) -> list[tuple[dict, object]]:
    """One-to-one matches of reference quotes and product quotes of the same article."""
    candidates = []
    for i, g in enumerate(gold):
        for j, p in enumerate(predicted):
            if p.article != g["article"]:
                continue
            cover_gold, cover_pred = _overlap(g["text"], p.text)
            if cover_gold >= MIN_GOLD_COVER and cover_pred >= MIN_PRED_COVER:
                candidates.append((cover_gold + cover_pred, i, j))
    used_g, used_p, pairs = set(), set(), []
    for _, i, j in sorted(candidates, reverse=True):
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((gold[i], predicted[j]))
    return pairs


def _speaker_key(name: str | None) -> str:
    return " ".join(fold(name or "").replace("\u2019", "'").split())


def score_quotes(gold: list[dict], predicted: list, speakers: dict[str, list[str]], misses: list[str]) -> dict:
    pairs = match_quotes(gold, predicted)
    names_for: dict[str, Counter] = defaultdict(Counter)
    for g, p in pairs:
        names_for[g["speaker"]][_speaker_key(p.speaker)] += 1
    right = 0
    for g, p in pairs:
        aliases = {_speaker_key(a) for a in speakers[g["speaker"]]} | {_speaker_key(g["speaker"])}
        usual = names_for[g["speaker"]].most_common(1)[0][0]
        if _speaker_key(p.speaker) in aliases and _speaker_key(p.speaker) == usual:
            right += 1
        else:
            misses.append(f"speaker {g['article']}: {g['text'][:50]!r} -> {p.speaker!r} (want {g['speaker']!r})")
    matched_gold = {id(g) for g, _ in pairs}
    matched_pred = {id(p) for _, p in pairs}
    misses += [f"quote missed {g['article']}: {g['text'][:60]!r}" for g in gold if id(g) not in matched_gold]
    misses += [f"quote extra {p.article}: {p.text[:60]!r} ({p.speaker})"
               for p in predicted if id(p) not in matched_pred]
    return {"gold": len(gold), "predicted": len(predicted), "matched": len(pairs), "speaker_right": right}


# --- figures ----------------------------------------------------------------------------------------


def _same_value(x: float, y: float) -> bool:
    return abs(x - y) <= RELATIVE_TOLERANCE * max(abs(x), abs(y), 1e-9)


def _value_key(value) -> tuple[float, float]:
    return (float(value[0]), float(value[1])) if isinstance(value, list) else (float(value), float(value))


def _figure_key(figure) -> tuple[float, float] | None:
    low = getattr(figure, "low", None)
    high = getattr(figure, "high", None)
    if low is not None and high is not None:
        return (float(low), float(high))
    return None if figure.value is None else (float(figure.value), float(figure.value))


def _keys_equal(x: tuple[float, float], y: tuple[float, float]) -> bool:
    return _same_value(x[0], y[0]) and _same_value(x[1], y[1])


def _gold_conflicts(quantities: list[dict]) -> list[tuple[int, tuple, tuple]]:
    """(quantity index, value a, value b) for every pair of different values of a quantity."""
    found = []
    for index, quantity in enumerate(quantities):
        values = []
        for value in quantity["values"].values():
            key = _value_key(value)
            if not any(_keys_equal(key, v) for v in values):
                values.append(key)
        found += [(index, a, b) for n, a in enumerate(values) for b in values[n + 1:] if not _overlap_values(a, b)]
    return found


def _overlap_values(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """A range and a value inside it (or two overlapping ranges) agree: no conflict to find."""
    ranged = a[0] != a[1] or b[0] != b[1]
    return ranged and a[0] <= b[1] and b[0] <= a[1]


def _carriers(quantity: dict, key: tuple) -> set[str]:
    return {a for a, v in quantity["values"].items() if _keys_equal(_value_key(v), key)}


def score_figures(quantities: list[dict], figures: list, misses: list[str]) -> dict:
    at = {(f.article, f.passage, f.text): f for f in figures}
    predicted = set()
    for figure in figures:
        for article, passage, text in figure.conflicts_with:
            other = at.get((article, passage, text))
            mine, theirs = _figure_key(figure), _figure_key(other) if other else None
            if mine and theirs:
                predicted.add(tuple(sorted([(figure.article, mine), (article, theirs)])))
    gold = _gold_conflicts(quantities)
    found = 0
    for index, a, b in gold:
        quantity = quantities[index]
        hit = any(_conflict_links(p, _carriers(quantity, a), a, _carriers(quantity, b), b) for p in predicted)
        found += hit
        if not hit:
            misses.append(f"conflict missed: {quantity['quantity']}: {a} vs {b}")
    false = [p for p in predicted if not any(_conflict_links(p, _carriers(q, a), a, _carriers(q, b), b)
                                            for index, a, b in gold for q in [quantities[index]])]
    misses += [f"false conflict: {p}" for p in sorted(false)]
    return {"gold_conflicts": len(gold), "found": found, "predicted_conflicts": len(predicted), "false": len(false)}


def _conflict_links(pair, arts_a: set[str], a: tuple, arts_b: set[str], b: tuple) -> bool:
    (art1, v1), (art2, v2) = pair
    forward = art1 in arts_a and _keys_equal(v1, a) and art2 in arts_b and _keys_equal(v2, b)
    backward = art1 in arts_b and _keys_equal(v1, b) and art2 in arts_a and _keys_equal(v2, a)
    return forward or backward


# --- differences ------------------------------------------------------------------------------------


def _passage_starting(article, opening: str) -> int | None:
    want = fold(opening)
    for passage in article.passages:
        if fold(passage.text).lstrip(" *_\"'").startswith(want.lstrip(" \"'")):
            return passage.index
    return None


def _find(text: str, piece: str, near: int = 0) -> tuple[int, int] | None:
    if not piece:
        return None
    found = [m.start() for m in re.finditer(re.escape(piece), text)]
    if not found:
        return None
    start = min(found, key=lambda s: abs(s - near))
    return start, start + len(piece)


def _overlaps(span: tuple[int, int] | None, start: int, end: int, point: int | None = None) -> bool:
    if span is None:
        return False
    if start == end:   # an insertion point on this side
        return span[0] <= start <= span[1]
    return start < span[1] and span[0] < end


def _oriented(pair, a_article: str):
    """The pair's differences as (a_start, a_end, b_start, b_end, cls) with a = the reference's a side."""
    if pair.a.article == a_article:
        return [(d.a_start, d.a_end, d.b_start, d.b_end, d.cls) for d in pair.differences]
    return [(d.b_start, d.b_end, d.a_start, d.a_end, d.cls) for d in pair.differences]


def score_differences(gold: list[dict], articles: dict, alignment, misses: list[str]) -> dict:
    right = 0
    for g in gold:
        a_article, b_article = articles[g["a_article"]], articles[g["b_article"]]
        a_index = _passage_starting(a_article, g["pair"])
        pair = next((p for ref, p in alignment.counterparts(a_article.id, a_index) if ref.article == b_article.id),
                    None) if a_index is not None else None
        if pair is None:
            misses.append(f"difference: no aligned pair for {g['pair']!r} ({g['a_article']} / {g['b_article']})")
            continue
        a_text = a_article.passages[a_index].text
        b_index = pair.other(pair.a if pair.a.article == a_article.id else pair.b).passage
        b_text = next(p.text for p in b_article.passages if p.index == b_index)
        a_span, b_span = _find(a_text, g["a"]), _find(b_text, g["b"])
        hits = [d for d in _oriented(pair, a_article.id)
                if _overlaps(a_span, d[0], d[1]) or _overlaps(b_span, d[2], d[3])]
        if hits and all(d[4] == g["class"] for d in hits):
            right += 1
        else:
            found = [(a_text[d[0]:d[1]], b_text[d[2]:d[3]], d[4]) for d in hits]
            misses.append(f"difference {g['a']!r} -> {g['b']!r} want {g['class']}, got {found}")
    return {"gold": len(gold), "right": right}


def _seed_differences(gold_path: Path) -> list[dict]:
    data = json.loads(gold_path.read_text(encoding="utf-8"))
    first, second = list(data["articles"])
    return [{"a_article": first, "b_article": second, **d} for d in data["differences"]]


# --- running ----------------------------------------------------------------------------------------


def run_set(name: str, spec: dict, speakers: dict, misses: list[str]) -> dict:
    corpus = load_corpus([ROOT / spec["folder"]])
    articles = sorted(corpus.articles, key=lambda a: a.id)
    story_of = {a.id: name for a in articles}
    analysis = analyse_corpus(articles, story_of)
    quotes = story_quotes(analysis, articles)
    figures = story_figures(analysis, articles)
    diffs = spec.get("differences") or _seed_differences(ROOT / spec["differences_from"])
    return {"quotes": score_quotes(spec["quotes"], quotes, speakers, misses),
            "figures": score_figures(spec["figures"], figures, misses),
            "differences": score_differences(diffs, {a.id: a for a in articles}, analysis.alignment, misses)}


def _ratio(x: int, y: int) -> float:
    return x / y if y else 1.0


def summary(results: dict[str, dict]) -> dict[str, float]:
    total: dict[str, Counter] = defaultdict(Counter)
    for result in results.values():
        for part, counts in result.items():
            total[part].update(counts)
    q, f, d = total["quotes"], total["figures"], total["differences"]
    return {"quote_recall": _ratio(q["matched"], q["gold"]), "quote_precision": _ratio(q["matched"], q["predicted"]),
            "speaker_accuracy": _ratio(q["speaker_right"], q["matched"]),
            "conflict_recall": _ratio(f["found"], f["gold_conflicts"]), "false_conflicts": f["false"],
            "difference_class_accuracy": _ratio(d["right"], d["gold"])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reference", nargs="?", default=str(ROOT / "tests/fixtures/findings/reference.json"))
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    reference = json.loads(Path(args.reference).read_text(encoding="utf-8"))
    results, misses = {}, []
    for name, spec in reference["sets"].items():
        results[name] = run_set(name, spec, reference["speakers"], misses)
        print(name, json.dumps(results[name]))
    for key, value in summary(results).items():
        print(f"{key:28} {value:.3f}" if isinstance(value, float) else f"{key:28} {value}")
    if args.verbose:
        print("\n".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
