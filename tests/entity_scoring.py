"""Score entity mentions against a gold annotation (the seeds.json schema): the rules, for tests and bench/.

The command line is bench/score_entities.py:

    python bench/score_entities.py tests/fixtures/gold/seeds.json tests/fixtures/seeds [--engine spacy]

Rules (the acceptance rules of the project's shared scorer): per article,
recall(type) = required forms found by a same-type mention / required forms;
precision(type) = distinct predicted (form, type) that match a required item of
that type, any "allowed" form, or (figures and dates) a required date/figure,
never a "not_entities" form. Forms are normalised (NFKC, case, curly quotes,
leading "the"/"mr."/"ms."/"mrs.", possessive, edge punctuation) and match when
equal or when one contains the other on word boundaries with at least half its
words. `lenient_figures` also matches a figure whose shorter side has a digit
and is contained in the other ("10,000" ~ "as many as 10,000").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

TYPES = ("person", "place", "figure", "date")
SCORED_PRECISION = ("person", "place", "figure")
_PREFIX = re.compile(r"^(?:the|mrs?\.?|ms\.?)\s+")
_EDGES = " \t\n.,;:!?\"'()[]{}«»<>-–—…/\\*"


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.translate(str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'}))
    text = " ".join(text.split())
    previous = None
    while text and text != previous:
        previous = text
        text = text.strip(_EDGES)
        if text.endswith("'s"):
            text = text[:-2]
        shorter = _PREFIX.sub("", text, count=1)
        text = shorter if shorter else text
    return " ".join(text.split())


def _inside(longer: str, shorter: str) -> bool:
    """`shorter` occurs in `longer` without cutting a word."""
    pattern = (r"(?<!\w)" if shorter[:1].isalnum() else "") + re.escape(shorter) + \
              (r"(?!\w)" if shorter[-1:].isalnum() else "")
    return re.search(pattern, longer) is not None


def same(a: str, b: str, lenient_figure: bool = False) -> bool:
    """Do two normalised forms name the same thing?"""
    if not a or not b:
        return False
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    if not _inside(longer, shorter):
        return False
    if 2 * len(shorter.split()) >= len(longer.split()):
        return True
    return lenient_figure and any(c.isdigit() for c in shorter)


def score_article(annotation: dict, mentions: Iterable[dict], lenient_figures: bool = False) -> dict:
    """Counts per type for one article: required, found, predicted, correct, with misses and errors."""
    required = {t: list(dict.fromkeys(normalise(x) for x in annotation["required"].get(t, []))) for t in TYPES}
    allowed = [normalise(x) for x in annotation.get("allowed", [])]
    forbidden = {normalise(x) for x in annotation.get("not_entities", [])}
    predicted = {t: {normalise(m["text"]): m["text"] for m in mentions if m["type"] == t} for t in TYPES}
    result = {}
    for t in TYPES:
        lenient = lenient_figures and t == "figure"
        misses = [g for g in required[t] if not any(same(g, p, lenient) for p in predicted[t])]
        errors = [surface for p, surface in predicted[t].items()
                  if not _correct(p, t, required, allowed, forbidden, lenient)]
        result[t] = {"required": len(required[t]), "found": len(required[t]) - len(misses),
                     "predicted": len(predicted[t]), "correct": len(predicted[t]) - len(errors),
                     "misses": misses, "errors": errors}
    return result


def _correct(form: str, type_: str, required: dict, allowed: list[str], forbidden: set[str], lenient: bool) -> bool:
    if not form or form in forbidden:
        return False
    if any(same(form, g, lenient) for g in required[type_]) or any(same(form, a) for a in allowed):
        return True
    other = {"figure": "date", "date": "figure"}.get(type_)
    return other is not None and any(same(form, g) for g in required[other])


def score(gold: dict, mentions: list[dict], lenient_figures: bool = False) -> dict:
    """Micro-averaged recall and precision per type over the gold's articles."""
    totals = {t: {"required": 0, "found": 0, "predicted": 0, "correct": 0, "misses": [], "errors": []}
              for t in TYPES}
    for article, annotation in gold["entities"].items():
        counts = score_article(annotation, [m for m in mentions if m["article"] == article], lenient_figures)
        for t in TYPES:
            for field in ("required", "found", "predicted", "correct"):
                totals[t][field] += counts[t][field]
            totals[t]["misses"] += [(article, x) for x in counts[t]["misses"]]
            totals[t]["errors"] += [(article, x) for x in counts[t]["errors"]]
    for t in TYPES:
        c = totals[t]
        c["recall"] = c["found"] / c["required"] if c["required"] else None
        c["precision"] = c["correct"] / c["predicted"] if c["predicted"] else None
    return totals
