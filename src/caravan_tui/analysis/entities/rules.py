"""The default engine: rules and gazetteers, offline, fast, no model.

Figures and dates come from regular expressions (patterns.py). Names come
from runs of capitalised words ("Secretary of State Jane Doe", "Gulf of
Guinea"), which are cut into pieces and typed by evidence:

- gazetteer phrases: countries, subdivisions, cities, world regions, known
  organisations (longest match first);
- the words of the piece: organisation suffixes ("... Ministry"), landform
  words ("... River", "Lake ..."), a given name first, a surname last;
- the words around it: a title or role noun before ("spokesman X"), a
  reporting verb ("said X", "X said"), an apposition ("X, 46," / "X, a
  farmer"), a place cue ("the city of X", "in X").

Each span carries a confidence; linking (linking.py) votes across articles.
Capitalised ordinary English words ("Updated", "Migrants") are dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import compress, repeat
from operator import itemgetter
from typing import Any, NamedTuple

from caravan_tui.analysis.entities.base import Span
from caravan_tui.analysis.entities.lexicons import (
    KNOWN_ORGANIZATIONS,
    LANDFORM_PREFIXES,
    LANDFORM_SUFFIXES,
    ORG_HEADS,
    ORG_SUFFIXES,
    PLACE_CUE_NOUNS,
    REPORTING_VERBS,
    ROLE_NOUNS,
    TITLES,
    Lexicons,
    key,
    lexicons,
)
from caravan_tui.analysis.entities.patterns import find_figures_and_dates, resolve_overlaps
from caravan_tui.analysis.entities.tagger import (
    COMPOUND_TAILS,
    LABELS,
    Model,
    is_headline,
    shipped_model,
    tag,
    token_bounds,
    word_candidates,
)
from caravan_tui.analysis.entities.tagger import Token as TaggerToken

_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f"
_ABBREVIATED_TITLE = r"(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Sen|Rep|Gov|Lt|Col|Capt|Sgt|Prof|Rev|Mt|Ft|Adm|Cmdr|Maj)\."
_CAP_WORD = (rf"(?:(?:[A-Z]\.){{2,}}|{_ABBREVIATED_TITLE}|[A-Z]\.(?= [{_UPPER}])|"
             rf"(?:(?:al|el|bin|ibn|de|d)[-'’])?[{_UPPER}]\w*(?:['’-]\w+)*)")
_PARTICLE = (r"(?:de la|de los|de las|van der|van den|von der|of the|de|del|della|der|den|van|von|bin|bint|ibn"
             r"|al|el|la|le|da|das|dos|du|di|of)")
#: The lookahead is what a run can start with (a capital, or the "al-", "el-", "bin-", "ibn-", "de-", "d'" of a
#: name): the same matches, but most positions fail on one character class instead of every alternative.
_RUN = re.compile(rf"(?=[{_UPPER}abdei])(?<![\w'’.-]){_CAP_WORD}(?:(?: {_PARTICLE}| &)? {_CAP_WORD})*")
_TOKEN = re.compile(r"\S+")
_CONNECTORS = frozenset({"de", "la", "los", "las", "van", "der", "den", "von", "of", "the", "del", "della", "bin",
                         "bint", "ibn", "al", "el", "le", "da", "das", "dos", "du", "di"})
_NAME_PARTICLES = _CONNECTORS - {"of", "the"}
_POSSESSIVE = re.compile(r"['’]s?$")
_POSSESSIVE_ENDS = frozenset("'’s")  # the last character of a word _POSSESSIVE may match
#: The last two words before a run, matched on the reversed text from its end (a `$`-anchored search backtracks
#: from every start): the last word, then the one before it if only spaces or tabs separate them.
_PREVIOUS_WORDS_REVERSED = re.compile(r"[ \t]*([\w'’.-]+)(?:[ \t]+([\w'’.-]+))?")
_AFTER_REPORTING = re.compile(
    rf"^(?:,[^,.;\"“”]{{1,60}},)?\s+(?:also |then |later |previously |has |had |have )?"
    rf"(?:{'|'.join(REPORTING_VERBS)})\b")
_AFTER_AGE = re.compile(r"^,\s*\d{1,3},")
_AFTER_APPOSITION = re.compile(
    rf"^,\s+(?:a|an|the|who|whose)\s+(?:[\w'’-]+\s+){{0,4}}?"
    rf"(?:{'|'.join(sorted(ROLE_NOUNS, key=len, reverse=True))})\b")
_DEMONYM_ENDINGS = ("ans", "ians", "an", "ian", "ean", "ese", "ish", "i", "ic", "ch", "ese")
_DEMONYMS = frozenset({"french", "dutch", "spanish", "swiss", "welsh", "irish", "scottish", "greek", "thai", "filipino",
                       "israeli", "arab", "arabs", "kurdish", "kurd", "kurds", "jewish", "muslim", "christian",
                       "catholic", "protestant", "hindu", "buddhist", "latino", "latina", "hispanic", "african",
                       "asian", "european", "basque",
                       "roma", "palestinian", "english", "british", "uzbek", "kazakh", "tajik", "turkmen", "pashtun"})
_PLACE_PREPOSITIONS = frozenset({"in", "near", "across", "outside", "toward", "towards", "through", "into",
                                 "around", "reached", "visited", "arrived", "fled", "entered"})
_WEAK_PLACE_PREPOSITIONS = frozenset({"from", "at", "to", "reach", "visit", "leave", "left"})
_MAX_ORGANIZATION_WORDS = max((len(name.split()) for name in KNOWN_ORGANIZATIONS), default=0)


class _Token(NamedTuple):
    """A word of a capitalised run (a tuple: built for every word of every run, cheaper than a dataclass)."""

    start: int
    end: int
    text: str
    key: str

    @property
    def is_connector(self) -> bool:
        return self.text in _CONNECTORS


class _NumericSpans(NamedTuple):
    """The figures and dates of a text (sorted, not overlapping), with their ends for bisecting (a tuple: one a
    passage, cheaper to build than a frozen dataclass)."""

    spans: Sequence[Span]
    ends: Sequence[int]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end) overlaps a span: only the first span ending after `start` can start before `end`."""
        first = bisect_right(self.ends, start)
        return first < len(self.spans) and self.spans[first].start < end


