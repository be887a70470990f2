"""Name variants: one key for every way a story writes the same person or organisation.

People:

* titles, honorifics and role words before the name are dropped
  ("Halvern County Sheriff Jane Roe", "Hydrologist Jane Roe", "Mr Roe"), as
  are middle initials ("Jane Q. Roe" -> "jane roe");
* a surname alone, or the last words of a name, is linked to the one full name
  of the story that ends with it (`entities.linking`, `NameResolver`); in
  `NameResolver` a role or title before a lone surname ("Sheriff Roe") is
  dropped too, and a lone surname goes to that full name even when the story
  also has the surname alone as an entity of its own.

Organisations:

* a leading "the" and a leading country ("U.S. State Department") are dropped;
* "Department of State" and "State Department" meet on one key
  ("<x> department"), as do "Ministry of Health" / "Health Ministry";
* an all-capitals word is linked to the one organisation whose initials it
  spells ("FEMA" for the Federal Emergency Management Agency).

General rules only: titles, role nouns and given names come from the shipped
lexicons, never from the articles of a story.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from caravan_tui.analysis.entities.lexicons import ORG_HEADS, ROLE_NOUNS, TITLES, key, lexicons

#: Words skipped when an acronym is spelled from a name ("Department of the Interior" -> "DI").
ACRONYM_SKIP = frozenset("of the and for on in to at".split())
MIN_ACRONYM = 2
MAX_ACRONYM = 8
#: An "of" phrase after an organisation head may be this long to be turned round ("Department of Homeland Security").
MAX_OF_WORDS = 3
_LEADING_THE = re.compile(r"^the\s+")
_INITIAL = re.compile(r"^[a-z]$")


def _words(text: str) -> list[str]:
    folded = key(text).replace("\u2019", "'")
    if folded.endswith("'s"):
        folded = folded[:-2]
    return _LEADING_THE.sub("", folded).split()


def _is_role(word: str) -> bool:
    return word in TITLES or word in ROLE_NOUNS or _is_person_noun(word)


def _is_person_noun(word: str) -> bool:
    from caravan_tui.analysis.differences import denotes_people  # lazy: a word list read on first use

    return len(word) > 3 and denotes_people(word)


def _name_start(words: list[str]) -> int:
    """Where the name proper starts: after the last title or role word that has at least two words after it."""
    given = lexicons().given_names
    for index in range(1, len(words)):
        if words[index] in given and any(_is_role(w) for w in words[:index]):
            return index
    roles = [i for i, w in enumerate(words[:-2]) if _is_role(w) and w not in given]
    if roles:
        return roles[-1] + 1
    start = 0
    while start < len(words) - 1 and words[start] in TITLES:
        start += 1
    return start


def person_key(text: str) -> str:
    """'Halvern County Sheriff Jane Q. Roe' -> 'jane roe'; 'Mr. Roe' -> 'roe'."""
    words = _words(text)
    words = words[_name_start(words):]
    if len(words) > 2:
        words = [words[0]] + [w for w in words[1:-1] if not _INITIAL.match(w)] + [words[-1]]
    return " ".join(words)


def bare_person_key(text: str) -> str:
    """The person key without leading role or title words: 'Sheriff Roe' -> 'roe' (a given name stays)."""
    words = person_key(text).split()
    given = lexicons().given_names
    while len(words) > 1 and _is_role(words[0]) and words[0] not in given:
        words = words[1:]
    return " ".join(words)


def person_display(text: str) -> str:
    """The surface form without its leading titles and roles: 'Hydrologist Jane Roe' -> 'Jane Roe'."""
    words = text.split()
    folded = [key(w) for w in words]
    start = _name_start(folded)
    return " ".join(words[start:]) if start < len(words) else text


def _country_prefix(words: list[str]) -> int:
    """How many leading words name a country ('us', 'united states'), when at least two words follow."""
    places, kinds = lexicons().places, lexicons().place_kinds
    for length in (2, 1):
        head = " ".join(words[:length])
        if len(words) - length >= 2 and head in places and kinds.get(head) == "country":
            return length
    return 0


def organization_key(text: str) -> str:
    """'the U.S. Department of State' -> 'state department'; 'Ministry of Health' -> 'health ministry'."""
    words = _words(text)
    words = words[_country_prefix(words):]
    if len(words) >= 3 and words[0] in ORG_HEADS and words[1] == "of":
        rest = words[2:]
        rest = rest[1:] if rest and rest[0] == "the" else rest
        if 0 < len(rest) <= MAX_OF_WORDS and "of" not in rest:
            words = rest + [words[0]]
    return " ".join(words)


def acronym(text: str) -> str:
    """The initials of a name's significant words: 'Federal Emergency Management Agency' -> 'fema'."""
    words = [w for w in _words(text) if w not in ACRONYM_SKIP]
    return "".join(w[0] for w in words if w[0].isalpha()) if len(words) >= MIN_ACRONYM else ""


