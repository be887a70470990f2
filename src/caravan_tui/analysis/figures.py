"""Figures across the outlets of a story: what each number is, what it counts, who else reports it.

    figures = story_figures(analysis, articles)     # every figure of every article, with a status
    figures_in(figures, article_id, passage)        # the figures of one passage

Each figure mention (EntityIndex, type "figure"), and each weekday date, is
read into a `Figure`: a normalised `value` where one can be computed ("half a
million" = 500000, "2.5bn" = 2.5e9, "12%" = 12 with unit "%", "$3 million" =
3e6 with unit "$"), the `qualifier` it carries ("as many as"), a `rate`
("daily", "a day" -> "per day"), and what it `counts`: the noun phrase after
the number ("680,000 migrants" -> "migrants"), the noun before "of" ("a crowd
of 6,000" -> "crowd"), the subject of the sentence when the number follows a
verb ("Arrests ... topped 2 million" -> "arrests"), or the age of a person
("Jane Roe, 52," -> "age of Jane Roe").

Then, across the articles of a story, a figure is:

* ``shared`` — the same value for roughly the same thing in another outlet:
  in an aligned passage, or with the same counted noun;
* ``conflicting`` — the same thing counted differently: in aligned passages
  (same counted noun, or the only unmatched figure of its kind on each side),
  or elsewhere with the same counted noun and rate and values within a factor
  of ``CONFLICT_RATIO``; a weekday that differs in aligned passages;
* ``exclusive`` — no other outlet carries it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from caravan_tui.analysis.differences import denotes_people
from caravan_tui.analysis.entities.lexicons import TENS_WORDS, UNITS_WORDS, WEEKDAYS
from caravan_tui.analysis.sentences import sentence_spans
from caravan_tui.analysis.stories import members_by_story
from caravan_tui.analysis.text import fold
from caravan_tui.corpus.model import Article

if TYPE_CHECKING:
    from caravan_tui.analysis.align import Alignment
    from caravan_tui.analysis.entities import EntityIndex, Mention
    from caravan_tui.analysis.pipeline import CorpusAnalysis

SHARED, CONFLICTING, EXCLUSIVE = "shared", "conflicting", "exclusive"
#: Two reports of one quantity that differ by more than this factor are about different things.
CONFLICT_RATIO = 2.5
MAX_COUNTED_WORDS = 5

QUALIFIERS = ("as many as", "as few as", "as much as", "as little as", "more than", "less than", "fewer than",
              "at least", "at most", "up to", "nearly", "almost", "about", "around", "approximately", "roughly",
              "some", "over", "under", "an estimated", "close to", "upwards of")
_RATES = {
    "per day": r"daily|a day|per day|each day|every day|a night|per night",
    "per week": r"weekly|a week|per week|each week|every week",
    "per month": r"monthly|a month|per month|each month|every month",
    "per year": r"annually|yearly|a year|per year|each year|every year|per annum",
    "per hour": r"hourly|an hour|per hour|each hour|every hour",
}
_RATE = re.compile(r"\b(?:" + "|".join(f"(?P<r{i}>{p})" for i, p in enumerate(_RATES.values())) + r")\b", re.I)
_RATE_NAMES = list(_RATES)
_CURRENCY_SYMBOLS = {"us$": "$", "$": "$", "a$": "A$", "c$": "C$", "nz$": "NZ$", "hk$": "HK$", "r$": "R$",
                     "€": "€", "£": "£", "¥": "¥", "₹": "₹"}
_CURRENCY_WORDS = {"dollar": "$", "euro": "€", "pound": "£", "yen": "¥", "rupee": "₹"}
_CURRENCY_WORD = re.compile(r"\b(dollars?|euros?|pounds?|pesos?|yuan|yen|rupees?|rubles?|roubles?|francs?|reais|"
                            r"real|rand|naira|shillings?|dinars?|riyals?|dirhams?|liras?|lira|won|bitcoins?|cents?)$")
_MONEY_PREFIX = re.compile(r"^(us\$|a\$|c\$|nz\$|hk\$|r\$|[$€£¥₹])\s?")
_PERCENT = re.compile(r"\s?(%|percent|per cent|percentage points?)$")
_MEASURE = re.compile(r"\s?(km|kilometres?|kilometers?|miles?|metres?|meters?|feet|kg|kilograms?|tonnes?|tons?|"
                      r"barrels?|acres?|hectares?|square miles|degrees|mph|km/h)$")
_AGE = re.compile(r"[- ](?:year|month|week|day)s?[- ]old$")
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?|^\d+(?:\.\d+)?")
_SHORT_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12}
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "dozen": 12}
_SMALL = {w: i for i, w in enumerate(UNITS_WORDS)} | {w: 20 + 10 * i for i, w in enumerate(TENS_WORDS)}
_FRACTIONS = {"half": 0.5, "a half": 0.5, "a quarter": 0.25, "a third": 1 / 3, "two thirds": 2 / 3,
              "three quarters": 0.75, "a couple": 2}
_FRACTION = re.compile(r"^(half|a half|a quarter|a third|two[- ]thirds|three[- ]quarters|a couple) (?:of )?an? "
                       r"(\w+)$")
_VAGUE = re.compile(r"^(?:(?:tens|hundreds|thousands|millions|billions|dozens|scores) of )?"
                    r"(?:tens of thousands|hundreds|thousands|millions|billions|dozens|scores|a handful)$")

_WORD = re.compile(r"[A-Za-z\u00C0-\u024F]+(?:[-'\u2019][A-Za-z\u00C0-\u024F]+)*|\d[\d,.]*|[^\w\s]")
#: Words that end a noun phrase: articles, prepositions, auxiliaries, pronouns, conjunctions.
STOP_WORDS = frozenset("""
a an the this that these those of in on at to for from by with without into onto over under about after before
since during through across along among between against toward towards near per via than as and or but nor so
yet if while when where who whom whose which what is are was were be been being has have had do does did will
would shall should can could may might must not no it its they them their he him his she her we us our you
your i me my each every all some any both either neither such more most less least other another only also
just still even very then there here last next first this year outside inside around near within beyond
""".split()) | frozenset(w.casefold() for w in WEEKDAYS)
#: Verbs after which a figure is what the sentence's subject amounts to ("Arrests topped 2 million").
AMOUNT_VERBS = frozenset("""
topped tops reached reaches reach exceeded exceeds exceed surpassed surpasses surpass hit hits passed passes
totalled totaled numbered stood stands rose rises fell falls climbed climbs dropped
drops grew grows jumped jumps soared soars increased increases decreased decreases was were is are be been
amounted amounts doubled tripled neared nears approached approaches crossed crosses
""".split())
#: Heads that say only "an amount of": the words after them say what is counted.
GENERIC_HEADS = frozenset("number total figure tally count amount sum rate level share".split())


@dataclass(frozen=True)
class Amount:
    """What the text of a figure says on its own."""

    kind: str                      # count, money, percent, measure, age, vague
    value: float | None
    unit: str | None = None
    qualifier: str | None = None


@dataclass(frozen=True)
class Figure:
    """One figure (or weekday) in one passage, read and compared across the story."""

    article: str
    passage: int
    start: int
    end: int
    text: str
    kind: str
    value: float | None
    unit: str | None = None
    qualifier: str | None = None
    rate: str | None = None
    counts: str | None = None
    keys: frozenset[str] = frozenset()
    status: str = EXCLUSIVE
    shared_with: tuple[tuple[str, int], ...] = ()
    conflicts_with: tuple[tuple[str, int, str], ...] = ()   # (article, passage, text)

    @property
    def match_key(self) -> tuple[object, ...]:
        """Equal for two figures that state the same quantity."""
        if self.value is None:
            return (self.kind, self.unit, _strip_qualifier(fold(self.text))[1])
        return (self.kind, self.unit, round(self.value, 6), self.rate)

    @property
    def label(self) -> str:
        """'as many as 10,000 per day', for people (what it counts is `counts`)."""
        return f"{self.text} {self.rate}" if self.rate else self.text

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "passage": self.passage, "start": self.start, "end": self.end,
                "text": self.text, "kind": self.kind, "value": self.value, "unit": self.unit,
                "qualifier": self.qualifier, "rate": self.rate, "counts": self.counts, "status": self.status,
                "shared_with": [{"article": a, "passage": p} for a, p in self.shared_with],
                "conflicts_with": [{"article": a, "passage": p, "text": t} for a, p, t in self.conflicts_with]}


# --- reading one figure ----------------------------------------------------------------------------


def _strip_qualifier(text: str) -> tuple[str | None, str]:
    for qualifier in sorted(QUALIFIERS, key=len, reverse=True):
        if text.startswith(qualifier + " "):
            return qualifier, text[len(qualifier) + 1:]
    return None, text


def parse_number(text: str) -> float | None:
    """'10,000' -> 10000, '2 million' -> 2e6, '2.5bn' -> 2.5e9, 'half a million' -> 5e5, 'forty-six' -> 46."""
    text = " ".join(text.casefold().replace("\u00a0", " ").split())
    fraction = _FRACTION.match(text)
    if fraction:
        scale = _SCALES.get(fraction.group(2))
        return _FRACTIONS[fraction.group(1).replace("-", " ")] * scale if scale else None
    digits = _DIGITS.match(text)
    if digits:
        value = float(digits.group().replace(",", ""))
        rest = text[digits.end():].strip(" -")
        return _scaled(value, rest)
    return _parse_words(text)


def _scaled(value: float, rest: str) -> float | None:
    if not rest:
        return value
    if rest in _SHORT_SCALES:
        return value * _SHORT_SCALES[rest]
    if rest in _SCALES:
        return value * _SCALES[rest]
    return None


def _parse_words(text: str) -> float | None:
    """'one hundred and twenty' -> 120, 'a million' -> 1e6, 'a dozen' -> 12."""
    total, current, seen = 0.0, 0.0, False
    for word in re.split(r"[\s-]+", text):
        if word in ("and",):
            continue
        if word in ("a", "one") and not seen:
            current, seen = 1.0, True
        elif word in _SMALL:
            current, seen = current + _SMALL[word], True
        elif word in _SCALES and seen:
            current *= _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, 0.0
        else:
            return None
    return total + current if seen else None


def read_amount(text: str) -> Amount:
    """The kind, value, unit and qualifier of a figure's text."""
    folded = " ".join(fold(text).split())
    qualifier, rest = _strip_qualifier(folded)
    if _VAGUE.match(rest):
        return Amount("vague", None, None, qualifier)
    if _AGE.search(rest):
        return Amount("age", parse_number(_AGE.sub("", rest)), "years", qualifier)
    money = _MONEY_PREFIX.match(rest)
    if money:
        return Amount("money", parse_number(rest[money.end():]), _CURRENCY_SYMBOLS[money.group(1)], qualifier)
    for pattern, kind in ((_CURRENCY_WORD, "money"), (_PERCENT, "percent"), (_MEASURE, "measure")):
        found = pattern.search(rest)
        if found:
            return Amount(kind, parse_number(rest[:found.start()]), _unit(kind, found.group(1)), qualifier)
    return Amount("count", parse_number(rest), None, qualifier)


