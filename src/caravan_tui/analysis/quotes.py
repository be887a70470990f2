"""Voices: who is quoted, directly or in reported speech, and which other outlets carry the same words.

    quotes = story_quotes(analysis, articles)      # every quote of every article, with carriers
    quotes_in(quotes, article_id, passage)

Direct quotes are the stretches between double quote marks (straight or
curly, mixed pairs allowed). Their speaker comes from the words next to them,
general patterns only:

* after the quote: ``"...," said X`` / ``"...," X said`` / ``"...," he said`` /
  ``"...," according to (a statement from) X``;
* before the quote: ``X said: "..."`` / ``X, a ..., said "..."``;
* a second quote in the same passage with no cue of its own, or a passage
  that is just a quote following a passage that quoted X: X again;
* a pronoun ("he said", "she added") is the last named speaker of the article
  (within ``PRONOUN_REACH`` passages), else the last person named before it.

Reported speech is a sentence with no quote marks where a reporting verb has a
named subject: ``X said ...``, ``X, a ..., said ...``, ``X ... , saying ...``,
``... , according to X``. Speakers are entities of the EntityIndex (people
and organisations), so every form of a name ("Jane Roe", "Roe") is one speaker.

A quote is *carried* by another article when that article has a quote whose
folded words match (rapidfuzz ratio or, for a quote cut short, partial ratio
at least ``MIN_QUOTE_MATCH``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

from caravan_tui.analysis.sentences import sentence_spans
from caravan_tui.analysis.stories import members_by_story
from caravan_tui.analysis.text import fold
from caravan_tui.corpus.model import Article

if TYPE_CHECKING:
    from caravan_tui.analysis.entities import EntityIndex, Mention
    from caravan_tui.analysis.pipeline import CorpusAnalysis

#: (speaker, cue, start, end) of a reported-speech quote found in a sentence.
_Reported = tuple[str, str, int, int]

DIRECT, REPORTED = "direct", "reported"
MIN_QUOTE_MATCH = 85.0
MIN_PARTIAL_CHARS = 30
MIN_UNATTRIBUTED_WORDS = 5
PRONOUN_REACH = 3
SPEAKER_TYPES = ("person", "organization")

VERBS = frozenset("""
said says say told tells added adds asked asks explained explains noted notes stated states wrote writes argued
argues warned warns claimed claims insisted insists recalled recalls replied replies continued continues
acknowledged acknowledges admitted admits announced announces declared declares commented comments urged urges
stressed stresses emphasised emphasized cautioned suggested suggests complained complains lamented laments
tweeted posted saying adding telling explaining noting warning arguing insisting claiming stating
""".split())
PRONOUNS = frozenset("he she".split())
_OPEN_MARKS = "\"\u201c\u201e"
_CLOSE_MARKS = "\"\u201d"
_VERB = r"(?:" + "|".join(sorted(VERBS, key=len, reverse=True)) + r")"
_AFTER_VERB_FIRST = re.compile(rf"^[\s,.;:!?\u2014-]*(?P<verb>{_VERB})\b\s*", re.I)
_AFTER_PRONOUN = re.compile(rf"^[\s,.;:!?\u2014-]*(?P<pronoun>he|she)\s+(?P<verb>{_VERB})\b", re.I)
_AFTER_ACCORDING = re.compile(r"^[\s,.;:!?\u2014-]*according to\b", re.I)
_BEFORE_VERB = re.compile(rf"(?P<verb>{_VERB})\s*[,:]?\s*$", re.I)
_PRONOUN_BEFORE = re.compile(r"\b(?P<pronoun>he|she)\s*$", re.I)
_APPOSITION = re.compile(r"^\s*(?:,[^,.;:\"\u201c\u201d]{1,80},)?\s*$")
_SAYING = re.compile(r",\s*(?:saying|adding|telling)\b", re.I)
_ACCORDING = re.compile(r",?\s*according to\b", re.I)
_REPORTED_VERB = re.compile(rf"\b(?P<verb>{_VERB})\b(?:\s+that\b)?\s*", re.I)
_LEADING_ROLE_WORDS = 6


@dataclass(frozen=True)
class Quote:
    """A quoted or reported statement and who said it."""

    article: str
    passage: int
    start: int            # span of the quoted words (without the quote marks) in the passage text
    end: int
    text: str
    kind: str             # direct | reported
    speaker: str | None   # canonical entity name
    cue: str              # how the speaker was found: said-x, x-said, pronoun, according-to, continued...
    carried_by: tuple[tuple[str, int], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "passage": self.passage, "start": self.start, "end": self.end,
                "text": self.text, "kind": self.kind, "speaker": self.speaker, "cue": self.cue,
                "carried_by": [{"article": a, "passage": p} for a, p in self.carried_by]}


# --- finding quotes --------------------------------------------------------------------------------


def _is_opening(text: str, i: int) -> bool:
    char = text[i]
    if char in "\u201c\u201e":
        return True
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return char == '"' and (before.isspace() or before in "([\u2014-") and not after.isspace()


def _is_closing(text: str, i: int) -> bool:
    return text[i] in _CLOSE_MARKS and i > 0 and not text[i - 1].isspace()


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the words inside each pair of double quote marks; an unclosed quote runs to the end."""
    spans, opened = [], None
    for i, char in enumerate(text):
        if opened is None and char in _OPEN_MARKS + _CLOSE_MARKS and _is_opening(text, i):
            opened = i + 1
        elif opened is not None and char in _CLOSE_MARKS and _is_closing(text, i):
            spans.append((opened, i))
            opened = None
    if opened is not None and len(text) - opened > 1:
        spans.append((opened, len(text)))
    return spans


