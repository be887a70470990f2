#!/usr/bin/env python3
"""Time quotes, figures and differences on run-on and adversarial passages (issue #14: no input may hang).

    .venv/bin/python bench/findings_speed.py

Each case is one passage of about 30,000-60,000 characters: thousands of reporting verbs, quotes, figures or
capitalised words in one sentence, an unclosed quote. Prints seconds per analysis; every figure should stay
around a second or below (the rules read a bounded window around each verb and figure).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from caravan_tui.analysis.differences import differences  # noqa: E402
from caravan_tui.analysis.figures import story_figures  # noqa: E402
from caravan_tui.analysis.pipeline import analyse_corpus  # noqa: E402
from caravan_tui.analysis.quotes import story_quotes  # noqa: E402
from caravan_tui.corpus.model import Article, Passage  # noqa: E402

CASES = {
    "3,000 'officials said' in one sentence": "officials said " * 3000,
    "1,000 quotes with 'he said'": '"a," he said. ' * 1000,
    "2,000 figures in one sentence": "about 5 people were killed, " * 2000,
    "3,000 capitalised words": "AAAA " * 3000 + "said it.",
    "an unclosed quote of 5,000 words": '"' + "word " * 5000,
    "3,000 commas after a name": "Jane Roe, " + "a, " * 3000 + "said the plan failed.",
}


def main() -> int:
    for name, text in CASES.items():
        article = Article(id="a", path=Path("a.md"), title="a", source="X", passages=(Passage(0, "paragraph", text),))
        analysis = analyse_corpus([article], {"a": "s"})
        started = time.perf_counter()
        story_quotes(analysis, [article])
        quoted = time.perf_counter()
        story_figures(analysis, [article])
        counted = time.perf_counter()
        differences(text, text.replace("a", "b", 500))
        compared = time.perf_counter()
        print(f"{name:40} quotes {quoted - started:6.2f}s  figures {counted - quoted:6.2f}s  "
              f"differences {compared - counted:6.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
