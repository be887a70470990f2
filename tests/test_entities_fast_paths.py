"""Issue #15 (speed): the shortcuts of the figure and date patterns give what the plain definition gives.

The patterns run case-insensitive ones without re.IGNORECASE on a lower-cased
copy of the text, test each distinct gate once, start the patterns that need
a digit shortly before the first digit, and skip some when the text holds none
of the words every match of theirs holds (a month, "0s", "am"/"pm"). Each is checked here against the plain
definition (every pattern as written, on the text itself, from its start) on
random texts of tricky words: mixed case, digits of other scripts, and the
characters IGNORECASE folds to ASCII letters (İ ı ſ K), which take the slow path.
"""

from __future__ import annotations

import random
import re

import pytest

from caravan_tui.analysis.entities import patterns
from caravan_tui.analysis.entities import rules as rules_module
from caravan_tui.analysis.entities.base import Span
from caravan_tui.analysis.entities.lexicons import key
from caravan_tui.analysis.entities.rules import _previous_words, _rule_tags_at, _rule_tags_overlapping
from caravan_tui.analysis.entities.tagger import CONNECTORS, tokenise, word_candidates

WORDS = ("Easter", "Eastern", "New", "Year's", "mid-September", "Eid", "(May", "Wed.", "Sept5",
         "the", "since", "early", "late", "mid-", "1990s", "2015", "1887", "5", "12,000", "3.5", "$4", "US$7",
         "€9", "million", "Million", "MILLION", "bn", "dollars", "Dollars", "shillings", "\u017fhillings",
         "MI\u212aLION", "\u0130n", "\u0131n", "September", "SEPTEMBER", "Sept.", "May", "March", "in", "last",
         "Last", "three", "Twenty-five", "years", "YEARS", "old", "year-old", "percent", "%", "km", "Monday",
         "Christmas", "ago", "today", "a", "dozen", "hundreds", "of", "thousands", "5pm", "10:30", "a.m.",
         "2020-01-05", "\u0663\u0664", "\u00c9t\u00e9", "r\u00e9al", "reais", "area", "as", "many", "as",
         "about", "half", "a", "billion", "winter", ",", ".", "(", ")", "\n", "twenty", "quarter", "yen", "won",
         "tonight", "weeks", "centuries", "earlier", "Friday", "fall", "gold", "percent", "someone", "old",
         "Twenty-One", "two-thirds", "cents", "the", "next", "\u0661", "x5", "later", "this", "month", "week-old",
         "half", "of", "a", "million")


def random_text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def plain_candidates(text: str, compiled: list[re.Pattern[str]], gates: list, type_: str) -> list[Span]:
    lower = text.lower()
    spans = []
    for pattern, gate in zip(compiled, gates):
        if gate is not None and not any(needle in lower for needle in gate):
            continue
        group = "x" if "x" in pattern.groupindex else 0
        for m in pattern.finditer(text):
            if m.end(group) > m.start(group):
                spans.append(Span(m.start(group), m.end(group), type_, m.group(group)))
    return spans


def plain_figures_and_dates(text: str) -> list[Span]:
    spans = plain_candidates(text, patterns.DATE_PATTERNS, patterns.DATE_GATES, "date") + \
        plain_candidates(text, patterns.FIGURE_PATTERNS, patterns.FIGURE_GATES, "figure")
    spans = [patterns._with_qualifier(text, s) for s in spans]
    return [patterns._strip_article_before_figure(s) for s in patterns.resolve_overlaps(spans)]


@pytest.mark.parametrize("seed", range(40))
def test_the_fast_paths_find_what_the_plain_patterns_find(seed):
    rng = random.Random(seed)
    for _ in range(25):
        text = random_text(rng, rng.randint(1, 60))
        assert patterns.find_figures_and_dates(text) == plain_figures_and_dates(text), text


