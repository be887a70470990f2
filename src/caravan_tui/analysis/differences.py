"""Word-level differences between two aligned passages, each classed style, framing or wording.

How changes are found: both passages are cut into tokens (words, numbers,
dotted abbreviations, punctuation marks) with their character offsets; tokens
are compared in folded form (`analysis.text.fold`), and the edit script comes
from rapidfuzz (compiled Indel opcodes on tokens encoded as characters).
Tokens that fold equal but differ on the page ("U.S."/"US", "Comaltitlán"/
"Comaltitlan", curly/straight quotes) are style changes. Runs of inserted or
deleted tokens are merged when at most ``MERGE_GAP`` equal words separate them,
so an active/passive rewrite stays one change.

How changes are classed (general rules and lexicons only):

* **style** — the two sides are the same once folded and stripped of
  punctuation (accents, quote marks, abbreviation dots, case, serial comma,
  punctuation-only); they differ only by honorifics ("Mr." on a second
  mention); or by British/American spelling ("criticised"/"criticized").
* **framing** — a swapped or inserted word denotes people (the noun.person
  list derived from WordNet 3.0, see scripts/build_lexicons.py), unless it
  shares a stem with a word it replaces ("spokesman"/"spokesperson"); an
  inserted or swapped evaluative adjective (data/lexicons/
  evaluative_adjectives.txt); a reporting verb swapped for a loaded one
  ("saying"/"claiming"); an inserted descriptive phrase about people, i.e. a
  quantifier followed by a participle ("many carrying small children").
* **wording** — everything else (connectives, dropped words, rearranged clauses).
"""

from __future__ import annotations

import gzip
import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Indel

from caravan_tui.analysis.text import fold

STYLE, FRAMING, WORDING = "style", "framing", "wording"
MERGE_GAP = 2
MIN_STEM = 5
LEXICONS = Path(__file__).resolve().parent.parent / "data" / "lexicons"

