"""The first paint needs no analysis code: its imports (tens of ms) come after, in the worker."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "seeds"

SCRIPT = """
import json, sys
from caravan_tui.ui import app as app_module
from caravan_tui.ui.screens import main as main_module

seen = {}

def after_first_paint(self):
    seen["modules"] = sorted(name for name in sys.modules if name.startswith(("caravan_tui.analysis.", "markdown_it")))
    self.app.exit()

main_module.MainScreen._after_first_paint = after_first_paint
app = app_module.create_app(paths=sys.argv[1:])
app.run(headless=True, size=(100, 30))
print(json.dumps(seen))
"""


def test_first_paint_imports_no_analysis_modules(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.md").write_text("---\ntitle: One\nsource: Daily Alpha\n---\n\nA first passage.\n\nA second.\n")
    (articles / "b.md").write_text("---\ntitle: Two\nsource: Beta News\n---\n\nA first passage, told again.\n")
    env = {"CARAVAN_TUI_CACHE_DIR": str(tmp_path / "cache"), "CARAVAN_TUI_CONFIG_DIR": str(tmp_path / "config"),
           "CARAVAN_TUI_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    for _ in range(2):  # cold (the articles are parsed), then warm (the parse cache answers)
        done = subprocess.run([sys.executable, "-c", SCRIPT, str(articles)], capture_output=True, text=True,
                              env=env, timeout=60)
        assert done.returncode == 0, done.stderr
        modules = json.loads(done.stdout.strip().splitlines()[-1])["modules"]
        # Grouping (stories, and events, the grouping's engine on a cold start) runs before the first paint.
        heavy = [name for name in modules if name.split(".")[2:3] not in (["text"], ["stories"], ["events"])
                 and name.startswith("caravan_tui.analysis.")]
        assert heavy == [], f"imported before the first paint: {heavy}"
    assert not any(name.startswith("markdown_it") for name in modules), "the warm start parsed articles"
