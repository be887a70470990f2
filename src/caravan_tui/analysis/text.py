"""Text folding shared by the analyses: one place that decides what counts as "the same".

Folding is for matching only; displayed text is never changed. `fold` maps
case, accents, curly quotes, dots in abbreviations ("U.S." -> "us") and commas
in numbers ("10,000" -> "10000") to one form.
"""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " ",
})
_ABBREVIATION = re.compile(r"\b(?:[A-Za-z]\.){2,}")
_NUMBER_COMMA = re.compile(r"(?<=\d),(?=\d{3}\b)")
_WORD = re.compile(r"[\w']+")


def strip_accents(text: str) -> str:
    """'Comaltitlán' -> 'Comaltitlan' (letters keep their base form)."""
    if text.isascii():  # ASCII is unchanged by every normal form and has no combining marks
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def normalise_punctuation(text: str) -> str:
    """Curly quotes, dashes and no-break spaces to their ASCII forms."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", text).translate(_QUOTES)


def fold(text: str) -> str:
    """The matching form of a text: case, accents, quotes, abbreviation dots, number commas."""
    text = strip_accents(normalise_punctuation(text))
    text = _ABBREVIATION.sub(lambda m: m.group(0).replace(".", ""), text)
    text = _NUMBER_COMMA.sub("", text)
    return text.casefold()


def fold_words(text: str) -> list[str]:
    """The folded words of a text, punctuation dropped."""
    return _WORD.findall(fold(text))