_NO_NUMERIC_SPANS = _NumericSpans((), ())


class _Context(NamedTuple):
    """What the words around a capitalised run say about it (a tuple: one per piece of every run)."""

    previous: str          # folded word just before the run
    previous2: str         # folded word before that
    after: str             # the text right after the run
    sentence_start: bool


class RulesEngine:
    """Rule- and gazetteer-based recogniser (the default engine)."""

    name = "rules"
    version = "2"  # 2: the learned tagger (issue #15); cached spans of version 1 are recognised again

    def __init__(self, model: Model | None | bool = True) -> None:
        """`model`: the learned tagger's weights (True: the shipped ones; None or False: rules alone)."""
        self.lex = lexicons()
        self._country_stems = self._place_word_stems()
        self.model = shipped_model() if model is True else model or None
        if self.model is None:
            self.version = f"{self.version}-rules-only"  # cached spans of one never pass for the other's
        self._flags: dict[str, str] = {}
        self._word_sums: dict[Any, Any] = {}  # the tagger's per-word weights (this model)
        self._silent_words: dict[str, bool] = {}  # one-word runs: whether they name nothing (`_silent`)

    def recognise(self, text: str) -> list[Span]:
        numeric = find_figures_and_dates(text)
        # sorted and not overlapping, so their ends are sorted too: a token is checked by bisection
        numeric_spans = _NumericSpans(numeric, [span.end for span in numeric])
        names = self.rule_names(text, numeric_spans)
        if self.model is not None:
            names = self._learned_names(text, names, numeric_spans, self.model)
        return resolve_overlaps(numeric + names)

    def recognise_many(self, texts: list[str]) -> list[list[Span]]:
        """The passages of one article: as `recognise`, then a lone surname of someone named in full
        elsewhere in the article ("Mills" after "Jane Mills") is that person, whatever it looked like alone."""
        results = [self.recognise(text) for text in texts]
        surnames = {key(span.text.split()[-1]) for spans in results for span in spans
                    if span.type == "person" and " " in span.text and len(span.text.split()[-1]) > 2}
        if not surnames:
            return results
        return [_with_lone_surnames(text, [_as_person(span) if self._lone_surname(span, surnames) else span
                                           for span in spans], surnames) for text, spans in zip(texts, results)]

    def _lone_surname(self, span: Span, surnames: set[str]) -> bool:
        """A one-word place or organisation that is the surname of a person named in full."""
        if " " in span.text or span.type not in ("person", "place", "organization") or span.confidence >= 1.0:
            return False
        folded = key(span.text)
        return folded in surnames

    def rule_names(self, text: str, numeric_spans: _NumericSpans) -> list[Span]:
        """The names the rules alone find (people, places, organisations)."""
        names: list[Span] = []
        silent, room = self._silent_words, len(self._silent_words) < 200_000  # bounded, as the flags
        for run in _RUN.finditer(text):
            start, end = run.span()
            word = text[start:end]
            if " " not in word:  # one word (most runs): skipped if it names nothing, whatever its context
                found = silent.get(word)
                if found is None:
                    found = self._silent(word)
                    if room:
                        silent[word] = found
                if found:
                    continue
            names.extend(self._run_spans(text, start, end, numeric_spans))
        return names

    def _silent(self, word: str) -> bool:
        """Whether `_run_spans` finds nothing in a run of this one word, in any context: its pieces (cut at a
        possessive or a compound tail) are each nothing or one word that `_names_nothing`. A date or figure
        over the word leaves no piece at all."""
        pieces = _split_possessives(self._tokens(word, 0, len(word), _NO_NUMERIC_SPANS))
        return all(not piece or len(piece) == 1 and self._names_nothing(piece[0]) for piece in pieces)

    def tagger_inputs(self, text: str, names: list[Span] | None = None, numeric_spans: _NumericSpans | None = None
                      ) -> tuple[list[TaggerToken], list[bool], list[str]]:
        """What the learned tagger reads: tokens, which of them it types, and the rules' verdict on each."""
        if numeric_spans is None:
            numeric = find_figures_and_dates(text)
            numeric_spans = _NumericSpans(numeric, [span.end for span in numeric])
        if names is None:
            names = self.rule_names(text, numeric_spans)
        starts, ends, words, typed, rules = _tagger_inputs(text, names, numeric_spans)
        return list(map(tuple.__new__, repeat(TaggerToken), zip(starts, ends, words))), typed, rules

    def word_flags(self, lower: str) -> str:
        """Which word lists a (lower-case) word is in, as letters: the tagger's gazetteer features."""
        found = self._flags.get(lower)
        if found is None:
            found = self._compute_flags(lower)
            if len(self._flags) < 200_000:  # bounded: a page of made-up words cannot grow it without end
                self._flags[lower] = found
        return found

    def _compute_flags(self, lower: str) -> str:
        folded = key(lower)
        lex = self.lex
        kind = lex.place_kinds.get(folded, "")
        checks = (
            ("g", folded in lex.given_names), ("s", folded in lex.surnames), ("c", lex.is_common(folded)),
            ("P", kind in ("country", "region")), ("p", kind in ("city", "subdivision")), ("t", folded in TITLES),
            ("r", folded in ROLE_NOUNS), ("o", folded in ORG_SUFFIXES), ("k", folded in KNOWN_ORGANIZATIONS),
            ("h", folded in ORG_HEADS), ("l", folded in LANDFORM_SUFFIXES), ("v", folded in REPORTING_VERBS),
            ("d", self._is_demonym(_Token(0, 0, lower, folded))), ("T", folded in lex.towns),
        )
        return "".join(letter for letter, present in checks if present) or "-"

    def _learned_names(self, text: str, names: list[Span], numeric_spans: _NumericSpans, model: Model) -> list[Span]:
        starts, ends, words, typed, rules = _tagger_inputs(text, names, numeric_spans)  # tagger_inputs, as lists
        headline = is_headline(words)
        labels = tag(model, words, typed, rules, self.word_flags, headline, self._word_sums)
        learned = _spans_from_labels(text, starts, ends, words, labels, rules)
        corrected = [fixed for span in learned if (fixed := self._corrected(span, text, headline)) is not None]
        merged = _with_sure_rule_spans(corrected, names, fill_gaps=not headline)
        return [span for span in merged if span.type != "misc"]

    def _corrected(self, span: Span, text: str, headline: bool) -> Span | None:
        """General facts the tagger may miss: a country alone is a place; a demonym before a noun ("Zairean
        delegates") and an ordinary word in a capitals headline ("SURPRISE") are no names."""
        if " " in span.text:
            return span
        folded = key(span.text)
        kind = self.lex.place_kinds.get(folded)
        if kind == "country" or kind and _COMPOUND_AFTER.match(text, span.end):
            return span if span.type == "place" else Span(span.start, span.end, "place", span.text, 1.0)
        if headline and self.lex.is_common(span.text) and kind != "region":
            return None
        if span.type != "person" and _DEMONYM_SHAPE.search(folded) and kind is None \
                and folded not in self.lex.given_names and _BEFORE_NOUN.match(text, span.end):
            return None
        return span

    # --- runs -------------------------------------------------------------------

    def _run_spans(self, text: str, start: int, end: int, numeric: _NumericSpans) -> list[Span]:
        tokens = self._tokens(text, start, end, numeric)
        if text.find("&", start, end) >= 0 and any(t is not None and t.text == "&" for t in tokens) \
                and None not in tokens:
            named = [t for t in tokens if t is not None and t.key != "the"]
            return [self._span(text, named, "organization", 0.8)]  # "Johnson & Johnson", "Procter & Gamble"
        spans: list[Span] = []
        for piece in _split_possessives(tokens):
            if piece and not (len(piece) == 1 and self._names_nothing(piece[0])):
                context = self._context(text, piece[0].start, piece[-1].end)
                spans.extend(self._segment(text, piece, context))
        return spans

    def _names_nothing(self, token: _Token) -> bool:
        """Whether `_segment` finds nothing in this one token, whatever its context ("The", "He", "But"): a
        connector, "the" or one letter; else neither a known organisation nor a place (the only gazetteer
        phrases of one word, and their confidence depends on the context), and a demonym or an ordinary word
        that is no given name."""
        folded = token.key
        if token.is_connector or folded == "the" or len(token.text) == 1:
            return True
        if folded in KNOWN_ORGANIZATIONS or folded in self.lex.places:
            return False
        return self._is_demonym(token) or self.lex.is_common(token.text) and folded not in self.lex.given_names

    def _tokens(self, text: str, start: int, end: int, numeric: _NumericSpans) -> list[_Token | None]:
        tokens: list[_Token | None] = []
        new = tuple.__new__  # what _Token._make does, without its checks
        check = bool(numeric.spans)
        # a run's words are apart by single spaces (and hold none): without one, the run is one word (most runs)
        bounds = [(start, end)] if text.find(" ", start, end) < 0 else \
            [m.span() for m in _TOKEN.finditer(text, start, end)]
        for first, last in bounds:
            word = text[first:last]
            if check and numeric.overlaps(first, last):
                tokens.append(None)  # a date or figure ("Tuesday") breaks the run
            elif "-" in word and (compound := _COMPOUND_AFTER.search(word)) and compound.start() > 0:
                stem = word[:compound.start()]  # "Ohio-based": "Ohio", then the run breaks
                tokens.extend([_Token(first, first + len(stem), stem, key(stem)), None])
            else:
                tokens.append(new(_Token, (first, last, word, key(word))))
        return tokens

    def _context(self, text: str, start: int, end: int) -> _Context:
        before = text[max(0, start - 40):start]
        previous, previous2 = "", ""
        words = _previous_words(before)
        if words:  # (then `before` ends with no "," ";" ":" '"' "“" "(" "/": with a word, and space or a newline)
            previous, previous2 = key(words[0]), key(words[1])
        stripped = before.rstrip(" \t\"“'‘(")
        sentence_start = not stripped or (stripped.endswith((".", "!", "?", ":", "\n"))
                                          and not _abbreviation_end(stripped))
        return _Context(previous, previous2, text[end:end + 90], sentence_start)

    # --- cutting a run into pieces ---------------------------------------------

    def _segment(self, text: str, tokens: list[_Token], context: _Context) -> list[Span]:
        spans: list[Span] = []
        titled = context.previous in ROLE_NOUNS or context.previous in TITLES
        i, n = 0, len(tokens)
        name_ends = _name_ends(tokens) if n > 1 else [1]  # one word: a name ends after it
        while i < n:
            token = tokens[i]
            if token.is_connector or token.key == "the" or len(token.text) == 1:
                i += 1
                continue
            if token.key in TITLES and i + 1 < n:
                i, titled = _skip_title(tokens, i, self.lex), True
                continue
            found = self._typed_stretch(tokens, i, name_ends, context if i == 0 else None, titled)
            if found:
                j, type_, confidence = found
                spans.append(self._span(text, tokens[i:j], type_, confidence))
                i, titled = j, False
                continue
            if self._is_demonym(token) or self.lex.is_common(token.text) and token.key not in self.lex.given_names:
                i += 1
                continue
            j = name_ends[i]
            span = self._classify_piece(text, tokens[i:j], titled, (tokens[0].start, tokens[-1].end, context))
            if span:
                spans.append(span)
            i, titled = j, False
        return spans

    def _typed_stretch(self, tokens: list[_Token], i: int, name_ends: list[int], context: _Context | None,
                       titled: bool) -> tuple[int, str, float] | None:
        """A person, organisation or place starting at token i, by its own words: (end, type, confidence)."""
        j = name_ends[i]
        if self._starts_person(tokens, i, j):
            return j, "person", 1.0 if titled else 0.9
        if j - i >= 2 and tokens[j - 1].key in ORG_SUFFIXES:
            return _with_of_tail(tokens, j), "organization", 0.9
        if tokens[i].key in ORG_HEADS and j < len(tokens) and tokens[j].text == "of":
            return _with_of_tail(tokens, j), "organization", 0.9
        phrase = self._phrase(tokens, i, context)
        if phrase:
            return phrase
        if j - i >= 2 and tokens[i].key in LANDFORM_PREFIXES and not self.lex.is_common(tokens[i + 1].text):
            return j, "place", 0.75
        if j - i >= 2 and tokens[j - 1].key in LANDFORM_SUFFIXES:
            if not self.lex.is_common(tokens[i].text):
                return j, "place", 0.9
            if i == 0 and context is not None and context.previous == "the":
                return j, "place", 0.6  # "off the Canary Islands", "the Red Sea"
        return None

    def _starts_person(self, tokens: list[_Token], i: int, j: int) -> bool:
        """A given name followed by more name words (up to token j), and not a known multi-word place."""
        if tokens[i].key not in self.lex.given_names or j - i < 2 or self._has_suffix(tokens[i:j]):
            return False
        if j - i > max(self.lex.max_place_words, _MAX_ORGANIZATION_WORDS):
            return True  # each token keys to at least one word: too long to be a gazetteer phrase
        whole = key(" ".join(t.text for t in tokens[i:j]))
        return whole not in self.lex.places and whole not in KNOWN_ORGANIZATIONS

    def _has_suffix(self, tokens: list[_Token]) -> bool:
        return tokens[-1].key in ORG_SUFFIXES or tokens[-1].key in LANDFORM_SUFFIXES

    def _phrase(self, tokens: list[_Token], i: int, context: _Context | None) -> tuple[int, str, float] | None:
        """The longest gazetteer phrase starting at token i, extended by suffix words: (end, type, confidence)."""
        for j in range(min(len(tokens), i + self.lex.max_place_words), i, -1):
            if j == i + 1:  # one word (most runs): its key is the phrase's
                if tokens[i].text in _CONNECTORS:
                    continue
                phrase = tokens[i].key
            else:
                if any(t.key in TITLES and t.key not in ORG_SUFFIXES for t in tokens[i + 1:j]):
                    continue
                words = [t.text for t in tokens[i:j]]
                if words[-1] in _CONNECTORS:
                    continue
                phrase = key(" ".join(words))
            if phrase in KNOWN_ORGANIZATIONS:
                return self._extend(tokens, j, "organization", 1.0)
            if phrase in self.lex.places:
                confidence = self._place_confidence(tokens[i:j], phrase, context)
                followed_by_name = (j == i + 1 and j < len(tokens) and not tokens[j].is_connector
                                    and not self.lex.is_common(tokens[j].text)
                                    and self.lex.place_kinds[phrase] in ("city", "subdivision"))
                if followed_by_name or confidence < 0.9 and (context is None or not _place_cue(context)):
                    continue  # "Lopez Obrador", "Ngozi Okonjo-Iweala": let the name rules decide
                if confidence:
                    return self._extend(tokens, j, "place", confidence)
        return None

    def _place_confidence(self, tokens: list[_Token], phrase: str, context: _Context | None) -> float:
        """How sure a gazetteer hit is a place: ambiguous single words need a cue."""
        kind = self.lex.place_kinds[phrase]
        if len(tokens) > 1 or kind in ("country", "region"):
            return 1.0 if not self.lex.is_common(tokens[0].text) or len(tokens) > 1 or kind == "country" else 0.5
        word = tokens[0].text
        ambiguous = self.lex.is_common(word) or phrase in self.lex.given_names or phrase in self.lex.surnames
        if not ambiguous:
            return 0.95
        if context and _place_cue(context):
            return 0.7
        return 0.0 if self.lex.is_common(word) else 0.3

    def _extend(self, tokens: list[_Token], j: int, type_: str, confidence: float) -> tuple[int, str, float]:
        """'Texas Department of Safety' is an organisation, 'Colorado River' a place."""
        k = j
        while k < len(tokens) and not tokens[k].is_connector and k - j < 3:
            if tokens[k].key in ORG_SUFFIXES:
                return _with_of_tail(tokens, k + 1), "organization", 0.9
            if tokens[k].key in LANDFORM_SUFFIXES:
                return k + 1, "place", 0.95
            if not self.lex.is_common(tokens[k].text):
                break
            k += 1
        return j, type_, confidence

    def _classify_piece(self, text: str, tokens: list[_Token], titled: bool,
                        piece: tuple[int, int, _Context] | None = None) -> Span | None:
        """`piece`: where the whole piece starts and ends, and its context (the same when the tokens left span it)."""
        tokens = self._trim_common(_trim_connectors(tokens))
        if not tokens:
            return None
        start, end = tokens[0].start, tokens[-1].end
        context = piece[2] if piece is not None and piece[0] == start and piece[1] == end else \
            self._context(text, start, end)
        type_, confidence = self._name_evidence(tokens, context, titled)
        phrase = key(" ".join(t.text for t in tokens))
        if phrase in self.lex.places:
            place_confidence = self._place_confidence(tokens, phrase, context)
            if place_confidence >= confidence:
                type_, confidence = "place", place_confidence
        return self._span(text, tokens, type_, confidence) if confidence > 0 else None

    def _trim_common(self, tokens: list[_Token]) -> list[_Token]:
        """Drop ordinary words at the edges; keep a surname after a name ("Jane Miller")."""
        first, end = 0, len(tokens)
        while first < end and (self.lex.is_common(tokens[first].text) and tokens[first].key not in self.lex.given_names
                               or tokens[first].is_connector
                               or "." in tokens[first].text and len(tokens[first].text) <= 3):
            first += 1
        while first < end and (tokens[end - 1].is_connector or self.lex.is_common(tokens[end - 1].text)
                               and not (end - first > 1 and (tokens[end - 1].key in self.lex.surnames
                                                             or tokens[end - 2].text in _NAME_PARTICLES))):
            end -= 1
        return tokens[first:end]

    def _name_evidence(self, tokens: list[_Token], context: _Context, titled: bool) -> tuple[str, float]:
        """The best-supported type for a name-shaped piece, and how strongly."""
        first, last, size = tokens[0], tokens[-1], len(tokens)
        if titled:
            return "person", 1.0
        if context.previous in ("city", "town", "village", "municipality", "capital") or (
                context.previous == "of" and context.previous2 in PLACE_CUE_NOUNS):
            return "place", 0.9
        if _AFTER_AGE.match(context.after) or _AFTER_APPOSITION.match(context.after):
            return "person", 0.85
        if context.previous in REPORTING_VERBS or _AFTER_REPORTING.match(context.after):
            return "person", 0.8
        if size >= 2 and (last.key in self.lex.surnames or first.key in self.lex.given_names):
            return "person", 0.7
        if size >= 2 and first.key in self.lex.surnames and not self.lex.is_common(first.text):
            return "person", 0.6
        if size >= 3 and any(t.text in _NAME_PARTICLES for t in tokens[1:-1]):
            return "person", 0.6
        if size == 1 and first.key in self.lex.given_names:
            return "person", 0.5
        if _place_cue(context) and key(" ".join(t.text for t in tokens)) in self.lex.towns:
            return "place", 0.8  # "near Ganthier": a populated place after a place word
        if _place_cue(context):
            after_cue = context.previous in _PLACE_PREPOSITIONS or context.previous in PLACE_CUE_NOUNS
            return "place", 0.5 if after_cue else 0.4
        if size == 1 and first.text.isupper() and len(first.text) > 1:
            return "organization", 0.4
        if context.sentence_start and size == 1:
            return "person", 0.1
        return "person", 0.3

    # --- helpers ----------------------------------------------------------------

    def _is_demonym(self, token: _Token) -> bool:
        word = token.key
        if word in _DEMONYMS:
            return True
        if word in self.lex.given_names or word in self.lex.places or not word.endswith(_DEMONYM_ENDINGS):
            return False
        return word[:5] in self._country_stems or word[:4] in self._country_stems

    def _place_word_stems(self) -> frozenset[str]:
        stems = set()
        for phrase, kind in self.lex.place_kinds.items():
            if kind in ("country", "region"):
                for word in phrase.split():
                    if len(word) >= 4:
                        stems.update({word[:4], word[:5]})
        return frozenset(stems)

    @staticmethod
    def _span(text: str, tokens: list[_Token], type_: str, confidence: float) -> Span:
        start, end = tokens[0].start, tokens[-1].end
        return Span(start, end, type_, text[start:end], confidence)


