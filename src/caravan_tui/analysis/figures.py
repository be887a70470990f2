"""Figures across the outlets of a story, as quantities: what each number counts, and who says otherwise.

    figures = story_figures(analysis, articles)     # every figure of every article, with a status
    figures_in(figures, article_id, passage)        # the figures of one passage

Each figure mention (EntityIndex, type "figure"), and each weekday date, is
read into a `Figure`: a normalised `value` where one can be computed ("half a
million" = 500000, "2.5bn" = 2.5e9, "12%" = 12 with unit "%", "$3 million" =
3e6 with unit "$"), a range as one value (`low`, `high`: "between 6,000 and
10,000"), the `qualifier` it carries ("as many as", "some", "about"), a
`rate` ("daily", "a day" -> "per day"), and the *quantity* it is a value of:

* `counts` / `thing` — what is counted: the noun phrase after the number
  ("680,000 migrants"), the noun before "of" ("a crowd of 6,000"), before "at"
  ("put the damage at $250 million"), or the subject of the verb it follows
  ("the damage could exceed $1 billion"); nouns for people ("residents",
  "victims", "others") all count "people";
* `event` — what happened to them, from a general lexicon of news events
  (killed, injured, missing, evacuated, arrested, rescued, destroyed...);
* `aspect` — "projection" for a figure under a modal or forecast verb ("could
  grow to 15,000"), else "reported"; a rate is its own quantity too.

The `quantity` label joins them ("people killed", "damage (projection)").
Ages, years, durations and small counts (under ``MIN_STORY_COUNT``, unless they
count casualties) are kept for highlighting but are not story figures
(`story` False) and are never compared.

Across the articles of a story, figures of the same quantity are:

* ``shared`` — another outlet gives the same value (ranges that overlap agree);
* ``conflicting`` — another outlet gives a different value for the same
  quantity (both values and their `ratio` are in the notes); in aligned
  passages, figures counting the same noun (or the only figure of its kind on
  each side) are the same quantity even without an event, as are weekdays;
  two figures whose values agree never conflict, even when they count
  different things ("rose 11 feet" beside "11 feet above flood stage");
* ``exclusive`` — no other outlet gives it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from caravan_tui.analysis.differences import denotes_people
from caravan_tui.analysis.entities.lexicons import TENS_WORDS, UNITS_WORDS, WEEKDAYS
from caravan_tui.analysis.sentences import sentence_spans
from caravan_tui.analysis.stories import members_by_story
from caravan_tui.analysis.text import fold

if TYPE_CHECKING:
    from caravan_tui.analysis.align import Alignment
    from caravan_tui.analysis.entities import EntityIndex
    from caravan_tui.analysis.entities.base import Mention
    from caravan_tui.analysis.pipeline import CorpusAnalysis
    from caravan_tui.corpus.model import Article

SHARED, CONFLICTING, EXCLUSIVE = "shared", "conflicting", "exclusive"
REPORTED, PROJECTION = "reported", "projection"
#: Counts below this are story figures only when they count casualties ("two (leaders)" is not).
MIN_STORY_COUNT = 10
#: A year written alone ("in 1962") is a date, not a figure.
YEARS = (1800, 2100)
#: What happened to what is counted: a general lexicon of news events, by class.
EVENTS = {
    "killed": "killed killing kill kills died die dies dead deaths death fatalities perished lives",
    "injured": "injured injuring wounded hurt injuries",
    "missing": "missing unaccounted",
    "evacuated": "evacuated evacuate evacuating evacuation fled flee fleeing displaced homeless leave",
    "arrested": "arrested arrest arrests detained detentions apprehended apprehensions",
    "rescued": "rescued rescue pulled saved airlifted",
    "sheltered": "sheltered sheltering housing housed shelters",
    "destroyed": "destroyed damaged flattened razed destroying",
    "detected": "detected recorded registered counted",
    "crossing": "crossing crossed cross crossings",
    "burned": "burned burnt burning scorched charred blackened",
}
#: Nouns that only say "an amount of" a measure: the unit is what is measured ("a burned area of 20 acres").
MEASURE_HEADS = frozenset("area distance length height depth width size total extent stretch".split())
_EVENT_OF = {word: name for name, words in EVENTS.items() for word in words.split()}
CASUALTY_EVENTS = frozenset({"killed", "injured", "missing", "arrested", "rescued"})
#: Words within a few words before a figure that make it a projection ("could grow to 15,000").
PROJECTION_WORDS = frozenset("could may might would will expected projected forecast predicted likely set".split())
TIME_UNITS = frozenset("second minute hour day week month year decade century".split())
#: Words that count people whatever the noun ("40 others", "9,000 residents").
PEOPLE_WORDS = frozenset("people persons others individuals".split())
EVENT_WINDOW = 6
#: Two reports of one quantity that differ by more than this factor are about different things.
CONFLICT_RATIO = 2.5
MAX_COUNTED_WORDS = 5
#: How far (characters) from a figure its sentence is read: a run-on passage must not make reading quadratic.
WINDOW = 300

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
_RATE_WORDS = "|".join(f"(?P<r{i}>{p})" for i, p in enumerate(_RATES.values()))
_RATE = re.compile(r"(?<!than )(?<!in )(?<!within )(?<!for )\b(?:" + _RATE_WORDS + r")\b", re.I)
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
amounted amounts doubled tripled neared nears approached approaches crossed crosses grow swell swelled
swells risen fallen reach hit exceed
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
    low: float | None = None          # a range's ends; both equal to `value` for a single number
    high: float | None = None
    thing: str | None = None          # what is counted, one key for every word for people ("people")
    event: str | None = None          # what happened to it: killed, injured, missing, evacuated...
    aspect: str = "reported"          # reported | projection
    story: bool = True                # False for ages, years, durations and small counts

    @property
    def quantity(self) -> str | None:
        """'people killed', 'damage (projection)', 'arrests per day': the quantity this figure is a value of."""
        if self.kind == "weekday":
            return "day of the event"
        words = [w for w in (self.thing, self.event) if w]
        if not words:
            return None
        label = " ".join(words) + (f" {self.rate}" if self.rate else "")
        return label + (" (projection)" if self.aspect == PROJECTION else "")

    @property
    def match_key(self) -> tuple[Any, ...]:
        """Equal for two figures that state the same value."""
        if self.value is None:
            return (self.kind, self.unit, _strip_qualifier(fold(self.text))[1])
        return (self.kind, self.unit, round(self.value, 6), round(self.high or self.value, 6), self.rate)

    @property
    def label(self) -> str:
        """'as many as 10,000 per day', for people (what it counts is `counts`)."""
        return f"{self.text} {self.rate}" if self.rate else self.text

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "passage": self.passage, "start": self.start, "end": self.end,
                "text": self.text, "kind": self.kind, "value": self.value, "unit": self.unit,
                "qualifier": self.qualifier, "rate": self.rate, "counts": self.counts, "status": self.status,
                "low": self.low, "high": self.high, "quantity": self.quantity, "event": self.event,
                "aspect": self.aspect, "story_figure": self.story,
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
    """The sentence around `offset`, cut to WINDOW characters either side (a run-on text stays cheap)."""
    start, end = next(((a, b) for a, b in _spans(text) if a <= offset < b), (0, len(text)))
    return max(start, offset - WINDOW), min(end, offset + WINDOW)


@lru_cache(maxsize=64)
def _spans(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(sentence_spans(text))


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
    """'Arrests for illegal crossing topped 2 million' -> [Arrests]; 'X said the damage could exceed' -> [damage]."""
    words = _words(text, sentence_start, start)
    if len(words) >= 2 and words[-1].key == "to" and words[-2].key in AMOUNT_VERBS:
        words = words[:-1]    # 'could grow to 15,000'
    if not words or words[-1].key not in AMOUNT_VERBS:
        return []
    opening = max((i + 1 for i, w in enumerate(words[:-1]) if not w.is_word or w.key in _CLAUSE_OPENERS), default=0)
    clause = words[opening:]
    while clause and clause[0].key in ("and", "but", "or", "then", "now"):
        clause = clause[1:]
    if clause and (clause[0].key in PROJECTION_WORDS or clause[0].key in AMOUNT_VERBS):
        clause = words    # 'The convoy, now 6,000 strong, could grow to': the sentence's subject
    while clause and clause[0].key in STOP_WORDS:
        clause = clause[1:]
    return _noun_run(clause)


_CLAUSE_OPENERS = frozenset("said says told that estimated warned added reported".split())


def _counted_before_at(text: str, sentence_start: int, start: int) -> list[_Word]:
    """'putting the damage at $250 million' -> [damage]."""
    words = _words(text, sentence_start, start)
    if len(words) >= 2 and words[-1].key == "at" and words[-2].is_word and words[-2].key not in STOP_WORDS \
            and not words[-2].key.endswith(("ed", "ing")):
        return [words[-2]]
    return []


def _counts(text: str, start: int, end: int) -> tuple[str | None, frozenset[str]]:
    """What the figure at text[start:end] counts, as written and as matching keys."""
    s_start, s_end = _sentence_of(text, start)
    after = _counted_after(text, end, s_end)
    before = _counted_before_of(text, s_start, start)
    phrase = after or before or _counted_before_at(text, s_start, start) or _counted_subject(text, s_start, start)
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
    named = next((str(m.entity) for m in people if m.end == len(before)), None)
    if named:
        return named
    value = parse_number(text[start:end])
    if value is None or not 0 < value < MAX_AGE or value != int(value):
        return None
    noun = re.search(r"(?:\b(?:his|her|their|the|a|an)\s+)?([a-z]+)$", before)
    if noun and denotes_people(noun.group(1)):
        return noun.group(0)    # "his mother, 34,"
    name = re.search(r"(?:[A-Z][\w'\u2019-]+\s){0,3}[A-Z][\w'\u2019-]+$", before)
    return name.group(0) if name else None    # "Lena Park, 41," (a name the recogniser typed otherwise)


MAX_AGE = 120


# --- figures of an article ------------------------------------------------------------------------


def read_figure(article: str, passage: int, text: str, mention: Mention, people: Sequence[Mention] = ()) -> Figure:
    """One figure mention read in its passage; `people` are the passage's person mentions."""
    amount = read_amount(mention.text)
    kind, unit = amount.kind, amount.unit
    person = _age_of(text, mention.start, mention.end, people) if kind == "count" else None
    if person or kind == "age":
        counted = person or _nearest_person(people, mention.start)
        counts = f"age of {counted}" if counted else "age"
        keys = frozenset({f"age of {fold(counted)}" if counted else "age"})
        kind, unit = "age", "years"
    else:
        counted, keys = _counts(text, mention.start, mention.end)
        counts = counted or ""
    figure = _figure(article, passage, mention, amount, kind, unit, counts or None, keys, _rate(text, mention.end))
    return _as_quantity(figure, text)