def _unit(kind: str, word: str) -> str:
    if kind == "percent":
        return "percentage points" if word.startswith("percentage") else "%"
    singular = word[:-1] if word.endswith("s") and word not in ("reais", "feet") else word
    return _CURRENCY_WORDS.get(singular, singular) if kind == "money" else singular


# --- what a figure counts -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Word:
    text: str
    start: int
    end: int

    @property
    def key(self) -> str:
        return fold(self.text)

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()


def _words(text: str, start: int, end: int) -> list[_Word]:
    return [_Word(m.group(), m.start() + start, m.end() + start) for m in _WORD.finditer(text[start:end])]


def _sentence_of(text: str, offset: int) -> tuple[int, int]:
    for start, end in sentence_spans(text):
        if start <= offset < end:
            return start, end
    return 0, len(text)


def lemma(word: str) -> str:
    """A crude singular: 'arrests' -> 'arrest', 'families' -> 'family', 'people' stays."""
    word = fold(word)
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("men") and len(word) > 4:
        return word[:-3] + "man"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def _noun_run(words: list[_Word]) -> list[_Word]:
    """The noun phrase at the start of `words`: modifiers and a head, stopped by function words."""
    run: list[_Word] = []
    for word in words:
        if not word.is_word or word.key in STOP_WORDS or len(run) >= MAX_COUNTED_WORDS:
            break
        if run and word.key.endswith(("ing", "ed")) and not word.text[0].isupper():
            break
        if run and (word.key in AMOUNT_VERBS or word.key in _REPORTING):
            break
        run.append(word)
    while run and run[-1].key.endswith("ed"):
        run.pop()    # "6,000 gathered": a verb, not what is counted
    return run