def looks_like_acronym(text: str) -> bool:
    """'FEMA', 'NATO': a single word of capitals."""
    bare = text.replace(".", "")
    return MIN_ACRONYM <= len(bare) <= MAX_ACRONYM and bare.isalpha() and bare.isupper()


def variant_key(text: str, type_: str) -> str:
    """The key a name meets its variants on, by type ('person' or 'organization'; others: folded only)."""
    if type_ == "person":
        return person_key(text)
    if type_ == "organization":
        return organization_key(text)
    return " ".join(_words(text))


def link_acronyms(texts: Sequence[str], keys: Sequence[str], org_keys: Iterable[str]) -> list[str]:
    """Each key of an all-capitals surface form replaced by the one organisation key it spells, if one does."""
    spelled: dict[str, set[str]] = {}
    for org in org_keys:
        letters = acronym(org)
        if letters and len(org.split()) >= MIN_ACRONYM:
            spelled.setdefault(letters, set()).add(org)
    linked = []
    for text, current in zip(texts, keys):
        targets = spelled.get(key(text).replace(" ", ""), set()) if looks_like_acronym(text) else set()
        linked.append(next(iter(targets)) if len(targets) == 1 else current)
    return linked


@dataclass
class NameResolver:
    """Resolves a name as written ("Roe", "Mr Roe", "FEMA") to a story's canonical entity name."""

    people: dict[str, str] = field(default_factory=dict)          # person key -> canonical name
    organizations: dict[str, str] = field(default_factory=dict)   # organisation key -> canonical name
    acronyms: dict[str, set[str]] = field(default_factory=dict)   # initials -> canonical names

    def add(self, surface: str, canonical: str, type_: str) -> None:
        if type_ == "person":
            for form in (surface, canonical):
                self.people.setdefault(bare_person_key(form), canonical)
        elif type_ in ("organization", "place"):
            for form in (surface, canonical):
                self.organizations.setdefault(organization_key(form), canonical)
                letters = acronym(form)
                if letters and type_ == "organization":
                    self.acronyms.setdefault(letters, set()).add(canonical)

    def resolve(self, text: str) -> str | None:
        """The canonical name `text` stands for in this story, or None when it names nobody known."""
        person = bare_person_key(text)
        full_name = self._by_ending(person) if len(person.split()) == 1 else None
        if full_name:
            return full_name
        if person in self.people:
            return self.people[person]
        by_ending = self._by_ending(person)
        if by_ending:
            return by_ending
        organization = organization_key(text)
        if organization in self.organizations:
            return self.organizations[organization]
        if looks_like_acronym(text):
            found = self.acronyms.get(key(text).replace(" ", ""), set())
            if len(found) == 1:
                return next(iter(found))
        return None

    def _by_ending(self, folded: str) -> str | None:
        """A surname, or the last words of a name, when exactly one person of the story ends that way."""
        if not folded:
            return None
        found = {name for k, name in self.people.items() if k != folded and k.endswith(" " + folded)}
        return next(iter(found)) if len(found) == 1 else None


def resolver_for(mentions: Iterable[object]) -> NameResolver:
    """A resolver from entity mentions (anything with `text`, `entity` and `type`)."""
    resolver = NameResolver()
    for mention in mentions:
        type_ = str(getattr(mention, "type", ""))
        if type_ in ("person", "organization", "place"):
            resolver.add(str(getattr(mention, "text", "")), str(getattr(mention, "entity", "")), type_)
    return resolver