def _figure(article: str, passage: int, mention: Mention, amount: Amount, kind: str, unit: str | None,
            counts: str | None, keys: frozenset[str], rate: str | None) -> Figure:
    return Figure(article, passage, mention.start, mention.end, mention.text, kind, amount.value, unit,
                  amount.qualifier, rate, counts, keys, low=amount.value, high=amount.value)


def _as_quantity(figure: Figure, text: str) -> Figure:
    """The figure with what it counts, what happened, its aspect and whether it is a story figure."""
    thing = _thing(figure.counts, figure.keys) if figure.kind != "age" else None
    if figure.kind == "measure" and (thing is None or thing in MEASURE_HEADS):
        thing = figure.unit
    event = _event(text, figure.start, figure.end)
    aspect = PROJECTION if _is_projection(text, figure.start) else REPORTED
    story = _is_story_figure(figure, thing, event)
    return replace(figure, thing=thing, event=event, aspect=aspect, story=story)


def _thing(counts: str | None, keys: frozenset[str]) -> str | None:
    """The head of what is counted, one key for all words for people: '9,000 residents' -> 'people'."""
    if not counts:
        return None
    words = counts.split()
    first = fold(words[0])
    if len(words) > 1 and first in GENERIC_HEADS:
        word = words[1]    # 'number crossing the border' counts crossings
    elif len(words) > 1 and (lemma(first) != first or first in PEOPLE_WORDS):
        word = words[0]    # 'families homeless': a plural noun heads the phrase
    else:
        word = words[-1]
    head = lemma(word)
    if head in PEOPLE_WORDS or fold(word) in PEOPLE_WORDS or denotes_people(head):
        return "people"
    return head


