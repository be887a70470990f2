#!/usr/bin/env python3
"""Score the product's entity mentions against a gold annotation (rules in tests/entity_scoring.py).

    python bench/score_entities.py tests/fixtures/gold/seeds.json tests/fixtures/seeds [--engine spacy]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from entity_scoring import SCORED_PRECISION, TYPES, score


def summary_line(totals: dict) -> str:
    def fmt(x):
        return "n/a" if x is None else f"{x:.2f}"

    parts = [f"{t} R={fmt(totals[t]['recall'])}" + (f" P={fmt(totals[t]['precision'])}"
                                                    if t in SCORED_PRECISION else "") for t in TYPES]
    return "entities: " + " | ".join(parts)


def predict(paths: list[str], engine: str = "rules") -> list[dict]:
    """Run the product on the articles at `paths`; mentions as JSON rows."""
    from pathlib import Path

    from caravan_tui.analysis.entities import analyse_entities
    from caravan_tui.corpus.loader import load_corpus

    corpus = load_corpus([Path(p) for p in paths])
    return [m.to_json() for m in analyse_entities(corpus.articles, engine=engine).mentions]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold")
    parser.add_argument("paths", nargs="+", help="article files/folders, or one .jsonl of mentions")
    parser.add_argument("--engine", default="rules")
    parser.add_argument("--strict-figures", action="store_true", help="no lenient figure matching")
    args = parser.parse_args(argv)
    with open(args.gold, encoding="utf-8") as handle:
        gold = json.load(handle)
    if len(args.paths) == 1 and args.paths[0].endswith(".jsonl"):
        with open(args.paths[0], encoding="utf-8") as handle:
            mentions = [json.loads(line) for line in handle if line.strip()]
    else:
        mentions = predict(args.paths, args.engine)
    totals = score(gold, mentions, lenient_figures=not args.strict_figures)
    for t in TYPES:
        for article, text in totals[t]["misses"]:
            print(f"miss   {t:7} {article}  {text!r}")
        for article, text in totals[t]["errors"]:
            print(f"error  {t:7} {article}  {text!r}")
    print(summary_line(totals))
    return 0


if __name__ == "__main__":
    sys.exit(main())
