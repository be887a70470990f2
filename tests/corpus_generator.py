"""Generate a synthetic news corpus: stories told by several outlets that rewrite shared copy.

Text comes from a seeded random grammar over made-up words (never from real
articles). Each story starts as a "wire" text of several passages; each outlet's
version rewrites it the way outlets do: reorders passages, splits one in two,
swaps terms for near-synonyms, adds an adjective or a sentence of its own,
drops sentences and passages, changes a figure.

Stories come in *topics* (a made-up country or affair followed over months),
so that telling stories apart is not trivial: stories of one topic share its
places, its people, part of its vocabulary, and often a background paragraph
that outlets paste into every story of the affair. Each story has an event
date; its versions are published within two days of it, and a topic's
stories are spread over a year (some within days of each other).

Library use:  ``generate(n_articles, seed) -> (articles, true_story_of_each)``,
``long_story(words, outlets, seed) -> articles`` (one long story, for latency tests),
``write_markdown(articles, folder)`` (one Markdown file per article with front matter:
title, source; the story is left out so that clustering is tested) and
``pairwise_scores(predicted, truth)``. Shared by the tests and the benchmarks
(bench/ puts this folder on its path; tests never import bench/).
Command line: ``python bench/generate_corpus.py OUT_DIR [--articles N] [--seed S]``.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from caravan_tui.corpus.model import Article, Passage, hash_text

SYLLABLES = "ka lo mi ren tas vel dor pin sum bra qui zet lan mor fe ga hul ix nod par ro sil tu ve wan yor".split()
DETERMINERS = ["the", "a", "one", "each", "that"]
VERBS = ["reported", "visited", "blocked", "crossed", "praised", "rejected", "delayed", "opened", "closed",
         "announced", "approved", "inspected", "questioned", "funded", "promised", "described"]
CONNECTIVES = ["after", "before", "while", "because", "although", "as", "until", "since"]
ADJECTIVES = ["new", "old", "northern", "southern", "large", "small", "local", "regional", "public", "private"]
EVALUATIVE = ["controversial", "dangerous", "historic", "desperate", "brutal"]
SYNONYMS = [("workers", "employees"), ("residents", "locals"), ("officials", "authorities"),
            ("said", "stated"), ("bridge", "crossing"), ("town", "city"), ("plan", "proposal")]
OUTLETS = ["Daily Ledger", "Morning Post", "Evening Wire", "City Herald", "Coast Times", "Valley News",
           "Northern Star", "Metro Daily"]


def _pseudo_word(rng: random.Random, syllables: int = 3) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables))


STORIES_PER_TOPIC = (1, 9)
TOPIC_SPAN_DAYS = 365
FIRST_DAY = datetime.date(2024, 1, 1)
BACKGROUND_SHARE = 0.4  # how often a version pastes its topic's background paragraph


class _Topic:
    """An affair followed over months: its places, people, vocabulary and background paragraph."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.places = [_pseudo_word(rng).title() for _ in range(2)]
        self.people = [_person(rng) for _ in range(4)]
        self.nouns = [_pseudo_word(rng) for _ in range(8)]
        self.start = FIRST_DAY + datetime.timedelta(days=rng.randrange(TOPIC_SPAN_DAYS))
        self.background: list[str] | None = None

    def event_day(self) -> datetime.date:
        return self.start + datetime.timedelta(days=self.rng.randrange(TOPIC_SPAN_DAYS))


def _person(rng: random.Random) -> str:
    return _pseudo_word(rng, 2).title() + " " + _pseudo_word(rng).title()


class _Story:
    """The vocabulary and wire text of one story (of a topic)."""

    def __init__(self, rng: random.Random, topic: _Topic | None = None):
        self.rng = rng
        topic = topic or _Topic(rng)
        self.topic = topic
        own_nouns = [_pseudo_word(rng) for _ in range(8)]
        self.nouns = own_nouns + rng.sample(topic.nouns, 6) + [a for a, _ in SYNONYMS[:4]]
        self.names = rng.sample(topic.people, 2) + [_person(rng)]
        self.place = rng.choice(topic.places)
        self.day = topic.event_day()
        self.title = f"{self.place}: {' '.join(rng.sample(own_nouns, 3))} {rng.choice(VERBS)}"
        self.passages = [[self.sentence() for _ in range(rng.randint(1, 3))] for _ in range(rng.randint(6, 10))]
        if topic.background is None:
            topic.background = [self.sentence() for _ in range(2)]

    def phrase(self) -> str:
        rng = self.rng
        return f"{rng.choice(DETERMINERS)} {rng.choice(ADJECTIVES)} {rng.choice(self.nouns)}"

    def sentence(self) -> str:
        rng = self.rng
        subject = rng.choice([self.phrase(), rng.choice(self.names), f"{rng.randint(2, 900)} {rng.choice(self.nouns)}"])
        words = (f"{subject} {rng.choice(VERBS)} {self.phrase()} in {self.place} {rng.choice(CONNECTIVES)} "
                 f"{self.phrase()} {rng.choice(VERBS)} {self.phrase()} of {rng.choice(self.nouns)}")
        return words[0].upper() + words[1:] + "."


