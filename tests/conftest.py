"""Shared test set-up: every test runs with its own config, data and cache folders.

No test may touch the user's real folders or read ../shared. Tests import nothing from here
(fixture paths are in fixture_paths.py).
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Point config, data and cache folders at fresh temporary folders."""
    root = tmp_path_factory.mktemp("user")
    for name in ("CONFIG", "DATA", "CACHE"):
        folder = root / name.lower()
        folder.mkdir()
        monkeypatch.setenv(f"CARAVAN_TUI_{name}_DIR", str(folder))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return root


# Shared machines are slow at times: hypothesis must not fail on its deadline.
from hypothesis import settings  # noqa: E402

settings.register_profile("ci", deadline=None, print_blob=True)
settings.load_profile("ci")
