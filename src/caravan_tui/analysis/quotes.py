"""Voices: who is quoted, directly or in reported speech, and which other outlets carry the same words.

    quotes = story_quotes(analysis, articles)      # every quote of every article, with carriers
    quotes_in(quotes, article_id, passage)

Direct quotes are the stretches between double quote marks (straight, curly,
or two apostrophes closing ``''``). Reported speech is a sentence without
quote marks whose clause is introduced by a reporting verb with a speaker.
The speaker comes from the grammar of attribution, general patterns only:

* ``"...," said X`` / ``"...," X said`` / ``"...," he vowed`` — after the quote;
* ``X said: "..."`` / ``X told Reuters: "..."`` / ``X ... and said the plan would "..."`` — before it;
* ``X said (that) ...`` / ``X, who ..., has warned that ...`` / ``X told the paper ...``;
* ``..., X said.`` / ``..., according to X.`` / ``..., according to X, and ...``;
* ``X criticised the plan, saying ...``;
* a quote with no cue of its own is the previous quote's speaker ("continued"),
  and a passage that is only a quote follows the last speaker ("follow-on");
* "he"/"she" is the last person named before it in the passage, else the
  article's last quoted person (within ``PRONOUN_REACH`` passages).

X is a person, an organisation, a government (a country or place: "Mexico
says ...") or a group ("officials", "the two leaders", "the county
assessor"). Names are resolved to the story's canonical entity across their
variants ("Villagrán", "Mr Blinken", "FEMA") by `entities.names`. An outlet
of the story, a news agency, the audience of "told" ("told Reuters") and a
dateline or credit line are never speakers.

A quote is *carried* by another article when that article has a quote whose
folded words match (rapidfuzz ratio or, for a quote cut short, partial ratio
at least ``MIN_QUOTE_MATCH``); when the carriers credit it to someone else,
`other_speakers` says so.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

from caravan_tui.analysis.differences import DATELINE, denotes_people
from caravan_tui.analysis.entities.lexicons import ROLE_NOUNS, TITLES, key
from caravan_tui.analysis.entities.names import NameResolver, bare_person_key, resolver_for
from caravan_tui.analysis.sentences import sentence_spans
from caravan_tui.analysis.stories import members_by_story
from caravan_tui.analysis.text import fold

if TYPE_CHECKING:
    from caravan_tui.analysis.entities import EntityIndex
    from caravan_tui.analysis.entities.base import Mention
    from caravan_tui.analysis.pipeline import CorpusAnalysis
    from caravan_tui.corpus.model import Article

DIRECT, REPORTED = "direct", "reported"
PERSON, ORGANIZATION, PLACE, GROUP = "person", "organization", "place", "group"
MIN_QUOTE_MATCH = 85.0
MIN_PARTIAL_CHARS = 30
MIN_UNATTRIBUTED_WORDS = 5
MIN_REPORTED_WORDS = 3
PRONOUN_REACH = 3
MAX_SUBJECT_WORDS = 7
MAX_APPOSITION_WORDS = 22
MAX_AUDIENCE_WORDS = 5
#: How far (characters) the attribution rules read from a verb: a run-on passage must not make them quadratic.
WINDOW = 400

#: Verbs that introduce what someone said, in direct or reported speech.
SAY_VERBS = frozenset("""
said says say told tells tell added adds stated states noted notes explained explains warned warns warn claimed
claims claim insisted insists argued argues estimated estimates estimate vowed vows pledged pledges promised
promises predicted predicts acknowledged acknowledges admitted admits confirmed confirms conceded concedes
stressed stresses emphasised emphasized cautioned suggested suggests complained complains lamented laments
recalled recalls replied replies reported reports alleged alleges maintained maintains contended contends
believes believed hoped hopes fears feared urged urges continued asked asks wrote writes tweeted posted
announced announces declared declares revealed reveals
""".split())
#: Of those, the ones that take an object as often as a clause: reported speech only with "that".
THAT_VERBS = frozenset("""
announced announces declared declares revealed reveals wrote writes tweeted posted reported reports urged urges
asked asks continued confirmed confirms stressed stresses recalled recalls
""".split())
CLAUSE_VERBS = frozenset("saying adding telling warning arguing insisting claiming noting explaining".split())
PRONOUNS = frozenset("he she".split())
#: Words between a subject and its verb ("has warned", "also said", "later told").
AUXILIARIES = frozenset("""
has have had also later previously again repeatedly earlier then would will had already once has long
""".split())
#: Heads of a noun phrase that can speak as a body ("the ministry said", "authorities said").
SPEAKING_BODIES = frozenset("""
authorities authority office department ministry agency government company firm police county city state
council court committee commission service army corps union group organization organisation bureau
administration house cross embassy military team board party campaign statement spokesperson spokesman
spokeswoman prosecutors prosecutor coalition alliance parliament senate congress cabinet secretariat
institute university hospital school airline operator utility regulator watchdog bank fund network
channel newspaper commission tribunal monitor observatory
""".split())
#: Words that end a subject phrase when walking back from its verb.
SUBJECT_STOPS = frozenset("""
that which who whom whose when where while after before because since although though if as but so than then
with without to for from by of in on at into about over under during through said says told is are was were
be been being do does did not no it its this these those there here what how why whether like including
""".split()) - {"of"}
NEWS_AGENCIES = frozenset(key(n.removeprefix("The ")) for n in (
    "Reuters", "Associated Press", "The Associated Press", "AP", "AFP", "Agence France-Presse", "Bloomberg",
    "Xinhua", "TASS", "Interfax", "EFE", "ANSA", "dpa", "Kyodo", "Yonhap", "UPI", "PA", "PA Media", "CNN", "BBC",
    "NPR", "Al Jazeera", "Anadolu", "Anadolu Agency"))

_OPEN_MARKS = "\"\u201c\u201e"
_CLOSE_MARKS = "\"\u201d"
_WORD = re.compile(r"[A-Za-z\u00C0-\u024F][\w\u00C0-\u024F.'\u2019-]*|\d[\d,.]*")
#: The audience of "told": 'told Reuters', 'told the paper', 'told reporters', 'told a news agency that'.
_AUDIENCE = re.compile(r"\s*((?:the\s+)?(?:[A-Z][\w.'\u2019-]*\s*|news agency\s*|reporters\s*|journalists\s*|"
                       r"lawmakers\s*|[a-z]+\s+(?=that\b))){1," + str(MAX_AUDIENCE_WORDS) + "}")
_CLAUSE_VERB = re.compile(r",\s*(?:" + "|".join(sorted(CLAUSE_VERBS)) + r")\b\s*(?:that\s+)?")
_ABBREVIATED = re.compile(r"(?:[A-Za-z]\.){1,3}|[A-Z][a-z]{0,3}\.")
_TIME_WORDS = frozenset("""
on monday tuesday wednesday thursday friday saturday sunday today yesterday tonight last week earlier later
in a an the statement interview news conference briefing late early this morning evening afternoon night
""".split())


@dataclass(frozen=True)
class Quote:
    """A quoted or reported statement and who said it."""

    article: str
    passage: int
    start: int            # span of the quoted words (without the quote marks) in the passage text
    end: int
    text: str
    kind: str             # direct | reported
    speaker: str | None   # canonical speaker: an entity name, or a group ("officials")
    cue: str              # how the speaker was found: said-x, x-said, pronoun, according-to, continued...
    carried_by: tuple[tuple[str, int], ...] = ()
    speaker_kind: str | None = None                 # person | organization | place | group
    other_speakers: tuple[str, ...] = ()            # who the carrying outlets credit it to, when someone else

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "passage": self.passage, "start": self.start, "end": self.end,
                "text": self.text, "kind": self.kind, "speaker": self.speaker, "speaker_kind": self.speaker_kind,
                "cue": self.cue, "other_speakers": list(self.other_speakers),
                "carried_by": [{"article": a, "passage": p} for a, p in self.carried_by]}


# --- finding quote marks ---------------------------------------------------------------------------


def _is_opening(text: str, i: int) -> bool:
    char = text[i]
    if char in "\u201c\u201e":
        return True
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return char == '"' and (before.isspace() or before in "([\u2014-") and not after.isspace()


def _closing_length(text: str, i: int) -> int:
    """1 for a closing double mark at i, 2 for a closing pair of apostrophes (``''``), else 0."""
    if i == 0 or i >= len(text) or text[i - 1].isspace():
        return 0
    if text[i] in _CLOSE_MARKS:
        return 1
    return 2 if text.startswith("''", i) else 0


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the words inside each pair of double quote marks; an unclosed quote runs to the end."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    i = 0
    while i < len(text):
        if opened is None and text[i] in _OPEN_MARKS + _CLOSE_MARKS and _is_opening(text, i):
            opened = i + 1
        elif opened is not None and _closing_length(text, i):
            spans.append((opened, i))
            i += _closing_length(text, i)
            opened = None
            continue
        i += 1
    if opened is not None and len(text) - opened > 1:
        spans.append((opened, len(text)))
    return spans


def _quote_end(text: str, end: int) -> int:
    """The offset just past the closing mark(s) of a quote ending at `end`."""
    return min(len(text), end + (_closing_length(text, end) or 1))


# --- sentences -------------------------------------------------------------------------------------


def _sentences(text: str, quotes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans, joined where a quote runs across a sentence end ("It fell. We ran," she said.)."""
    merged: list[tuple[int, int]] = []
    for start, end in sentence_spans(text) or [(0, len(text))]:
        inside = any(q_start < start < q_end + 1 for q_start, q_end in quotes)
        if merged and inside:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _masked(text: str, quotes: list[tuple[int, int]]) -> str:
    """The passage with the quoted words blanked (same length), so attribution rules never read inside quotes."""
    chars = list(text)
    for start, end in quotes:
        chars[start:end] = "\u2591" * (end - start)
    return "".join(chars)


