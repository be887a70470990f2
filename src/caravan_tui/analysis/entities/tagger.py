"""A small learned name tagger: an averaged perceptron over the capitalised tokens of a passage.

The rules (rules.py) find and type names from gazetteers and cues; this tagger
decides the final person / place / organisation / other-name type of each
capitalised token from the token, its neighbours, the gazetteers and the rules'
own verdict, so the conventions of real news copy (datelines, headlines, clubs,
companies, initials) are learned rather than listed. Spans are runs of tokens
with the same type.

The weights are trained by scripts/build_entity_model.py on the CoNLL-2003
English training split and shipped in data/lexicons/entity_model.bin (zlib).
Feature names are hashed (CRC-32), so no text of the training corpus is shipped,
only numbers. Without the file the rules work alone.
"""

from __future__ import annotations

import re
import zlib
from array import array
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from importlib import resources
from itertools import compress, repeat
from operator import itemgetter
from re import Match
from typing import Any, NamedTuple

LABELS = ("O", "person", "place", "organization", "misc")
_LABEL_INDEX = {label: n for n, label in enumerate(LABELS)}
#: Added to the score of the rules' type when they were sure (in weight units x SCALE). On the CoNLL
#: development split F1 is flat (within 0.002) from 0 to 8; 4 lets a sure gazetteer place or titled person
#: stand against the newswire conventions of the training data ("Texas" the team, "Gap" the company).
RULE_BONUS = 4_000
#: Added to "place" when the rules found a place in a word the training data never had ("w=" unknown): the
#: gazetteers know the world's places better than 1996 newswire. Dev F1 is flat from 10 to 40.
UNKNOWN_PLACE_BONUS = 20_000
MODEL_RESOURCE = "lexicons/entity_model.bin"
MAGIC = b"CVNT1"
#: Weights are stored as 16-bit integers: weight = stored / SCALE.
SCALE = 1000.0

#: Abbreviations that keep their full stop ("St. Louis", "Fla.", "Gen."): titles, US state and company forms.
ABBREVIATIONS = ("mr|mrs|ms|dr|st|ste|mt|ft|jr|sr|gen|sen|rep|gov|lt|col|capt|sgt|prof|rev|adm|cmdr|maj|messrs|"
                 "inc|corp|co|ltd|bros|no|vs|ala|ariz|ark|calif|colo|conn|del|fla|ga|ill|ind|kan|ky|la|md|mass|"
                 "mich|minn|miss|mo|mont|neb|nev|okla|ore|pa|tenn|tex|va|vt|wash|wis|wyo")
#: "Ohio-based", "Lagos-born": the name before these is a token of its own.
COMPOUND_TAILS = r"(?:based|born|bred|led|backed|owned|made|run|bound|registered|listed|headquartered)"
#: Initials ("U.S.", "M.") and abbreviations first, then words, a possessive "'s" and any other character. The
#: first three all need one to six letters and a full stop: the lookahead that says so (possessive: a letter
#: run ends at the first character that is no letter) fails at once on most words, and changes no match.
TOKEN = re.compile(rf"(?=[^\W\d_]{{1,6}}+\.)(?:(?:[^\W\d_]\.){{2,}}|[^\W\d_]\.(?=\s)|"
                   rf"(?=[A-Za-z]{{2,6}}\.)(?i:{ABBREVIATIONS})\.(?=[,;]?\s+\w))|"
                   rf"\w+(?:-(?!{COMPOUND_TAILS}\b)\w+|['’](?![sS]\b)\w+)*|['’][sS]\b|\S")
CONNECTORS = frozenset({"of", "de", "van", "der", "den", "von", "la", "le", "du", "da", "di", "del", "al", "el",
                        "bin", "ibn", "and", "&", "for", "the", "y", "dos", "das", "do"})
_FIRST = itemgetter(slice(0, 1))  # a word's first character ("" for "")
_SHAPE_MAP = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
                           "X" * 26 + "x" * 26 + "d" * 10)


class Token(NamedTuple):
    """A token of a passage: where it is and its text."""

    start: int
    end: int
    text: str


