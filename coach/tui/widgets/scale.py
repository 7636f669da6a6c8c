"""A 1-10 scale: arrows or digits to move, enter to choose (0 means 10)."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class Scale(Widget, can_focus=True):
    """Ten cells with the chosen one highlighted, and words for the two ends."""

    DEFAULT_CSS = """
    Scale { height: 3; padding: 0 1; }
    Scale:focus { background: $boost; }
    """
    BINDINGS = [
        Binding("left", "move(-1)", "Less", show=False),
        Binding("right", "move(1)", "More", show=False),
        Binding("enter", "choose", "Choose"),
    ]
    value: reactive[int] = reactive(5)

    class Chosen(Message):
        def __init__(self, value: int) -> None:
            super().__init__()
            self.value = value

    def __init__(self, low: str = "", high: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.low = low
        self.high = high

    def render(self) -> Content:
        cells: list[tuple[str, str] | str] = []
        for n in range(1, 11):
            style = "reverse bold" if n == self.value else ""
            cells.append((f" {n} ", style))
            cells.append(" ")
        ends = ""
        if self.low or self.high:
            ends = f"\n1 = {self.low}    10 = {self.high}"
        return Content.assemble(*cells, (ends, "dim"))

    def action_move(self, delta: int) -> None:
        self.value = min(10, max(1, self.value + delta))

    def action_choose(self) -> None:
        self.post_message(self.Chosen(self.value))

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit():
            self.value = int(event.character) or 10
            event.stop()


class PrivateScale(Widget, can_focus=True):
    """A 1-10 answer typed while the other partner looks away: one key (0 means 10), and
    nothing on screen tells which number it was, not even how many digits."""

    DEFAULT_CSS = """
    PrivateScale { height: 3; padding: 0 1; }
    PrivateScale:focus { background: $boost; }
    """
    BINDINGS = [
        Binding("enter", "choose", "Choose"),
        Binding("backspace", "clear", "Clear", show=False),
    ]
    chosen: reactive[int | None] = reactive(None)

    def __init__(self, low: str = "", high: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.low = low
        self.high = high

    def render(self) -> Content:
        state = (
            "A number is chosen and hidden. Enter to confirm, or type another."
            if self.chosen is not None
            else "Type a number from 1 to 10 (0 means 10); it stays hidden."
        )
        ends = f"\n1 = {self.low}    10 = {self.high}" if self.low or self.high else ""
        return Content.assemble((state, "bold" if self.chosen is not None else ""), (ends, "dim"))

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit():
            self.chosen = int(event.character) or 10
            event.stop()

    def action_clear(self) -> None:
        self.chosen = None

    def action_choose(self) -> None:
        if self.chosen is not None:
            self.post_message(Scale.Chosen(self.chosen))
