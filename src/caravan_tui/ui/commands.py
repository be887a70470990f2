"""Command palette providers: the same actions as the key bindings, each read from its own screen.

Textual asks the app's providers and those of the screen the palette was
opened from (as posting's `commands.py` does). `AppCommands` offers the
bindings that work anywhere; each screen names its own provider in its
`COMMANDS`, offering its bindings and those of its widgets, and runs the
chosen action where the binding lives (`targets`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any, ClassVar

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode

from caravan_tui.ui.catalogue import BindingEntry, all_bindings, current_keys

#: Bindings Textual's own palette commands already offer ("Quit the application").
OFFERED_BY_TEXTUAL = frozenset({"app.quit", "app.command_palette"})


class BindingCommands(Provider):
    """Offers the bindings of SCOPES as commands: the description, then the keys as the user sees them."""

    SCOPES: ClassVar[frozenset[str]] = frozenset()

    def targets(self) -> dict[str, DOMNode]:
        """Scope -> the node whose action a binding of that scope runs."""
        return {}

    def _entries(self) -> list[BindingEntry]:
        entries, seen = [], set()
        for entry in all_bindings():
            description = entry.binding.description
            if (not description or entry.scope not in self.SCOPES or entry.id in OFFERED_BY_TEXTUAL
                    or description in seen):
                continue
            seen.add(description)
            entries.append(entry)
        return entries

    def _keys(self, entry: BindingEntry) -> str:
        """'key: s' or 'keys: j, down', as the key bar shows them."""
        keys = current_keys(entry, getattr(self.app, "keymap", {}))
        shown = [self.app.get_key_display(entry.binding.with_key(key)) for key in keys]
        return f"key{'s' if len(shown) > 1 else ''}: {', '.join(shown)}" if shown else "no key"

    async def discover(self) -> Hits:
        for entry in self._entries():
            yield DiscoveryHit(entry.binding.description, partial(self._run, entry), help=self._keys(entry))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in self._entries():
            label = entry.binding.description
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), partial(self._run, entry), help=self._keys(entry))

    async def _run(self, entry: BindingEntry) -> None:
        target = self.targets().get(entry.scope)
        if target is not None:
            await self.app.run_action(entry.binding.action, target)


class AppCommands(BindingCommands):
    """Quit, help: the bindings that work on every screen."""

    SCOPES = frozenset({"app"})

    def targets(self) -> dict[str, DOMNode]:
        return {"app": self.app}


class MainScreenCommands(BindingCommands):
    """The main screen's bindings and those of its article list and reading pane."""

    SCOPES = frozenset({"screen", "list", "reader"})

    def targets(self) -> dict[str, DOMNode]:
        screen: Any = self.screen
        return {"screen": screen, "list": screen.article_list, "reader": screen.reading_pane}


class ScreenCommands(BindingCommands):
    """The bindings of a screen whose actions all run on the screen itself."""

    def targets(self) -> dict[str, DOMNode]:
        return dict.fromkeys(self.SCOPES, self.screen)


class CompareCommands(ScreenCommands):
    SCOPES = frozenset({"compare"})


class OverviewCommands(ScreenCommands):
    SCOPES = frozenset({"overview"})


def palette_scopes(providers: Iterable[Any]) -> frozenset[str]:
    """The binding scopes a set of providers (an app's and a screen's COMMANDS) offers."""
    scopes: set[str] = set()
    for provider in providers:
        if isinstance(provider, type) and issubclass(provider, BindingCommands):
            scopes |= provider.SCOPES
    return frozenset(scopes)