_COMPOUND_AFTER = re.compile(rf"-{COMPOUND_TAILS}\b")
_DEMONYM_SHAPE = re.compile(r"(?:[aeiou]an|ian|ese|ish|[^aeiou]i)$")
_BEFORE_NOUN = re.compile(r"(?:\s+(?:and|or)\s+[A-Z][\w-]*)?\s+[a-z]")


#: A rules span at least this sure replaces the tagger's pieces of it (chosen on CoNLL dev: lower for
#: organisations and people cost F1 there; places from landform words, "Villa ...", at 0.75 cost nothing).
SURE_RULE = {"place": 0.75, "person": 0.9, "organization": 0.9}


#: A rules span at least this sure is kept where the tagger found no name (not even a "misc" one).
FALLBACK_RULE = 0.8


def _with_sure_rule_spans(learned: list[Span], rule_spans: list[Span], fill_gaps: bool = True) -> list[Span]:
    """Where the rules found a name and the tagger agrees on its type for part of it, the rules' whole span
    replaces the tagger's pieces when the rules were sure ("Christian Aid Ministries") or the other pieces
    are only "misc" ("Osama bin Laden"); where the tagger saw no name at all, a well-supported rules span stays
    (`fill_gaps`; not in a capitals headline, where the rules read every word as a name)."""
    starts = [span.start for span in learned]
    replaced: set[int] = set()
    added: list[Span] = []
    for rule in rule_spans:
        overlapping = []
        n = max(bisect_right(starts, rule.start) - 1, 0)
        while n < len(learned) and learned[n].start < rule.end:
            if learned[n].end > rule.start:
                overlapping.append(n)
            n += 1
        if not overlapping:
            if fill_gaps and rule.confidence >= FALLBACK_RULE:
                added.append(rule)
            continue
        if _replaces(rule, [learned[n] for n in overlapping]) and not replaced.intersection(overlapping):
            replaced.update(overlapping)
            added.append(Span(rule.start, rule.end, rule.type, rule.text, 1.0))
    if not replaced and not added:
        return list(learned)  # sorted by start already (runs of tokens, in order)
    return sorted([s for n, s in enumerate(learned) if n not in replaced] + added, key=lambda s: s.start)


