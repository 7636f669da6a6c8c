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
        #: What the keys now shown were made from: the same again needs no new keys.
        self._shown: list[tuple[Binding, str, str, bool, str]] | None = None

    def _plan(self) -> list[tuple[Binding, str, str, bool, str]]:
        """The keys to show: (binding, key, words, enabled, tooltip), in order."""
        seen: set[str] = set()
        shown: list[tuple[Binding, bool, str]] = []
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            action = binding.action.removeprefix("app.")
            if binding.show and action not in seen:
                seen.add(action)
                shown.append((binding, enabled, tooltip))
        shown.sort(key=lambda item: _rank(item[0]))  # stable: the rest keep their order
        room = self.size.width or self.app.size.width
        plan: list[tuple[Binding, str, str, bool, str]] = []
        for binding, enabled, tooltip in shown:
            key = self.app.get_key_display(binding)
            width = len(key) + len(binding.description) + 2
            if width > room:
                if _rank(binding) < len(FIRST):  # never drop these: shorten the words
                    plan.append((binding, key, "", enabled, tooltip))
                    room -= len(key) + 1
                continue
            room -= width
            plan.append((binding, key, binding.description, enabled, tooltip))
        return plan

    async def recompose(self) -> None:
        """New keys only when they would differ: bindings are refreshed often (focus, a
        screen's data), and making the same keys again costs a frame's time."""
        if not self.is_attached or self._pruning:
            return  # as Widget.recompose: nothing to do (and no screen to ask)
        if self._bindings_ready and self._shown is not None and self._plan() == self._shown:
            return
        await super().recompose()

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        self._shown = self._plan()
        self.styles.grid_size_columns = len(self._shown)
        for binding, key, description, enabled, tooltip in self._shown:
            yield self._key(binding, key, description, enabled, tooltip)

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
