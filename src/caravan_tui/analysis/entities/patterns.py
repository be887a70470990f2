"""Regular expressions for figures and dates: numbers, money, percentages, calendar words.

Kept apart from the name rules because they need no gazetteer: each pattern
finds candidate stretches, and `find_figures_and_dates` keeps the longest
where they overlap (a date wins a tie with a figure).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import NamedTuple

from caravan_tui.analysis.entities.base import Span
from caravan_tui.analysis.entities.lexicons import (
    HOLIDAYS,
    MONTH_ABBREVIATIONS,
    MONTHS,
    SCALE_WORDS,
    TENS_WORDS,
    UNITS_WORDS,
    WEEKDAYS,
)

_I = re.IGNORECASE


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_UNIT_WORD = _alternation(UNITS_WORDS)
_TENS_WORD = _alternation(TENS_WORDS)
NUMBER_WORD = rf"(?:(?:{_TENS_WORD})(?:[- ](?:{_UNIT_WORD}))?|{_UNIT_WORD})"
#: The letters a number word starts with. A lookahead for them (or for what else a match may start with) before
#: a pattern's leading \b changes no match, but the search skips most positions on one character class.
_NUMBER_FIRSTS = "".join(sorted({word[0] for word in UNITS_WORDS + TENS_WORDS}))
_SCALE = rf"(?:{_alternation(SCALE_WORDS)}|bn|mn|m|k)"
#: At most 8 comma groups (10^27): unbounded, a long run of ",000" made every group a start that scans to its end.
DIGITS = r"(?:\d{1,3}(?:,\d{3}){1,8}(?:\.\d+)?|\d+(?:\.\d+)?)"
_QUALIFIER = (r"(?:as many as|as few as|as much as|as little as|more than|less than|fewer than|at least|"
              r"at most|up to|nearly|almost|about|around|approximately|roughly|some|over|under|"
              r"an estimated|close to|upwards of)")
_QUALIFIER_BEFORE = re.compile(rf"\b{_QUALIFIER}\s+$", _I)
#: The last words of the qualifiers: a match of _QUALIFIER_BEFORE ends with one, then white space alone.
_QUALIFIER_ENDS = tuple(sorted({phrase.split()[-1] for phrase in _QUALIFIER[3:-1].split("|")}))
_CURRENCY_WORDS = (r"(?:dollars?|euros?|pounds?|pesos?|yuan|yen|rupees?|rubles?|roubles?|francs?|reais|"
                   r"real|rand|naira|shillings?|dinars?|riyals?|dirhams?|lira|liras|won|bitcoins?|cents?)")
_MEASURE_WORDS = (r"(?:percentage points?|percent|per cent|%|km|kilometres?|kilometers?|miles?|metres?|"
                  r"meters?|feet|kg|kilograms?|tonnes?|tons?|barrels?|acres?|hectares?|square miles|"
                  r"degrees|mph|km/h)")
_AMOUNT = rf"(?:{DIGITS}(?:[ \u00a0-]?{_SCALE}\b)?|(?:a|one|{NUMBER_WORD})[ -](?:{_SCALE})\b|{NUMBER_WORD})"
_MONEY = rf"(?:(?:us|a|c|nz|hk|r)?[$€£¥₹]\s?{DIGITS}(?:[ \u00a0]?(?:{_SCALE})\b)?)"

FIGURE_PATTERNS = [
    re.compile(rf"(?<![\w$€£¥₹]){_MONEY}", _I),
    re.compile(rf"(?=[{_NUMBER_FIRSTS}a\d])\b{_AMOUNT}\s+{_CURRENCY_WORDS}\b", _I),
    re.compile(rf"\b{DIGITS}\s?{_MEASURE_WORDS}(?!\w)", _I),
    re.compile(rf"\b(?:{NUMBER_WORD}|{DIGITS})[- ](?:year|month|week|day)s?[- ]old\b", _I),
    re.compile(rf"\b(?:half|a quarter|a third|two[- ]thirds|three[- ]quarters|a couple) (?:of )?an? "
               rf"(?:{_alternation(SCALE_WORDS)}|dozen)\b", _I),
    re.compile(r"\b(?:(?:tens|hundreds|thousands|millions|billions|dozens|scores) of "
               r"(?:thousands|millions|billions)|tens of thousands|hundreds|thousands|millions|billions|"
               r"dozens|a dozen|a handful)\b", _I),
    re.compile(rf"(?<![\w.,:/$€£-]){DIGITS}(?:[ \u00a0]?{_SCALE}\b)?(?![\w:/]|[.,]\d)", _I),
    re.compile(rf"\b(?:a|one|{NUMBER_WORD})[ -](?:{_alternation(SCALE_WORDS)})"
               rf"(?:[ -](?:and )?{NUMBER_WORD})?\b", _I),
    re.compile(rf"(?=[{_NUMBER_FIRSTS}])\b(?:{NUMBER_WORD})\b", _I),
]

_DIGIT = "0123456789"
_CURRENCY_NEEDLES = ("dollar", "euro", "pound", "peso", "yuan", "yen", "rupee", "ruble", "rouble", "franc", "rea",
                     "rand", "naira", "shilling", "dinar", "riyal", "dirham", "lira", "won", "bitcoin", "cent")
_SCALE_NEEDLES = ("hundred", "thousand", "million", "billion", "trillion", "dozen", "scores", "handful")
#: Cheap tests, aligned with FIGURE_PATTERNS: a pattern runs only on text containing one of these
#: (lower-cased) strings; None = always. Skipping hopeless patterns is most of the engine's speed.
FIGURE_GATES = [
    tuple("$€£¥₹"), _CURRENCY_NEEDLES, tuple(_DIGIT), ("old",), ("half", "quarter", "third", "couple"),
    _SCALE_NEEDLES, tuple(_DIGIT), _SCALE_NEEDLES, None,
]

_MONTH = _alternation(MONTHS)
_MONTH_SHORT = rf"(?:{_alternation(MONTH_ABBREVIATIONS)})\.?"
_ANY_MONTH = rf"(?:{_MONTH}|{_MONTH_SHORT})"


def _led(words: Sequence[str], tail: str = "") -> list[str]:
    """What \\b(?:w1|w2|...) matches, word by word in the given order (each followed by `tail`), as alternatives led
    by the word's first character, the boundary checked behind it: a pattern that starts with an alternation of
    literals is searched by skipping to their first characters, where one led by \\b is tried at every position."""
    if not all(re.match(r"\w", word) for word in words):
        raise ValueError("each word must start with a word character")
    return [re.escape(word[0]) + r"(?<!\w.)" + re.escape(word[1:]) + tail for word in words]


def _longest_first(words: Iterable[str]) -> list[str]:
    return sorted(words, key=len, reverse=True)  # the order of `_alternation`


#: `\b{_ANY_MONTH}` led by the months' first characters.
_ANY_MONTH_LED = "(?:" + "|".join(_led(_longest_first(MONTHS)) + _led(_longest_first(MONTH_ABBREVIATIONS),
                                                                         r"\.?")) + ")"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_UNIT = r"(?:years?|months?|weeks?|days?|decades?|centuries|century|quarters?|hours?|weekends?|nights?)"
_SEASON = r"(?:spring|summer|autumn|fall|winter)"
_RELATIVE = r"(?:last|this|next|past|previous|coming|following|same|current|recent|first|final|early|late)"
_AMBIGUOUS_MONTHS = ("May", "March")  # also ordinary words: need a cue
_MONTH_CUE = r"(?:in|since|until|till|by|from|through|during|before|after|early|mid|late|last|next|this|of)"

DATE_PATTERNS = [
    re.compile(rf"{_ANY_MONTH_LED} {_DAY}(?:,? {_YEAR})?\b(?!,\d)"),
    re.compile(rf"\b{_DAY} (?:of )?{_ANY_MONTH}(?:,? {_YEAR})?\b"),
    re.compile(rf"\b(?:(?:early|mid|late)[- ])?(?:{_alternation(m for m in MONTHS if m not in _AMBIGUOUS_MONTHS)})"
               rf"(?:,? {_YEAR})?\b"),
    re.compile(rf"\b(?i:{_MONTH_CUE}) (?P<x>(?:May|March)(?:,? {_YEAR})?)\b"),
    re.compile(rf"(?:{'|'.join(_led(('May', 'March')))}),? {_YEAR}\b"),
    re.compile(rf"(?:{'|'.join(_led(_longest_first(WEEKDAYS)))})(?: (?:morning|afternoon|evening|night))?\b"),
    re.compile(rf"(?:{'|'.join(_led(_longest_first(HOLIDAYS)))})"),
    re.compile(rf"\b(?:the )?{_RELATIVE} (?:(?:{NUMBER_WORD}|few|several|\d+) )?(?:fiscal |calendar |financial |"
               rf"school |academic )?{_UNIT}(?: of (?:{_YEAR}|this year|last year|the year))?\b", _I),
    re.compile(rf"\b(?:earlier|later) (?:this|that|last|next) {_UNIT}\b", _I),
    re.compile(rf"\b(?:{_RELATIVE} )?{_SEASON}(?: of)? {_YEAR}\b|\b(?:last|this|next) {_SEASON}\b", _I),
    re.compile(r"\b(?:today|yesterday|tomorrow|tonight|overnight|last night|this morning|this afternoon|"
               r"this evening|nowadays)\b", _I),
    re.compile(rf"(?=[{_NUMBER_FIRSTS}a\d])\b(?:a|an|one|{NUMBER_WORD}|\d+|several|a few) (?:more )?{_UNIT}"
               rf"(?: (?:ago|later|earlier))?\b",
               _I),
    re.compile(r"\b(?:in |since |by )?(?:the )?(?:early |mid-|late )?(?:1[5-9]|20)\d0s\b", _I),
    re.compile(rf"(?<![\w,.$€£-]){_YEAR}(?![\w,]|\.\d)"),
    re.compile(r"\b\d{1,2}(?::\d{2})? ?(?:a\.m\.|p\.m\.|am\b|pm\b)", _I),
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b"),
]


_UNIT_NEEDLES = ("year", "month", "week", "day", "decade", "centur", "quarter", "hour", "night")
DATE_GATES = [
    tuple(_DIGIT), tuple(_DIGIT), tuple(m.lower() for m in MONTHS), ("may", "march"), ("may", "march"),
    ("day",), tuple({h.split()[0].lower()[:5] for h in HOLIDAYS}), _UNIT_NEEDLES, _UNIT_NEEDLES,
    ("spring", "summer", "autumn", "fall", "winter"),
    ("today", "yesterday", "tomorrow", "night", "morning", "afternoon", "evening", "nowadays"),
    _UNIT_NEEDLES, tuple(_DIGIT), tuple(_DIGIT), tuple(_DIGIT), tuple(_DIGIT),
]
def _forms(alternation: str) -> frozenset[str]:
    """The words of a regular expression "(?:a|bs?|c d)" of plain words (lower-case, "s?" an optional plural)."""
    forms: set[str] = set()
    for word in alternation[3:-1].split("|"):
        if not re.fullmatch(r"[a-z ]+(?:s\?)?", word):
            raise ValueError(f"not a plain word: {word!r}")
        forms.update((word[:-2], word[:-1]) if word.endswith("s?") else (word,))
    return frozenset(part for form in forms for part in form.split())


def _lowered(words: Iterable[str]) -> frozenset[str]:
    return frozenset(word.lower() for word in words)


_NUMBER_WORDS = _lowered(UNITS_WORDS + TENS_WORDS)
_UNIT_WORDS = _forms(_UNIT)
#: Word gates, aligned with the patterns like the gates: every match of the pattern holds one of these words as a
#: whole word (a maximal run of \w, lower-cased), so on the lower-cased copy a pattern whose words are all missing
#: is skipped (None: no such word; the gate above decides). One set of a text's words answers them all, cheaper
#: than the needles (substrings), and stricter ("gold" holds "old", "percent" holds "cent").
FIGURE_WORD_GATES: list[frozenset[str] | None] = [
    None, _forms(_CURRENCY_WORDS), None, frozenset({"old"}),
    frozenset({"half", "quarter", "quarters", "third", "thirds", "couple"}),
    frozenset({"hundreds", "thousands", "millions", "billions", "dozens", "dozen", "handful"}),
    None, _lowered(SCALE_WORDS), _NUMBER_WORDS,
]
DATE_WORD_GATES: list[frozenset[str] | None] = [
    None, None, _lowered(m for m in MONTHS if m not in _AMBIGUOUS_MONTHS), frozenset({"may", "march"}),
    frozenset({"may", "march"}), _lowered(WEEKDAYS), None, _UNIT_WORDS, _UNIT_WORDS, _forms(_SEASON),
    frozenset({"today", "yesterday", "tomorrow", "tonight", "overnight", "night", "morning", "afternoon", "evening",
               "nowadays"}),
    _UNIT_WORDS, None, None, None, None,
]
#: Second word gates of some patterns: every match holds one of these too, as a whole word (tested per pattern,
#: after its group's gate): "N-year-old", "half a million", "last year", "later this month".
MORE_WORD_GATES: dict[str, dict[int, frozenset[str]]] = {
    "figure": {3: _forms("(?:years?|months?|weeks?|days?)"), 4: _lowered(SCALE_WORDS + ("dozen",))},
    "date": {7: _forms(_RELATIVE), 8: frozenset({"earlier", "later"})},
}

if len(FIGURE_GATES) != len(FIGURE_PATTERNS) or len(DATE_GATES) != len(DATE_PATTERNS) or \
        len(FIGURE_WORD_GATES) != len(FIGURE_PATTERNS) or len(DATE_WORD_GATES) != len(DATE_PATTERNS):
    raise RuntimeError("every figure and date pattern needs its gate and word gate (or None)")


#: Characters other than ASCII letters that re.IGNORECASE matches to an ASCII letter (İ ı ſ and the Kelvin sign):
#: a text holding one is matched the slow way, by the case-insensitive patterns themselves.
_FOLD_UNSAFE = re.compile("[\u0130\u0131\u017f\u212a]")
_ANY_DIGIT = re.compile(r"\d")
#: A pattern gated on digits matches nothing without a digit (\d) and starts at most this many characters
#: before its first one ("since the early 1990s", "September 5"): its search starts there. The patterns listed
#: in STARTS_AT_DIGIT start at their first digit ("5 km", "2020", "10:30"): their search starts at it. More: each of
#: their matches starts at a digit after no word character (`_WORD_DIGIT`), so they are matched at those alone.
DIGIT_LEAD = 24
STARTS_AT_DIGIT = {"figure": (2, 6), "date": (1, 13, 14, 15)}


#: A time unit after a space (as every pattern with one has it): "year", "weekend", "centuries".
_SPACED_UNITS = (" centur", " day", " decade", " hour", " month", " night", " quarter", " week", " year")
#: Further tests of some case-insensitive patterns, after their gate, that change no result (every match holds
#: one of the needles, lower-cased) but skip most of their runs. They are looked for in the lower-cased copy,
#: and only when it stands in for the text (then IGNORECASE folds nothing else to an ASCII letter).
PREFILTERS: dict[str, dict[int, tuple[str, ...]]] = {
    "figure": {},
    "date": {
        7: _SPACED_UNITS,  # "last year", "the past three weeks"
        8: _SPACED_UNITS,  # "later this month"
        11: _SPACED_UNITS,  # "two days ago"
        12: ("0s",),  # "the 1990s"
        14: ("a.m", "am", "p.m", "pm"),  # "5 pm", "10:30 a.m."
    },
}
#: The same for case-sensitive patterns whose every match starts with a capitalised word (at a word boundary,
#: after a space or a hyphen): the first three letters such a word may have. Tested first (a set lookup), as
#: a match implies the pattern's gate too.
CAPITALISED_PREFILTERS: dict[str, dict[int, frozenset[str]]] = {
    "figure": {},
    "date": {
        0: frozenset(m[:3] for m in MONTHS + MONTH_ABBREVIATIONS),  # "September 5", "Sept. 5"
        1: frozenset(m[:3] for m in MONTHS + MONTH_ABBREVIATIONS),  # "5 September"
        2: frozenset(m[:3] for m in MONTHS if m not in _AMBIGUOUS_MONTHS),  # "early September"
        3: frozenset(m[:3] for m in _AMBIGUOUS_MONTHS),  # "in May"
        4: frozenset(m[:3] for m in _AMBIGUOUS_MONTHS),  # "May 2020"
        5: frozenset(d[:3] for d in WEEKDAYS),  # "Monday"
        6: frozenset(h[:3] for h in HOLIDAYS),  # "Christmas", "New Year's Day"
    },
}
#: Where a capitalised word may start a match: a capital at a word boundary, and the word characters after it
#: (the capital first, then the boundary looked back at: the search skips to capitals).
_CAPITALISED = re.compile(r"[A-Z](?<!\w[A-Z])\w*")
_CAPITALISED_PREFIX = re.compile(r"[A-Z](?<!\w[A-Z])\w{0,2}")


@dataclass(frozen=True)
class _Rule:
    """One pattern, how to run it, and its gate (None: always runs)."""

    pattern: re.Pattern[str]
    gate: tuple[str, ...] | None
    #: The case-insensitive pattern compiled without the flag, for the lower-cased text (same offsets, faster).
    lowered: re.Pattern[str] | None
    group: int | str
    #: None: no digit needed; else how far before the first digit a match may start
    digit_lead: int | None
    #: PREFILTERS' entry for the pattern, if any
    prefilter: tuple[str, ...] | None = None
    #: CAPITALISED_PREFILTERS' entry for the pattern, if any
    capitalised: frozenset[str] | None = None
    #: the pattern's word gate (FIGURE_WORD_GATES, DATE_WORD_GATES), if any
    words: frozenset[str] | None = None
    #: its second word gate (MORE_WORD_GATES), if any
    more_words: frozenset[str] | None = None


def _rules(patterns: Sequence[re.Pattern[str]], gates: Sequence[Iterable[str] | None],
           word_gates: Sequence[frozenset[str] | None], kind: str) -> list[_Rule]:
    rules = []
    for n, (pattern, gate, words) in enumerate(zip(patterns, gates, word_gates)):
        lowered = re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE) if pattern.flags & re.IGNORECASE else None
        needles = None if gate is None else tuple(sorted(set(gate)))
        lead = None if needles != _DIGITS else 0 if n in STARTS_AT_DIGIT[kind] else DIGIT_LEAD
        rules.append(_Rule(pattern, needles, lowered, "x" if "x" in pattern.groupindex else 0, lead,
                           PREFILTERS[kind].get(n), CAPITALISED_PREFILTERS[kind].get(n), words,
                           MORE_WORD_GATES[kind].get(n)))
    return rules


_DIGITS = tuple(_DIGIT)
_FIGURE_RULES = _rules(FIGURE_PATTERNS, FIGURE_GATES, FIGURE_WORD_GATES, "figure")
_DATE_RULES = _rules(DATE_PATTERNS, DATE_GATES, DATE_WORD_GATES, "date")


class _Step(NamedTuple):
    """A rule as `_candidates` runs it (a tuple: unpacked in one step, where a dataclass's fields are looked up
    one by one, some 25 rules a passage)."""

    capitalised: frozenset[str] | None
    prefilter: tuple[str, ...] | None
    digit_lead: int | None
    pattern: re.Pattern[str]
    #: the case-insensitive pattern compiled without the flag, for the lower-cased copy (None: case-sensitive)
    lowered: re.Pattern[str] | None
    group: int | str
    type: str
    #: the rule's second word gate (tested on the lower-cased copy's words, as the group's)
    more_words: frozenset[str] | None


class _GateGroup(NamedTuple):
    """The rules of one gate, and the union of their word gates (None unless each has one)."""

    gate: tuple[str, ...] | None
    words: frozenset[str] | None
    steps: list[_Step]


def _gate_groups(rules: Sequence[tuple[_Rule, str]]) -> list[_GateGroup]:
    """The rules grouped by gate (in order of first use), so each gate is tested once a text. The order of the
    candidates changes no result: `resolve_overlaps` orders them, and two of one extent and type are equal."""
    groups: dict[tuple[str, ...] | None, list[tuple[_Rule, str]]] = {}
    for rule, type_ in rules:
        groups.setdefault(rule.gate, []).append((rule, type_))
    out = []
    for gate, members in groups.items():
        word_gates = [rule.words for rule, _ in members]
        words = None if None in word_gates else frozenset().union(*(w for w in word_gates if w is not None))
        steps = [_Step(rule.capitalised, rule.prefilter, rule.digit_lead, rule.pattern, rule.lowered, rule.group,
                       type_, rule.more_words) for rule, type_ in members]
        if all(rule.capitalised is not None for rule, _ in members):
            gate = None  # each pattern's capitalised words prefilter implies the gate (holidays: a set lookup)
        out.append(_GateGroup(_DIGITS if gate == _DIGITS else gate, words, steps))  # _DIGITS: known by identity
    return out


_GATE_GROUPS = _gate_groups([(rule, "date") for rule in _DATE_RULES] + [(rule, "figure") for rule in _FIGURE_RULES])
_ASCII_DIGIT = re.compile("[0-9]")  # the digits gate: the needles 0-9 (no other script's digits)
#: The word gates' set: runs of ASCII lower-case letters. Every gate word is one, so a gate word that is a whole
#: word (a maximal run of \w) is such a run too, whole; the set holds more ("years" of "5years"): only more runs.
_LETTERS = re.compile("[a-z]+")
_WORD_DIGIT = re.compile(r"\d(?<!\w\d)")  # where a pattern of STARTS_AT_DIGIT may match (a digit after no \w)


class _Text:
    """A text, its lower-case copy and what is known of it, shared by all the patterns run on it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lower = text.lower()
        # the lower-cased copy stands in for the text when it keeps every offset and IGNORECASE folds nothing else
        self.lowered_ok = text.isascii() or (len(self.lower) == len(text) and not _FOLD_UNSAFE.search(text))
        self._first_digit: int | None = None
        self._capitalised: set[str] | None = None
        self._word_digits: list[int] | None = None

    def capitalised_prefixes(self) -> set[str]:
        """The first three letters of every word that starts with a capital at a word boundary."""
        if self._capitalised is None:
            # what {word[:3] for word in _CAPITALISED.findall(text)} gives: the same starts (a capital after no
            # word character), each match cut at three characters (a capital after one is never a start)
            self._capitalised = set(_CAPITALISED_PREFIX.findall(self.text))
        return self._capitalised

    def has_digit(self) -> bool:
        """Whether the digits gate passes: an ASCII digit in the text (the first digit of any script is kept
        for `digit_start`)."""
        if self._first_digit is None:
            digit = _ANY_DIGIT.search(self.text)
            self._first_digit = digit.start() if digit else len(self.text)
        return self._first_digit < len(self.text) and (
            self.text[self._first_digit] in _DIGIT or _ASCII_DIGIT.search(self.text, self._first_digit) is not None)

    def word_digits(self) -> list[int]:
        """Where a digit starts a word (no word character before it): where a pattern of STARTS_AT_DIGIT may
        match (the same in the lower-cased copy, when it stands in: lower-casing keeps which characters are \\w)."""
        if self._word_digits is None:
            self._word_digits = [m.start() for m in _WORD_DIGIT.finditer(self.text, self.digit_start(0))]
        return self._word_digits

    def digit_start(self, lead: int) -> int:
        """Where a pattern that needs a digit, and starts at most `lead` characters before it, may match."""
        if self._first_digit is None:
            digit = _ANY_DIGIT.search(self.text)
            self._first_digit = digit.start() if digit else len(self.text)
        return max(0, self._first_digit - lead)


