"""Every optional code path a command takes can import what it needs on this install.

The command-line entry point imports these packages only when a command needs
them, so a missing one shows up only when a user runs that command. Here each
path is imported (and, for `add`, run on a small page, which is what loads
lxml's HTML cleaner) and a failure names the package to install.
"""

from __future__ import annotations

import importlib
import importlib.util

import pytest

from caravan_tui.corpus.ingest.extract import extract_page

# command -> modules it imports lazily. Kept in step with the code by
# test_lazy_imports_named_here_are_the_ones_the_code_uses below.
OPTIONAL_IMPORTS = {
    "add": ["trafilatura", "lxml.html.clean", "feedparser", "urllib3"],
    "serve": ["textual_serve.server", "aiohttp", "aiohttp_jinja2", "jinja2", "caravan_tui.commands.serve_guard"],
}

_PAGE = (
    "<html lang='en'><head><title>Flood waters rise in the valley</title></head><body><article>"
    "<h1>Flood waters rise in the valley</h1>"
    + "".join(
        f"<p>Paragraph {n} tells of rain that kept falling on the river towns, of roads closed by the "
        "water and of families who waited on their roofs for boats to reach them.</p>"
        for n in range(8)
    )
    + "</article></body></html>"
)


def _import_or_fail(command: str, module: str) -> None:
    try:
        importlib.import_module(module)
    except ImportError as error:  # pragma: no cover - the failure message is the point
        pytest.fail(f"`caravan-tui {command}` needs {module!r}, which does not import: {error}")


@pytest.mark.parametrize(
    ("command", "module"),
    [(command, module) for command, modules in OPTIONAL_IMPORTS.items() for module in modules],
)
def test_every_optional_module_a_command_uses_imports(command: str, module: str) -> None:
    _import_or_fail(command, module)


def test_add_extracts_a_page_which_loads_the_html_cleaner() -> None:
    article = extract_page(_PAGE, "https://example.org/flood")
    assert article.title == "Flood waters rise in the valley"
    assert any("boats" in text for _kind, text in article.blocks)


def test_the_spacy_engine_loads_when_the_extra_is_installed() -> None:
    if importlib.util.find_spec("spacy") is None:
        pytest.skip("spaCy extra not installed (pip install -e '.[spacy]')")
    from caravan_tui.analysis.entities.spacy_engine import SpacyEngine

    _import_or_fail("entities --engine spacy", "spacy")
    spans = SpacyEngine().recognise("Maria Lopez flew to Lisbon on Monday.")
    assert spans, "the spaCy engine found nothing in a plain sentence"


def test_lazy_imports_named_here_are_the_ones_the_code_uses() -> None:
    from pathlib import Path

    source = "\n".join(
        path.read_text(encoding="utf-8")
        for path in Path(importlib.util.find_spec("caravan_tui").origin).parent.rglob("*.py")
    )
    for module in ("trafilatura", "feedparser", "urllib3", "textual_serve.server"):
        assert f"import {module}" in source or f"from {module} import" in source, module