def _replaces(rule: Span, pieces: list[Span]) -> bool:
    if len(pieces) == 1:  # most often the tagger's span is the rules' own: only a known organisation replaces it
        piece = pieces[0]
        if piece.start == rule.start and piece.end == rule.end and piece.type == rule.type:
            return rule.type == "organization" and key(rule.text) in KNOWN_ORGANIZATIONS
    if any(p.start < rule.start or p.end > rule.end for p in pieces):
        return False
    if rule.type == "organization" and key(rule.text) in KNOWN_ORGANIZATIONS:
        return True  # the project's own list: "Kremlin", "White House" name the institutions
    types = {piece.type for piece in pieces}
    if rule.type not in types:
        return False
    if len(pieces) == 1 and (pieces[0].start, pieces[0].end, pieces[0].type) == (rule.start, rule.end, rule.type):
        return False
    return rule.confidence >= SURE_RULE.get(rule.type, 1.0) or rule.type == "person" and types <= {"person", "misc"}


def _as_person(span: Span) -> Span:
    """Certain (1.0): linking keeps it even when the surname is an ordinary word ("Mills", "Major")."""
    return Span(span.start, span.end, "person", span.text, 1.0)


#: A capital after none of \w ' ’ . - (checked behind it, so the search starts with a character class and skips
#: to capitals), then word characters, apostrophes and hyphens ending in a word character, if any.
_CAPITALISED_WORD = re.compile(rf"[{_UPPER}](?<![\w'’.-][{_UPPER}])(?:[\w'’-]*\w)?")