_REPORTING = frozenset("said says told added according".split())


def _counted_after(text: str, end: int, sentence_end: int) -> list[_Word]:
    words = _words(text, end, sentence_end)
    if words and words[0].key == "of":
        words = words[1:]
        while words and words[0].key in ("the", "these", "those", "their", "its"):
            words = words[1:]
    if words and _RATE.match(" ".join(w.text for w in words[:2])):
        return []
    return _noun_run(words)


def _counted_before_of(text: str, sentence_start: int, start: int) -> list[_Word]:
    """'a crowd of 6,000' -> [crowd]."""
    words = _words(text, sentence_start, start)
    if len(words) >= 2 and words[-1].key == "of" and words[-2].is_word and words[-2].key not in STOP_WORDS:
        return [words[-2]]
    return []


def _counted_subject(text: str, sentence_start: int, start: int) -> list[_Word]:
    """'Arrests for illegal crossing topped 2 million' -> [Arrests]."""
    words = _words(text, sentence_start, start)
    if not words or words[-1].key not in AMOUNT_VERBS:
        return []
    while words and words[0].key in STOP_WORDS:
        words = words[1:]
    return _noun_run(words)


def _counts(text: str, start: int, end: int) -> tuple[str | None, frozenset[str]]:
    """What the figure at text[start:end] counts, as written and as matching keys."""
    s_start, s_end = _sentence_of(text, start)
    after = _counted_after(text, end, s_end)
    before = _counted_before_of(text, s_start, start)
    phrase = after or before or _counted_subject(text, s_start, start)
    if not phrase:
        return None, frozenset()
    head = phrase[-1]
    if head.key in GENERIC_HEADS:
        phrase = phrase + _post_modifier(_words(text, head.end, start))
    written = text[phrase[0].start:phrase[-1].end]
    if all(w.key in STOP_WORDS for w in _words(text, s_start, phrase[0].start)):
        written = written[:1].lower() + written[1:]    # capitalised only because it opens the sentence
    keys = {lemma(phrase[-1].text)} | ({lemma(before[0].text)} if before and after else set())
    return written, frozenset(keys)