@pytest.mark.parametrize("seed", range(10))
def test_a_pattern_that_needs_a_digit_starts_within_the_lead_of_its_first_digit(seed):
    rng = random.Random(seed)
    digit_rules = [rule for rule in patterns._DATE_RULES + patterns._FIGURE_RULES if rule.digit_lead is not None]
    assert len(digit_rules) >= 6 and sum(rule.digit_lead == 0 for rule in digit_rules) >= 6
    for _ in range(50):
        text = random_text(rng, 40)
        for rule in digit_rules:
            for m in rule.pattern.finditer(text):
                digit = re.search(r"\d", m.group(0))
                assert digit is not None and digit.start() <= rule.digit_lead, (rule.pattern.pattern, m.group(0))
                if rule.digit_lead == 0:  # matched at the digits that start a word alone
                    assert patterns._WORD_DIGIT.match(text, m.start()), (rule.pattern.pattern, m.group(0))


@pytest.mark.parametrize("seed", range(10))
def test_every_match_of_a_prefiltered_pattern_holds_one_of_its_needles(seed):
    rng = random.Random(seed)
    rules = patterns._DATE_RULES + patterns._FIGURE_RULES
    lowered = [rule for rule in rules if rule.prefilter is not None]
    capitalised = [rule for rule in rules if rule.capitalised is not None]
    assert len(lowered) >= 4 and len(capitalised) >= 6
    matched = 0
    for _ in range(50):
        text = random_text(rng, 40)
        words = [(m.start(), m.group(0)[:3]) for m in patterns._CAPITALISED.finditer(text)]
        for rule in lowered:
            for m in rule.pattern.finditer(text):
                assert any(needle in m.group(0).lower() for needle in rule.prefilter), (rule.pattern.pattern, m)
                matched += 1
        for rule in capitalised:  # a capitalised word found by the prefilter's search starts within the match
            for m in rule.pattern.finditer(text):
                assert any(m.start() <= start < m.end() and prefix in rule.capitalised for start, prefix in words), \
                    (rule.pattern.pattern, m)
                matched += 1
    assert matched > 20


@pytest.mark.parametrize("seed", range(10))
def test_every_match_of_a_word_gated_pattern_holds_one_of_its_words_whole(seed):
    rng = random.Random(seed)
    gated = [rule for rule in patterns._DATE_RULES + patterns._FIGURE_RULES if rule.words is not None]
    assert len(gated) >= 12
    matched = 0
    for _ in range(120):
        text = random_text(rng, 40)
        scanned = patterns._Text(text)
        if not scanned.lowered_ok:
            continue
        runs = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"\w+", scanned.lower)]
        for rule in gated:
            pattern, subject = (rule.lowered, scanned.lower) if rule.lowered is not None else (rule.pattern, text)
            for m in pattern.finditer(subject):
                for words in (rule.words, rule.more_words or rule.words):
                    assert any(m.start() <= start and end <= m.end() and word in words for start, end, word in runs), \
                        (rule.pattern.pattern, m.group(0))
                matched += 1
    assert matched > 50


@pytest.mark.parametrize("seed", range(5))
def test_the_digit_gate_and_capitalised_prefixes_match_their_plain_definitions(seed):
    rng = random.Random(seed)
    for _ in range(200):
        text = random_text(rng, rng.randint(0, 12))
        scanned = patterns._Text(text)
        assert scanned.has_digit() == any(digit in text for digit in "0123456789"), text
        assert scanned.capitalised_prefixes() == {word[:3] for word in patterns._CAPITALISED.findall(text)}, text


def test_every_gate_word_is_a_run_of_lower_case_ascii_letters():
    gates = [gate for gate in patterns.FIGURE_WORD_GATES + patterns.DATE_WORD_GATES if gate is not None]
    gates += [gate for by_pattern in patterns.MORE_WORD_GATES.values() for gate in by_pattern.values()]
    words = {word for gate in gates for word in gate}
    assert len(words) > 100 and all(patterns._LETTERS.fullmatch(word) for word in words)


def test_word_gates_are_the_plain_words_of_the_alternations():
    assert patterns._forms("(?:years?|centuries|last night)") == {"year", "years", "centuries", "last", "night"}
    with pytest.raises(ValueError):
        patterns._forms("(?:years?|\\d+)")