def _with_lone_surnames(text: str, spans: list[Span], surnames: set[str]) -> list[Span]:
    """Add the article's known surnames where they stand alone outside any span ("Mills, the captain, ...")."""
    if text.isascii():  # an ASCII word's key is the word lower-cased: no surname in the lower-cased text, none here
        lower = text.lower()
        if not any(surname in lower for surname in surnames):
            return spans
    taken = [(span.start, span.end) for span in spans]
    starts = [start for start, _ in taken]
    added = []
    for match in _CAPITALISED_WORD.finditer(text):
        if key(match.group(0)) not in surnames:
            continue
        n = bisect_right(starts, match.start()) - 1
        inside = n >= 0 and taken[n][1] > match.start() or n + 1 < len(taken) and taken[n + 1][0] < match.end()
        if not inside:
            added.append(Span(match.start(), match.end(), "person", match.group(0), 1.0))
    return sorted(spans + added, key=lambda s: s.start) if added else spans


def _tagger_inputs(text: str, names: list[Span], numeric_spans: _NumericSpans
                   ) -> tuple[list[int], list[int], list[str], list[bool], list[str]]:
    """`RulesEngine.tagger_inputs` with the tokens as three lists (starts, ends, texts: `token_bounds`)."""
    starts, ends, words = token_bounds(text)
    typed = word_candidates(words)
    for span in numeric_spans.spans:  # no token that overlaps a date or figure is typed
        n = bisect_right(ends, span.start)  # the first token ending after the span's start (ends are sorted)
        while n < len(starts) and starts[n] < span.end:
            typed[n] = False
            n += 1
    return starts, ends, words, typed, _rule_tags_at(starts, names)