def _post_modifier(words: list[_Word]) -> list[_Word]:
    """'number [crossing the border] has topped': what a generic head is the number of."""
    tail: list[_Word] = []
    for word in words:
        if not word.is_word or word.key in AMOUNT_VERBS or len(tail) >= MAX_COUNTED_WORDS:
            break
        if tail and word.key.endswith("ing"):
            break
        tail.append(word)
    while tail and tail[-1].key in STOP_WORDS:
        tail.pop()
    return tail


def _rate(text: str, end: int) -> str | None:
    """'... were arrested daily' -> 'per day' (same clause, after the figure)."""
    s_end = _sentence_of(text, end)[1]
    clause = re.split(r"[,;:]", text[end:s_end], maxsplit=1)[0]
    found = _RATE.search(clause)
    if not found or len(clause[:found.start()].split()) > 8:
        return None
    return next(_RATE_NAMES[int(name[1:])] for name, value in found.groupdict().items() if value)


_APPOSITION_AGE = re.compile(r",\s*$")
_AFTER_AGE = re.compile(r"^\s*[,)]")


def _age_of(text: str, start: int, end: int, people: Sequence[Mention]) -> str | None:
    """'Jane Roe, 52,' -> 'Jane Roe': a bare number set off by commas right after a person."""
    if not (_APPOSITION_AGE.search(text[:start]) and _AFTER_AGE.match(text[end:])):
        return None
    before = text[:start].rstrip()[:-1].rstrip()
    return next((m.entity for m in people if m.end == len(before)), None)


# --- figures of an article ------------------------------------------------------------------------


def read_figure(article: str, passage: int, text: str, mention: Mention, people: Sequence[Mention] = ()) -> Figure:
    """One figure mention read in its passage; `people` are the passage's person mentions."""
    amount = read_amount(mention.text)
    kind, unit = amount.kind, amount.unit
    person = _age_of(text, mention.start, mention.end, people) if kind == "count" else None
    counts: str | None
    if person or kind == "age":
        counted = person or _nearest_person(people, mention.start)
        counts = f"age of {counted}" if counted else "age"
        keys = frozenset({f"age of {fold(counted)}" if counted else "age"})
        kind, unit = "age", "years"
    else:
        counts, keys = _counts(text, mention.start, mention.end)
    return _figure(article, passage, mention, amount, kind, unit, counts, keys, _rate(text, mention.end))


def _figure(article: str, passage: int, mention: Mention, amount: Amount, kind: str, unit: str | None,
            counts: str | None, keys: frozenset[str], rate: str | None) -> Figure:
    return Figure(article, passage, mention.start, mention.end, mention.text, kind, amount.value, unit,
                  amount.qualifier, rate, counts, keys)


def _nearest_person(people: Sequence[Mention], offset: int) -> str | None:
    if not people:
        return None
    return min(people, key=lambda m: abs(m.start - offset)).entity


def read_weekday(article: str, passage: int, mention: Mention) -> Figure | None:
    """A date mention naming a weekday ('on Tuesday', 'Friday night') as a comparable figure."""
    day = next((d for d in WEEKDAYS if d.casefold() in mention.text.casefold()), None)
    if day is None:
        return None
    return Figure(article, passage, mention.start, mention.end, mention.text, "weekday", None, day,
                  counts="day of the event", keys=frozenset({"weekday"}))