_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|\d+(?:[.,]\d+)*|\w+(?:['\u2019\-]\w+)*|[^\w\s]")
HONORIFICS = frozenset("mr mrs ms miss dr sir dame madam mme mx".split())
NEUTRAL_REPORTING = frozenset("say tell state add note report announce explain write".split())
LOADED_REPORTING = frozenset("""
claim allege insist admit concede argue assert contend maintain suggest warn deny boast complain
acknowledge confess lament threaten vow demand admit declare
""".split())
_IRREGULAR_VERBS = {"said": "say", "says": "say", "saying": "say", "told": "tell", "telling": "tell",
                    "tells": "tell", "wrote": "write", "written": "write", "writing": "write"}
QUANTIFIERS = frozenset("""
many some most all several few both each none one others half dozens hundreds thousands scores
among including
""".split())
_SPELLING = [(re.compile(p), r) for p, r in (
    (r"is(e|ed|es|ing|ation|ations)$", r"iz\1"), (r"our(s|ed|ing|ite|ites)?$", r"or\1"),
    (r"tre(s)?$", r"ter\1"), (r"ogue(s)?$", r"og\1"), (r"ence(s)?$", r"ense\1"),
    (r"ll(ed|ing|er|ers)$", r"l\1"), (r"yse(d|s)?$", r"yze\1"),
)]


@dataclass(frozen=True)
class Difference:
    """One change: the exact text on each side ("" for an insertion or deletion), its class and offsets."""

    a: str
    b: str
    cls: str
    a_start: int
    a_end: int
    b_start: int
    b_end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Difference:
        return cls(**data)


@dataclass(frozen=True)
class Token:
    text: str
    key: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()


def tokenize(text: str) -> list[Token]:
    """Tokens with their folded comparison key and character offsets."""
    return [Token(m.group(), fold(m.group()).replace(".", "") or m.group(), m.start(), m.end())
            for m in _TOKEN.finditer(text)]


@lru_cache(maxsize=1)
def person_nouns() -> frozenset[str]:
    """Words whose main sense denotes a person (derived from WordNet 3.0's noun.person)."""
    data = (LEXICONS / "person_nouns.txt.gz").read_bytes()
    return frozenset(gzip.decompress(data).decode("utf-8").split())


@lru_cache(maxsize=1)
def evaluative_adjectives() -> frozenset[str]:
    text = (LEXICONS / "evaluative_adjectives.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _singulars(word: str) -> list[str]:
    forms = [word]
    if word.endswith("men"):
        forms.append(word[:-3] + "man")
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("s"):
        forms.append(word[:-1])
    return forms


def denotes_people(word: str) -> bool:
    nouns = person_nouns()
    return any(form in nouns for form in _singulars(word))


def _verb_lemma(word: str) -> str:
    if word in _IRREGULAR_VERBS:
        return _IRREGULAR_VERBS[word]
    for suffix, repl in (("ing", ""), ("ing", "e"), ("ied", "y"), ("ies", "y"), ("ed", ""), ("ed", "e"),
                         ("d", ""), ("s", "")):
        if word.endswith(suffix):
            base = word[: -len(suffix)] + repl
            if base in NEUTRAL_REPORTING or base in LOADED_REPORTING:
                return base
    return word


def _shares_stem(word: str, others: list[str]) -> bool:
    return any(_common_prefix(word, o) >= MIN_STEM for o in others)


def _common_prefix(x: str, y: str) -> int:
    n = 0
    while n < min(len(x), len(y)) and x[n] == y[n]:
        n += 1
    return n


def _american(word: str) -> str:
    for pattern, repl in _SPELLING:
        word = pattern.sub(repl, word)
    return word


def _words(tokens: list[Token]) -> list[str]:
    return [t.key for t in tokens if t.is_word]


def _is_style(a: list[Token], b: list[Token]) -> bool:
    wa, wb = _words(a), _words(b)
    if wa == wb:
        return True
    if [w for w in wa if w not in HONORIFICS] == [w for w in wb if w not in HONORIFICS]:
        return True
    if "".join(wa) == "".join(wb):  # "per cent" / "percent"
        return True
    return len(wa) == len(wb) and all(_american(x) == _american(y) for x, y in zip(wa, wb))


def _is_descriptive_phrase(words: list[str]) -> bool:
    """'many carrying small children', 'some wearing masks', 'fleeing violence'."""
    if len(words) < 2:
        return False
    head = words[1:4] if words[0] in QUANTIFIERS else words[:1]
    return any(len(w) > 4 and w.endswith(("ing", "ed")) and w not in ("during", "according") for w in head)


def _is_framing(a: list[Token], b: list[Token]) -> bool:
    wa, wb = _words(a), _words(b)
    removed = [w for w in wa if w not in wb]
    added = [w for w in wb if w not in wa]
    for word, others in [(w, removed) for w in added] + [(w, added) for w in removed]:
        if denotes_people(word) and not _shares_stem(word, others):
            return True
    evaluative = evaluative_adjectives()
    if any(w in evaluative for w in added + removed):
        return True
    verbs_out = {_verb_lemma(w) for w in removed} & (NEUTRAL_REPORTING | LOADED_REPORTING)
    verbs_in = {_verb_lemma(w) for w in added} & (NEUTRAL_REPORTING | LOADED_REPORTING)
    if verbs_out and verbs_in and verbs_out != verbs_in and (verbs_out | verbs_in) & LOADED_REPORTING:
        return True
    inserted = wb if not wa else wa if not wb else []
    return _is_descriptive_phrase(inserted)


def classify(a: list[Token], b: list[Token]) -> str:
    """The class of a change from tokens `a` to tokens `b`."""
    if _is_style(a, b):
        return STYLE
    if _is_framing(a, b):
        return FRAMING
    return WORDING


@dataclass
class _Hunk:
    a1: int
    a2: int
    b1: int
    b2: int


def _encode(keys_a: list[str], keys_b: list[str]) -> tuple[str, str]:
    vocabulary: dict[str, str] = {}

    def code(key: str) -> str:
        if key not in vocabulary:
            n = len(vocabulary) + 0x100
            vocabulary[key] = chr(n + 0x800 if n >= 0xD800 else n)
        return vocabulary[key]

    return "".join(map(code, keys_a)), "".join(map(code, keys_b))


def _raw_hunks(ta: list[Token], tb: list[Token]) -> tuple[list[_Hunk], list[tuple[int, int, int, int]]]:
    """Changed token ranges, and equal ranges, from the edit script."""
    sa, sb = _encode([t.key for t in ta], [t.key for t in tb])
    hunks: list[_Hunk] = []
    equal: list[tuple[int, int, int, int]] = []
    for op in Indel.opcodes(sa, sb):
        if op.tag == "equal":
            equal.append((op.src_start, op.src_end, op.dest_start, op.dest_end))
        elif hunks and hunks[-1].a2 == op.src_start and hunks[-1].b2 == op.dest_start:
            hunks[-1].a2, hunks[-1].b2 = op.src_end, op.dest_end
        else:
            hunks.append(_Hunk(op.src_start, op.src_end, op.dest_start, op.dest_end))
    return hunks, equal


def _punctuation_only(hunk: _Hunk, ta: list[Token], tb: list[Token]) -> bool:
    return not any(t.is_word for t in ta[hunk.a1:hunk.a2] + tb[hunk.b1:hunk.b2])


def _merge(hunks: list[_Hunk], ta: list[Token], tb: list[Token]) -> list[_Hunk]:
    """Merge word changes separated by at most MERGE_GAP equal words."""
    merged: list[_Hunk] = []
    for hunk in hunks:
        previous = merged[-1] if merged else None
        if (previous and not _punctuation_only(hunk, ta, tb) and not _punctuation_only(previous, ta, tb)
                and sum(t.is_word for t in ta[previous.a2:hunk.a1]) <= MERGE_GAP):
            previous.a2, previous.b2 = hunk.a2, hunk.b2
        else:
            merged.append(_Hunk(hunk.a1, hunk.a2, hunk.b1, hunk.b2))
    return merged


def _split_descriptive(hunk: _Hunk, ta: list[Token], tb: list[Token]) -> list[_Hunk]:
    """Split off a comma-delimited descriptive phrase inserted beside a swapped word."""
    for side in ("b", "a"):
        tokens, lo, hi = (tb, hunk.b1, hunk.b2) if side == "b" else (ta, hunk.a1, hunk.a2)
        for comma in range(lo + 1, hi - 1):
            if tokens[comma].text != ",":
                continue
            phrase = [t.key for t in tokens[comma + 1:hi] if t.is_word]
            if _is_descriptive_phrase(phrase):
                if side == "b":
                    return [_Hunk(hunk.a1, hunk.a2, hunk.b1, comma + 1), _Hunk(hunk.a2, hunk.a2, comma + 1, hi)]
                return [_Hunk(hunk.a1, comma + 1, hunk.b1, hunk.b2), _Hunk(comma + 1, hi, hunk.b2, hunk.b2)]
    return [hunk]


def _span(tokens: list[Token], lo: int, hi: int, text_len_at: int) -> tuple[int, int]:
    if lo >= hi:
        return text_len_at, text_len_at
    return tokens[lo].start, tokens[hi - 1].end


def _insertion_point(tokens: list[Token], index: int, text: str) -> int:
    return tokens[index].start if index < len(tokens) else len(text)


def _difference(hunk: _Hunk, ta: list[Token], tb: list[Token], a: str, b: str, cls: str | None = None) -> Difference:
    a_start, a_end = _span(ta, hunk.a1, hunk.a2, _insertion_point(ta, hunk.a1, a))
    b_start, b_end = _span(tb, hunk.b1, hunk.b2, _insertion_point(tb, hunk.b1, b))
    cls = cls or classify(ta[hunk.a1:hunk.a2], tb[hunk.b1:hunk.b2])
    return Difference(a[a_start:a_end], b[b_start:b_end], cls, a_start, a_end, b_start, b_end)


def _surface_changes(equal: list[tuple[int, int, int, int]], ta: list[Token], tb: list[Token]) -> list[_Hunk]:
    """Runs of tokens that fold equal but are written differently."""
    found: list[_Hunk] = []
    for a1, a2, b1, _ in equal:
        for offset in range(a2 - a1):
            i, j = a1 + offset, b1 + offset
            if ta[i].text == tb[j].text:
                continue
            if found and found[-1].a2 == i and found[-1].b2 == j:
                found[-1].a2, found[-1].b2 = i + 1, j + 1
            else:
                found.append(_Hunk(i, i + 1, j, j + 1))
    return found


def _inside(small: _Hunk, spans: list[_Hunk]) -> bool:
    return any(h.a1 <= small.a1 and small.a2 <= h.a2 for h in spans)


def differences(a: str, b: str, a_range: tuple[int, int] | None = None,
                b_range: tuple[int, int] | None = None) -> list[Difference]:
    """The differences between passage texts `a` and `b`, in reading order of `a`.

    `a_range`/`b_range` restrict the comparison to a character range of either
    text (the part of a long passage that another outlet split off); offsets
    stay relative to the whole text.
    """
    ta = [t for t in tokenize(a) if a_range is None or a_range[0] <= t.start < a_range[1]]
    tb = [t for t in tokenize(b) if b_range is None or b_range[0] <= t.start < b_range[1]]
    hunks, equal = _raw_hunks(ta, tb)
    merged = [piece for hunk in _merge(hunks, ta, tb) for piece in _split_descriptive(hunk, ta, tb)]
    found = [_difference(h, ta, tb, a, b) for h in merged]
    found += [_difference(h, ta, tb, a, b, STYLE) for h in _surface_changes(equal, ta, tb) if not _inside(h, merged)]
    return sorted(found, key=lambda d: (d.a_start, d.b_start))