# --- speakers --------------------------------------------------------------------------------------


def _speakers(mentions: Sequence[Mention]) -> list[Mention]:
    return [m for m in mentions if m.type in SPEAKER_TYPES]


def _sentence_bounds(text: str, offset: int) -> tuple[int, int]:
    for start, end in sentence_spans(text):
        if start <= offset < end:
            return start, end
    return 0, len(text)


def _first_speaker_after(mentions: Sequence[Mention], start: int, end: int) -> Mention | None:
    """The first named speaker in text[start:end], people before organisations of the same phrase."""
    inside = [m for m in mentions if start <= m.start < end]
    people = [m for m in inside if m.type == "person"]
    candidates = people or inside
    return candidates[0] if candidates else None


def _subject_before(text: str, mentions: Sequence[Mention], verb_start: int, lower: int) -> Mention | None:
    """The speaker whose name ends right before a verb, allowing an apposition (", a ..., said")."""
    for mention in sorted(mentions, key=lambda m: -m.end):
        if lower <= mention.start and mention.end <= verb_start and _APPOSITION.match(text[mention.end:verb_start]):
            return mention
    return None


class _Context:
    """What the speaker rules need: the passage, its named speakers, and the article's last speaker."""

    def __init__(self, text: str, mentions: Sequence[Mention], memory: _Memory) -> None:
        self.text = text
        self.speakers = _speakers(mentions)
        self.people = [m for m in mentions if m.type == "person"]
        self.memory = memory

    def pronoun(self, offset: int) -> str | None:
        named = [m for m in self.people if m.end <= offset]
        return self.memory.recent() or (named[-1].entity if named else None)


@dataclass
class _Memory:
    """The last named speaker of an article, and the passage it was named in."""

    speaker: str | None = None
    passage: int = -1
    current: int = 0

    def remember(self, speaker: str | None) -> None:
        if speaker:
            self.speaker, self.passage = speaker, self.current

    def recent(self) -> str | None:
        return self.speaker if self.current - self.passage <= PRONOUN_REACH else None


def _attribute_after(ctx: _Context, close: int, limit: int) -> tuple[str | None, str]:
    after = ctx.text[close:limit]
    pronoun = _AFTER_PRONOUN.match(after)
    if pronoun:
        return ctx.pronoun(close), "pronoun"
    if _AFTER_ACCORDING.match(after):
        found = _first_speaker_after(ctx.speakers, close, limit)
        return (found.entity, "according-to") if found else (None, "")
    verb_first = _AFTER_VERB_FIRST.match(after)
    if verb_first:
        rest = after[verb_first.end():]
        if re.match(r"(?:he|she)\b", rest, re.I):
            return ctx.pronoun(close), "pronoun"
        window = close + verb_first.end() + _role_words_length(rest)
        found = _first_speaker_after(ctx.speakers, close + verb_first.end(), window + 1)
        return (found.entity, "said-x") if found else (None, "")
    return _name_then_verb(ctx, close, after)