# --- speakers --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Speaker:
    name: str
    kind: str


@dataclass
class _Memory:
    """The article's last quoted person, and the passage it was named in."""

    person: str | None = None
    passage: int = -1
    current: int = 0
    named: str | None = None       # the last person named in the article, quoted or not
    named_passage: int = -1

    def remember(self, speaker: Speaker | None) -> None:
        if speaker and speaker.kind == PERSON:
            self.person, self.passage = speaker.name, self.current

    def recent(self) -> str | None:
        if self.current - self.passage <= PRONOUN_REACH and self.person:
            return self.person
        return self.named if self.current - self.named_passage <= PRONOUN_REACH else None

    def saw(self, person: str | None) -> None:
        if person:
            self.named, self.named_passage = person, self.current


@dataclass
class _Story:
    """What the rules need beyond a passage: the story's names and outlets."""

    resolver: NameResolver = field(default_factory=NameResolver)
    outlets: frozenset[str] = frozenset()

    def is_outlet(self, text: str) -> bool:
        folded = outlet_key(text)
        return folded in self.outlets or folded in NEWS_AGENCIES or folded.endswith(" news agency")


def outlet_key(name: str) -> str:
    """'The Gazette' and 'Gazette' meet on one key."""
    return key(re.sub(r"^the\s+", "", name.strip(), flags=re.I))