def tokenise(text: str) -> list[Token]:
    """Words, initials ("M."), abbreviations ("U.S."), a possessive "'s" and punctuation, in order."""
    # what Token._make does, without its checks, and each step a map (no Python loop over the tokens)
    return list(map(tuple.__new__, repeat(Token), zip(*token_bounds(text))))


def token_bounds(text: str) -> tuple[list[int], list[int], list[str]]:
    """The tokens of `tokenise` as three lists: their starts, their ends and their texts (no tuple a token)."""
    matches = list(TOKEN.finditer(text))
    return list(map(Match.start, matches)), list(map(Match.end, matches)), list(map(Match.group, matches))


def is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def word_candidates(words: Sequence[str]) -> list[bool]:
    """Which of the tokens (by their texts) the tagger types: capitalised ones, and connectors between two of
    them ("Bank of England")."""
    caps = list(map(str.isupper, map(_FIRST, words)))  # is_capitalised of each token, by maps
    result = list(caps)
    last = len(words) - 1
    for i in list(compress(range(len(caps)), caps)):  # a connector follows a capitalised token
        if i + 2 <= last and not caps[i + 1] and caps[i + 2] and words[i + 1] in CONNECTORS:
            result[i + 1] = True
    return result


@lru_cache(maxsize=65536)
def shape(word: str) -> str:
    """'Smith' -> 'Xx', 'U.S.' -> 'X.X.', 'B-52' -> 'X-d': character classes, repeats collapsed."""
    mapped = word.translate(_SHAPE_MAP)
    out: list[str] = []
    for char in mapped:
        if not out or out[-1] != char:
            out.append(char)
    collapsed = "".join(out)
    return collapsed if len(collapsed) <= 6 else collapsed[:6]


def run_bounds(typed: Sequence[bool]) -> list[tuple[int, int]]:
    """For each token, the first and last index of the run of candidate tokens it is in (one pass each way)."""
    firsts = [0] * len(typed)
    first = 0
    for i, candidate in enumerate(typed):
        if not candidate or i == 0 or not typed[i - 1]:
            first = i
        firsts[i] = first
    bounds = [(0, 0)] * len(typed)
    last = len(typed) - 1
    for i in range(len(typed) - 1, -1, -1):
        if not typed[i] or i == len(typed) - 1 or not typed[i + 1]:
            last = i
        bounds[i] = (firsts[i], last)
    return bounds


def candidate_runs(typed: Sequence[bool]) -> list[tuple[int, tuple[int, int]]]:
    """Each candidate token's index and its `run_bounds`, in order (a pass over the candidates alone)."""
    indices = [i for i, candidate in enumerate(typed) if candidate]
    out: list[tuple[int, tuple[int, int]]] = []
    start = 0
    for k, i in enumerate(indices):
        if k + 1 == len(indices) or indices[k + 1] != i + 1:
            run = (indices[start], i)
            out.extend((j, run) for j in indices[start:k + 1])
            start = k + 1
    return out


def _position(i: int, run: tuple[int, int]) -> str:
    first, last = run
    where = "S" if first == last else "B" if i == first else "E" if i == last else "I"
    return where + str(min(last - first + 1, 4))


def features(words: Sequence[str], lowers: Sequence[str], i: int, flags: Callable[[str], str], rule: str,
             previous_label: str, headline: bool, run: tuple[int, int]) -> list[str]:
    """The feature names of token i (the same function trains and tags)."""
    word, lower = words[i], lowers[i]
    n = len(words)
    p1 = lowers[i - 1] if i > 0 else "<s>"
    p2 = lowers[i - 2] if i > 1 else "<s>"
    n1 = lowers[i + 1] if i + 1 < n else "</s>"
    n2 = lowers[i + 2] if i + 2 < n else "</s>"
    word_shape = shape(word)
    next_shape = shape(words[i + 1]) if i + 1 < n else "</s>"
    previous_shape = shape(words[i - 1]) if i > 0 else "<s>"
    own = flags(lower)
    head = "H" if headline else "b"
    return [
        "b", "w=" + lower, "s=" + word_shape, "S=" + head + word_shape, "x3=" + lower[-3:], "x4=" + lower[-4:],
        "p3=" + lower[:3], "p1=" + p1, "p2=" + p2, "n1=" + n1, "n2=" + n2, "p1w=" + p1 + "|" + lower,
        "n1w=" + lower + "|" + n1, "ps=" + previous_shape, "ns=" + next_shape,
        "pn=" + previous_shape + "|" + word_shape + "|" + next_shape,
        "g=" + own, "gp=" + flags(p1), "gn=" + flags(n1), "gw=" + own + "|" + word_shape,
        "r=" + rule, "rs=" + rule + "|" + word_shape, "rg=" + rule + "|" + own, "rh=" + rule + head,
        "L=" + previous_label, "Lw=" + previous_label + "|" + word_shape, "Lr=" + previous_label + "|" + rule,
        "i=" + ("1" if i == 0 else "0") + word_shape,
        "rP=" + _position(i, run), "rl=" + lowers[run[1]], "rf=" + lowers[run[0]], "rlg=" + flags(lowers[run[1]]),
    ]


