"""Word-level differences between two aligned passages, each classed style, figure, framing, information or wording.

The classes are defined for readers in docs/differences.md; the registry of
their labels and styles is `caravan_tui.diff_classes`.

How changes are found: both passages are cut into tokens (words, numbers,
dotted abbreviations, punctuation marks) with their character offsets; tokens
are compared in folded form (`analysis.text.fold`), and the edit script comes
from rapidfuzz (compiled Indel opcodes on tokens encoded as characters).
Tokens that fold equal but differ on the page ("U.S."/"US", "Comaltitlán"/
"Comaltitlan", curly/straight quotes) are style changes. Runs of inserted or
deleted tokens are merged when at most ``MERGE_GAP`` equal words separate them,
so an active/passive rewrite stays one change; a dateline at the head of a
passage is compared on its own, and function words at the edge of a swap
("refugees and asylum seekers *have*") are split off, so spans stay minimal.

How changes are classed, in this order (general rules and lexicons only):

* **style** — the same words once folded (accents, quote marks, abbreviation
  dots, case, serial comma, punctuation-only); honorifics, titles before a
  name ("Sheriff Roe"/"Roe") and middle initials; British/American spelling;
  contractions ("won't"/"will not"); abbreviations and acronyms ("Gov."/
  "Governor", "U.S."/"United States", "Federal Emergency Management Agency"/
  "FEMA"); numerals and words of the same value ("a dozen"/"12"); datelines
  and credits ("told Reuters that"/"said").
* **figure** — a number changed value ("14"/"16", "300"/"3,000").
* **framing** — a change of stance, responsibility, legality or emotion: a
  swapped or inserted word denoting people (WordNet's noun.person, see
  scripts/build_lexicons.py) unless it shares a stem with the word it replaces
  ("spokesman"/"spokesperson"); an inserted or swapped evaluative or loaded
  word (data/lexicons/evaluative_adjectives.txt, loaded_words.txt: "perilous",
  "crisis"); a word of legality ("illegally", "undocumented"); a reporting
  verb swapped for a loaded one ("said"/"claimed", "asked"/"begged"); an
  inserted descriptive phrase about people ("many carrying small children").
* **information** — a clause or sentence added or dropped (at least
  ``MIN_INFORMATION_WORDS`` words, two of them content words).
* **wording** — everything else: another word with the same meaning and
  stance, connectives, tense, rearranged clauses.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Indel

from caravan_tui.analysis.text import fold

STYLE, FRAMING, WORDING, FIGURE, INFORMATION = "style", "framing", "wording", "figure", "information"
#: Bumped whenever a rule below changes, so cached alignments are classed again.
CLASSES_VERSION = 2
MERGE_GAP = 2
MIN_INFORMATION_WORDS = 4
MIN_STEM = 5
LEXICONS = Path(__file__).resolve().parent.parent / "data" / "lexicons"

_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|\d+(?:[.,]\d+)*|\w+(?:['\u2019\-]\w+)*|[^\w\s]")
HONORIFICS = frozenset("mr mrs ms miss dr sir dame madam mme mx".split())
NEUTRAL_REPORTING = frozenset("say tell state add note report announce explain write ask".split())
LOADED_REPORTING = frozenset("""
claim allege insist admit concede argue assert contend maintain suggest warn deny boast complain
acknowledge confess lament threaten vow demand admit declare beg plead implore slam blast rant
""".split())
#: Words of legality: adding or dropping one changes what a text says people did.
LEGALITY = frozenset("""
illegal illegally unlawful unlawfully lawful lawfully legal legally undocumented unauthorized unauthorised
criminal criminally illicit illicitly irregular irregularly
""".split())
#: Words that carry no content of their own, split off the edge of a swap.
FUNCTION_WORDS = frozenset("""
have has had been be being is are was were will would the a an that which who to of
""".split())
CONTRACTIONS = {"won't": "will not", "can't": "can not", "cannot": "can not", "shan't": "shall not",
                "n't": " not", "'re": " are", "'ve": " have", "'ll": " will", "'m": " am", "'d": " would",
                "it's": "it is", "that's": "that is", "he's": "he is", "she's": "she is", "there's": "there is",
                "what's": "what is", "who's": "who is", "let's": "let us"}
#: Abbreviations of titles, words of organisations and US states (AP style), as written without dots.
ABBREVIATIONS = {
    "gov": "governor", "sen": "senator", "rep": "representative", "gen": "general", "lt": "lieutenant",
    "col": "colonel", "sgt": "sergeant", "capt": "captain", "cmdr": "commander", "adm": "admiral", "dr": "doctor",
    "prof": "professor", "rev": "reverend", "st": "saint", "mt": "mount", "ft": "fort", "dept": "department",
    "govt": "government", "corp": "corporation", "co": "company", "inc": "incorporated", "ltd": "limited",
    "intl": "international", "natl": "national", "assn": "association", "univ": "university", "pres": "president",
    "us": "united states", "uk": "united kingdom", "un": "united nations", "eu": "european union",
    "ala": "alabama", "ariz": "arizona", "ark": "arkansas", "calif": "california", "colo": "colorado",
    "conn": "connecticut", "del": "delaware", "fla": "florida", "ga": "georgia", "ill": "illinois",
    "ind": "indiana", "kan": "kansas", "ky": "kentucky", "la": "louisiana", "md": "maryland",
    "mass": "massachusetts", "mich": "michigan", "minn": "minnesota", "miss": "mississippi", "mo": "missouri",
    "mont": "montana", "neb": "nebraska", "nev": "nevada", "okla": "oklahoma", "ore": "oregon",
    "pa": "pennsylvania", "tenn": "tennessee", "vt": "vermont", "va": "virginia", "wash": "washington",
    "wis": "wisconsin", "wyo": "wyoming", "nc": "north carolina", "sc": "south carolina", "nd": "north dakota",
    "sd": "south dakota", "nh": "new hampshire", "nj": "new jersey", "nm": "new mexico", "ny": "new york",
    "ri": "rhode island", "wva": "west virginia",
}
#: A dateline: 'CITY, State, Month 14 (AGENCY) —' at the head of a passage.
DATELINE = re.compile(r"^[A-Z][A-Z.'\u2019-]+(?: [A-Z][A-Z.'\u2019-]+)*(?:,[^\u2014\u2013()\n]{1,40}?)?"
                      r"\s*(?:\([^)\n]{1,30}\))?\s*(?:\u2014|\u2013|--?)\s+")
_IRREGULAR_VERBS = {"said": "say", "says": "say", "saying": "say", "told": "tell", "telling": "tell",
                    "tells": "tell", "wrote": "write", "written": "write", "writing": "write"}
QUANTIFIERS = frozenset("""
many some most all several few both each none one others half dozens hundreds thousands scores
among including
""".split())
_SPELLING = [(re.compile(p), r) for p, r in (
    (r"is(e|ed|es|ing|ation|ations)$", r"iz\1"), (r"our(s|ed|ing|ite|ites)?$", r"or\1"),
    (r"tre(s)?$", r"ter\1"), (r"ogue(s)?$", r"og\1"), (r"ence(s)?$", r"ense\1"),
    (r"ll(ed|ing|er|ers)$", r"l\1"), (r"yse(d|s)?$", r"yze\1"),
)]


@dataclass(frozen=True)
class Difference:
    """One change: the exact text on each side ("" for an insertion or deletion), its class and offsets."""

    a: str
    b: str
    cls: str
    a_start: int
    a_end: int
    b_start: int
    b_end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Difference:
        return cls(**data)


@dataclass(frozen=True)
class Token:
    text: str
    key: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()


def tokenize(text: str) -> list[Token]:
    """Tokens with their folded comparison key and character offsets."""
    return list(_tokens(text))


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[Token, ...]:
    """`tokenize`, kept for the passages met last: a passage is compared with each of its counterparts."""
    return tuple(Token(m.group(), _token_key(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text))


@lru_cache(maxsize=1 << 16)
def _token_key(token: str) -> str:
    """A token's folded comparison key, folded once per distinct token (tokens repeat across passages)."""
    return fold(token).replace(".", "") or token