def test_text_with_a_character_ignorecase_folds_to_ascii_takes_the_slow_path():
    assert [s.text for s in patterns.find_figures_and_dates("paid 5 \u017fhillings and 3 dollars")] == \
        ["5 \u017fhillings", "3 dollars"]
    for tail in ("", " \u212a"):  # the same capitals, on the lower-cased copy and (with a Kelvin sign) not
        assert [s.text for s in patterns.find_figures_and_dates("In the LAST THREE YEARS they paid US$7 MILLION" + tail)
                ] == ["the LAST THREE YEARS", "US$7 MILLION"]


PREVIOUS_WORDS = re.compile(r"([\w'’.-]+)[ \t]*([\w'’.-]+)?[ \t]*$")  # the plain definition (slow: it backtracks)


def plain_previous_words(before: str) -> tuple[str, str] | None:
    words = PREVIOUS_WORDS.search(before)
    if words is None:
        return None
    return (words.group(2), words.group(1)) if words.group(2) else (words.group(1), "")


@pytest.mark.parametrize("seed", range(5))
def test_the_words_before_a_run_peeled_from_the_right_match_the_anchored_search(seed):
    rng = random.Random(seed)
    characters = ("a", "B", "\u00e9", "’", "'", ".", "-", " ", "\t", "\n", ",", "_", "\u0663", "(", "\u00a0")
    for _ in range(4000):
        before = "".join(rng.choice(characters) for _ in range(rng.randint(0, 14)))
        assert _previous_words(before) == plain_previous_words(before), repr(before)
    assert _previous_words("said the spokesman \n") == ("spokesman", "the")
    assert _previous_words("the city of, ") is None


@pytest.mark.parametrize("seed", range(5))
def test_rule_tags_by_name_match_the_token_by_token_walk(seed):
    rng = random.Random(seed)
    text = " ".join(rng.choice(("Jane", "Mills", "of", "the", "Bank", "said", ",", "U.S.", "Lagos")) for _ in range(60))
    tokens = tokenise(text)
    for _ in range(200):
        names = []
        for _ in range(rng.randint(0, 6)):
            start = rng.randrange(len(text))
            end = min(len(text), start + rng.randint(0, 30))
            names.append(Span(start, end, rng.choice(("person", "place")), text[start:end], rng.choice((0.5, 0.95))))
        if rng.random() < 0.7:  # mostly apart, as the rules give them; sometimes overlapping
            names = [n for k, n in enumerate(sorted(names, key=lambda s: s.start))
                     if all(o.end <= n.start for o in sorted(names, key=lambda s: s.start)[:k])]
        starts = [t.start for t in tokens]
        expected = _rule_tags_overlapping(starts, sorted(names, key=lambda s: s.start))
        assert _rule_tags_at(starts, names) == expected


def test_word_neighbour_and_token_features_are_the_features_and_tag_the_same_with_the_memo():
    from caravan_tui.analysis.entities import get_engine
    from caravan_tui.analysis.entities.tagger import (
        features,
        neighbour_features,
        run_bounds,
        shape,
        tag,
        token_features,
        word_features,
    )
    from corpus_generator import generate

    engine = get_engine("rules")
    if engine.model is None:
        pytest.skip("no shipped tagger weights")
    articles, _ = generate(12, seed=5)
    texts = [p.text for a in articles for p in a.passages]
    texts += [t.upper() for t in texts[:20]]  # headlines
    memo: dict = {}
    checked = 0
    flags = engine.word_flags
    for text in texts:
        tokens, typed, rules = engine.tagger_inputs(text)
        words = [t.text for t in tokens]
        lowers = [w.lower() for w in words]
        bounds = run_bounds(typed)
        for i in range(len(words)):
            run = bounds[i]
            for headline, head in ((False, "b"), (True, "H")):
                own, word_shape = flags(lowers[i]), shape(words[i])
                split = word_features(words[i], lowers[i], own, word_shape, head, i == 0)
                for role, j in (("p1", i - 1), ("p2", i - 2), ("n1", i + 1), ("n2", i + 2), ("rl", run[1]),
                                ("rf", run[0])):
                    split += neighbour_features(role, words[j] if 0 <= j < len(words) else None, flags)
                split += token_features(words, lowers, i, rules[i], "person", head, run, word_shape, own)
                whole = features(words, lowers, i, flags, rules[i], "person", headline, run)
                assert sorted(split) == sorted(whole)
        with_memo = tag(engine.model, words, typed, rules, flags, None, memo)
        assert with_memo == tag(engine.model, words, typed, rules, flags)
        checked += sum(typed)
    assert checked > 100 and memo