def _candidates(text: _Text) -> list[Span]:
    """Every match of every rule (dates and figures); a pattern's group "x", if any, is the span (the rest is
    context)."""
    spans = []
    original, lower, lowered_ok = text.text, text.lower, text.lowered_ok
    prefilters: dict[tuple[str, ...], bool] = {}
    # the text's words, when the lower-cased copy stands in for it (lower-casing keeps which characters are \w)
    words = set(_LETTERS.findall(lower)) if lowered_ok else None
    for gate, word_gate, steps in _GATE_GROUPS:
        if word_gate is not None and words is not None:
            if word_gate.isdisjoint(words):
                continue
        elif gate is not None:
            if gate is _DIGITS:
                if not text.has_digit():
                    continue
            elif not any(map(lower.__contains__, gate)):
                continue
        for capitalised, prefilter, lead, pattern, lowered, group, type_, more_words in steps:
            if capitalised is not None and capitalised.isdisjoint(text.capitalised_prefixes()):
                continue
            if more_words is not None and words is not None and more_words.isdisjoint(words):
                continue
            if prefilter is not None and lowered_ok:
                passed = prefilters.get(prefilter)
                if passed is None:
                    passed = prefilters[prefilter] = any(map(lower.__contains__, prefilter))
                if not passed:
                    continue
            if lowered is not None and lowered_ok:
                pattern, subject = lowered, lower
            else:
                subject = original
            if lead == 0:
                matches: Iterable[re.Match[str]] = _matches_at(pattern, subject, text.word_digits())
            else:
                matches = pattern.finditer(subject, 0 if lead is None else text.digit_start(lead))
            for m in matches:
                begin, end = m.span(group)
                if end > begin:
                    spans.append(Span(begin, end, type_, original[begin:end]))
    return spans


