"""The footer of keys: the reset key and help always first, then the screen's own keys,
as many as fit whole. No key is ever cut in half, and nothing overlaps."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # the key widget Footer itself uses

#: Actions that must stay visible at any width, in this order.
FIRST = ("reset", "help")


def _rank(binding: Binding) -> int:
    action = binding.action.removeprefix("app.")
    return FIRST.index(action) if action in FIRST else len(FIRST)


class KeyFooter(Footer):
    """A compact footer that keeps Reset and Help and drops what does not fit, whole."""

    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        seen: set[str] = set()
        shown: list[tuple[Binding, bool, str]] = []
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            action = binding.action.removeprefix("app.")
            if binding.show and action not in seen:
                seen.add(action)
                shown.append((binding, enabled, tooltip))
        shown.sort(key=lambda item: _rank(item[0]))  # stable: the rest keep their order
        room = self.size.width or self.app.size.width
        keys: list[FooterKey] = []
        for binding, enabled, tooltip in shown:
            key = self.app.get_key_display(binding)
            width = len(key) + len(binding.description) + 2
            if width > room:
                if _rank(binding) < len(FIRST):  # never drop these: shorten the words
                    keys.append(self._key(binding, key, "", enabled, tooltip))
                    room -= len(key) + 1
                continue
            room -= width
            keys.append(self._key(binding, key, binding.description, enabled, tooltip))
        self.styles.grid_size_columns = len(keys)
        yield from keys

    def _key(
        self, binding: Binding, key: str, description: str, enabled: bool, tooltip: str
    ) -> FooterKey:
        return FooterKey(
            binding.key,
            key,
            description,
            binding.action,
            disabled=not enabled,
            tooltip=tooltip or binding.description,
        ).data_bind(compact=Footer.compact)

    def on_resize(self, event: events.Resize) -> None:
        self.refresh(recompose=True)  # what fits depends on the width
