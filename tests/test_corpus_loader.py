"""Loading files and folders: bad input reported per file, ordering, duplicates, defaults."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from caravan_tui.corpus import loader
from caravan_tui.corpus.loader import (
    MAX_FILE_BYTES,
    ArticleLoadError,
    default_corpus_paths,
    load_article,
    load_corpus,
)
from caravan_tui.corpus.model import hash_text

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
GOOD_TXT = "A headline for a test\n\nThe first paragraph of the test article.\n"
GOOD_MD = "---\ntitle: A test\nsource: Test Outlet\n---\nOne paragraph.\n"


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def reasons(corpus) -> dict[str, str]:
    return {problem.path.name: problem.reason for problem in corpus.problems}


def test_loads_seed_folder_in_sorted_order():
    corpus = load_corpus([SEEDS])
    assert [a.id for a in corpus.articles] == ["000_749070dece7ac021", "004_bdaef11c943deee3"]
    assert corpus.problems == []


def test_content_hash_is_hash_of_raw_bytes():
    path = SEEDS / "004_bdaef11c943deee3.txt"
    assert load_article(path).content_hash == hash_text(path.read_bytes())


def test_folders_are_recursive_sorted_and_skip_hidden(tmp_path):
    write(tmp_path / "b" / "z.txt", GOOD_TXT)
    write(tmp_path / "b" / "c.md", GOOD_MD)
    write(tmp_path / "a.txt", GOOD_TXT)
    write(tmp_path / ".git" / "hidden.md", GOOD_MD)
    write(tmp_path / ".draft.md", GOOD_MD)
    write(tmp_path / "notes.pdf", b"%PDF-1.4")
    corpus = load_corpus([tmp_path])
    assert [a.path.relative_to(tmp_path).as_posix() for a in corpus.articles] == ["a.txt", "b/c.md", "b/z.txt"]
    # A file of another kind is reported (a warning: nothing failed), hidden ones are not.
    assert [(p.path.name, p.fatal) for p in corpus.problems] == [("notes.pdf", False)]
    assert "not an article file (.pdf)" in corpus.problems[0].reason and not corpus.failed


def test_a_saved_page_in_the_folder_says_how_to_import_it(tmp_path):
    write(tmp_path / "a.txt", GOOD_TXT)
    write(tmp_path / "page.html", b"<html><body><p>text</p></body></html>")
    corpus = load_corpus([tmp_path])
    assert len(corpus.articles) == 1
    (problem,) = corpus.problems
    assert problem.path.name == "page.html" and not problem.fatal and "caravan-tui add" in problem.reason


def test_bad_files_are_reported_and_the_rest_load(tmp_path):
    write(tmp_path / "good.md", GOOD_MD)
    write(tmp_path / "latin1.txt", "Caf\u00e9 headline\n\nBody here.\n".encode("latin-1"))
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "blank.md", "  \n\n\t\n")
    write(tmp_path / "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write(tmp_path / "controls.txt", bytes(range(1, 9)) * 20)
    write(tmp_path / "badyaml.md", "---\ntitle: [unclosed\n---\nBody.\n")
    write(tmp_path / "listyaml.md", "---\n- a\n- b\n---\nBody.\n")
    write(tmp_path / "headline_only.txt", "Only a headline\n")
    corpus = load_corpus([tmp_path])
    assert [a.id for a in corpus.articles] == ["good"]
    found = reasons(corpus)
    assert "not UTF-8" in found["latin1.txt"] and "offset 3" in found["latin1.txt"]
    assert found["empty.txt"] == "empty file"
    assert "whitespace" in found["blank.md"]
    assert "binary" in found["binary.txt"]
    assert "binary" in found["controls.txt"]
    assert "malformed YAML" in found["badyaml.md"]
    assert "mapping" in found["listyaml.md"]
    assert "no passages" in found["headline_only.txt"]
    assert all(p.fatal for p in corpus.problems)
    assert corpus.failed


def test_utf8_bom_is_accepted(tmp_path):
    path = write(tmp_path / "bom.md", b"\xef\xbb\xbf" + GOOD_MD.encode())
    article = load_article(path)
    assert article.title == "A test"
    assert article.source == "Test Outlet"


def test_huge_file_reports_size_and_cap_without_reading_it_all(tmp_path, monkeypatch):
    requested: list[int] = []

    class RecordingFile:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def fileno(self):
            return self.handle.fileno()

        def read(self, size=-1):
            requested.append(size)
            return self.handle.read(size)

    monkeypatch.setattr(loader, "open", lambda path, mode="r", **options: RecordingFile(open(path, mode, **options)),
                        raising=False)
    path = write(tmp_path / "huge.txt", b"word " * (MAX_FILE_BYTES // 5 + 10))
    with pytest.raises(ArticleLoadError) as error:
        load_article(path)
    size = path.stat().st_size
    assert f"{size:,}" in error.value.reason and f"{MAX_FILE_BYTES:,}" in error.value.reason
    assert all(0 <= n <= MAX_FILE_BYTES + 1 for n in requested)


def test_file_at_the_cap_loads(tmp_path):
    body = "Headline\n\n" + "word " * 10
    path = write(tmp_path / "at_cap.txt", body + " " * (MAX_FILE_BYTES - len(body)))
    assert path.stat().st_size == MAX_FILE_BYTES
    assert len(load_article(path).passages) == 1


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions, not root")
def test_unreadable_file_is_reported(tmp_path):
    path = write(tmp_path / "secret.txt", GOOD_TXT)
    path.chmod(0)
    try:
        corpus = load_corpus([tmp_path])
    finally:
        path.chmod(0o644)
    assert "permission denied" in reasons(corpus)["secret.txt"]


def test_permission_error_is_reported_even_as_root(tmp_path, monkeypatch):
    def refuse(path, mode="r", **options):
        raise PermissionError(13, "Permission denied", str(path))

    write(tmp_path / "secret.txt", GOOD_TXT)
    monkeypatch.setattr(loader, "open", refuse, raising=False)
    corpus = load_corpus([tmp_path])
    assert corpus.articles == []
    assert "permission denied" in reasons(corpus)["secret.txt"]


def test_named_unsupported_and_missing_paths_are_reported(tmp_path):
    pdf = write(tmp_path / "notes.pdf", b"%PDF-1.4")
    corpus = load_corpus([pdf, tmp_path / "missing.md", tmp_path / "missing_dir"])
    found = reasons(corpus)
    assert "unsupported file type '.pdf'" in found["notes.pdf"]
    assert found["missing.md"] == "no such file or folder"
    assert found["missing_dir"] == "no such file or folder"


def test_duplicate_article_id_second_is_a_problem(tmp_path):
    write(tmp_path / "story.md", GOOD_MD)
    write(tmp_path / "story.txt", GOOD_TXT)
    corpus = load_corpus([tmp_path])
    assert [a.path.name for a in corpus.articles] == ["story.md"]
    assert "duplicate article id 'story'" in reasons(corpus)["story.txt"]


def test_same_file_named_twice_loads_once(tmp_path):
    path = write(tmp_path / "one.txt", GOOD_TXT)
    corpus = load_corpus([path, tmp_path, path])
    assert len(corpus.articles) == 1 and corpus.problems == []


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_symlink_loop_does_not_recurse_forever(tmp_path):
    write(tmp_path / "sub" / "a.txt", GOOD_TXT)
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "self").symlink_to(tmp_path / "self")
    corpus = load_corpus([tmp_path])
    assert [a.id for a in corpus.articles] == ["a"]
    assert not corpus.failed
    assert any("loop" in p.reason for p in corpus.problems)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_not_read(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    with pytest.raises(ArticleLoadError, match="not a regular file"):
        load_article(tmp_path / "pipe.txt")


def test_broken_symlink_with_supported_name_is_reported(tmp_path):
    (tmp_path / "gone.md").symlink_to(tmp_path / "nowhere.md")
    corpus = load_corpus([tmp_path])
    assert "no such file" in reasons(corpus)["gone.md"]


@pytest.mark.slow  # a fresh interpreter, or thousands of files
def test_folder_of_three_thousand_files(tmp_path):
    for number in range(3000):
        write(tmp_path / f"d{number // 500}" / f"a{number:04d}.txt", f"Headline {number}\n\nBody {number}.\n")
    corpus = load_corpus([tmp_path])
    assert len(corpus.articles) == 3000 and corpus.problems == []
    assert [a.id for a in corpus.articles] == [f"a{n:04d}" for n in range(3000)]


def test_default_paths_prefer_local_articles_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert default_corpus_paths() == [loader.bundled_corpus_path()]
    (tmp_path / "articles").mkdir()
    assert default_corpus_paths() == [tmp_path / "articles"]