@pytest.mark.parametrize("seed", range(3))
def test_candidate_runs_are_the_run_bounds_of_the_candidates(seed):
    from caravan_tui.analysis.entities.tagger import candidate_runs, run_bounds

    rng = random.Random(seed)
    for _ in range(500):
        typed = [rng.random() < 0.4 for _ in range(rng.randint(0, 25))]
        bounds = run_bounds(typed)
        assert candidate_runs(typed) == [(i, bounds[i]) for i, candidate in enumerate(typed) if candidate]


@pytest.mark.parametrize("seed", range(3))
def test_the_run_patterns_lookahead_changes_no_match(seed):
    from caravan_tui.analysis.entities import rules

    rng = random.Random(seed)
    vocabulary = ("Jane", "al-Assad", "el-Sisi", "bin", "ibn-Saud", "de-Gaulle", "d'Arc", "U.S.", "Mr.", "of", "the",
                  "&", "J.", "Élodie", "over", "said", "(", "'", "-", ".", "São", "x", "Bank", "\n")
    assert f"(?=[{rules._UPPER}abdei])" in rules._RUN.pattern
    plain_run = re.compile(rules._RUN.pattern.replace(f"(?=[{rules._UPPER}abdei])", "", 1))
    upper = rules._UPPER  # a capitalised word: its plain definition, without the capital first
    plain_word = re.compile(rf"(?<![\w'’.-])[{upper}][\w'’-]*\w|(?<![\w'’.-])[{upper}]")
    for _ in range(300):
        text = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 30)))
        for pattern, plain in ((rules._RUN, plain_run), (rules._CAPITALISED_WORD, plain_word)):
            assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in plain.finditer(text)], text


@pytest.mark.parametrize("surname", ["Mills", "Müller"])
def test_a_lone_surname_is_found_in_ascii_and_other_text_alike(surname):
    from caravan_tui.analysis.entities.rules import _with_lone_surnames

    for text in (f"Later, {surname} declined to comment.", f"Later, {surname} declined to comment in Zürich."):
        spans = _with_lone_surnames(text, [], {key(surname)})
        assert [(s.text, s.type) for s in spans] == [(surname, "person")], text
    assert _with_lone_surnames("Later, the mills closed.", [], {"mills"}) == []


def plain_smoothed(labels):
    out = list(labels)
    for i in range(1, len(out)):
        label, margin = out[i]
        previous = out[i - 1][0]
        if label != previous and label != 0 and previous != 0 and margin < rules_module.SMOOTH_MARGIN:
            out[i] = (previous, margin)
    return out


def plain_label_runs(labels):
    """(first, last, label) of every run of one name label, token by token."""
    runs, i = [], 0
    while i < len(labels):
        j = i + 1
        while j < len(labels) and labels[j][0] == labels[i][0]:
            j += 1
        if labels[i][0]:
            runs.append((i, j - 1, labels[i][0]))
        i = j
    return runs