def word_features(word: str, lower: str, own: str, word_shape: str, head: str, first: bool) -> list[str]:
    """The names of `features` that depend on the token alone (and the passage's headline flag, and whether it
    comes first): their weights are summed once per word by `tag` (`word_sums`)."""
    return ["b", "w=" + lower, "s=" + word_shape, "S=" + head + word_shape, "x3=" + lower[-3:], "x4=" + lower[-4:],
            "p3=" + lower[:3], "g=" + own, "gw=" + own + "|" + word_shape, "i=" + ("1" if first else "0") + word_shape]


#: The roles a neighbouring word plays in a token's features: before it (p1, p2), after it (n1, n2), last and first
#: word of its run (rl, rf).
NEIGHBOUR_ROLES = ("p1", "p2", "n1", "n2", "rl", "rf")


def neighbour_features(role: str, word: str | None, flags: Callable[[str], str]) -> list[str]:
    """The names of `features` that depend on one neighbouring word alone, in that role (`word` None: past the
    passage's edge): their weights are summed once per word and role by `tag`."""
    if word is None:
        lower = word_shape = "<s>" if role in ("p1", "p2") else "</s>"
    else:
        lower, word_shape = word.lower(), shape(word)
    if role == "p1":
        return ["p1=" + lower, "gp=" + flags(lower), "ps=" + word_shape]
    if role == "n1":
        return ["n1=" + lower, "gn=" + flags(lower), "ns=" + word_shape]
    if role == "rl":
        return ["rl=" + lower, "rlg=" + flags(lower)]
    return [role + "=" + lower]  # p2, n2, rf


def token_features(words: Sequence[str], lowers: Sequence[str], i: int, rule: str, previous_label: str, head: str,
                   run: tuple[int, int], word_shape: str, own: str) -> list[str]:
    """The rest of `features`: with `word_features` and the `neighbour_features` of each role, the same names
    (a test checks it). Those of `pair_features`, then those of `context_features`."""
    n = len(words)
    p1 = lowers[i - 1] if i > 0 else "<s>"
    n1 = lowers[i + 1] if i + 1 < n else "</s>"
    next_shape = shape(words[i + 1]) if i + 1 < n else "</s>"
    previous_shape = shape(words[i - 1]) if i > 0 else "<s>"
    return pair_features(p1, lowers[i], n1) + context_features(rule, previous_label, head, word_shape, own,
                                                                previous_shape, next_shape, _position(i, run))


def pair_features(p1: str, lower: str, n1: str) -> list[str]:
    """The names of `features` that pair the word with the word before it and the word after it."""
    return ["p1w=" + p1 + "|" + lower, "n1w=" + lower + "|" + n1]


def context_features(rule: str, previous_label: str, head: str, word_shape: str, own: str, previous_shape: str,
                     next_shape: str, position: str) -> list[str]:
    """The names of `features` made of shapes, flags, labels and the rules' verdict alone (few distinct
    combinations: `tag` sums their weights once per combination)."""
    return [
        "pn=" + previous_shape + "|" + word_shape + "|" + next_shape, "r=" + rule, "rs=" + rule + "|" + word_shape,
        "rg=" + rule + "|" + own, "rh=" + rule + head, "L=" + previous_label, "Lw=" + previous_label + "|" + word_shape,
        "Lr=" + previous_label + "|" + rule, "rP=" + position,
    ]