class _Passage:
    """One passage with its entity mentions, as the attribution rules see it."""

    def __init__(self, text: str, mentions: Sequence[Mention], story: _Story, memory: _Memory) -> None:
        self.text = text
        self.quotes = quote_spans(text)
        self.masked = _masked(text, self.quotes)
        self.mentions = [m for m in mentions if m.type in (PERSON, ORGANIZATION, PLACE)]
        self.story = story
        self.memory = memory

    def pronoun(self, offset: int) -> Speaker | None:
        named = [m for m in self.mentions if m.type == PERSON and m.end <= offset]
        if named:
            return self._entity_speaker(named[-1])
        recent = self.memory.recent()
        return Speaker(recent, PERSON) if recent else None

    def _entity_speaker(self, mention: Mention) -> Speaker:
        resolved = self.story.resolver.resolve(mention.text) if mention.type == PERSON else None
        return Speaker(resolved or mention.entity, mention.type)

    def subject_speaker(self, start: int, end: int) -> Speaker | None:
        """The speaker named by the noun phrase text[start:end], if it names one."""
        phrase = self.text[start:end].strip(" ,;:")
        if not phrase or self.story.is_outlet(phrase):
            return None
        inside = [m for m in self.mentions if start <= m.start and m.end <= end]
        people = [m for m in inside if m.type == PERSON and not self.story.is_outlet(m.text)]
        if people:
            return self._entity_speaker(people[-1])
        named = self._named_run(phrase)
        if named:
            return named
        bodies = [m for m in inside if not self.story.is_outlet(m.text) and _only_people_after(self.text, m.end, end)]
        if bodies:
            return Speaker(bodies[-1].entity, bodies[-1].type)
        anaphor = self._anaphor(phrase, start)
        return anaphor or _group(phrase)

    def _named_run(self, phrase: str) -> Speaker | None:
        """A capitalised name the recogniser missed ("Marsh said"), resolved through the story's names."""
        words = phrase.split()
        tail: list[str] = []
        for word in reversed(words):
            if not word[:1].isupper() or key(word) in TITLES and tail:
                break
            tail.insert(0, word)
        if not tail or all(key(w) in TITLES or key(w) in ROLE_NOUNS for w in tail):
            return None
        name = " ".join(tail)
        resolved = self.story.resolver.resolve(name)
        if resolved:
            return Speaker(resolved, PERSON if self.story.resolver.people.get(_person(resolved)) else ORGANIZATION)
        if len(tail) == len(words) and len(tail) <= 3 and not denotes_people(key(tail[-1])):
            return Speaker(name, PERSON)
        return None

    def _anaphor(self, phrase: str, start: int) -> Speaker | None:
        """'the company said': the last organisation named before it in the passage."""
        words = key(phrase).split()
        if len(words) != 2 or words[0] != "the" or words[1] not in SPEAKING_BODIES:
            return None
        earlier = [m for m in self.mentions if m.type == ORGANIZATION and m.end <= start]
        return Speaker(earlier[-1].entity, ORGANIZATION) if earlier else None