def _clause_words(text: str, start: int, end: int, forward: bool) -> list[str]:
    """Up to EVENT_WINDOW folded words from `start` (forward) or before `end` (backward), within the clause."""
    s_start, s_end = _sentence_of(text, start if forward else max(0, end - 1))
    piece = text[start:s_end] if forward else text[s_start:end]
    clauses = re.split(r"[,;:()\u2014]", piece)
    clause = clauses[0] if forward else clauses[-1]
    words = [fold(w) for w in re.findall(r"[A-Za-z]+(?:'[a-z]+)?", clause)]
    return words[:EVENT_WINDOW] if forward else words[-EVENT_WINDOW:]


def _event(text: str, start: int, end: int) -> str | None:
    """The news event a figure counts: the first event word after it in its clause, else the last before it."""
    after = next((_EVENT_OF[w] for w in _clause_words(text, end, end, True) if w in _EVENT_OF), None)
    if after:
        return after
    before = [_EVENT_OF[w] for w in _clause_words(text, start, start, False) if w in _EVENT_OF]
    return before[-1] if before else None


def _is_projection(text: str, start: int) -> bool:
    return any(w in PROJECTION_WORDS for w in _clause_words(text, start, start, False))


def _is_story_figure(figure: Figure, thing: str | None, event: str | None) -> bool:
    if figure.kind == "age":
        return False
    if figure.kind == "count" and figure.value is not None:
        if _is_year(figure) or (thing in TIME_UNITS):
            return False
        if figure.value < MIN_STORY_COUNT and event not in CASUALTY_EVENTS:
            return False
    return True