def article_figures(article: Article, entities: EntityIndex) -> list[Figure]:
    """Every figure and weekday of one article, in reading order."""
    found: list[Figure] = []
    for passage in article.passages:
        mentions = entities.mentions_in(article.id, passage.index)
        people = [m for m in mentions if m.type == "person"]
        for mention in mentions:
            if mention.type == "figure":
                found.append(read_figure(article.id, passage.index, passage.text, mention, people))
            elif mention.type == "date":
                weekday = read_weekday(article.id, passage.index, mention)
                if weekday:
                    found.append(weekday)
    return found


# --- comparing across a story ---------------------------------------------------------------------


@dataclass
class _Verdict:
    shared: list[tuple[str, int]] = field(default_factory=list)
    conflicts: list[tuple[str, int, str]] = field(default_factory=list)


def _same_thing(x: Figure, y: Figure) -> bool:
    if x.keys & y.keys:
        return True
    people = all(any(denotes_people(k) for k in f.keys) for f in (x, y))
    return people or (not x.keys and not y.keys)


def _close(x: Figure, y: Figure) -> bool:
    if x.value is None or y.value is None or x.kind != y.kind or x.unit != y.unit or x.rate != y.rate:
        return False
    low, high = sorted((abs(x.value), abs(y.value)))
    return low > 0 and high / low <= CONFLICT_RATIO


def _compare_aligned(figure: Figure, others: list[Figure], verdict: _Verdict) -> bool:
    """Compare with the figures of an aligned passage; True when something matched."""
    same = [o for o in others if o.match_key == figure.match_key]
    if same:
        verdict.shared.extend((o.article, o.passage) for o in same)
        return True
    kind_mates = [o for o in others if o.kind == figure.kind]
    unmatched = [o for o in kind_mates if o.match_key != figure.match_key]
    rivals = [o for o in unmatched if figure.keys & o.keys]
    if not rivals and figure.kind == "weekday":
        rivals = unmatched
    if not rivals and len(unmatched) == 1 and len(kind_mates) == 1 and _close(figure, unmatched[0]):
        rivals = unmatched
    verdict.conflicts.extend((o.article, o.passage, o.text) for o in rivals)
    return bool(rivals)


def _compare_elsewhere(figure: Figure, others: list[Figure], verdict: _Verdict) -> None:
    if figure.kind == "weekday":
        return
    for other in others:
        if other.match_key == figure.match_key and _same_thing(figure, other):
            verdict.shared.append((other.article, other.passage))
        elif figure.keys & other.keys and _close(figure, other):
            verdict.conflicts.append((other.article, other.passage, other.text))


def _verdict(figure: Figure, by_passage: dict[tuple[str, int], list[Figure]], alignment: Alignment,
             article_ids: Iterable[str]) -> _Verdict:
    verdict = _Verdict()
    aligned = {(ref.article, ref.passage) for ref, _ in alignment.counterparts(figure.article, figure.passage)}
    for article_id in article_ids:
        if article_id == figure.article:
            continue
        matched = False
        for ref in sorted(r for r in aligned if r[0] == article_id):
            matched = _compare_aligned(figure, by_passage.get(ref, []), verdict) or matched
        if not matched:
            rest = [f for (a, p), fs in by_passage.items() if a == article_id and (a, p) not in aligned for f in fs]
            _compare_elsewhere(figure, rest, verdict)
    return verdict


def compare_figures(figures: Sequence[Figure], alignment: Alignment, article_ids: Sequence[str]) -> list[Figure]:
    """The figures of one story with their status set (see the module docstring)."""
    by_passage: dict[tuple[str, int], list[Figure]] = defaultdict(list)
    for figure in figures:
        by_passage[(figure.article, figure.passage)].append(figure)
    result = []
    for figure in figures:
        verdict = _verdict(figure, by_passage, alignment, article_ids)
        status = CONFLICTING if verdict.conflicts else SHARED if verdict.shared else EXCLUSIVE
        result.append(replace(figure, status=status, shared_with=tuple(dict.fromkeys(verdict.shared)),
                              conflicts_with=tuple(dict.fromkeys(verdict.conflicts))))
    return result


def story_figures(analysis: CorpusAnalysis, articles: Sequence[Article]) -> list[Figure]:
    """Every figure of every article, compared within its story."""
    found: list[Figure] = []
    for members in members_by_story(articles, analysis.story_of).values():
        figures = [f for article in members for f in article_figures(article, analysis.entities)]
        found.extend(compare_figures(figures, analysis.alignment, [a.id for a in members]))
    return found


def figures_in(figures: Iterable[Figure], article_id: str, passage: int) -> list[Figure]:
    return [f for f in figures if f.article == article_id and f.passage == passage]
