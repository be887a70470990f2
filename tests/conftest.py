"""Shared test set-up: every test runs with its own config, data and cache folders.

No test may touch the user's real folders or read ../shared. Tests import nothing from here
(fixture paths are in fixture_paths.py).

Markers set here, by module: `slow` on the modules that drive the Textual app (Pilot) or real
programs (tmux, sshd, Chromium, a reader process), so `-m "not slow"` runs the quick rest; and one
xdist group for the modules that pick a free port and hand it to a server, so that under
`--dist loadgroup` they never race each other for a port.
"""

from __future__ import annotations

import pytest

SLOW_MODULE_PREFIXES = ("test_ui_", "test_terminals", "test_remote_ssh", "test_serve", "test_reader_notes_crash",
                        "test_ingest_add_source_screen", "test_startup_imports")
PORT_MODULES = ("test_serve.py", "test_remote_ssh.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        name = item.path.name
        if name.startswith(SLOW_MODULE_PREFIXES):
            item.add_marker(pytest.mark.slow)
        if name in PORT_MODULES:
            item.add_marker(pytest.mark.xdist_group("free-port"))


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Point config, data and cache folders at fresh temporary folders."""
    root = tmp_path_factory.mktemp("user")
    for name in ("CONFIG", "DATA", "CACHE"):
        folder = root / name.lower()
        folder.mkdir()
        monkeypatch.setenv(f"CARAVAN_TUI_{name}_DIR", str(folder))
    for variable in ("NO_COLOR", "COLORFGBG", "CARAVAN_TUI_THEME"):  # the theme is "auto", and auto is dark
        monkeypatch.delenv(variable, raising=False)
    return root


@pytest.fixture
def fresh_passage_store():
    """The lazy articles' passage store emptied before and after the test (it is one per process)."""
    from caravan_tui.corpus import lazy

    lazy.STORE.forget()
    yield lazy.STORE
    lazy.STORE.forget()


# Shared machines are slow at times: hypothesis must not fail on its deadline.
from hypothesis import settings  # noqa: E402

settings.register_profile("ci", deadline=None, print_blob=True)
settings.load_profile("ci")