def feature_id(name: str) -> int:
    return zlib.crc32(name.encode("utf-8", "surrogatepass"))


def is_headline(words: Sequence[str]) -> bool:
    """A passage in capitals (a headline or dateline): most letters upper-case."""
    letters = sum(map(str.isalpha, map(_FIRST, words)))
    if not letters or sum(map(str.isupper, words)) * 2 <= letters:
        return False  # not even counting every upper-case word, letter-led or not (most passages)
    led = [w for w in words if w[:1].isalpha()]
    return sum(map(str.isupper, led)) * 2 > letters


#: Scores of all labels are added at once: each weight (an int16 plus BIAS) sits in its own FIELD_BITS-bit field
#: of one Python int, so a token's score is one sum() over its features, whatever the number of labels.
FIELD_BITS = 24
BIAS = 1 << 15
_FIELD_MASK = (1 << FIELD_BITS) - 1
#: How many names `word_features` gives, and `neighbour_features` over all its roles.
WORD_FEATURES = 10
NEIGHBOUR_FEATURES = 11
#: How many names `token_features` gives.
TOKEN_FEATURES = 11
#: A bound on the feature memo (feature name -> packed weights), so odd text cannot grow it without end.
MEMO_LIMIT = 300_000


def pack(row: Sequence[int]) -> int:
    """Biased int16 weights, one per label, in one int."""
    return sum((max(-32767, min(32767, w)) + BIAS) << (FIELD_BITS * n) for n, w in enumerate(row))


_ZERO = pack([0] * len(LABELS))


class _Memo(dict[str, int]):
    """Feature name -> packed weights, computed on first use from the hashed table (feature id -> row)."""

    def __init__(self, rows: dict[int, int], weights: Sequence[int]) -> None:
        super().__init__()
        self.rows = rows
        self.weights = weights

    def __missing__(self, name: str) -> int:
        row = self.rows.get(feature_id(name))
        width = len(LABELS)
        value = _ZERO if row is None else pack(self.weights[row * width:(row + 1) * width])
        if len(self) < MEMO_LIMIT:
            self[name] = value
        return value


class Model:
    """Perceptron weights: feature id -> one int16 weight per label (weight x SCALE), packed on first use."""

    def __init__(self, ids: Sequence[int], values: Sequence[int]) -> None:
        self.ids = ids
        self.values = values
        self._memo = _Memo(dict(zip(ids, range(len(ids)))), values)

    @classmethod
    def from_floats(cls, weights: dict[int, Sequence[float]]) -> Model:
        ids = sorted(weights)
        values = [max(-32767, min(32767, round(w * SCALE))) for k in ids for w in weights[k]]
        return cls(ids, values)

    def knows(self, name: str) -> bool:
        """Whether a feature had a weight in training (e.g. "w=smith": the word was seen)."""
        return self._memo[name] != _ZERO

    def scores(self, names: Sequence[str]) -> list[int]:
        """One score per label (in 1/SCALE units)."""
        return self.unpack(self.packed(names), len(names))

    def packed(self, names: Iterable[str]) -> int:
        """The weights of the features, all labels at once (to add up with other packed sums, then `unpack`)."""
        return sum(map(self._memo.__getitem__, names))

    @staticmethod
    def unpack(total: int, count: int) -> list[int]:
        """One score per label from the packed sum of `count` features."""
        offset = count * BIAS
        return [((total >> (FIELD_BITS * n)) & _FIELD_MASK) - offset for n in range(len(LABELS))]

    def to_bytes(self) -> bytes:
        ids, values = array("I", self.ids), array("h", self.values)
        return MAGIC + zlib.compress(len(ids).to_bytes(4, "little") + ids.tobytes() + values.tobytes(), 9)

    @classmethod
    def from_bytes(cls, data: bytes) -> Model:
        if not data.startswith(MAGIC):
            raise ValueError("not an entity model")
        raw = zlib.decompress(data[len(MAGIC):])
        count = int.from_bytes(raw[:4], "little")
        ids = array("I")
        ids.frombytes(raw[4:4 + 4 * count])
        values = array("h")
        values.frombytes(raw[4 + 4 * count:])
        if len(values) != count * len(LABELS):
            raise ValueError("entity model of the wrong shape")
        return cls(ids, values)