def _person(name: str) -> str:
    """The key `NameResolver.people` files a person's name under."""
    return bare_person_key(name)


def _only_people_after(text: str, start: int, end: int) -> bool:
    """'Department of the Interior officials': an organisation followed only by words for its people."""
    words = [key(w) for w in text[start:end].split()]
    return all(denotes_people(w) or w in ROLE_NOUNS for w in words)


def _group(phrase: str) -> Speaker | None:
    """'officials', 'the two leaders', 'the county assessor', 'engineers and residents'."""
    words = phrase.split()
    while words and key(words[0]) in ("the", "a", "an", "some", "many", "several"):
        words = words[1:]
    if not words or len(words) > MAX_SUBJECT_WORDS:
        return None
    head = re.sub(r"'s?$", "", key(words[-1]))
    if head in ("reporters", "journalists") or not (head in SPEAKING_BODIES or denotes_people(head)):
        return None
    if words[0][:1].isupper() and all(w[:1].islower() for w in words[1:]):
        words = [words[0].lower()] + words[1:]   # capitalised only because it opens the sentence
    return Speaker(" ".join(words), GROUP)


# --- the grammar of attribution ---------------------------------------------------------------------


@dataclass(frozen=True)
class Attribution:
    """A reporting verb and who it is credited to, with where the reported words may be."""

    speaker: Speaker
    cue: str
    verb_start: int
    verb_end: int
    subject_start: int     # where the attribution phrase starts (the subject, or the verb when inverted)
    clause_end: int        # where the attribution phrase ends (after an inverted subject or "according to X")


_WORD_RE = re.compile(r"\S+")


def _words_before(masked: str, lower: int, end: int) -> list[re.Match[str]]:
    return list(_WORD_RE.finditer(masked, max(lower, end - WINDOW), end))


def _subject_start(passage: _Passage, lower: int, verb_start: int) -> tuple[int, int] | None:
    """(start, end) of the subject phrase before a verb, past auxiliaries and an apposition."""
    masked = passage.masked
    end = verb_start
    words = _words_before(masked, lower, end)
    while words and key(words[-1].group()) in AUXILIARIES:
        end = words[-1].start()
        words = words[:-1]
    if masked[lower:end].rstrip().endswith(","):
        opening = _apposition_start(masked, lower, len(masked[lower:end].rstrip()) + lower - 1)
        if opening is None:
            return None
        end = opening
        words = _words_before(masked, lower, end)
    return _phrase_back(masked, words, end)