def _rule_tags_at(starts: list[int], names: list[Span]) -> list[str]:
    """The rule verdict of each token starting at `starts`: "B-person", "I-place", ... or "O": the verdict of the
    first name (by start) that ends after the token's start, if it starts at or before it."""
    count = len(starts)
    if not names:
        return ["O"] * count
    ordered = sorted(names, key=lambda s: s.start)
    if any(a.end > b.start for a, b in zip(ordered, ordered[1:])):
        return _rule_tags_overlapping(starts, ordered)
    tags = ["O"] * count
    for name in ordered:  # apart and in order: a token gets the name its start falls in
        kind = name.type + ("h" if name.confidence >= 0.9 else "l")
        n = bisect_left(starts, name.start)
        if n < count and starts[n] < name.end:
            tags[n] = ("B-" if starts[n] == name.start else "I-") + kind
            inside = "I-" + kind
            n += 1
            while n < count and starts[n] < name.end:
                tags[n] = inside
                n += 1
    return tags


def _rule_tags_overlapping(starts: list[int], ordered: list[Span]) -> list[str]:
    """`_rule_tags_at` token by token, for names that overlap."""
    tags: list[str] = []
    k = 0
    for start in starts:
        while k < len(ordered) and ordered[k].end <= start:
            k += 1
        if k < len(ordered) and ordered[k].start <= start < ordered[k].end:
            strength = "h" if ordered[k].confidence >= 0.9 else "l"
            tags.append(("B-" if ordered[k].start == start else "I-") + ordered[k].type + strength)
        else:
            tags.append("O")
    return tags