def _is_year(figure: Figure) -> bool:
    digits = figure.text.strip()
    return digits.isdigit() and len(digits) == 4 and YEARS[0] <= int(digits) <= YEARS[1]


def _nearest_person(people: Sequence[Mention], offset: int) -> str | None:
    if not people:
        return None
    return str(min(people, key=lambda m: abs(m.start - offset)).entity)


def read_weekday(article: str, passage: int, mention: Mention) -> Figure | None:
    """A date mention naming a weekday ('on Tuesday', 'Friday night') as a comparable figure."""
    day = next((d for d in WEEKDAYS if d.casefold() in mention.text.casefold()), None)
    if day is None:
        return None
    return Figure(article, passage, mention.start, mention.end, mention.text, "weekday", None, day,
                  counts="day of the event", keys=frozenset({"weekday"}))


def article_figures(article: Article, entities: EntityIndex) -> list[Figure]:
    """Every figure and weekday of one article, in reading order (a range read as one figure)."""
    found: list[Figure] = []
    for passage in article.passages:
        mentions = entities.mentions_in(article.id, passage.index)
        people = [m for m in mentions if m.type == "person"]
        figures: list[Figure] = []
        for mention in mentions:
            if mention.type == "figure":
                figures.append(read_figure(article.id, passage.index, passage.text, mention, people))
            elif mention.type == "date":
                weekday = read_weekday(article.id, passage.index, mention)
                if weekday:
                    figures.append(weekday)
        found.extend(_ranges(figures, passage.text))
    return found


_RANGE_JOIN = re.compile(r"^\s*(?:and|to|-|\u2013)\s*$")
_RANGE_OPEN = re.compile(r"\b(?:between|from)\s+$", re.I)


def _ranges(figures: list[Figure], text: str) -> list[Figure]:
    """'between 6,000 and 10,000', 'from 6,000 to 10,000', '6,000-10,000': one figure with a low and a high."""
    merged: list[Figure] = []
    for figure in figures:
        previous = merged[-1] if merged else None
        if previous is not None and _joins_range(previous, figure, text):
            merged[-1] = replace(figure, start=previous.start, text=text[previous.start:figure.end],
                                 value=previous.value, low=previous.value, high=figure.value,
                                 qualifier=previous.qualifier or figure.qualifier)
        else:
            merged.append(figure)
    return merged


def _joins_range(low: Figure, high: Figure, text: str) -> bool:
    if low.value is None or high.value is None or low.kind not in ("count", high.kind) or low.value >= high.value:
        return False
    between = text[low.end:high.start]
    if not _RANGE_JOIN.match(between):
        return False
    return bool(_RANGE_OPEN.search(text[:low.start])) or between.strip() in ("-", "\u2013", "to")