@lru_cache(maxsize=1)
def person_nouns() -> frozenset[str]:
    """Words whose main sense denotes a person (derived from WordNet 3.0's noun.person)."""
    data = (LEXICONS / "person_nouns.txt.gz").read_bytes()
    return frozenset(gzip.decompress(data).decode("utf-8").split())


@lru_cache(maxsize=1)
def evaluative_adjectives() -> frozenset[str]:
    text = (LEXICONS / "evaluative_adjectives.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def loaded_words() -> frozenset[str]:
    """Nouns and verbs that carry emotion or judgement ("crisis", "invasion"), a hand-written general list."""
    text = (LEXICONS / "loaded_words.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _singulars(word: str) -> list[str]:
    forms = [word]
    if word.endswith("men"):
        forms.append(word[:-3] + "man")
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("s"):
        forms.append(word[:-1])
    return forms


def denotes_people(word: str) -> bool:
    nouns = person_nouns()
    return any(form in nouns for form in _singulars(word))


@lru_cache(maxsize=1 << 14)
def _verb_lemma(word: str) -> str:
    if word in _IRREGULAR_VERBS:
        return _IRREGULAR_VERBS[word]
    for suffix, repl in (("ing", ""), ("ing", "e"), ("ied", "y"), ("ies", "y"), ("ed", ""), ("ed", "e"),
                         ("d", ""), ("s", "")):
        if word.endswith(suffix):
            base = word[: -len(suffix)] + repl
            if base in NEUTRAL_REPORTING or base in LOADED_REPORTING:
                return base
            if len(base) > 3 and base[-1] == base[-2] and base[:-1] in NEUTRAL_REPORTING | LOADED_REPORTING:
                return base[:-1]    # "begged" -> "beg"
    return word


def _shares_stem(word: str, others: list[str]) -> bool:
    return any(_common_prefix(word, o) >= MIN_STEM for o in others)


def _common_prefix(x: str, y: str) -> int:
    n = 0
    while n < min(len(x), len(y)) and x[n] == y[n]:
        n += 1
    return n


def _american(word: str) -> str:
    for pattern, repl in _SPELLING:
        word = pattern.sub(repl, word)
    return word


def _words(tokens: list[Token]) -> list[str]:
    return [t.key for t in tokens if t.is_word]


def _is_style(a: list[Token], b: list[Token], after: tuple[Token | None, Token | None] = (None, None)) -> bool:
    wa, wb = _words(a), _words(b)
    if wa == wb:
        return True
    if [w for w in wa if w not in HONORIFICS] == [w for w in wb if w not in HONORIFICS]:
        return True
    if "".join(wa) == "".join(wb):  # "per cent" / "percent"
        return True
    if len(wa) == len(wb) and all(_american(x) == _american(y) for x, y in zip(wa, wb)):
        return True
    if _normal_form(a, after[0]) == _normal_form(b, after[1]) or _is_title_before_name(a, b, after):
        return True
    return _is_acronym_of(a, b) or _is_acronym_of(b, a) or _same_number(a, b) or _is_credit(wa, wb)


@lru_cache(maxsize=1 << 14)
def _expand(word: str) -> tuple[str, ...]:
    """'won't' -> ('will', 'not'), "we're" -> ('we', 'are'), 'gov' -> ('governor',), 'us' -> ('united', 'states')."""
    return tuple(_expanded(word))


def _expanded(word: str) -> list[str]:
    word = word.replace("\u2019", "'")
    if word in CONTRACTIONS:
        return CONTRACTIONS[word].split()
    for ending, full in CONTRACTIONS.items():
        if ending.startswith(("'", "n'")) and word.endswith(ending) and len(word) > len(ending):
            return (word[: -len(ending)] + full).split()
    return ABBREVIATIONS.get(word, word).split()


def _normal_form(tokens: list[Token], following: Token | None) -> list[str]:
    """The words with contractions and abbreviations spelled out, titles before a name and initials dropped."""
    words: list[str] = []
    for index, token in enumerate(tokens):
        if token.text == "%":
            words.append("percent")
        if not token.is_word:
            continue
        nxt = tokens[index + 1] if index + 1 < len(tokens) else following
        if _is_initial(token) and (index > 0 or (nxt is not None and nxt.text == ".")):
            continue
        words.extend(_expand(token.key))
    return words


def _is_title_before_name(a: list[Token], b: list[Token], after: tuple[Token | None, Token | None]) -> bool:
    """'Sheriff Roe' / 'Roe': only a title or role word added or dropped right before a name."""
    if a and b:
        return False
    tokens, following = (a, after[0]) if a else (b, after[1])
    words = [t for t in tokens if t.is_word]
    titles = all(_is_title(t.key) or (t.text[:1].isupper() and denotes_people(t.key)) for t in words)
    return bool(words) and titles and following is not None \
        and following.text[:1].isupper()


def _is_initial(token: Token) -> bool:
    return len(token.key) == 1 and token.text[:1].isupper() and token.key.isalpha() and token.key not in ("a", "i")


def _is_title(word: str) -> bool:
    from caravan_tui.analysis.entities.lexicons import ROLE_NOUNS, TITLES

    return word in HONORIFICS or word in TITLES or word in ROLE_NOUNS or ABBREVIATIONS.get(word, "") in TITLES


def _is_acronym_of(short: list[Token], long: list[Token]) -> bool:
    """'FEMA' for 'Federal Emergency Management Agency'."""
    from caravan_tui.analysis.entities.names import acronym, looks_like_acronym

    words = [t for t in short if t.is_word]
    if len(words) != 1 or not looks_like_acronym(words[0].text):
        return False
    return acronym(" ".join(t.text for t in long if t.is_word)) == words[0].key


def _number(tokens: list[Token]) -> float | None:
    words = " ".join(t.text for t in tokens if t.is_word)
    return _parse_number(words) if words else None


@lru_cache(maxsize=1 << 14)
def _parse_number(words: str) -> float | None:
    from caravan_tui.analysis.figures import parse_number

    return parse_number(words)


def _same_number(a: list[Token], b: list[Token]) -> bool:
    """'a dozen' / '12', 'ten' / '10'."""
    x, y = _number(a), _number(b)
    return x is not None and x == y


def _numbers(tokens: list[Token]) -> set[float]:
    whole = _number(tokens)
    if whole is not None:
        return {whole}
    return {float(t.key.replace(",", "")) for t in tokens if re.fullmatch(r"\d+(?:\.\d+)?", t.key.replace(",", ""))}


def _is_figure(a: list[Token], b: list[Token]) -> bool:
    """A number changed value: '14' / '16', 'some 300' / 'some 3,000'."""
    x, y = _numbers(a), _numbers(b)
    return bool(x) and bool(y) and x != y


def _is_credit(wa: list[str], wb: list[str]) -> bool:
    """'told Reuters that' / 'said': the same neutral verb of saying, with or without the outlet it was told to."""
    for longer, shorter in ((wa, wb), (wb, wa)):
        verbs = [w for w in longer if _verb_lemma(w) in ("say", "tell")]
        if len(shorter) == 1 and _verb_lemma(shorter[0]) in ("say", "tell") and len(verbs) == 1:
            rest = [w for w in longer if w not in verbs]
            if rest and all(w in ("that", "reporters", "news", "agency", "the") or w in _CAPITALISED for w in rest):
                return True
    return False


_CAPITALISED: set[str] = set()


def _is_descriptive_phrase(words: list[str]) -> bool:
    """'many carrying small children', 'some wearing masks', 'fleeing violence'."""
    if len(words) < 2:
        return False
    head = words[1:4] if words[0] in QUANTIFIERS else words[:1]
    return any(len(w) > 4 and w.endswith(("ing", "ed")) and w not in ("during", "according") for w in head)


def _is_framing(a: list[Token], b: list[Token]) -> bool:
    wa, wb = _words(a), _words(b)
    removed = [w for w in wa if w not in wb]
    added = [w for w in wb if w not in wa]
    swap_or_short = bool(wa and wb) or len(wa + wb) < MIN_INFORMATION_WORDS
    for word, others in [(w, removed) for w in added] + [(w, added) for w in removed]:
        if swap_or_short and denotes_people(word) and not _shares_stem(word, others):
            return True
    loaded = evaluative_adjectives() | loaded_words() | LEGALITY
    if any(w in loaded for w in added + removed):
        return True
    verbs_out = {_verb_lemma(w) for w in removed} & (NEUTRAL_REPORTING | LOADED_REPORTING)
    verbs_in = {_verb_lemma(w) for w in added} & (NEUTRAL_REPORTING | LOADED_REPORTING)
    if verbs_out and verbs_in and verbs_out != verbs_in and (verbs_out | verbs_in) & LOADED_REPORTING:
        return True
    inserted = wb if not wa else wa if not wb else []
    return _is_descriptive_phrase(inserted)


def _is_information(a: list[Token], b: list[Token]) -> bool:
    """A clause or sentence added or dropped: at least MIN_INFORMATION_WORDS words, two of them content words."""
    if a and b:
        return False
    words = _words(a or b)
    content = [w for w in words if w not in FUNCTION_WORDS and w not in QUANTIFIERS and len(w) > 2]
    return len(words) >= MIN_INFORMATION_WORDS and len(content) >= 2


def classify(a: list[Token], b: list[Token], after: tuple[Token | None, Token | None] = (None, None)) -> str:
    """The class of a change from tokens `a` to tokens `b` (`after`: the token following each side)."""
    _CAPITALISED.clear()
    _CAPITALISED.update(t.key for t in a + b if t.text[:1].isupper())
    if _is_style(a, b, after):
        return STYLE
    if _is_figure(a, b):
        return FIGURE
    if _is_framing(a, b):
        return FRAMING
    if _is_information(a, b):
        return INFORMATION
    return WORDING


@dataclass
class _Hunk:
    a1: int
    a2: int
    b1: int
    b2: int


#: The class of each hunk already classed in one comparison, by its token ranges (a1, a2, b1, b2).
_Classes = dict[tuple[int, int, int, int], str]


def _encode(keys_a: list[str], keys_b: list[str]) -> tuple[str, str]:
    vocabulary: dict[str, str] = {}

    def code(key: str) -> str:
        if key not in vocabulary:
            n = len(vocabulary) + 0x100
            vocabulary[key] = chr(n + 0x800 if n >= 0xD800 else n)
        return vocabulary[key]

    return "".join(map(code, keys_a)), "".join(map(code, keys_b))


def _raw_hunks(ta: list[Token], tb: list[Token]) -> tuple[list[_Hunk], list[tuple[int, int, int, int]]]:
    """Changed token ranges, and equal ranges, from the edit script."""
    sa, sb = _encode([t.key for t in ta], [t.key for t in tb])
    hunks: list[_Hunk] = []
    equal: list[tuple[int, int, int, int]] = []
    for op in Indel.opcodes(sa, sb):
        if op.tag == "equal":
            equal.append((op.src_start, op.src_end, op.dest_start, op.dest_end))
        elif hunks and hunks[-1].a2 == op.src_start and hunks[-1].b2 == op.dest_start:
            hunks[-1].a2, hunks[-1].b2 = op.src_end, op.dest_end
        else:
            hunks.append(_Hunk(op.src_start, op.src_end, op.dest_start, op.dest_end))
    return hunks, equal


def _punctuation_only(hunk: _Hunk, ta: list[Token], tb: list[Token]) -> bool:
    return not any(t.is_word for t in ta[hunk.a1:hunk.a2] + tb[hunk.b1:hunk.b2])


def _merge(hunks: list[_Hunk], ta: list[Token], tb: list[Token], memo: _Classes) -> list[_Hunk]:
    """Merge word changes separated by at most MERGE_GAP equal words (a change of style stays on its own)."""
    merged: list[_Hunk] = []
    styled = [_class_of(hunk, ta, tb, memo) == STYLE for hunk in hunks]
    for index, hunk in enumerate(hunks):
        previous = merged[-1] if merged else None
        if (previous and not _punctuation_only(hunk, ta, tb) and not _punctuation_only(previous, ta, tb)
                and sum(t.is_word for t in ta[previous.a2:hunk.a1]) <= MERGE_GAP
                and not styled[index] and not styled[index - 1]):
            previous.a2, previous.b2 = hunk.a2, hunk.b2
        else:
            merged.append(_Hunk(hunk.a1, hunk.a2, hunk.b1, hunk.b2))
    return merged


def _split_descriptive(hunk: _Hunk, ta: list[Token], tb: list[Token]) -> list[_Hunk]:
    """Split off a comma-delimited descriptive phrase inserted beside a swapped word."""
    if hunk.a1 == hunk.a2 or hunk.b1 == hunk.b2:
        return [hunk]
    for side in ("b", "a"):
        tokens, lo, hi = (tb, hunk.b1, hunk.b2) if side == "b" else (ta, hunk.a1, hunk.a2)
        for comma in range(lo + 1, hi - 1):
            if tokens[comma].text != ",":
                continue
            phrase = [t.key for t in tokens[comma + 1:hi] if t.is_word]
            if _is_descriptive_phrase(phrase):
                if side == "b":
                    return [_Hunk(hunk.a1, hunk.a2, hunk.b1, comma + 1), _Hunk(hunk.a2, hunk.a2, comma + 1, hi)]
                return [_Hunk(hunk.a1, comma + 1, hunk.b1, hunk.b2), _Hunk(comma + 1, hi, hunk.b2, hunk.b2)]
    return [hunk]


def _span(tokens: list[Token], lo: int, hi: int, text_len_at: int) -> tuple[int, int]:
    if lo >= hi:
        return text_len_at, text_len_at
    return tokens[lo].start, tokens[hi - 1].end


def _insertion_point(tokens: list[Token], index: int, text: str) -> int:
    return tokens[index].start if index < len(tokens) else len(text)


def _trim_function_words(hunk: _Hunk, ta: list[Token], tb: list[Token]) -> list[_Hunk]:
    """'migrants' / 'refugees and asylum seekers have': a function word at the edge of one side of a swap
    is its own insertion, so the swap's span is only what was swapped."""
    if hunk.a2 - hunk.a1 == 0 or hunk.b2 - hunk.b1 == 0:
        return [hunk]
    for tokens, lo, hi, other_hi, side in ((tb, hunk.b1, hunk.b2, hunk.a2, "b"), (ta, hunk.a1, hunk.a2, hunk.b2, "a")):
        other = ta if side == "b" else tb
        if hi - lo > 1 and tokens[hi - 1].key in FUNCTION_WORDS and other[other_hi - 1].key not in FUNCTION_WORDS:
            if side == "b":
                return [_Hunk(hunk.a1, hunk.a2, hunk.b1, hunk.b2 - 1), _Hunk(hunk.a2, hunk.a2, hunk.b2 - 1, hunk.b2)]
            return [_Hunk(hunk.a1, hunk.a2 - 1, hunk.b1, hunk.b2), _Hunk(hunk.a2 - 1, hunk.a2, hunk.b2, hunk.b2)]
    return [hunk]


def _difference(hunk: _Hunk, ta: list[Token], tb: list[Token], a: str, b: str, cls: str | None,
                memo: _Classes) -> Difference:
    a_start, a_end = _span(ta, hunk.a1, hunk.a2, _insertion_point(ta, hunk.a1, a))
    b_start, b_end = _span(tb, hunk.b1, hunk.b2, _insertion_point(tb, hunk.b1, b))
    cls = cls or _class_of(hunk, ta, tb, memo)
    return Difference(a[a_start:a_end], b[b_start:b_end], cls, a_start, a_end, b_start, b_end)


def _surface_changes(equal: list[tuple[int, int, int, int]], ta: list[Token], tb: list[Token]) -> list[_Hunk]:
    """Runs of tokens that fold equal but are written differently."""
    found: list[_Hunk] = []
    for a1, a2, b1, _ in equal:
        for offset in range(a2 - a1):
            i, j = a1 + offset, b1 + offset
            if ta[i].text == tb[j].text:
                continue
            if found and found[-1].a2 == i and found[-1].b2 == j:
                found[-1].a2, found[-1].b2 = i + 1, j + 1
            else:
                found.append(_Hunk(i, i + 1, j, j + 1))
    return found


def _inside(small: _Hunk, spans: list[_Hunk]) -> bool:
    return any(h.a1 <= small.a1 and small.a2 <= h.a2 for h in spans)


def _class_of(hunk: _Hunk, ta: list[Token], tb: list[Token], memo: _Classes) -> str:
    """`classify` of a hunk, once per token range of a comparison (merging asks again of the same ranges)."""
    ranges = (hunk.a1, hunk.a2, hunk.b1, hunk.b2)
    found = memo.get(ranges)
    if found is None:
        after = (ta[hunk.a2] if hunk.a2 < len(ta) else None, tb[hunk.b2] if hunk.b2 < len(tb) else None)
        found = memo[ranges] = classify(ta[hunk.a1:hunk.a2], tb[hunk.b1:hunk.b2], after)
    return found


def _dateline_end(text: str, text_range: tuple[int, int] | None) -> int:
    """Where a dateline at the head of the (range of the) passage ends, or its start when there is none."""
    start = text_range[0] if text_range else 0
    match = DATELINE.match(text[start:])
    return start + match.end() if match else start


def _compare(ta: list[Token], tb: list[Token], a: str, b: str, cls: str | None = None) -> list[Difference]:
    hunks, equal = _raw_hunks(ta, tb)
    memo: _Classes = {}
    merged = [piece for hunk in _merge(hunks, ta, tb, memo) for piece in _split_descriptive(hunk, ta, tb)]
    merged = [piece for hunk in merged for piece in
              ([hunk] if _class_of(hunk, ta, tb, memo) == STYLE else _trim_function_words(hunk, ta, tb))]
    found = [_difference(h, ta, tb, a, b, cls, memo) for h in merged]
    found += [_difference(h, ta, tb, a, b, STYLE, memo) for h in _surface_changes(equal, ta, tb)
              if not _inside(h, merged)]
    return found


def differences(a: str, b: str, a_range: tuple[int, int] | None = None,
                b_range: tuple[int, int] | None = None) -> list[Difference]:
    """The differences between passage texts `a` and `b`, in reading order of `a`.

    `a_range`/`b_range` restrict the comparison to a character range of either
    text (the part of a long passage that another outlet split off); offsets
    stay relative to the whole text. A dateline at the head of either side is
    compared on its own, and any change in it is style.
    """
    ta = [t for t in tokenize(a) if a_range is None or a_range[0] <= t.start < a_range[1]]
    tb = [t for t in tokenize(b) if b_range is None or b_range[0] <= t.start < b_range[1]]
    a_line, b_line = _dateline_end(a, a_range), _dateline_end(b, b_range)
    head_a, body_a = [t for t in ta if t.start < a_line], [t for t in ta if t.start >= a_line]
    head_b, body_b = [t for t in tb if t.start < b_line], [t for t in tb if t.start >= b_line]
    found = _compare(head_a, head_b, a, b, STYLE) if head_a or head_b else []
    found += _compare(body_a, body_b, a, b)
    return sorted(found, key=lambda d: (d.a_start, d.b_start))