@pytest.mark.parametrize("seed", range(3))
def test_smoothing_and_spans_from_labels_visit_the_named_tokens_alone_with_the_same_result(seed):
    rng = random.Random(seed)
    text = " ".join(rng.choice(("Jane", "Mills", "of", "Bank", "said", "the", "Lagos", "Mr")) for _ in range(40))
    tokens = tokenise(text)
    for _ in range(300):
        labels = [(rng.choice((0, 0, 1, 2, 3, 4)), rng.choice((0.5, 3.0, 9.0))) for _ in tokens]
        rule_tags = [rng.choice(("O", "B-personh", "I-placel")) for _ in tokens]
        smoothed = plain_smoothed(labels)
        assert rules_module._smoothed(labels, [k for k, (label, _) in enumerate(labels) if label]) == smoothed
        spans = rules_module._spans_from_labels(text, [t.start for t in tokens], [t.end for t in tokens],
                                                [t.text for t in tokens], labels, rule_tags)
        runs = plain_label_runs(smoothed)
        assert len(spans) <= len(runs)
        for span in spans:  # each span lies within one run of its type
            assert any(tokens[a].start <= span.start and span.end <= tokens[b].end
                       and rules_module.LABELS[label] == span.type for a, b, label in runs)
        assert {rules_module.LABELS[label] for _, _, label in runs} >= {span.type for span in spans}


def plain_resolve_overlaps(spans):
    """Longest first (dates before figures before names on ties, then by start), each kept when it overlaps none
    kept before it (an empty one: unless the characters on both sides of it are kept ones'), sorted by start."""
    priority = {"date": 0, "figure": 1}
    kept = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), priority.get(s.type, 2), s.start)):
        if span.end > span.start:
            free = all(span.end <= k.start or k.end <= span.start for k in kept)
        else:
            covered = [any(k.start <= c < k.end for k in kept) for c in (span.start - 1, span.start)]
            free = span.start <= 0 or not all(covered)
        if free:
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


@pytest.mark.parametrize("seed", range(5))
def test_resolving_overlaps_keeps_what_the_plain_ranking_keeps_apart_or_not(seed):
    rng = random.Random(seed)
    for _ in range(400):
        spans = []
        for _ in range(rng.randint(0, 8)):
            start = rng.randint(0, 40)
            end = start + rng.choice((0, 1, 3, 6)) if rng.random() < 0.9 else start + 1
            spans.append(Span(start, end, rng.choice(("date", "figure", "person")), "x" * (end - start)))
        if rng.random() < 0.5:  # often none overlaps (most passages): the shortcut
            spans = [s for n, s in enumerate(sorted(spans, key=lambda s: s.start))
                     if s.end > s.start and all(o.end <= s.start for o in sorted(spans, key=lambda s: s.start)[:n])]
        assert patterns.resolve_overlaps(spans) == plain_resolve_overlaps(spans), spans


def plain_candidates_of(tokens):
    caps = [t.text[:1].isupper() for t in tokens]
    return [caps[i] or 0 < i < len(tokens) - 1 and caps[i - 1] and caps[i + 1] and tokens[i].text in CONNECTORS
            for i in range(len(tokens))]


@pytest.mark.parametrize("seed", range(3))
def test_candidates_are_capitals_and_connectors_between_two(seed):
    rng = random.Random(seed)
    for _ in range(300):
        text = " ".join(rng.choice(("Bank", "of", "England", "the", "and", "said", "de", "Paz", "x")) for _ in range(
            rng.randint(0, 12)))
        tokens = tokenise(text)
        assert word_candidates([t.text for t in tokens]) == plain_candidates_of(tokens), text


