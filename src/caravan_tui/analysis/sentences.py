"""Split passage text into sentences, as character spans, for sentence-level comparison.

A sentence ends at ".", "!" or "?" (plus any closing quotes or brackets) when
the next word starts a sentence: an upper-case letter, a digit or an opening
quote. A "." does not end a sentence after a known abbreviation ("Mr.",
"Dec.", "Gen."), after a single-letter initial ("John F. Kennedy"), or after a
dotted abbreviation ("U.S.", "a.m.") unless the next word is a typical
sentence opener ("The", "He", "But"). Decimals ("3.5") never split because no
space follows the dot.
"""

from __future__ import annotations

import re

#: Abbreviations that take a dot and rarely end a sentence (lower-cased, without the dot).
ABBREVIATIONS = frozenset("""
mr mrs ms dr prof sr jr st mt ft gen gov sen rep lt col sgt capt cmdr adm maj pres supt insp det rev hon
jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
no nos vol vols p pp fig ch art sec dept est approx inc corp ltd co bros vs etc al cf ca
""".split())

#: Words that typically open a sentence, used after a dotted abbreviation like "U.S.".
SENTENCE_OPENERS = frozenset("""
the a an he she it they we i you his her its their our this that these those there but and however
in on at as after before when while if so yet still meanwhile now then some many most
""".split())

_BOUNDARY = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s+([\"'\u201c\u2018(\[]?)(\S+))")
_LAST_WORD = re.compile(r"(\S+)$")
_DOTTED = re.compile(r"^(?:[A-Za-z]\.){2,}$")
_INITIAL = re.compile(r"^[A-Z]\.$")


def _starts_sentence(opening_quote: str, word: str) -> bool:
    first = word[0]
    return first.isupper() or first.isdigit() or bool(opening_quote and first.isalpha())


def _dot_is_final(token: str, next_word: str) -> bool:
    """Whether a "." ending `token` (e.g. "Mr.", "U.S.") ends the sentence."""
    if _INITIAL.match(token):
        return False
    if _DOTTED.match(token):
        return next_word.strip("\"'\u201c\u2018").casefold() in SENTENCE_OPENERS
    return token[:-1].lstrip("\"'(\u201c\u2018").casefold() not in ABBREVIATIONS


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) character spans of the sentences of a text, whitespace trimmed."""
    spans, start = [], 0
    for match in _BOUNDARY.finditer(text):
        opening_quote, next_word = match.group(1), match.group(2)
        if not _starts_sentence(opening_quote, next_word):
            continue
        if match.group(0) == "." or match.group(0).startswith(".") and match.group(0).count(".") == 1:
            token = _LAST_WORD.search(text, start, match.start() + 1)
            if token and not _dot_is_final(token.group(1), next_word):
                continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    return [_trim(text, s, e) for s, e in spans if text[s:e].strip()]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str) -> list[str]:
    """The sentences of a text, as strings."""
    return [text[s:e] for s, e in sentence_spans(text)]
