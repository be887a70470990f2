"""`caravan-tui index` on a pool of processes and on a Dask cluster writes exactly what a serial run writes."""

from __future__ import annotations

import gc
import io
import sqlite3
from pathlib import Path

import pytest

from caravan_tui import cli
from caravan_tui.analysis import batch
from caravan_tui.analysis.pipeline import analyse_corpus
from caravan_tui.analysis.stories import story_of_each
from caravan_tui.commands import index
from caravan_tui.corpus.loader import load_corpus
from caravan_tui.storage.cache import AnalysisCache
from corpus_generator import generate, write_markdown

ANALYSIS_KINDS = ("alignment/", "entities/")
NO_DISTRIBUTED = "Dask's distributed is not installed (caravan-tui[cluster])"


@pytest.fixture(scope="module")
def corpus_folder(tmp_path_factory):
    articles, _ = generate(30, seed=7)
    folder = tmp_path_factory.mktemp("parallel") / "articles"
    write_markdown(articles, folder)
    return folder


def analysis_rows(cache_dir: Path) -> dict[tuple[str, str], str]:
    """Every cached alignment and entity result: (kind, key) -> stored JSON."""
    with sqlite3.connect(cache_dir / "analysis-cache.sqlite3") as connection:
        rows = connection.execute("SELECT kind, key, value FROM entries").fetchall()
    return {(kind, key): value for kind, key, value in rows if kind.startswith(ANALYSIS_KINDS)}


def index_into(folder: Path, cache_dir: Path, monkeypatch, **options) -> dict:
    monkeypatch.setenv("CARAVAN_TUI_CACHE_DIR", str(cache_dir))
    return index.index([str(folder)], io.StringIO(), **options)


def serial_reference(folder: Path, cache_dir: Path, monkeypatch) -> dict[tuple[str, str], str]:
    """What the reader's own serial analysis (pipeline.analyse_corpus) stores in a fresh cache."""
    monkeypatch.setenv("CARAVAN_TUI_CACHE_DIR", str(cache_dir))
    corpus = load_corpus([str(folder)])
    with AnalysisCache() as cache:
        analyse_corpus(corpus.articles, story_of_each(corpus.articles, cache=cache), cache=cache)
    return analysis_rows(cache_dir)


def test_one_and_two_workers_write_the_same_cache_as_the_serial_analysis(corpus_folder, tmp_path, monkeypatch):
    reference = serial_reference(corpus_folder, tmp_path / "reference", monkeypatch)
    one = index_into(corpus_folder, tmp_path / "one", monkeypatch, workers=1)
    two = index_into(corpus_folder, tmp_path / "two", monkeypatch, workers=2)
    assert one["workers"] == 1 and two["workers"] == 2
    assert one["stories_aligned"] == two["stories_aligned"] > 0
    assert one["articles_recognised"] == two["articles_recognised"] == 30
    kinds = {kind.split("/")[0] for kind, _ in reference}
    assert kinds == {"alignment", "entities"}
    assert analysis_rows(tmp_path / "one") == reference
    assert analysis_rows(tmp_path / "two") == reference


def test_a_second_run_on_a_pool_finds_everything_cached(corpus_folder, tmp_path, monkeypatch):
    index_into(corpus_folder, tmp_path / "cache", monkeypatch, workers=2)
    again = index_into(corpus_folder, tmp_path / "cache", monkeypatch, workers=2)
    assert again["stories_aligned"] == 0 and again["articles_recognised"] == 0


def test_results_are_written_chunk_by_chunk(corpus_folder, tmp_path, monkeypatch):
    """Many small chunks: each is written as it arrives, and together they are the whole analysis."""
    monkeypatch.setattr(batch, "ARTICLES_PER_CHUNK", 3)
    monkeypatch.setattr(batch, "STORIES_PER_CHUNK", 1)
    writes: list[int] = []
    real_put_many = AnalysisCache.put_many
    monkeypatch.setattr(AnalysisCache, "put_many",
                        lambda self, kind, values: writes.append(len(values)) or real_put_many(self, kind, values))
    counts = index_into(corpus_folder, tmp_path / "chunks", monkeypatch, workers=1)
    analysed = [size for size in writes if size <= 3]
    assert len(analysed) >= 10 + counts["stories_aligned"]
    assert sum(analysed) >= 30 + counts["stories_aligned"]


