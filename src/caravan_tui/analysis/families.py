"""Families inside a story: the articles derived from one text, and those written independently.

Two articles of a story are *copies* (one derives from the other, or both from
one wire text) when they share wording in substance: at least
``MIN_SHARED_PASSAGES`` passages whose word 4-grams are largely shared (the
shingle evidence of `analysis.stories`), or ``COPY_CONTAINMENT`` of the shorter
article's 4-grams. A shared quote or stock phrase falls in one passage and does
not make a copy. A family is a connected group of copies; an article with no
copy is written independently and is its own family.

A family's *agency* is the news agency its members credit most ("(Reuters)",
"Associated Press", "AFP"...), when any does. `describe_families` words it the
way the overview shows it:

    from one Reuters text: Reuters, The Epoch Times · written independently: NBC News, BBC
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from caravan_tui.analysis.stories import (
    _fingerprint,
    _passages_holding,
    _Profile,
    _profile,
    members_by_story,
)
from caravan_tui.corpus.model import Article, hash_text

ALGORITHM_VERSION = 1
CACHE_KIND = f"families/{ALGORITHM_VERSION}"
MIN_SHARED_PASSAGES = 2
COPY_CONTAINMENT = 0.3

_AGENCIES = (
    ("Reuters", re.compile(r"\bReuters\b")),
    ("AP", re.compile(r"\bAssociated Press\b|\(AP\)|\bAP\b(?= ?[-\u2014])")),
    ("AFP", re.compile(r"\bAFP\b|\bAgence France[- ]Presse\b")),
    ("dpa", re.compile(r"\bdpa\b|\bDeutsche Presse-Agentur\b")),
    ("Xinhua", re.compile(r"\bXinhua\b")),
    ("PA", re.compile(r"\bPA Media\b|\bPress Association\b")),
)


@dataclass(frozen=True)
class Family:
    """Articles derived from one text (or one article written on its own), in the story's order."""

    article_ids: tuple[str, ...]
    agencies: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """The family's id: its first article's id."""
        return self.article_ids[0]

    @property
    def independent(self) -> bool:
        return len(self.article_ids) == 1


def are_copies(left: _Profile, right: _Profile) -> bool:
    """Whether two shingle profiles share wording in substance (see the module docstring)."""
    common = list(left.shingles.keys() & right.shingles.keys())
    if not common:
        return False
    if len(common) >= COPY_CONTAINMENT * (min(len(left.shingles), len(right.shingles)) or 1):
        return True
    return min(_passages_holding(left, common), _passages_holding(right, common)) >= MIN_SHARED_PASSAGES


def families(members: Sequence[Article]) -> list[Family]:
    """The families of one story's articles, ordered by their first member."""
    profiles = [_profile(article) for article in members]
    parent = list(range(len(members)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(members)):
        for j in range(i + 1, len(members)):
            if root(i) != root(j) and are_copies(profiles[i], profiles[j]):
                parent[max(root(i), root(j))] = min(root(i), root(j))
    groups: dict[int, list[Article]] = {}
    for i, article in enumerate(members):
        groups.setdefault(root(i), []).append(article)
    return [Family(tuple(a.id for a in group), agencies_of(group) if len(group) > 1 else ())
            for group in groups.values()]


def agencies_of(articles: Sequence[Article]) -> tuple[str, ...]:
    """The agencies credited by these articles (their source or text), most credited first."""
    counts: Counter[str] = Counter()
    for article in articles:
        text = "\n".join([article.source or "", *(p.text for p in article.passages)])
        counts.update(name for name, pattern in _AGENCIES if pattern.search(text))
    return tuple(name for name, _ in counts.most_common())


def describe_families(found: Sequence[Family], outlet_of: Mapping[str, str]) -> str:
    """'from one Reuters/AP text: Reuters, TRT World · written independently: NBC News, BBC'."""
    parts = []
    for family in found:
        if not family.independent:
            source = "/".join(family.agencies)
            outlets = ", ".join(_unique(outlet_of.get(a, a) for a in family.article_ids))
            parts.append(f"from one {source + ' ' if source else ''}text: {outlets}")
    independent = [outlet_of.get(f.id, f.id) for f in found if f.independent]
    if independent:
        parts.append(f"written independently: {', '.join(_unique(independent))}")
    return " \u00b7 ".join(parts)


def _unique(names: Any) -> list[str]:
    return list(dict.fromkeys(names))


def family_of_each(articles: Sequence[Article], story_of: Mapping[str, str], cache: Any = None) -> dict[str, str]:
    """Article id -> its family's id, story by story (each story's families kept in `cache` when given)."""
    groups = members_by_story(articles, dict(story_of))
    keys = {story: _story_key(members) for story, members in groups.items()}
    cached = cache.get_many(CACHE_KIND, keys.values()) if cache is not None else {}
    family_of: dict[str, str] = {}
    fresh: dict[str, dict[str, str]] = {}
    for story, members in groups.items():
        found = cached.get(keys[story])
        if not isinstance(found, dict) or set(found) != {a.id for a in members}:
            found = {a: family.id for family in families(members) for a in family.article_ids}
            fresh[keys[story]] = found
        family_of.update(found)
    if cache is not None and fresh:
        cache.put_many(CACHE_KIND, fresh)
    return family_of


def _story_key(members: Sequence[Article]) -> str:
    return hash_text("\n".join(f"{a.id}\t{_fingerprint(a)}" for a in members))