# --- comparing across a story ---------------------------------------------------------------------


@dataclass
class _Verdict:
    shared: list[tuple[str, int]] = field(default_factory=list)
    conflicts: list[tuple[str, int, str]] = field(default_factory=list)


def _bounds(figure: Figure) -> tuple[float, float] | None:
    if figure.low is None or figure.high is None:
        return None
    return figure.low, figure.high


def agree(x: Figure, y: Figure) -> bool:
    """Two values of one quantity agree: equal, or ranges that overlap (written-out words compare by text)."""
    a, b = _bounds(x), _bounds(y)
    if a is None or b is None:
        return x.match_key == y.match_key
    tolerance = 1e-6 * max(abs(a[1]), abs(b[1]), 1.0)
    return a[0] <= b[1] + tolerance and b[0] <= a[1] + tolerance


def ratio(x: Figure, y: Figure) -> float | None:
    """How many times the larger value is the smaller (ranges by their middle), or None."""
    a, b = _bounds(x), _bounds(y)
    if a is None or b is None:
        return None
    low, high = sorted((abs(sum(a)) / 2, abs(sum(b)) / 2))
    return round(high / low, 3) if low else None


def same_quantity(x: Figure, y: Figure) -> bool:
    """Whether two story figures are values of the same quantity (see the module docstring)."""
    if not (x.story and y.story) or x.kind == "weekday" or y.kind == "weekday":
        return False
    if (x.kind, x.unit, x.rate, x.aspect) != (y.kind, y.unit, y.rate, y.aspect):
        return False
    return x.thing is not None and x.thing == y.thing and x.event == y.event


def _close(x: Figure, y: Figure) -> bool:
    found = ratio(x, y)
    return x.kind == y.kind and x.unit == y.unit and x.rate == y.rate and found is not None and \
        found <= CONFLICT_RATIO


def _compare_aligned(figure: Figure, others: list[Figure], verdict: _Verdict) -> bool:
    """Compare with the figures of an aligned passage; True when something matched."""
    mates = [o for o in others if o.kind == figure.kind and o.story == figure.story and o.aspect == figure.aspect
             and o.rate == figure.rate]
    same = [o for o in mates if agree(o, figure) and (o.thing == figure.thing or not (o.thing and figure.thing))]
    if same:
        verdict.shared.extend((o.article, o.passage) for o in same)
        return True
    differing = [o for o in mates if not agree(o, figure)]   # equal values of different things never conflict
    rivals = [o for o in differing if (figure.keys & o.keys or same_quantity(figure, o)) and _events_fit(figure, o)]
    if not rivals and figure.kind == "weekday":
        rivals = differing
    if not rivals and len(mates) == 1 and differing and _close(figure, mates[0]) and _events_fit(figure, mates[0]):
        rivals = differing
    verdict.conflicts.extend((o.article, o.passage, o.text) for o in rivals)
    return bool(rivals)


def _events_fit(x: Figure, y: Figure) -> bool:
    return x.event is None or y.event is None or x.event == y.event


def _compare_elsewhere(figure: Figure, others: list[Figure], verdict: _Verdict) -> None:
    for other in others:
        if not same_quantity(figure, other):
            continue
        if agree(figure, other):
            verdict.shared.append((other.article, other.passage))
        elif figure.event is not None or figure.thing != "people" or _close(figure, other):
            verdict.conflicts.append((other.article, other.passage, other.text))


def _verdict(figure: Figure, by_passage: dict[tuple[str, int], list[Figure]], alignment: Alignment,
             article_ids: Iterable[str]) -> _Verdict:
    verdict = _Verdict()
    if not figure.story:
        return verdict
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
    found = []
    for members in members_by_story(articles, analysis.story_of).values():
        figures = [f for article in members for f in article_figures(article, analysis.entities)]
        found.extend(compare_figures(figures, analysis.alignment, [a.id for a in members]))
    return found


def figures_in(figures: Iterable[Figure], article_id: str, passage: int) -> list[Figure]:
    return [f for f in figures if f.article == article_id and f.passage == passage]