def _apposition_start(masked: str, lower: int, comma: int) -> int | None:
    """The comma opening an apposition that ends at `comma` (', a hydrologist at X who ...,')."""
    opening = masked.rfind(",", lower, comma)
    if opening < 0 or "\u2591" in masked[opening:comma]:
        return None
    if len(masked[opening:comma].split()) > MAX_APPOSITION_WORDS:
        return None
    return opening


def _phrase_back(masked: str, words: list[re.Match[str]], end: int) -> tuple[int, int] | None:
    """Walk back from `end` over the words of a noun phrase; stop at punctuation or a function word."""
    taken: list[re.Match[str]] = []
    for word in reversed(words):
        raw = word.group()
        if raw.endswith((",", ";", ":", "\u2591", '"', "\u201d", ")")) and taken:
            break
        if raw.endswith(".") and taken and not _ABBREVIATED.fullmatch(raw):
            break
        if taken and taken[0].group() in ("The", "A", "An"):
            break   # a sentence the splitter missed ("... Co. The company said")
        if raw.endswith((",", ";", ":", "\u2591")) or "\u2591" in raw:
            break
        if key(raw.strip(",.;:")) in SUBJECT_STOPS or len(taken) >= MAX_SUBJECT_WORDS:
            break
        taken.insert(0, word)
    if not taken:
        return None
    return taken[0].start(), end


def _speaker_before(passage: _Passage, lower: int, verb_start: int) -> tuple[Speaker, int, str] | None:
    words = _words_before(passage.masked, lower, verb_start)
    content = [w for w in words if key(w.group()) not in AUXILIARIES]
    if content and key(content[-1].group()) in PRONOUNS:
        speaker = passage.pronoun(content[-1].start())
        return (speaker, content[-1].start(), "pronoun") if speaker else None
    if content and key(content[-1].group()) == "and":
        return _sentence_subject(passage, lower, content[-1].start())
    span = _subject_start(passage, lower, verb_start)
    if span is None:
        return None
    speaker = passage.subject_speaker(*span)
    return (speaker, span[0], "x-said") if speaker else None


def _sentence_subject(passage: _Passage, lower: int, upper: int) -> tuple[Speaker, int, str] | None:
    """'X declared an emergency and said ...': the first named speaker of the sentence."""
    named = [m for m in passage.mentions if lower <= m.start < upper and m.type != PLACE]
    if not named:
        return None
    speaker = passage.subject_speaker(named[0].start, named[0].end)
    return (speaker, named[0].start, "x-said") if speaker else None


def _speaker_after(passage: _Passage, verb_end: int, upper: int) -> tuple[Speaker, int, str] | None:
    """'... said Jane Roe, a nurse' / 'said agency spokesman Jane Roe' / 'he said': the phrase after the verb."""
    rest = passage.masked[verb_end:min(upper, verb_end + WINDOW)]
    match = re.match(r"\s*([^,.;:!?\u2591]+)", rest)
    if not match:
        return None
    start, end = verb_end + match.start(1), verb_end + match.end(1)
    phrase = passage.text[start:end]
    if key(phrase) in PRONOUNS:
        speaker = passage.pronoun(start)
        return (speaker, end, "pronoun") if speaker else None
    speaker = passage.subject_speaker(start, end)
    return (speaker, end, "said-x") if speaker else None


def _attributions(passage: _Passage, s_start: int, s_end: int) -> list[Attribution]:
    """Every reporting verb of a sentence with a speaker, in order."""
    found: list[Attribution] = []
    masked = passage.masked
    for match in _WORD_RE.finditer(masked, s_start, s_end):
        word = key(match.group().strip(",.;:!?\"\u201d"))
        if word in SAY_VERBS:
            found += _verb_attribution(passage, s_start, s_end, match)
        elif word == "according" and masked[match.end():match.end() + 3] == " to":
            found += _according(passage, s_start, s_end, match.start(), match.end() + 3)
    return found


