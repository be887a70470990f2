"""Issue #12: one bad file is that file's problem: impossible dates, huge numbers, pipes, BOMs, deep nesting."""

from __future__ import annotations

import codecs
import os
import stat
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caravan_tui.cli import main
from caravan_tui.corpus import loader
from caravan_tui.corpus.front_matter import FrontMatterError, parse_front_matter
from caravan_tui.corpus.ingest.writer import FolderIndex
from caravan_tui.corpus.loader import ArticleLoadError, load_article, load_corpus
from caravan_tui.corpus.markdown_loader import parse_markdown
from caravan_tui.corpus.parsed import ParseError

GOOD_MD = ("---\ntitle: A good article\nsource: Outlet One\n---\n"
           "The one paragraph of the good article: officials said 12,000 people left their homes.\n")
HUGE_NUMBER = "9" * 5000


def front_matter_article(line: str) -> str:
    return f"---\ntitle: A test\n{line}\n---\nA paragraph of body text.\n"


def folder_with(folder: Path, files: dict[str, str] | None = None) -> Path:
    """`folder` with good.md and the given files."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in {"good.md": GOOD_MD, **(files or {})}.items():
        (folder / name).write_text(content, encoding="utf-8")
    return folder


def reasons(corpus) -> dict[str, str]:
    return {problem.path.name: problem.reason for problem in corpus.problems}


@pytest.mark.parametrize("line, shown", [
    ("published: 2024-02-30", "'2024-02-30' is not a possible date"),
    ("published: 2024-13-01T10:00:00", "'2024-13-01T10:00:00' is not a possible date"),
    ("published: 2024-01-01 10:00:00 +99:00", "is not a possible date"),
    (f"story: {HUGE_NUMBER}", "is a number too long to read"),
    ("story: " + "1:" * 3000 + "1", "number too long to read"),  # a base-60 YAML integer of thousands of digits
])
def test_an_impossible_value_is_the_files_problem_and_the_rest_load(tmp_path, line, shown):
    folder = folder_with(tmp_path, {"bad.md": front_matter_article(line)})
    corpus = load_corpus([folder])
    assert [article.id for article in corpus.articles] == ["good"]
    assert shown in reasons(corpus)["bad.md"]


def test_the_impossible_date_names_its_line():
    with pytest.raises(FrontMatterError, match=r"\(line 3\)"):
        parse_front_matter("title: A\npublished: 2024-02-30\n")


@pytest.mark.parametrize("command", [["check"], ["list"], ["list", "--json"], ["export", "--format", "json"],
                                     ["notes"]])
def test_commands_report_the_bad_date_and_go_on(tmp_path, capsys, command):
    folder = folder_with(tmp_path / "articles", {"bad.md": front_matter_article("published: 2024-02-30")})
    status = main([*command, str(folder)])
    out, err = capsys.readouterr()
    assert status == (1 if command == ["check"] else 0)
    assert "bad.md" in out + err and "2024-02-30" in out + err
    assert "good" in out


def test_index_reports_the_bad_date_and_indexes_the_rest(tmp_path, capsys):
    folder = folder_with(tmp_path / "articles", {"bad.md": front_matter_article("published: 2024-02-30")})
    assert main(["index", str(folder)]) == 0
    out, err = capsys.readouterr()
    assert "bad.md" in err and "1 articles (1 files with problems)" in out


def test_add_still_reads_a_folder_holding_a_bad_date(tmp_path):
    folder = folder_with(tmp_path, {"bad.md": front_matter_article("published: 2024-02-30")})
    index = FolderIndex.of_folder(folder)
    assert list(index.by_text.values()) == [folder / "good.md"]


def test_the_reader_loads_the_rest_and_has_the_problem_for_its_notice(tmp_path):
    from caravan_tui.ui.preload import load_and_group

    folder = folder_with(tmp_path, {"bad.md": front_matter_article("published: 2024-02-30")})
    corpus, story_of = load_and_group([folder])[:2]
    assert [article.id for article in corpus.articles] == ["good"] and set(story_of) == {"good"}
    assert [problem.path.name for problem in corpus.problems] == ["bad.md"]


@pytest.mark.skipif(sys.getfilesystemencoding() != "utf-8" or sys.platform == "darwin", reason="needs byte file names")
def test_a_file_name_that_is_not_utf8_loads_with_a_readable_id(tmp_path, capsys):
    (tmp_path / os.fsdecode(b"caf\xe9.md")).write_text(GOOD_MD, encoding="utf-8")
    assert [article.id for article in load_corpus([tmp_path]).articles] == ["caf\ufffd"]
    assert main(["index", str(tmp_path)]) == 0
    assert "1 articles (0 files with problems)" in capsys.readouterr().out


def test_any_other_exception_of_a_parser_is_the_files_problem_with_its_type(tmp_path, monkeypatch):
    def broken_parser(source: str):
        raise RuntimeError("the parser broke")

    monkeypatch.setitem(loader.PARSERS, ".txt", broken_parser)
    folder = folder_with(tmp_path, {"other.txt": "A headline\n\nA paragraph.\n"})
    corpus = load_corpus([folder])
    assert [article.id for article in corpus.articles] == ["good"]
    assert reasons(corpus)["other.txt"] == "could not be parsed (RuntimeError: the parser broke)"


def test_an_unexpected_failure_is_not_cached(tmp_path, monkeypatch):
    path = tmp_path / "other.txt"
    path.write_text("A headline\n\nA paragraph.\n", encoding="utf-8")
    calls = []

    def failing_once(source: str):
        calls.append(source)
        if len(calls) == 1:
            raise RecursionError("too deep")
        return loader.parse_text(source)

    monkeypatch.setitem(loader.PARSERS, ".txt", failing_once)
    assert "RecursionError" in reasons(load_corpus([tmp_path]))["other.txt"]
    assert [article.id for article in load_corpus([tmp_path]).articles] == ["other"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_in_a_folder_is_reported_and_never_opened(tmp_path, monkeypatch):
    folder = folder_with(tmp_path)
    os.mkfifo(folder / "pipe.md")
    corpus = load_corpus([folder])
    assert [article.id for article in corpus.articles] == ["good"]
    assert reasons(corpus)["pipe.md"] == "not a regular file (a named pipe): not read"
    assert corpus.failed


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_file_that_becomes_a_pipe_after_its_check_is_still_not_read(tmp_path, monkeypatch):
    pipe = tmp_path / "pipe.md"
    os.mkfifo(pipe)
    real_stat = os.stat

    def looks_regular(path, *args, **kwargs):
        found = real_stat(path, *args, **kwargs)
        if Path(path) == pipe:  # what a regular file said a moment before it was replaced
            return os.stat_result((stat.S_IFREG | 0o644, *found[1:]))
        return found

    monkeypatch.setattr(loader.os, "stat", looks_regular)
    with pytest.raises(ArticleLoadError, match="named pipe"):  # without the second check, this would hang
        load_article(pipe)


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le",
                                   "utf-32-be"])
def test_text_with_a_byte_order_mark_is_decoded(tmp_path, codec):
    boms = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
            "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}
    text = "---\ntitle: Café headline\nsource: Outlet\n---\nA paragraph with “quotes” and 😀.\n"
    path = tmp_path / "article.md"
    path.write_bytes(boms.get(codec, b"") + text.encode(codec))
    article = load_article(path)
    assert article.title == "Café headline"
    assert [passage.text for passage in article.passages] == ["A paragraph with “quotes” and 😀."]


def test_broken_utf16_says_so(tmp_path):
    path = tmp_path / "broken.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "Headline\n\nBody".encode("utf-16-le") + b"\x00\xdc")  # a lone surrogate
    with pytest.raises(ArticleLoadError, match="not UTF-16 text"):
        load_article(path)


def test_utf16_binary_is_still_binary(tmp_path):
    path = tmp_path / "binary.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "\x01\x02\x03\x04".encode("utf-16-le") * 50)
    with pytest.raises(ArticleLoadError, match="binary"):
        load_article(path)


def test_markdown_nested_past_the_parser_limit_is_reported_not_dropped(tmp_path):
    deep = "# Deep\n\nA first paragraph.\n\n" + "> " * 30 + "text nested thirty quotes deep\n"
    with pytest.raises(ParseError, match=r"nested 20 or more levels deep \(line 5\)"):
        parse_markdown(deep)
    folder = folder_with(tmp_path, {"deep.md": deep})
    assert "nested 20 or more levels deep" in reasons(load_corpus([folder]))["deep.md"]


def test_deep_lists_are_reported_too():
    deep = "".join("  " * level + "- item\n" for level in range(30))
    with pytest.raises(ParseError, match="nested"):
        parse_markdown(deep)


def test_nesting_within_the_limit_keeps_its_text():
    assert parse_markdown("> " * 19 + "deep but readable").blocks == [("quote", "deep but readable")]
    assert parse_markdown("Text.\n\n" + ">" * 25 + "\n").blocks == [("paragraph", "Text.")]  # nothing to lose


# --- fuzz: no front-matter value escapes as an exception ------------------------------------------------

SCALARS = st.one_of(
    st.text(max_size=30),
    st.from_regex(r"[0-9]{1,6}-[0-9]{1,3}-[0-9]{1,3}"
                  r"([Tt ][0-9]{1,2}:[0-9]{1,2}(:[0-9]{1,2})?( ?[+-][0-9]{1,3}(:[0-9]{2})?|Z)?)?", fullmatch=True),
    st.from_regex(r"[-+]?(0[xob])?[0-9_:.eE]{1,12}", fullmatch=True),
    st.builds(lambda digits, prefix: prefix + "7" * digits, st.integers(4200, 9000),
              st.sampled_from(["", "-", "0x", "0o", "0b", "1:", "0."])),
    st.sampled_from(["!!binary aGVsbG8=", "!!set {a}", "!!timestamp x", "!!int x", "!!float x", "*undefined",
                     "&a [*a]", "[" * 60, "{a: [b, {c: d}]}", "|\n  block", ">\n  folded", "!!python/object:os.system",
                     "\x1b]52;c;aGVsbG8=\x07", "\x00", "\ud800", ".nan", "-.inf", "~", "<<: {a: b}"]),
)
FIELDS = st.sampled_from(["title", "source", "url", "published", "language", "story", "author", "other"])


@settings(max_examples=150)
@given(st.lists(st.tuples(FIELDS, SCALARS), min_size=1, max_size=4))
def test_no_front_matter_value_escapes_as_an_exception(fields):
    front_matter = "\n".join(f"{name}: {value}" for name, value in fields)
    try:
        parse_front_matter(front_matter)
    except ParseError:
        pass
    source = f"---\n{front_matter}\n---\nA paragraph of body text.\n"
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "fuzz.md").write_text(source, encoding="utf-8", errors="surrogatepass")
        corpus = load_corpus([folder])
        assert len(corpus.articles) + len(corpus.problems) == 1


@settings(max_examples=40)
@given(st.lists(st.tuples(FIELDS, SCALARS), min_size=1, max_size=3))
def test_no_front_matter_value_breaks_list_or_check(fields):
    import contextlib
    import io

    source = "---\n" + "\n".join(f"{name}: {value}" for name, value in fields) + "\n---\nBody text here.\n"
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "fuzz.md").write_text(source, encoding="utf-8", errors="surrogatepass")
        for command in (["list"], ["list", "--json"], ["check"], ["check", "--json"]):
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                assert main([*command, folder]) in (0, 1)
            printed = out.getvalue() + err.getvalue()
            assert "fuzz" in printed
            assert not any(char in printed for char in "\x1b\x07\x00\x9b")
