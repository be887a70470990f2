#!/usr/bin/env python3
"""Words per second of each entity engine on a repeated corpus, and the gazetteer load time.

    .venv/bin/python bench/entities_speed.py [--words 200000]

The corpus is the test samples' passages repeated (with a counter in each
copy so no two passages are identical) up to the requested word count. The
rules engine is always measured; spaCy only when it is importable.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "seeds"


def passages(words: int) -> list[str]:
    from caravan_tui.corpus.loader import load_corpus

    base = [p.text for a in load_corpus([SEEDS]).articles for p in a.passages]
    out, count, copy = [], 0, 0
    while count < words:
        for text in base:
            out.append(f"{text} (copy {copy})")
            count += len(text.split())
        copy += 1
    return out


def gazetteer_load_seconds() -> float:
    from caravan_tui.analysis.entities.lexicons import lexicons

    lexicons.cache_clear()
    start = time.perf_counter()
    lexicons()
    return time.perf_counter() - start


def words_per_second(engine, texts: list[str]) -> float:
    words = sum(len(t.split()) for t in texts)
    batch = getattr(engine, "recognise_many", None)
    engine.recognise(texts[0])  # warm up (the spaCy model loads here)
    start = time.perf_counter()
    if batch:
        batch(texts)
    else:
        for text in texts:
            engine.recognise(text)
    return words / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000)
    args = parser.parse_args()
    print(f"gazetteer load: {gazetteer_load_seconds() * 1000:.0f} ms")
    from caravan_tui.analysis.entities import get_engine

    texts = passages(args.words)
    print(f"corpus: {len(texts)} passages, {sum(len(t.split()) for t in texts):,} words")
    rules = get_engine("rules")
    print(f"rules: {words_per_second(rules, texts):,.0f} words/s")
    try:
        spacy_engine = get_engine("spacy")
    except ImportError as error:
        print(f"spacy: not installed ({error})")
        return 0
    few = texts[: max(1, len(texts) // 10)]
    print(f"spacy: {words_per_second(spacy_engine, few):,.0f} words/s (on a tenth of the corpus)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