def _matches_at(pattern: re.Pattern[str], text: str, starts: Sequence[int]) -> list[re.Match[str]]:
    """What pattern.finditer(text) gives when no match can start elsewhere than at `starts` (in order): the
    leftmost match from where the last one ended is the first found at a start from there (none is empty)."""
    matches = []
    match, end = pattern.match, 0
    for start in starts:
        if start >= end:
            found = match(text, start)
            if found is not None:
                matches.append(found)
                end = found.end()
    return matches


def _strip_article_before_figure(span: Span) -> Span:
    """'a dozen' stays; a figure never starts with 'the '."""
    if span.type == "figure" and span.text[:4].lower() == "the ":
        return Span(span.start + 4, span.end, span.type, span.text[4:])
    return span


_start = attrgetter("start")


def resolve_overlaps(spans: list[Span]) -> list[Span]:
    """Keep the longest of overlapping spans (dates first on ties), sorted by start."""
    by_start = sorted(spans, key=_start)
    if all(a.end <= b.start for a, b in zip(by_start, by_start[1:])) and all(s.end > s.start for s in by_start):
        return by_start  # none overlaps: all are kept (most passages' names and figures)
    priority = {"date": 0, "figure": 1}
    ranked = sorted(spans, key=lambda s: (-(s.end - s.start), priority.get(s.type, 2), s.start))
    kept: list[Span] = []
    taken = bytearray(max((span.end for span in spans), default=0) + 1)  # 1 = a character of a kept span
    for span in ranked:
        if _is_free(taken, span.start, span.end):
            kept.append(span)
            taken[span.start:span.end] = b"\x01" * (span.end - span.start)
    return sorted(kept, key=lambda s: s.start)


def _is_free(taken: bytearray, start: int, end: int) -> bool:
    """Whether no kept span overlaps [start, end); an empty span is free unless inside a kept one."""
    if end > start:
        return taken.find(1, start, end) < 0
    return start <= 0 or not (taken[start - 1] and taken[start])


def _with_qualifier(text: str, span: Span) -> Span:
    """'as many as 10,000': a figure takes the qualifier just before it."""
    if span.type != "figure":
        return span
    window = text[max(0, span.start - 24):span.start]
    if window.isascii():  # (where IGNORECASE folds no other character to a letter) a qualifier, then space
        stripped = window.rstrip()
        if len(stripped) == len(window) or not stripped.lower().endswith(_QUALIFIER_ENDS):
            return span
    found = _QUALIFIER_BEFORE.search(text, max(0, span.start - 24), span.start)
    if not found:
        return span
    return Span(found.start(), span.end, span.type, text[found.start():span.end])


def find_figures_and_dates(text: str) -> list[Span]:
    """Every figure and date in `text`, longest first where they overlap."""
    spans = _candidates(_Text(text))
    spans = [_with_qualifier(text, s) for s in spans]
    return [_strip_article_before_figure(s) for s in resolve_overlaps(spans)]
