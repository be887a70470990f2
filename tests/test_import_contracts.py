"""The layering rules, checked on the source: every import statement, at any depth (inside functions too).

- corpus, analysis and storage import no textual, no rich and nothing of caravan_tui.ui;
- corpus imports nothing of caravan_tui.analysis;
- commands import nothing of caravan_tui.ui.

Relative imports are resolved against the importing module, so `from ..ui import x` counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE_ROOT = Path(__file__).resolve().parents[1] / "src" / "caravan_tui"

#: (layer, forbidden module prefixes): a layer is a sub-package of caravan_tui.
CONTRACTS: list[tuple[str, tuple[str, ...]]] = [
    ("corpus", ("textual", "rich", "caravan_tui.ui", "caravan_tui.analysis")),
    ("analysis", ("textual", "rich", "caravan_tui.ui")),
    ("storage", ("textual", "rich", "caravan_tui.ui")),
    ("commands", ("caravan_tui.ui",)),
]


def module_name(path: Path, root: Path) -> str:
    """caravan_tui.corpus.loader for <root>/corpus/loader.py (a package is named by its folder)."""
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in `source`; `from a import b` yields a and a.b."""
    package = module if is_package else module.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node.module, node.level, package)
            found.append((node.lineno, base))
            found.extend((node.lineno, f"{base}.{alias.name}") for alias in node.names if alias.name != "*")
    return found


def _resolve(name: str | None, level: int, package: str) -> str:
    """The absolute name of `from <level dots><name> import ...` inside `package`."""
    if level == 0:
        return name or ""
    parts = package.split(".")
    base = parts[: len(parts) - (level - 1)] if level > 1 else parts
    return ".".join([*base, name] if name else base)


def violates(imported: str, forbidden: tuple[str, ...]) -> bool:
    return any(imported == prefix or imported.startswith(prefix + ".") for prefix in forbidden)


def violations(root: Path, layer: str, forbidden: tuple[str, ...]) -> list[str]:
    """'path:line imports module' for each forbidden import in the layer's files."""
    found: list[str] = []
    for path in sorted((root / layer).rglob("*.py")):
        module = module_name(path, root)
        for line, imported in imported_modules(path.read_text(encoding="utf-8"), module, path.name == "__init__.py"):
            if violates(imported, forbidden):
                found.append(f"{path}:{line} imports {imported}")
    return sorted(set(found))


@pytest.mark.parametrize(("layer", "forbidden"), CONTRACTS, ids=[layer for layer, _ in CONTRACTS])
def test_layer_keeps_its_import_contract(layer, forbidden):
    assert (PACKAGE_ROOT / layer).is_dir()
    assert violations(PACKAGE_ROOT, layer, forbidden) == []


def test_every_layer_has_python_files_to_check():
    for layer, _ in CONTRACTS:
        assert len(list((PACKAGE_ROOT / layer).rglob("*.py"))) >= 2, layer


# The checker itself: a planted violation of each kind is found, with its file and line.

def plant(tmp_path: Path, layer: str, source: str, name: str = "planted.py") -> Path:
    folder = tmp_path / "caravan_tui" / layer
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(source, encoding="utf-8")
    return tmp_path / "caravan_tui"


def test_a_top_level_textual_import_in_corpus_is_named_with_file_and_line(tmp_path):
    root = plant(tmp_path, "corpus", '"""Doc."""\n\nimport os\nimport textual.app\n')
    assert violations(root, "corpus", CONTRACTS[0][1]) == [f"{root / 'corpus' / 'planted.py'}:4 imports textual.app"]


def test_an_import_inside_a_function_is_found(tmp_path):
    source = "def late():\n    if True:\n        from rich.text import Text\n    return Text\n"
    root = plant(tmp_path, "storage", source)
    found = violations(root, "storage", ("textual", "rich", "caravan_tui.ui"))
    assert found == [f"{root / 'storage' / 'planted.py'}:3 imports rich.text",
                     f"{root / 'storage' / 'planted.py'}:3 imports rich.text.Text"]


def test_corpus_importing_analysis_by_relative_import_is_found(tmp_path):
    root = plant(tmp_path, "corpus", "from ..analysis import stories\nfrom . import model\n")
    found = violations(root, "corpus", CONTRACTS[0][1])
    assert found == [f"{root / 'corpus' / 'planted.py'}:1 imports caravan_tui.analysis",
                     f"{root / 'corpus' / 'planted.py'}:1 imports caravan_tui.analysis.stories"]


def test_commands_importing_ui_via_from_package_import_is_found(tmp_path):
    root = plant(tmp_path, "commands", "from caravan_tui import ui\nfrom caravan_tui import safe_text\n")
    found = violations(root, "commands", ("caravan_tui.ui",))
    assert found == [f"{root / 'commands' / 'planted.py'}:1 imports caravan_tui.ui"]


def test_names_that_only_share_a_prefix_are_allowed(tmp_path):
    root = plant(tmp_path, "analysis", "import richtext_helper\nimport textualize\nfrom caravan_tui.uikit import x\n")
    assert violations(root, "analysis", ("textual", "rich", "caravan_tui.ui")) == []