@lru_cache(maxsize=1)
def shipped_model() -> Model | None:
    """The shipped weights, or None when the package has none."""
    try:
        data = resources.files("caravan_tui.data").joinpath(MODEL_RESOURCE).read_bytes()
    except (FileNotFoundError, OSError):
        return None
    return Model.from_bytes(data)


def tag(model: Model, words: Sequence[str], is_candidate: Sequence[bool], rules: Sequence[str],
        flags: Callable[[str], str], headline: bool | None = None,
        word_sums: dict[Any, Any] | None = None) -> list[tuple[int, float]]:
    """(label index, margin) for every token: greedy, left to right; non-candidates are "O".

    `headline`: is_headline(words), when the caller knows it already. `word_sums`: a memo of packed weights
    kept by the caller across passages (for one model and one `flags`): of each word's `word_features`, of
    each neighbour's `neighbour_features` in each role, and of each combination of `context_features`
    (what it holds is `_tag_with_sums`' own)."""
    if headline is None:
        headline = is_headline(words)
    if word_sums is not None:
        return _tag_with_sums(model, words, is_candidate, rules, flags, headline, word_sums)
    lowers = [w.lower() for w in words]
    out: list[tuple[int, float]] = [(0, 1.0)] * len(is_candidate)
    previous = "O"
    for i, run in candidate_runs(is_candidate):
        if i == run[0]:
            previous = "O"  # the token before a run is no candidate, or there is none
        scores = model.scores(features(words, lowers, i, flags, rules[i], previous, headline, run))
        best, margin = _best(model, scores, rules[i], lowers[i])
        out[i] = (best, margin)
        previous = LABELS[best]
    return out


def _best(model: Model, scores: list[int], rule: str, lower: str) -> tuple[int, float]:
    """The best label and its margin over the next, after the rules' head start (larger when they were sure
    or the word is new)."""
    if rule != "O":
        bonus = RULE_BONUS if rule[-1] == "h" else 0
        if rule[2:-1] == "place" and not model.knows("w=" + lower):
            bonus += UNKNOWN_PLACE_BONUS
        scores[_LABEL_INDEX[rule[2:-1]]] += bonus
    top = max(scores)
    best = scores.index(top)
    scores[best] = -(1 << 62)
    return best, (top - max(scores)) / SCALE


#: Where each label's field sits in a packed sum, and what to take off each field of a sum of all of a token's
#: features (each weight is stored plus BIAS).
_SHIFTS = tuple(FIELD_BITS * n for n in range(len(LABELS)))
_TOKEN_OFFSET = (WORD_FEATURES + NEIGHBOUR_FEATURES + TOKEN_FEATURES) * BIAS


def _word_record(model: Model, word: str | None, flags: Callable[[str], str]) -> tuple[Any, ...]:
    """What `_tag_with_sums` needs of a word, whatever its place: its lower case, shape and flags, the packed
    sums of its `neighbour_features` in each role (p1, p2, n1, n2, rl, rf), and of its `word_features` in body
    text and in a headline when it does not come first; then two memos of its `pair_features`, by the word
    before it and by the word after it (lower-cased), filled by `_tag_with_sums`. `word` None: past the
    passage's edge (neighbour sums alone)."""
    roles = [model.packed(neighbour_features(role, word, flags)) for role in NEIGHBOUR_ROLES]
    if word is None:
        return (None, None, None, *roles, 0, 0, {}, {})
    lower, word_shape = word.lower(), shape(word)
    own = flags(lower)
    return (lower, word_shape, own, *roles, model.packed(word_features(word, lower, own, word_shape, "b", False)),
            model.packed(word_features(word, lower, own, word_shape, "H", False)), {}, {})