def _verb_attribution(passage: _Passage, s_start: int, s_end: int, verb: re.Match[str]) -> list[Attribution]:
    verb_start, verb_end = verb.start(), verb.start() + len(verb.group().rstrip(",.;:!?\"\u201d"))
    lead = passage.masked[max(s_start, verb_start - WINDOW):verb_start].rstrip()
    inverted = (not lead and verb_start - s_start <= WINDOW) or lead.endswith((",", "\u2591", "\u2014", "-", ":"))
    found = _speaker_after(passage, verb_end, s_end) if inverted else None
    if found:
        speaker, clause_end, cue = found
        return [Attribution(speaker, cue, verb_start, verb_end, verb_start, clause_end)]
    before = _speaker_before(passage, s_start, verb_start)
    if before:
        speaker, subject_start, cue = before
        return [Attribution(speaker, cue, verb_start, verb_end, subject_start, verb_end)]
    return []


def _according(passage: _Passage, s_start: int, s_end: int, start: int, end: int) -> list[Attribution]:
    match = re.match(r"\s*(?:a statement from |a statement by |figures from |data from )?([^,;.]+)",
                     passage.masked[end:s_end])
    if not match:
        return []
    span = (end + match.start(1), end + match.end(1))
    speaker = passage.subject_speaker(*span)
    return [Attribution(speaker, "according-to", start, end, start, span[1])] if speaker else []


# --- direct quotes ---------------------------------------------------------------------------------


def _direct_quotes(article: str, index: int, passage: _Passage, follows_quote: bool) -> list[Quote]:
    found: list[Quote] = []
    sentences = _sentences(passage.text, passage.quotes)
    for position, (start, end) in enumerate(passage.quotes):
        s_start, s_end = next(((a, b) for a, b in sentences if a <= start < b), (0, len(passage.text)))
        previous_end = _quote_end(passage.text, passage.quotes[position - 1][1]) if position else s_start
        next_start = passage.quotes[position + 1][0] - 1 if position + 1 < len(passage.quotes) else s_end
        attribution = _attribution_for(passage, max(s_start, previous_end), start, end, min(s_end, next_start))
        speaker, cue = (attribution.speaker, attribution.cue) if attribution else _follow_on(passage, found, start,
                                                                                              follows_quote)
        text = passage.text[start:end].strip().rstrip(",")
        if speaker or len(text.split()) >= MIN_UNATTRIBUTED_WORDS:
            found.append(_quote(article, index, start, end, text, DIRECT, speaker, cue))
            passage.memory.remember(speaker)
    return found


def _attribution_for(passage: _Passage, lower: int, start: int, end: int, upper: int) -> Attribution | None:
    """The attribution right after a quote, else the last one before it in its sentence."""
    after = _attributions(passage, _quote_end(passage.text, end), upper)
    if after and not passage.masked[_quote_end(passage.text, end):after[0].subject_start].strip(" ,.!?;:\u2014-"):
        return after[0]
    before = list(_attributions(passage, lower, max(lower, start - 1)))
    return before[-1] if before else None


def _follow_on(passage: _Passage, earlier: list[Quote], start: int,
               follows_quote: bool) -> tuple[Speaker | None, str]:
    """A quote with no cue: the speaker of the quote before it in the passage, or of the passage before."""
    if earlier and earlier[-1].speaker:
        return Speaker(earlier[-1].speaker, earlier[-1].speaker_kind or PERSON), "continued"
    recent = passage.memory.recent()
    if follows_quote and not passage.text[:max(0, start - 1)].strip() and recent:
        return Speaker(recent, PERSON), "follow-on"
    return None, ""


def _quote(article: str, index: int, start: int, end: int, text: str, kind: str, speaker: Speaker | None,
           cue: str) -> Quote:
    return Quote(article, index, start, end, text, kind, speaker.name if speaker else None, cue,
                 speaker_kind=speaker.kind if speaker else None)


# --- reported speech -------------------------------------------------------------------------------


