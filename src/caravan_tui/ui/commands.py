"""The command palette provider: the same actions as the key bindings."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from caravan_tui.ui.catalogue import MAIN_SCOPES, BindingEntry, all_bindings, current_keys

if TYPE_CHECKING:
    from caravan_tui.ui.app import CaravanApp


class ReaderCommands(Provider):
    """Offers every reader binding (with its current keys) as a command."""

    def _entries(self) -> list[BindingEntry]:
        scopes = self.app.palette_scopes() if hasattr(self.app, "palette_scopes") else MAIN_SCOPES
        return [entry for entry in all_bindings() if entry.binding.description and entry.scope in scopes]

    def _label(self, entry: BindingEntry) -> str:
        keys = current_keys(entry, getattr(self.app, "keymap", {}))
        return f"{entry.binding.description} ({', '.join(keys)})"

    async def discover(self) -> Hits:
        for entry in self._entries():
            yield DiscoveryHit(self._label(entry), partial(self._run, entry), help=entry.id)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in self._entries():
            label = self._label(entry)
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), partial(self._run, entry), help=entry.id)

    async def _run(self, entry: BindingEntry) -> None:
        app = cast("CaravanApp", self.app)  # only CaravanApp registers this provider
        await app.run_action_in_scope(entry.scope, entry.binding.action)