#: A word's memo of `pair_features` sums (by the word before it, or after it) holds at most this many.
PAIR_LIMIT = 64
#: `_position` of a token in a run of `size` candidates (size capped at 4): first, inside, last.
_RUN_POSITIONS = {1: ("S1",) * 3, **{size: ("B" + str(size), "I" + str(size), "E" + str(size)) for size in (2, 3, 4)}}


def _tag_with_sums(model: Model, words: Sequence[str], is_candidate: Sequence[bool], rules: Sequence[str],
                   flags: Callable[[str], str], headline: bool, sums: dict[Any, Any]) -> list[tuple[int, float]]:
    """`tag` with the memo: the same features and sums (a test checks it), each group of them looked up whole.
    The memo holds, by the word itself (or None, past an edge), its `_word_record`; by (word, headline, True)
    the `word_features` sum of a first word; and by the tuple of `context_features`' arguments their sum."""
    head = "H" if headline else "b"
    n = len(words)
    memo, get, room = model._memo, sums.get, len(sums) < MEMO_LIMIT  # bounded, checked once per passage

    def record(word: str | None) -> tuple[Any, ...]:
        found = _word_record(model, word, flags)
        if room:
            sums[word] = found
        return found

    out: list[tuple[int, float]] = [(0, 1.0)] * len(is_candidate)
    previous = "O"
    for i, run in candidate_runs(is_candidate):
        first, last = run
        if i == first:
            previous = "O"  # the token before a run is no candidate, or there is none
            run_sum = (get(words[last]) or record(words[last]))[7] + (get(words[first]) or record(words[first]))[8]
            first_position, inner_position, last_position = _RUN_POSITIONS[min(last - first + 1, 4)]
        word, rule = words[i], rules[i]
        lower, word_shape, own, _, _, _, _, _, _, body_sum, headline_sum, pairs_by_before, pairs_by_after = \
            get(word) or record(word)
        if i:
            total = headline_sum if headline else body_sum
        else:
            total = get((word, headline, True))
            if total is None:
                total = model.packed(word_features(word, lower, own, word_shape, head, True))
                if room:
                    sums[word, headline, True] = total
        before = words[i - 1] if i > 0 else None
        before2 = words[i - 2] if i > 1 else None
        after = words[i + 1] if i + 1 < n else None
        after2 = words[i + 2] if i + 2 < n else None
        # a record is a non-empty tuple: `or` falls back on a miss alone
        previous_record = get(before) or record(before)
        next_record = get(after) or record(after)
        total += run_sum + previous_record[3] + (get(before2) or record(before2))[4] + next_record[5] \
            + (get(after2) or record(after2))[6]
        if before is not None:
            p1, previous_shape = previous_record[0], previous_record[1]
        else:
            p1 = previous_shape = "<s>"
        if after is not None:
            n1, next_shape = next_record[0], next_record[1]
        else:
            n1 = next_shape = "</s>"
        position = first_position if i == first else last_position if i == last else inner_position
        context = (rule, previous, head, word_shape, own, previous_shape, next_shape, position)
        found = get(context)
        if found is None:
            found = model.packed(context_features(*context))
            if room:
                sums[context] = found
        pair = pairs_by_before.get(p1)  # pair_features, each by its own memo
        if pair is None:
            pair = memo["p1w=" + p1 + "|" + lower]
            if len(pairs_by_before) < PAIR_LIMIT:
                pairs_by_before[p1] = pair
        total += found + pair
        pair = pairs_by_after.get(n1)
        if pair is None:
            pair = memo["n1w=" + lower + "|" + n1]
            if len(pairs_by_after) < PAIR_LIMIT:
                pairs_by_after[n1] = pair
        total += pair
        scores = [((total >> shift) & _FIELD_MASK) - _TOKEN_OFFSET for shift in _SHIFTS]
        if rule != "O":  # _best, inline
            bonus = RULE_BONUS if rule[-1] == "h" else 0
            if rule[2:-1] == "place" and not model.knows("w=" + lower):
                bonus += UNKNOWN_PLACE_BONUS
            scores[_LABEL_INDEX[rule[2:-1]]] += bonus
        top = max(scores)
        best = scores.index(top)
        scores[best] = -(1 << 62)
        out[i] = (best, (top - max(scores)) / SCALE)
        previous = LABELS[best]
    return out
