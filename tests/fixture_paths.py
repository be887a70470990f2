"""Where the tests' fixtures live (tests import this, never conftest)."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = FIXTURES / "seeds"
GOLD = FIXTURES / "gold" / "seeds.json"
