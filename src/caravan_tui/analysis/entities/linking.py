"""Linking across articles: one canonical entity, and one type, for every mention.

Spans from any engine pass through the same corrections here:

- capitalised ordinary words alone ("Updated", "Migrants") are rejected;
- name variants meet on one key: accents and case folded, honorifics and
  titles dropped ("Mr. Lopez" -> "lopez"), place aliases resolved through the
  gazetteer ("U.S." / "US" / "United States");
- a surname, or the last words of a name, alone is linked to the one full
  person name that ends with it, anywhere in the corpus;
- the type is voted across every mention (confidence-weighted), so a name
  that is a person in most mentions is a person everywhere, and an entity
  whose total evidence is too weak is dropped.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from caravan_tui.analysis.entities.base import Mention, Span
from caravan_tui.analysis.entities.lexicons import KNOWN_ORGANIZATIONS, TITLES, key, lexicons
from caravan_tui.analysis.entities.names import link_acronyms, person_display, variant_key

#: An entity needs at least this much summed confidence to be kept.
MIN_EVIDENCE = 0.5
_NAME_TYPES = ("person", "place", "organization")
#: The weight the place gazetteer adds, per mention, to an unambiguous place name.
GAZETTEER_VOTE = 0.9
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
#: A short name links to a full name ending with at most this many of its words (all of any real name's;
#: the cap keeps linking linear when a page yields a name thousands of words long).
MAX_ENDING_WORDS = 8


@dataclass(frozen=True)
class RawMention:
    """A span placed in the corpus, before linking."""

    article: str
    passage: int
    span: Span


def name_key(text: str, type_: str) -> str:
    """The matching key of a surface form: folded, without titles, "the" or a possessive."""
    folded = key(_LEADING_THE.sub("", text))
    if folded.endswith("'s"):
        folded = folded[:-2]
    if type_ in ("person", "organization", "place"):
        words = folded.split()
        while len(words) > 1 and words[0] in TITLES:
            words = words[1:]
        folded = " ".join(words)
    return folded


def link(raw: Iterable[RawMention]) -> list[Mention]:
    """Give every raw mention its canonical entity and voted type; drop the rejected ones."""
    raw = list(raw)
    spans = {(m.span.text, m.span.type): m.span for m in raw}  # one span of each surface form and type
    surnames = frozenset(name_key(text, "person").split()[-1] for text, type_ in spans
                         if type_ == "person" and len(text.split()) > 1)
    # what a mention's text and type alone decide, decided once for each (names recur across articles)
    acceptable = {form: _acceptable(span, surnames) for form, span in spans.items()}
    raw = [m for m in raw if acceptable[m.span.text, m.span.type]]
    initial_keys = {form: _initial_key(span) for form, span in spans.items() if acceptable[form]}
    keys = [initial_keys[m.span.text, m.span.type] for m in raw]
    keys = _link_short_names(raw, keys)
    keys = _link_acronyms(raw, keys)
    types = _vote_types(raw, keys)
    names = _display_names(raw, keys, types)
    mentions = []
    for mention, entity_key in zip(raw, keys):
        type_ = types.get(entity_key)
        if type_ is None:
            continue
        span = mention.span
        final_type = type_ if span.type in _NAME_TYPES else span.type
        mentions.append(Mention(mention.article, mention.passage, final_type, span.text, span.start, span.end,
                                names[entity_key]))
    return mentions


def _acceptable(span: Span, surnames: frozenset[str] = frozenset()) -> bool:
    """Reject a lone ordinary word typed as a name (an engine's guess that capitals misled), unless it is
    the surname of someone named in full ("Mills" after "Jane Mills")."""
    if span.type not in _NAME_TYPES:
        return True
    words = span.text.split()
    folded = name_key(span.text, span.type)
    if not folded or folded in lexicons().places or folded in KNOWN_ORGANIZATIONS:
        return bool(folded)
    a_known_surname = span.type == "person" and folded in surnames
    return not (len(words) == 1 and lexicons().is_common(words[0]) and not a_known_surname)


def _initial_key(span: Span) -> tuple[str, str]:
    """(kind, key): names share one key space, figures and dates keep their own."""
    folded = name_key(span.text, span.type)
    if span.type in _NAME_TYPES:
        canonical = lexicons().places.get(folded) if span.type == "place" or folded in lexicons().places else None
        if canonical and span.type != "person":
            return "name", key(canonical)
        return "name", variant_key(span.text, span.type) if span.type != "place" else folded
    return span.type, folded


def _link_short_names(raw: list[RawMention], keys: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """'Lopez Obrador' -> 'Andres Manuel Lopez Obrador' when exactly one person name ends that way."""
    full_names = {k for m, k in zip(raw, keys) if m.span.type == "person" and len(k[1].split()) >= 2}
    endings: dict[str, set[str]] = defaultdict(set)
    for _, name in full_names:
        words = name.split()
        for cut in range(max(1, len(words) - MAX_ENDING_WORDS), len(words)):
            endings[" ".join(words[cut:])].add(name)
    linked = []
    for mention, (kind, name) in zip(raw, keys):
        longer = endings.get(name, set())
        if kind == "name" and len(longer) == 1 and mention.span.type in ("person", "organization"):
            linked.append((kind, next(iter(longer))))
        elif kind == "name" and len(longer) == 1 and mention.span.confidence < 0.9:
            linked.append((kind, next(iter(longer))))
        else:
            linked.append((kind, name))
    return linked


def _link_acronyms(raw: list[RawMention], keys: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """'FEMA' -> the one organisation of the corpus whose initials it spells (see `names`)."""
    orgs = {k[1] for m, k in zip(raw, keys) if k[0] == "name" and m.span.type == "organization"}
    linked = link_acronyms([m.span.text for m in raw], [k[1] for k in keys], orgs)
    return [(kind, new) if kind == "name" else (kind, old) for (kind, old), new in zip(keys, linked)]


def _vote_types(raw: list[RawMention], keys: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The winning type of each entity (None-less: weak entities are left out)."""
    votes: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    lex = lexicons()
    for mention, entity_key in zip(raw, keys):
        votes[entity_key][mention.span.type] += mention.span.confidence
        kind, folded = entity_key
        if kind == "name" and folded in lex.places and folded not in lex.given_names and folded not in lex.surnames:
            votes[entity_key]["place"] += GAZETTEER_VOTE  # a gazetteer place outvotes an engine's guess
    types = {}
    for entity_key, counter in votes.items():
        type_, weight = max(counter.items(), key=lambda item: item[1])  # the first of equal weights
        if entity_key[0] != "name" or weight >= MIN_EVIDENCE:
            types[entity_key] = type_
    return types


def _display_names(raw: list[RawMention], keys: list[tuple[str, str]],
                   types: dict[tuple[str, str], str]) -> dict[tuple[str, str], str]:
    """The name shown for each entity: the gazetteer's, else the most frequent full form, accents kept."""
    forms: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    cleaned: dict[tuple[str, str], str] = {}
    for mention, entity_key in zip(raw, keys):
        form = mention.span.text, mention.span.type
        surface = cleaned.get(form)
        if surface is None:
            surface = cleaned[form] = _clean_surface(*form)
        forms[entity_key][surface] += 1
    names = {}
    for entity_key, counter in forms.items():
        kind, folded = entity_key
        canonical = lexicons().places.get(folded) if types.get(entity_key) == "place" else None
        if canonical:
            names[entity_key] = canonical
            continue
        same = [form for form in counter
                if folded in (name_key(form, kind), variant_key(form, types.get(entity_key, "")))] or list(counter)
        names[entity_key] = max(same, key=lambda f: (counter[f], _accent_count(f), len(f)))
    return names


def _clean_surface(text: str, type_: str) -> str:
    words = _LEADING_THE.sub("", text).split()
    if type_ in _NAME_TYPES:
        while len(words) > 1 and key(words[0]) in TITLES:
            words = words[1:]
    cleaned = person_display(" ".join(words)) if type_ == "person" else " ".join(words)
    return cleaned[:-2] if cleaned.endswith(("'s", "’s")) else cleaned


def _accent_count(text: str) -> int:
    return sum(1 for c in text if ord(c) > 127)