#: A tagger span whose best type beats the next by less than this is weak evidence in linking's vote.
WEAK_MARGIN = 1.0
_EDGE_WORDS = frozenset({"of", "and", "&", "for", "the", "de", "van", "von", "der", "la", "del", "y", "do"})


def _spans_from_labels(text: str, starts: list[int], ends: list[int], words: list[str],
                       labels: list[tuple[int, float]], rules: list[str]) -> list[Span]:
    """Runs of tokens with one name type become spans (connectors at the edges and titles before a person
    dropped); a name word the tagger was unsure of takes the type of the name word before it. The tokens:
    their starts, ends and texts."""
    named = list(compress(range(len(labels)), map(itemgetter(0), labels)))  # the rest is "O": no span
    labels = _smoothed(labels, named)
    spans: list[Span] = []
    m = 0
    while m < len(named):
        i, label = named[m], labels[named[m]][0]
        m += 1
        while m < len(named) and named[m] == named[m - 1] + 1 and labels[named[m]][0] == label:
            m += 1
        j = named[m - 1] + 1
        type_ = LABELS[label]
        if type_ != "O":
            first, last = i, j - 1
            while first <= last and words[first].lower() in _EDGE_WORDS:
                first += 1
            while last >= first and words[last].lower() in _EDGE_WORDS:
                last -= 1
            while type_ == "person" and first < last and key(words[first]) in TITLES:
                first += 1
            if first <= last:
                margin = labels[first][1] if first == last else min(labels[k][1] for k in range(first, last + 1))
                agreed = rules[first][2:-1] == type_
                confidence = 0.95 if margin >= WEAK_MARGIN or agreed else 0.9
                start, end = starts[first], ends[last]
                spans.append(Span(start, end, type_, text[start:end], confidence))
    return spans


