"""Write a generated corpus (see tests/corpus_generator.py) as Markdown files.

    python bench/generate_corpus.py OUT_DIR [--articles N] [--seed S]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from corpus_generator import generate, write_markdown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    articles, _ = generate(args.articles, args.seed)
    write_markdown(articles, args.out)
    print(f"wrote {len(articles)} articles to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