def _role_words_length(rest: str) -> int:
    """How far a name may start after "said": past a few title or role words ("said agency spokesman")."""
    words = re.match(rf"(?:\S+\s+){{0,{_LEADING_ROLE_WORDS}}}\S+", rest)
    return len(words.group()) if words else 0


def _name_then_verb(ctx: _Context, close: int, after: str) -> tuple[str | None, str]:
    """'"...," Jane Roe, a teacher, said.'"""
    lead = len(after) - len(after.lstrip(" ,.;:!?\u2014-"))
    for mention in ctx.speakers:
        if mention.start == close + lead:
            rest = ctx.text[mention.end:close + len(after)]
            apposition = re.match(r"^(?:,[^,.;:]{1,80},)?\s*", rest)
            if re.match(rf"{_VERB}\b", rest[apposition.end() if apposition else 0:], re.I):
                return mention.entity, "x-said"
    return None, ""


def _attribute_before(ctx: _Context, sentence_start: int, opening: int) -> tuple[str | None, str]:
    before = ctx.text[sentence_start:opening]
    verb = _BEFORE_VERB.search(before)
    if not verb:
        return None, ""
    verb_start = sentence_start + verb.start()
    if _PRONOUN_BEFORE.search(ctx.text[sentence_start:verb_start].rstrip()):
        return ctx.pronoun(opening), "pronoun"
    found = _subject_before(ctx.text, ctx.speakers, verb_start, sentence_start)
    return (found.entity, "x-said") if found else (None, "")


# --- direct quotes of a passage --------------------------------------------------------------------


def _direct_quotes(article: str, passage: int, ctx: _Context, follows_quote: bool) -> list[Quote]:
    found: list[Quote] = []
    spans = quote_spans(ctx.text)
    for position, (start, end) in enumerate(spans):
        s_start, s_end = _sentence_bounds(ctx.text, max(start - 1, 0))
        s_end = max(s_end, _sentence_bounds(ctx.text, min(end, len(ctx.text) - 1))[1])
        next_open = spans[position + 1][0] - 1 if position + 1 < len(spans) else len(ctx.text)
        speaker, cue = _attribute_after(ctx, min(end + 1, len(ctx.text)), min(s_end, next_open))
        if not speaker:
            previous_end = spans[position - 1][1] + 1 if position else s_start
            speaker, cue = _attribute_before(ctx, max(s_start, previous_end), start - 1)
        if not speaker:
            speaker, cue = _follow_on(ctx, found, start, follows_quote)
        if speaker or len(ctx.text[start:end].split()) >= MIN_UNATTRIBUTED_WORDS:
            found.append(Quote(article, passage, start, end, ctx.text[start:end].strip().rstrip(","), DIRECT,
                               speaker, cue))
            ctx.memory.remember(speaker)
    return found


def _follow_on(ctx: _Context, earlier: list[Quote], start: int, follows_quote: bool) -> tuple[str | None, str]:
    """A quote with no cue: the speaker of the quote before it in the passage, or of the passage before."""
    if earlier and earlier[-1].speaker:
        return earlier[-1].speaker, "continued"
    if follows_quote and not ctx.text[:start - 1].strip() and ctx.memory.recent():
        return ctx.memory.speaker, "follow-on"
    return None, ""


# --- reported speech -------------------------------------------------------------------------------


def _reported(article: str, passage: int, ctx: _Context, quoted: list[tuple[int, int]]) -> list[Quote]:
    found = []
    for s_start, s_end in sentence_spans(ctx.text):
        if any(s_start <= start <= s_end for start, _ in quoted):
            continue
        quote = _reported_in_sentence(ctx, s_start, s_end)
        if quote:
            speaker, cue, start, end = quote
            found.append(Quote(article, passage, start, end, ctx.text[start:end].strip(" ,."), REPORTED,
                               speaker, cue))
            ctx.memory.remember(speaker)
    return found