@pytest.mark.parametrize("seed", range(3))
def test_headline_and_tokens_are_their_plain_definitions(seed):
    from caravan_tui.analysis.entities.tagger import TOKEN, Token, is_headline

    rng = random.Random(seed)
    vocabulary = ("PARIS", "Paris", "said", "U.S.", "'S", "3M", "42", ",", "(", "É", "ÉTÉ", "été", "", "-", "AP", "x")
    for _ in range(500):
        words = [rng.choice(vocabulary) for _ in range(rng.randint(0, 12))]
        letters = [w for w in words if w[:1].isalpha()]
        assert is_headline(words) == (bool(letters) and sum(w.isupper() for w in letters) * 2 > len(letters)), words
        text = " ".join(words)
        expected = [Token(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
        assert tokenise(text) == expected and all(type(t) is Token for t in tokenise(text))


@pytest.mark.parametrize("seed", range(3))
def test_a_one_word_piece_that_names_nothing_gives_no_span_in_any_context(seed):
    from caravan_tui.analysis.entities import get_engine
    from caravan_tui.analysis.entities.rules import _Token

    engine = get_engine("rules")
    rng = random.Random(seed)
    words = ("The", "He", "But", "Paris", "Reuters", "French", "Smith", "Nice", "A", "Jane", "Updated", "Migrants",
             "Zairean", "Of", "Georgia", "Mills", "Kremlin", "Chad", "Dutch", "Ministry", "Lake", "Asia")
    before = ("", "said ", "in ", "the city of ", "spokesman ", "near ", "Mr. ", "the ", "\n", "(", ", ")
    after = ("", " said.", ", 46,", ", a farmer", " and others", "'s", " River")
    nothing = 0
    for _ in range(300):
        word = rng.choice(words)
        text = rng.choice(before) + word + rng.choice(after)
        start = text.index(word)
        token = _Token(start, start + len(word), word, key(word))
        if engine._names_nothing(token):
            nothing += 1
            assert engine._segment(text, [token], engine._context(text, token.start, token.end)) == [], text
    assert 50 < nothing < 300


def test_sorted_words_hold_what_a_set_of_them_holds():
    from caravan_tui.analysis.entities.lexicons import SortedWords

    rng = random.Random(7)
    words = ["".join(rng.choice("abé ") for _ in range(rng.randint(0, 5))) for _ in range(300)]
    held = SortedWords(words[:150])
    assert len(held) == 150 and sorted(held) == sorted(words[:150])
    for word in words + ["", "zzz", None, 3]:
        assert (word in held) == (word in set(words[:150])), word
    assert "a" not in SortedWords()


@pytest.mark.parametrize("seed", range(5))
def test_a_leading_lookahead_changes_no_match_of_a_figure_or_date_pattern(seed):
    rng = random.Random(seed)
    looking = [p for p in patterns.FIGURE_PATTERNS + patterns.DATE_PATTERNS if p.pattern.startswith("(?=[")]
    assert len(looking) >= 3
    plain = [re.compile(p.pattern[p.pattern.index("])") + 2:], p.flags) for p in looking]
    for _ in range(100):
        text = random_text(rng, 40)
        for pattern, without in zip(looking, plain):
            assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in without.finditer(text)], text


def test_a_span_is_built_as_the_frozen_dataclass_it_is():
    import dataclasses
    import pickle

    span = Span(3, 7, "place", "Lima")
    assert (span.start, span.end, span.type, span.text, span.confidence) == (3, 7, "place", "Lima", 1.0)
    assert span == Span(start=3, end=7, type="place", text="Lima", confidence=1.0) and hash(span) == hash(
        Span(3, 7, "place", "Lima"))
    assert dataclasses.replace(span, confidence=0.5) == Span(3, 7, "place", "Lima", 0.5) != span
    assert pickle.loads(pickle.dumps(span)) == span  # noqa: S301 (our own bytes: the worker processes send spans so)
    assert dataclasses.astuple(span) == (3, 7, "place", "Lima", 1.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        span.start = 4  # type: ignore[misc]


@pytest.mark.parametrize("seed", range(5))
def test_the_token_patterns_guard_changes_no_token(seed):
    from caravan_tui.analysis.entities.tagger import TOKEN

    guard = r"(?=[^\W\d_]{1,6}+\.)(?:"
    assert TOKEN.pattern.startswith(guard)
    close = TOKEN.pattern.index(r"))|\w+") + 1  # the end of the guarded group
    plain = re.compile(TOKEN.pattern[len(guard):close - 1] + TOKEN.pattern[close:])
    rng = random.Random(seed)
    vocabulary = ("U.S.", "U.S.A.", "M.", "St.", "Mo.,", "Fla.", "Calif.", "Gen.", "abcdefg.", "é.", "Éa.", "x",
                  "Ohio-based", "Haiti's", "BRAZIL'S", "O'Neill", "3.5", "a.m.", "Inc.", "co.", ".", ",", "mr.", "\n")
    for _ in range(300):
        text = rng.choice(("", " ")).join(rng.choice(vocabulary) for _ in range(rng.randint(0, 15)))
        assert TOKEN.findall(text) == plain.findall(text), text


def test_names_folded_all_at_once_are_each_names_key():
    from caravan_tui.analysis.entities.lexicons import _gazetteer_data, fold_all

    data = _gazetteer_data()
    names = [n for aliases in data["countries"] for n in aliases] + data["subdivisions"] + data["cities"]
    names += ["Zürich", "São  Paulo", "Ñandú.", "L’Aquila", "a\nb", "", "İzmir", "Straße"]
    assert sum(not n.isascii() for n in names) > 1000
    assert fold_all(names) == [key.__wrapped__(n) for n in names]


@pytest.mark.parametrize("seed", range(3))
def test_a_capitalised_run_is_words_apart_by_single_spaces(seed):
    """What the rules' word split relies on: a run without a space is one word, the others split at spaces."""
    rng = random.Random(seed)
    vocabulary = ("Jane", "al-Assad", "bin", "U.S.", "Mr.", "of", "the", "&", "J.", "Élodie", "said", "(", "\t", "\n",
                  "  ", "São", "O'Neill", "Ohio-based", "x.", "St", "-", "Bank")
    for _ in range(300):
        text = rng.choice((" ", "")).join(rng.choice(vocabulary) for _ in range(rng.randint(1, 20)))
        for run in rules_module._RUN.finditer(text):
            assert run.group().split() == run.group().split(" "), text


NAME_WORDS = ("Mexico", "Mexico's", "Ohio-based", "The", "He", "But", "Jane", "Mills", "Mills’", "Reuters",
              "Tuesday", "May", "of", "the", "Bank", "England", "U.S.", "Mr.", "Gen.", "said", "in", "near", "a",
              "Johnson", "&", "Lake", "Chad", "New", "York", "Updated", "X", "O'Neill", "al-Sadr", "5", "2020",
              "Secretary", "State", ",", ".", "\n", "Zairean", "İstanbul", "SAID", "Villa", "Comaltitlán")


@pytest.mark.parametrize("seed", range(5))
def test_rule_names_skip_only_one_word_runs_that_name_nothing(seed):
    from caravan_tui.analysis.entities import get_engine

    engine = get_engine("rules")
    engine._silent_words.clear()
    rng = random.Random(seed)
    skipped = 0
    for _ in range(300):
        text = " ".join(rng.choice(NAME_WORDS) for _ in range(rng.randint(1, 30)))
        numeric = patterns.find_figures_and_dates(text)
        spans = rules_module._NumericSpans(numeric, [span.end for span in numeric])
        plain = [span for run in rules_module._RUN.finditer(text)
                 for span in engine._run_spans(text, *run.span(), spans)]
        assert engine.rule_names(text, spans) == plain, text
        skipped += sum(engine._silent_words.values())
    assert skipped > 0 and not all(engine._silent_words.values())


QUALIFIER_WORDS = ("as", "many", "more", "than", "at", "least", "up", "to", "about", "nearly", "\u017fome", "SOME",
                   "Over", "upwards", "of", "an", "estimated", "was", "\n", "\t", "  ", "5", "12,000", "1990", "$4",
                   "K", "\u212aLOSE", "close", "roughly", "under", "x", "\u00e9")


@pytest.mark.parametrize("seed", range(5))
def test_a_figure_takes_the_qualifier_the_plain_search_finds(seed):
    rng = random.Random(seed)
    taken = 0
    for _ in range(400):
        text = " ".join(rng.choice(QUALIFIER_WORDS) for _ in range(rng.randint(1, 12)))
        for m in re.finditer(r"\S+", text):
            span = Span(m.start(), m.end(), "figure", m.group(0))
            found = patterns._QUALIFIER_BEFORE.search(text, max(0, span.start - 24), span.start)
            plain = Span(found.start(), span.end, "figure", text[found.start():span.end]) if found else span
            assert patterns._with_qualifier(text, span) == plain, (text, span)
            taken += plain != span
    assert taken > 100


@pytest.mark.parametrize("seed", range(3))
def test_no_token_over_a_date_or_figure_is_typed(seed):
    rng = random.Random(seed)
    for _ in range(300):
        text = " ".join(rng.choice(NAME_WORDS + WORDS) for _ in range(rng.randint(1, 30)))
        numeric = patterns.find_figures_and_dates(text)
        spans = rules_module._NumericSpans(numeric, [span.end for span in numeric])
        starts, ends, words, typed, _ = rules_module._tagger_inputs(text, [], spans)
        plain = [candidate and not any(s.start < end and start < s.end for s in numeric)
                 for candidate, start, end in zip(word_candidates([t.text for t in tokenise(text)]), starts, ends)]
        assert typed == plain, text


@pytest.mark.parametrize("seed", range(3))
def test_capitalised_words_led_by_their_capital_are_the_plain_ones(seed):
    upper = rules_module._UPPER
    plain = re.compile(rf"(?=[{upper}])(?:(?<![\w'’.-])[{upper}][\w'’-]*\w|(?<![\w'’.-])[{upper}])")
    rng = random.Random(seed)
    characters = ("a", "B", "\u00c9", "\u00e9", "'", "’", ".", "-", "_", " ", "x", "5", "\n", "\u0100")
    for _ in range(3000):
        text = "".join(rng.choice(characters) for _ in range(rng.randint(0, 14)))
        assert [m.span() for m in rules_module._CAPITALISED_WORD.finditer(text)] == \
            [m.span() for m in plain.finditer(text)], repr(text)
    for _ in range(3000):
        text = "".join(rng.choice(("a", "1", "\u0663", "_", " ", ".", "\n")) for _ in range(rng.randint(0, 10)))
        assert [m.start() for m in patterns._WORD_DIGIT.finditer(text)] == \
            [m.start() for m in re.finditer(r"(?<!\w)\d", text)], repr(text)


CALENDAR_WORDS = ("May", "March", "Mar.", "Sept.", "Sep", "September", "Monday", "Friday", "morning", "Christmas",
                  "Christmas Eve", "New", "Year's", "Day", "Eid", "al-Fitr", "Easter", "Eastern", "xMay", "_Monday",
                  "\u00e9May", "3May", "(May", "5", "2020", ",", "\n", "-", "the", "Tuesday,", "Dec.", "1st")


@pytest.mark.parametrize("seed", range(5))
def test_date_patterns_led_by_their_first_characters_match_the_word_boundary_ones(seed):
    from caravan_tui.analysis.entities.lexicons import HOLIDAYS, WEEKDAYS

    day, year = patterns._DAY, patterns._YEAR
    plain = {
        0: re.compile(rf"\b{patterns._ANY_MONTH} {day}(?:,? {year})?\b(?!,\d)"),
        4: re.compile(rf"\b(?:May|March),? {year}\b"),
        5: re.compile(rf"\b(?:{patterns._alternation(WEEKDAYS)})(?: (?:morning|afternoon|evening|night))?\b"),
        6: re.compile(rf"\b(?:{patterns._alternation(HOLIDAYS)})"),
    }
    rng = random.Random(seed)
    found = 0
    for _ in range(600):
        text = rng.choice(("", " ")).join(rng.choice(CALENDAR_WORDS) + rng.choice((" ", "", " ", "."))
                                          for _ in range(rng.randint(1, 12)))
        for n, pattern in plain.items():
            expected = [m.span() for m in pattern.finditer(text)]
            assert [m.span() for m in patterns.DATE_PATTERNS[n].finditer(text)] == expected, (n, text)
            found += len(expected)
    assert found > 300
