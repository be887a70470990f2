"""Shared test set-up: every test runs with its own config, data and cache folders.

No test may touch the user's real folders or read ../shared.
"""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = FIXTURES / "seeds"
GOLD = FIXTURES / "gold" / "seeds.json"


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


# Shared machines are slow at times: hypothesis must not fail on its deadline.
from hypothesis import settings  # noqa: E402

settings.register_profile("ci", deadline=None, print_blob=True)
settings.load_profile("ci")