def test_workers_must_be_positive(capsys):
    with pytest.raises(SystemExit):
        cli.main(["index", "--workers", "0", "."])
    assert "must be at least 1" in capsys.readouterr().err


def test_a_dask_cluster_of_two_worker_processes_writes_the_same_cache(corpus_folder, tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed", reason=NO_DISTRIBUTED)
    local = index_into(corpus_folder, tmp_path / "local", monkeypatch, workers=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=":0") as cluster:
        remote = index_into(corpus_folder, tmp_path / "cluster", monkeypatch, cluster=cluster.scheduler_address)
    assert remote["workers"] == 2
    assert remote["stories_aligned"] == local["stories_aligned"] > 0
    assert analysis_rows(tmp_path / "cluster") == analysis_rows(tmp_path / "local")


def test_an_unreachable_cluster_is_a_message_not_a_traceback(corpus_folder, monkeypatch, capsys):
    pytest.importorskip("distributed", reason=NO_DISTRIBUTED)
    monkeypatch.setattr(batch, "CONNECT_TIMEOUT", "1s")
    assert cli.main(["index", "--cluster", "tcp://127.0.0.1:9", str(corpus_folder)]) == 2
    assert "caravan-tui index:" in capsys.readouterr().err


def test_entities_recognised_by_forked_processes_are_those_of_this_process(monkeypatch):
    from caravan_tui.analysis import forked_shares

    articles, _ = generate(45, seed=11)
    in_process = batch.recognise_in_processes(articles, "rules", workers=1)
    monkeypatch.setattr(batch, "POOL_MIN_WORDS", 0)
    forks = []
    real_fork = forked_shares._fork
    monkeypatch.setattr(forked_shares, "_fork", lambda *args: forks.append((args[1:3], gc.get_freeze_count()))
                        or real_fork(*args))
    pooled = batch.recognise_in_processes(articles, "rules", workers=3)
    assert len(forks) == 2 and all(frozen > 0 for _, frozen in forks)  # two children, forked from a frozen heap
    assert gc.get_freeze_count() == 0
    assert pooled == in_process
    assert sum(len(spans) for article in pooled for spans in article) > 100


def test_the_entities_command_prints_the_same_mentions_with_one_worker_or_two(corpus_folder, monkeypatch, capsys):
    monkeypatch.setattr(batch, "POOL_MIN_WORDS", 0)
    outputs = []
    for workers in ("1", "2"):
        assert cli.main(["entities", str(corpus_folder), "--json", "--no-cache", "--workers", workers]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] and outputs[0].count("\n") > 100


@pytest.mark.parametrize(("runnable", "expected"), [("1/80", 2), ("2/80", 1), ("2/80 1/80", 1), ("9/200", 1)])
def test_idle_workers_leave_the_cores_busy_now_alone(monkeypatch, tmp_path, runnable, expected):
    """The runnable count of /proc/loadavg counts this process too; the most of the looks is taken."""
    looks = iter(runnable.split())
    loadavg = tmp_path / "loadavg"

    def look(seconds):
        loadavg.write_text(f"3.00 3.00 3.00 {next(looks, runnable.split()[-1])} 12345\n")

    look(0)
    monkeypatch.setattr(batch, "LOADAVG", str(loadavg))
    monkeypatch.setattr(batch.time, "sleep", look)
    monkeypatch.setattr(batch, "default_workers", lambda: 2)
    assert batch.idle_workers() == expected


@pytest.mark.parametrize(("load", "expected"), [(0.0, 2), (0.6, 1), (1.4, 1), (7.5, 1)])
def test_without_proc_the_load_average_decides(monkeypatch, tmp_path, load, expected):
    monkeypatch.setattr(batch, "LOADAVG", str(tmp_path / "absent"))
    monkeypatch.setattr(batch, "default_workers", lambda: 2)
    monkeypatch.setattr(batch.os, "getloadavg", lambda: (load, load, load))
    assert batch.idle_workers() == expected