#: A name word whose best type beats the next by less than this follows the type of the word before it.
#: Chosen on CoNLL dev (0: org F1 .751, 2: .757, 4: .758, 8: place F1 falls .929 -> .924).
SMOOTH_MARGIN = 4.0


def _smoothed(labels: list[tuple[int, float]], named: list[int]) -> list[tuple[int, float]]:
    """'Priya Raman': a weak "organization" after a person word becomes a person word. `named`: the indices
    of the labels that are not "O", in order (the others are never smoothed, nor smooth; smoothing changes
    a name label into another)."""
    out = list(labels)
    for i in named:
        if not i:
            continue
        label, margin = out[i]
        previous = out[i - 1][0]
        if label != previous and label != 0 and previous != 0 and margin < SMOOTH_MARGIN:
            out[i] = (previous, margin)
    return out


def _split_possessives(tokens: list[_Token | None]) -> list[list[_Token]]:
    """Cut after "Mexico's" (the span ends before the apostrophe) and at dates/figures (None)."""
    pieces: list[list[_Token]] = [[]]
    for token in tokens:
        if token is None:
            pieces.append([])
            continue
        if token.text[-1] not in _POSSESSIVE_ENDS:
            pieces[-1].append(token)  # no "'", "’", "'s" or "’s" at its end
            continue
        stripped = _POSSESSIVE.search(token.text)
        if stripped and len(token.text) > 2:
            cut = token.text[:stripped.start()]
            pieces[-1].append(_Token(token.start, token.start + len(cut), cut, key(cut)))
            pieces.append([])
        else:
            pieces[-1].append(token)
    return pieces


def _skip_title(tokens: list[_Token], i: int, lex: Lexicons) -> int:
    """Past a title and its "of ..." complement: "Secretary of State", "Minister of Foreign Affairs"."""
    i += 1
    while i < len(tokens) and tokens[i].key in TITLES:
        i += 1
    if i < len(tokens) and tokens[i].text == "of":
        i += 1
        while i < len(tokens) and (lex.is_common(tokens[i].text) or tokens[i].is_connector
                                   or tokens[i].key in lex.places) and tokens[i].key not in lex.given_names:
            i += 1
    return i


def _name_ends(tokens: list[_Token]) -> list[int]:
    """For each token i, where a name starting there ends: at a title or an "of"/"the" (one pass, from the end)."""
    ends = [0] * len(tokens)
    next_stop = len(tokens)
    for i in range(len(tokens) - 1, -1, -1):
        j = next_stop
        while j > i + 1 and tokens[j - 1].is_connector:
            j -= 1
        ends[i] = j
        if tokens[i].key in TITLES or tokens[i].text in ("of", "the"):
            next_stop = i
    return ends


def _with_of_tail(tokens: list[_Token], j: int) -> int:
    """'Department of Homeland Security': an organisation name goes on after "of"."""
    if j < len(tokens) and tokens[j].text in ("of", "for", "the"):
        k = j + 1
        while k < len(tokens) and tokens[k].key not in TITLES:
            k += 1
        return k if k > j + 1 else j
    return j


def _trim_connectors(tokens: list[_Token]) -> list[_Token]:
    first, end = 0, len(tokens)
    while first < end and tokens[first].is_connector:
        first += 1
    while first < end and tokens[end - 1].is_connector:
        end -= 1
    return tokens[first:end]


def _previous_words(before: str) -> tuple[str, str] | None:
    """The last word of `before` and the word before it ("" if none, or if anything but spaces or tabs comes between);
    None when `before` does not end in a word (spaces, tabs and one final newline aside)."""
    end = len(before) - 1 if before.endswith("\n") else len(before)  # where `$` matches, as a regex would
    words = _PREVIOUS_WORDS_REVERSED.match(before[end - 1::-1] if end else "")
    if words is None:
        return None
    return words.group(1)[::-1], (words.group(2) or "")[::-1]


def _place_cue(context: _Context) -> bool:
    previous = context.previous
    return previous in _PLACE_PREPOSITIONS or previous in _WEAK_PLACE_PREPOSITIONS or previous in PLACE_CUE_NOUNS


def _abbreviation_end(text: str) -> bool:
    """True when the final "." closes an abbreviation ("U.S.", "Mr.") rather than a sentence."""
    last = text.rsplit(None, 1)[-1] if text.strip() else ""
    return bool(re.fullmatch(rf"(?:[A-Z]\.){{2,}}|{_ABBREVIATED_TITLE}|[A-Z]\.", last))