def _reported(article: str, index: int, passage: _Passage) -> list[Quote]:
    found = []
    for s_start, s_end in _sentences(passage.text, passage.quotes):
        if any(s_start <= start < s_end for start, _ in passage.quotes):
            continue
        quote = _reported_in_sentence(passage, s_start, s_end)
        if quote:
            speaker, cue, start, end, rest = quote
            text = passage.text[start:end].strip(" ,.;:")
            if rest:
                text, end = f"{text} {passage.text[rest[0]:rest[1]].strip(' ,.;:')}", rest[1]
            found.append(_quote(article, index, start, end, text, REPORTED, speaker, cue))
            passage.memory.remember(speaker)
    return found


_NOT_A_CONTINUATION = frozenset("""
and but while as putting adding saying which who whose whom a an the one its his her their
""".split())
_Found = tuple[Speaker, str, int, int, "tuple[int, int] | None"]


def _reported_in_sentence(passage: _Passage, s_start: int, s_end: int) -> _Found | None:
    for attribution in _attributions(passage, s_start, s_end):
        span = _reported_words(passage, s_start, s_end, attribution)
        if not span:
            continue
        rest = _parenthetical_rest(passage.text, attribution, s_end) if span[1] <= attribution.subject_start else None
        words = len(passage.text[span[0]:span[1]].split()) + (len(passage.text[rest[0]:rest[1]].split()) if rest else 0)
        if words >= MIN_REPORTED_WORDS:
            return attribution.speaker, attribution.cue, span[0], span[1], rest
    found = _clause_saying(passage, s_start, s_end)
    return (*found, None) if found else None


def _parenthetical_rest(text: str, at: Attribution, s_end: int) -> tuple[int, int] | None:
    """'The plan, officials said, would take years.': the words after an attribution set off by commas."""
    tail = text[at.clause_end:s_end]
    head, comma, rest = tail.partition(",")
    if not comma or not _only_time_words(head) or not rest.strip(" .;:"):
        return None
    first = rest.split()[0].lower() if rest.split() else ""
    if first in _NOT_A_CONTINUATION or first[:1].isdigit():
        return None    # a new clause, or an apposition about the speaker (", a hydrologist at ...")
    start = at.clause_end + len(head) + 1
    return start, s_end


def _reported_words(passage: _Passage, s_start: int, s_end: int, at: Attribution) -> tuple[int, int] | None:
    """Where the reported words are: before a closing attribution ('..., officials said.'), else after the verb."""
    text = passage.text
    verb = key(text[at.verb_start:at.verb_end])
    if at.cue == "according-to" or _closes_clause(text, at, s_end, verb):
        start = _after_dateline(text, s_start)
        end = len(text[:at.subject_start].rstrip(" ,\u2014-"))
        if end > start:
            return start, end
        if at.cue == "according-to":
            return _after_phrase(text, at.clause_end, s_end)
        return None
    after = _skip_to_clause(text, at.verb_end, s_end, verb)
    if after is None or (verb in THAT_VERBS and not re.match(r"\s*that\b", text[at.verb_end:s_end])):
        return None
    return after, s_end


def _closes_clause(text: str, at: Attribution, s_end: int, verb: str) -> bool:
    """'..., X said.' / '..., X said Wednesday, and ...' / '..., X told the paper.': the words come before."""
    if not text[max(0, at.subject_start - WINDOW):at.subject_start].rstrip().endswith((",", "\u2014", "-")):
        return False
    after = at.clause_end
    if at.cue != "said-x" and verb in ("told", "tells", "tell"):
        audience = _skip_to_clause(text, at.verb_end, s_end, verb)
        after = audience if audience is not None else s_end
    tail = text[after:min(s_end, after + WINDOW)]
    head = re.split(r"[,;]", tail, maxsplit=1)[0]
    return _only_time_words(head)


def _after_phrase(text: str, end: int, s_end: int) -> tuple[int, int] | None:
    """'According to X, ...': the words after the comma that closes the attribution."""
    comma = text.find(",", end, s_end)
    return (comma + 1, s_end) if comma >= 0 else None


def _after_dateline(text: str, start: int) -> int:
    """Past a dateline at the head of the passage ('CITY, State (AGENCY) —'), even one split at 'Ore.'."""
    head = DATELINE.match(text)
    if head and start < head.end():
        return head.end()
    match = DATELINE.match(text[start:])
    return start + match.end() if match else start