def _reported_in_sentence(ctx: _Context, s_start: int, s_end: int) -> _Reported | None:
    sentence = ctx.text[s_start:s_end]
    according = _ACCORDING.search(sentence)
    if according:
        found = _first_speaker_after(ctx.speakers, s_start + according.end(), s_end)
        if found:
            return found.entity, "according-to", s_start, s_start + according.start()
    saying = _SAYING.search(sentence)
    if saying:
        found = _subject_before(ctx.text, ctx.speakers, s_start + saying.start(), s_start) or \
            _clause_subject(ctx, s_start, s_start + saying.start())
        if found:
            return found.entity, "saying", s_start + saying.end(), s_end
    for verb in _REPORTED_VERB.finditer(sentence):
        verb_start = s_start + verb.start()
        found = _subject_before(ctx.text, ctx.speakers, verb_start, s_start)
        if found:
            return found.entity, "x-said", s_start + verb.end(), s_end
        if re.search(r"\b(?:he|she)\s*$", sentence[:verb.start()], re.I):
            speaker = ctx.pronoun(verb_start)
            if speaker:
                return speaker, "pronoun", s_start + verb.end(), s_end
    return None


def _clause_subject(ctx: _Context, s_start: int, comma: int) -> Mention | None:
    """'Activist Jane Roe criticised the plan, saying ...': a speaker with no other comma before ', saying'."""
    if "," in ctx.text[s_start:comma]:
        return None
    candidates = [m for m in ctx.speakers if s_start <= m.start and m.end <= comma]
    return candidates[0] if candidates else None


# --- articles and stories --------------------------------------------------------------------------


def article_quotes(article: Article, entities: EntityIndex) -> list[Quote]:
    """Every quote of one article, in reading order, with its speaker where one is named."""
    memory, previous_had_quote = _Memory(), False
    found: list[Quote] = []
    for passage in article.passages:
        memory.current = passage.index
        ctx = _Context(passage.text, entities.mentions_in(article.id, passage.index), memory)
        direct = _direct_quotes(article.id, passage.index, ctx, previous_had_quote)
        reported = _reported(article.id, passage.index, ctx, [(q.start, q.end) for q in direct])
        found.extend(sorted(direct + reported, key=lambda q: q.start))
        previous_had_quote = bool(direct) or any(q.speaker for q in reported)
    return found


def same_words(a: str, b: str) -> bool:
    """Whether two quotes say the same thing (folded; one may be cut short)."""
    x, y = fold(a), fold(b)
    if fuzz.ratio(x, y) >= MIN_QUOTE_MATCH:
        return True
    return min(len(x), len(y)) >= MIN_PARTIAL_CHARS and fuzz.partial_ratio(x, y) >= MIN_QUOTE_MATCH + 5


def _with_carriers(quotes: list[Quote]) -> list[Quote]:
    result = []
    for quote in quotes:
        carriers = [(o.article, o.passage) for o in quotes
                    if o.article != quote.article and same_words(quote.text, o.text)]
        result.append(replace(quote, carried_by=tuple(dict.fromkeys(carriers))))
    return result


def story_quotes(analysis: CorpusAnalysis, articles: Sequence[Article]) -> list[Quote]:
    """Every quote of every article, with the other articles of its story that carry it."""
    found: list[Quote] = []
    for members in members_by_story(articles, analysis.story_of).values():
        found.extend(_with_carriers([q for a in members for q in article_quotes(a, analysis.entities)]))
    return found


def quotes_in(quotes: Iterable[Quote], article_id: str, passage: int) -> list[Quote]:
    return [q for q in quotes if q.article == article_id and q.passage == passage]


def speakers_by_article(quotes: Iterable[Quote]) -> dict[str, dict[str, int]]:
    """Article id -> speaker -> number of quotes, most quoted first."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for quote in quotes:
        if quote.speaker:
            counts[quote.article][quote.speaker] += 1
    return {a: dict(sorted(c.items(), key=lambda item: -item[1])) for a, c in counts.items()}
