#!/usr/bin/env python3
"""Entity engines on a CoNLL-2003 file: person, place and organisation P/R/F1 with exact spans.

    .venv/bin/python bench/conll_entities.py /work/data/conll2003/eng.testa [--engine rules,spacy]

Conversion: one article per -DOCSTART- document, one passage per CoNLL sentence,
tokens joined with single spaces except before closing punctuation (, . ; : ! ? ) %
and clitics 's n't) and after opening brackets and "$"; gold spans keep their
character offsets. PER -> person, LOC -> place, ORG -> organization; MISC is not
scored (a prediction on a MISC span counts as a false positive of its type).
Each document is analysed and linked on its own (analyse_entities on that
article), as the reader does with one story.

Prose documents (the rule): a sentence is a "prose line" when it has at least 6
tokens, at least 40% of them lower-case words and at most 15% of them numbers;
results tables, standings and score lines fail it. A document is prose when at
least half of its body sentences (all but the headline and dateline) are prose
lines. Prose documents are scored whole (headline and dateline included).

Both IOB1 (the original release) and IOB2 tags are read. Never run this on the
test split while developing (eng.testb): it is kept for acceptance.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

TYPE_OF_TAG = {"PER": "person", "LOC": "place", "ORG": "organization", "MISC": "misc"}
SCORED = ("person", "place", "organization")
_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "'S", "n't", "'", "'re", "'ve", "'ll",
                    "'d", "'m"}
_NO_SPACE_AFTER = {"(", "[", "{", "$"}


@dataclass
class Sentence:
    """One CoNLL sentence as text, with its gold spans (start, end, type)."""

    text: str
    tokens: list[str]
    spans: list[tuple[int, int, str]]


@dataclass
class Document:
    """One -DOCSTART- document."""

    sentences: list[Sentence] = field(default_factory=list)


def read_conll(path: Path) -> list[Document]:
    """The documents of a CoNLL-2003 file (columns: token ... tag; blank lines end sentences)."""
    documents: list[Document] = []
    rows: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines() + [""]:
        fields = line.split()
        if fields and fields[0] == "-DOCSTART-":
            documents.append(Document())
            continue
        if fields:
            rows.append((fields[0], fields[-1]))
            continue
        if rows:
            if not documents:
                documents.append(Document())
            documents[-1].sentences.append(sentence_from_rows(rows))
            rows = []
    return [d for d in documents if d.sentences]


def sentence_from_rows(rows: list[tuple[str, str]]) -> Sentence:
    """Join tokens into text and turn IOB tags into character spans."""
    text, offsets = detokenise([token for token, _ in rows])
    spans: list[tuple[int, int, str]] = []
    current: list[int] | None = None
    previous_type = "O"
    for (_token, tag), (start, end) in zip(rows, offsets, strict=True):
        prefix, _, kind = tag.partition("-")
        if tag == "O":
            current, previous_type = None, "O"
            continue
        if current is None or prefix == "B" or kind != previous_type:
            current = [start, end]
            spans.append((start, end, TYPE_OF_TAG.get(kind, "misc")))
        else:
            current[1] = end
            spans[-1] = (current[0], end, spans[-1][2])
        previous_type = kind
    return Sentence(text, [token for token, _ in rows], spans)


def detokenise(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Text and the (start, end) of every token in it."""
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    length = 0
    open_quote = False
    glue_next = True
    for token in tokens:
        glue = glue_next or token in _NO_SPACE_BEFORE or (token == '"' and open_quote)
        if token == '"':
            glue_next = not open_quote
            open_quote = not open_quote
        else:
            glue_next = token in _NO_SPACE_AFTER
        if not glue:
            parts.append(" ")
            length += 1
        offsets.append((length, length + len(token)))
        parts.append(token)
        length += len(token)
    return "".join(parts), offsets


def is_prose_line(sentence: Sentence) -> bool:
    tokens = sentence.tokens
    if len(tokens) < 6:
        return False
    lower = sum(1 for t in tokens if t[:1].islower() and t.isalpha())
    numbers = sum(1 for t in tokens if any(c.isdigit() for c in t))
    return lower >= 0.4 * len(tokens) and numbers <= 0.15 * len(tokens)


def is_prose(document: Document) -> bool:
    """The rule in the docstring: at least half of the body sentences are prose lines."""
    body = document.sentences[2:] or document.sentences
    return sum(1 for s in body if is_prose_line(s)) * 2 >= len(body)