def _only_time_words(tail: str) -> bool:
    words = [key(w) for w in re.findall(r"[\w']+", tail)]
    return all(w in _TIME_WORDS for w in words)


def _skip_to_clause(text: str, verb_end: int, s_end: int, verb: str) -> int | None:
    """After 'said' skip 'that' and time words; after 'told' skip the audience ('told the paper', 'told Reuters:')."""
    rest = text[verb_end:min(s_end, verb_end + WINDOW)]
    if verb in ("told", "tells", "tell"):
        audience = _AUDIENCE.match(rest)
        if not audience:
            return None
        rest_start = verb_end + audience.end()
    else:
        rest_start = verb_end
    clause = re.match(r"[\s:,]*(?:(?:on|in|late|early|last)\s+\w+\s+|(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
                      r"Saturday|Sunday|today|yesterday)\s+)?(?:that\s+)?", text[rest_start:s_end])
    start = rest_start + (clause.end() if clause else 0)
    return start if start < s_end else None


def _clause_saying(passage: _Passage, s_start: int, s_end: int) -> tuple[Speaker, str, int, int] | None:
    """'Activist Jane Roe criticised the plan, saying ...': the sentence's first named speaker."""
    match = _CLAUSE_VERB.search(passage.masked[s_start:s_end])
    if not match:
        return None
    comma = s_start + match.start()
    named = [m for m in passage.mentions if s_start <= m.start and m.end <= comma and m.type == PERSON]
    if not named or "," in passage.text[s_start:named[0].start]:
        return None
    speaker = passage.subject_speaker(named[0].start, named[0].end)
    return (speaker, "saying", s_start + match.end(), s_end) if speaker else None


# --- articles and stories --------------------------------------------------------------------------


def article_quotes(article: Article, entities: EntityIndex, story: _Story | None = None) -> list[Quote]:
    """Every quote of one article, in reading order, with its speaker where one is named."""
    if story is None:
        mentions = (m for p in article.passages for m in entities.mentions_in(article.id, p.index))
        story = _Story(resolver_for(mentions), frozenset({outlet_key(article.outlet)} if article.outlet else ()))
    memory, found, previous_had_quote = _Memory(), [], False
    for passage in article.passages:
        memory.current = passage.index
        view = _Passage(passage.text, entities.mentions_in(article.id, passage.index), story, memory)
        direct = _direct_quotes(article.id, passage.index, view, previous_had_quote)
        reported = _reported(article.id, passage.index, view)
        found.extend(sorted(direct + reported, key=lambda q: q.start))
        previous_had_quote = bool(direct) or any(q.speaker for q in reported)
        people = [m for m in view.mentions if m.type == PERSON and not story.is_outlet(m.text)]
        last = view.pronoun(len(passage.text)) if people else None
        memory.saw(last.name if last else None)
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
        carriers = [o for o in quotes if o.article != quote.article and same_words(quote.text, o.text)]
        others = [o.speaker for o in carriers if o.speaker and quote.speaker and o.speaker != quote.speaker]
        result.append(replace(quote, carried_by=tuple(dict.fromkeys((o.article, o.passage) for o in carriers)),
                              other_speakers=tuple(dict.fromkeys(others))))
    return result


def _story_context(analysis: CorpusAnalysis, members: Sequence[Article]) -> _Story:
    mentions = [m for a in members for p in a.passages for m in analysis.entities.mentions_in(a.id, p.index)]
    outlets = frozenset(outlet_key(a.outlet) for a in members if a.outlet)
    return _Story(resolver_for(mentions), outlets)


def story_quotes(analysis: CorpusAnalysis, articles: Sequence[Article]) -> list[Quote]:
    """Every quote of every article, with the other articles of its story that carry it."""
    found = []
    for members in members_by_story(articles, analysis.story_of).values():
        story = _story_context(analysis, members)
        found.extend(_with_carriers([q for a in members for q in article_quotes(a, analysis.entities, story)]))
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


__all__ = ["Quote", "quote_spans", "same_words", "article_quotes", "story_quotes", "quotes_in",
           "speakers_by_article"]