def _rewrite_sentence(sentence: str, rng: random.Random) -> str:
    words = sentence.split()
    if rng.random() < 0.3:
        for old, new in SYNONYMS:
            words = [new if w == old else w for w in words]
    if rng.random() < 0.2:
        position = rng.randrange(1, len(words))
        words.insert(position, rng.choice(EVALUATIVE))
    if rng.random() < 0.2:
        words = [str(int(w) + rng.randint(1, 50)) if w.isdigit() else w for w in words]
    return " ".join(words)


def _version(story: _Story, rng: random.Random) -> list[str]:
    """One outlet's passages: the wire copy rewritten."""
    passages = []
    for sentences in story.passages:
        if rng.random() < 0.15:
            continue  # passage dropped
        kept = [_rewrite_sentence(s, rng) for s in sentences if len(sentences) == 1 or rng.random() > 0.15]
        if rng.random() < 0.15:
            kept.append(story.sentence())  # a sentence of the outlet's own
        if len(kept) > 1 and rng.random() < 0.2:
            cut = rng.randrange(1, len(kept))
            passages += [" ".join(kept[:cut]), " ".join(kept[cut:])]  # split in two
        elif kept:
            passages.append(" ".join(kept))
    for _ in range(rng.randint(0, 2)):
        passages.insert(rng.randrange(len(passages) + 1), story.sentence())  # a passage of its own
    if story.topic.background and rng.random() < BACKGROUND_SHARE:
        background = " ".join(_rewrite_sentence(s, rng) for s in story.topic.background)
        passages.insert(rng.randrange(len(passages) + 1), background)  # the affair's background, pasted
    if len(passages) > 2 and rng.random() < 0.5:
        i, j = rng.sample(range(len(passages)), 2)
        passages[i], passages[j] = passages[j], passages[i]
    return passages


def generate(n_articles: int, seed: int = 0) -> tuple[list[Article], dict[str, str]]:
    """`n_articles` articles in stories of 2 to 8 versions (stories grouped in topics), and the true story of each."""
    rng = random.Random(seed)
    articles: list[Article] = []
    truth: dict[str, str] = {}
    story_number = 0
    topic, stories_left = None, 0
    while len(articles) < n_articles:
        if stories_left == 0:
            topic, stories_left = _Topic(rng), rng.randint(*STORIES_PER_TOPIC)
        story = _Story(rng, topic)
        stories_left -= 1
        story_number += 1
        for outlet in rng.sample(OUTLETS, min(rng.randint(2, 8), n_articles - len(articles))):
            article_id = f"{len(articles):05d}_{story_number:04d}"
            articles.append(_article(article_id, story, outlet, _version(story, rng), rng))
            truth[article_id] = f"story-{story_number:04d}"
    rng.shuffle(articles)
    return articles, truth


def _article(article_id: str, story: _Story, outlet: str, paragraphs: list[str], rng: random.Random) -> Article:
    passages = tuple(Passage(i, "paragraph", text) for i, text in enumerate(paragraphs))
    published = (story.day + datetime.timedelta(days=rng.randint(0, 2))).isoformat()
    return Article(id=article_id, path=Path(f"{article_id}.md"), title=story.title, source=outlet,
                   passages=passages, published=published, content_hash=hash_text("\n\n".join(paragraphs)))


def long_story(words: int = 20_000, outlets: int = 2, seed: int = 0) -> list[Article]:
    """One story of about `words` words per version, told by `outlets` outlets (for latency tests)."""
    rng = random.Random(seed)
    story = _Story(rng)
    story.passages = []
    while sum(len(" ".join(p).split()) for p in story.passages) < words * 1.2:  # versions drop some
        story.passages.append([story.sentence() for _ in range(rng.randint(1, 3))])
    story.topic.background = None
    return [_article(f"long_{number}", story, outlet, _version(story, rng), rng)
            for number, outlet in enumerate(OUTLETS[:outlets], start=1)]


def write_markdown(articles: list[Article], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for article in articles:
        body = "\n\n".join(p.text for p in article.passages)
        published = f"published: {article.published}\n" if article.published else ""
        front = f"---\ntitle: \"{article.title}\"\nsource: \"{article.source}\"\n{published}---\n\n"
        (folder / f"{article.id}.md").write_text(front + body + "\n", encoding="utf-8")


def _pairs(sizes: Iterable[int]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes)


def pairwise_scores(predicted: dict[str, str], truth: dict[str, str]) -> tuple[float, float]:
    """Precision and recall over pairs of articles put in the same story (counted, not listed)."""
    ids = list(truth)
    both = _pairs(Counter((predicted[i], truth[i]) for i in ids).values())
    same_pred = _pairs(Counter(predicted[i] for i in ids).values())
    same_true = _pairs(Counter(truth[i] for i in ids).values())
    return (both / same_pred if same_pred else 1.0, both / same_true if same_true else 1.0)