def articles_of(documents: list[Document]) -> Iterator[object]:
    from caravan_tui.corpus.model import Article, Passage

    for number, document in enumerate(documents):
        passages = tuple(Passage(i, "paragraph", s.text) for i, s in enumerate(document.sentences))
        yield Article(f"doc{number:05d}", Path(f"doc{number:05d}.txt"), document.sentences[0].text, "conll",
                      passages)


@dataclass
class Counts:
    """True positives, predictions and gold spans per type."""

    correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SCORED, 0))
    predicted: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SCORED, 0))
    gold: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SCORED, 0))

    def add(self, gold: set[tuple[int, int, int, str]], predicted: set[tuple[int, int, int, str]]) -> None:
        for type_ in SCORED:
            g = {s for s in gold if s[3] == type_}
            p = {s for s in predicted if s[3] == type_}
            self.gold[type_] += len(g)
            self.predicted[type_] += len(p)
            self.correct[type_] += len(g & p)

    def line(self, type_: str) -> str:
        c, p, g = self.correct[type_], self.predicted[type_], self.gold[type_]
        precision = c / p if p else 0.0
        recall = c / g if g else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return f"{type_:<13} P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}  (gold {g}, predicted {p})"


def predicted_spans(article, engine, raw: bool = False) -> set[tuple[int, int, int, str]]:
    """The linked mentions of one article (or, with `raw`, the engine's spans before linking)."""
    from caravan_tui.analysis.entities import analyse_entities

    if raw:
        return {(p.index, s.start, s.end, s.type) for p in article.passages for s in engine.recognise(p.text)
                if s.type in SCORED}
    index = analyse_entities([article], engine=engine)
    return {(m.passage, m.start, m.end, m.type) for m in index.mentions if m.type in SCORED}


def gold_spans(document: Document) -> set[tuple[int, int, int, str]]:
    return {(i, start, end, type_) for i, s in enumerate(document.sentences) for start, end, type_ in s.spans}


def evaluate(documents: list[Document], engine, raw: bool = False) -> tuple[Counts, Counts, list[tuple[int, set, set]]]:
    """Counts on all documents and on prose documents, and each document's gold and predicted spans."""
    everything, prose = Counts(), Counts()
    details = []
    for number, (document, article) in enumerate(zip(documents, articles_of(documents))):
        gold, predicted = gold_spans(document), predicted_spans(article, engine, raw)
        everything.add(gold, predicted)
        if is_prose(document):
            prose.add(gold, predicted)
        details.append((number, gold, predicted))
    return everything, prose, details


def show_errors(documents: list[Document], details: list[tuple[int, set, set]], limit: int) -> None:
    shown = 0
    for number, gold, predicted in details:
        if not is_prose(documents[number]):
            continue
        for passage, start, end, type_ in sorted(gold ^ predicted):
            if type_ not in SCORED and (passage, start, end, type_) in gold:
                continue
            text = documents[number].sentences[passage].text
            side = "missed" if (passage, start, end, type_) in gold else "wrong "
            print(f"{side} {type_:<12} {text[start:end]!r:<30} | {text[max(0, start - 30):end + 30]!r}")
            shown += 1
            if shown >= limit:
                return


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="a CoNLL-2003 file (eng.train or eng.testa while developing)")
    parser.add_argument("--engine", default="rules,spacy", help="comma-separated engines (default: rules,spacy)")
    parser.add_argument("--raw", action="store_true", help="score the engine's spans before linking")
    parser.add_argument("--errors", type=int, default=0, help="print this many errors on prose documents")
    args = parser.parse_args()
    from caravan_tui.analysis.entities import get_engine

    documents = read_conll(args.file)
    prose_count = sum(1 for d in documents if is_prose(d))
    words = sum(len(s.tokens) for d in documents for s in d.sentences)
    print(f"{args.file}: {len(documents)} documents ({prose_count} prose), {words:,} tokens")
    for name in args.engine.split(","):
        try:
            engine = get_engine(name)
        except ImportError as error:
            print(f"{name}: not installed ({error})")
            continue
        began = time.perf_counter()
        everything, prose, details = evaluate(documents, engine, args.raw)
        print(f"\n{name} ({time.perf_counter() - began:.1f} s)")
        for label, counts in (("all documents", everything), ("prose documents", prose)):
            print(f"  {label}")
            for type_ in SCORED:
                print(f"    {counts.line(type_)}")
        if args.errors:
            show_errors(documents, details, args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
