"""Home: the flows to choose from, when you last checked in, and a quick note."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.style import Style
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from coach.flows.library import FlowEntry
from coach.paths import style
from coach.screens.keys import RESET_FIRST

# Styles built once, not parsed from strings at start-up (that costs a first frame).
BOLD, DIM, ITALIC = Style(bold=True), Style(dim=True), Style(italic=True)


def ago(iso: str | None, now: datetime | None = None) -> str:
    """'today', 'yesterday', '3 days ago' for a stored time; '' if there is none."""
    if not iso:
        return ""
    try:
        then = datetime.fromisoformat(iso)
    except ValueError:
        return ""
    now = now or datetime.now().astimezone()
    days = (now.date() - then.astimezone(now.tzinfo).date()).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    return then.strftime("%-d %B")


class Home(Screen[None]):
    """Choose a conversation; the reset key and a quick note are always at hand."""

    CSS_PATH = style("home.tcss")

    BINDINGS = [
        RESET_FIRST,
        Binding("n", "note", "Note"),
        Binding("s", "settings", "Settings"),
        Binding("e", "edit", "Edit flow"),
        Binding("h", "app.history", "History"),
        Binding("p", "app.patterns", "Patterns"),
        Binding("c", "come_back", "Come back to it"),
        Binding("x", "let_rest", "Let it rest"),
    ]

    def __init__(
        self,
        entries: list[FlowEntry],
        names: dict[str, str],
        last: str | None,
        open_resets: Sequence[Mapping[str, Any]] = (),
    ) -> None:
        super().__init__()
        self.open_reset = open_resets[0] if open_resets else None
        self.entries = sorted(
            entries, key=lambda e: (e.flow is None, e.flow.title if e.flow else e.id)
        )
        self.names = names
        self.last = last

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="home"):
            with Vertical(id="flows-box"):
                if self.open_reset is not None:
                    yield Static(self._reminder(), id="reset-reminder", markup=False)
                yield Static("What would help right now?", classes="box-title")
                yield OptionList(*self._options(), id="flows")
            with Vertical(id="side"):
                yield Static(self._side_text(), id="side-text")
        yield Footer(compact=True)

    def _options(self) -> list[Option]:
        options = []
        for e in self.entries:
            if e.flow is None:
                first = e.file.first_error
                why = first.message if first else "cannot be read"
                text = Content.assemble((e.id, BOLD), "\n", (f"needs fixing: {why}", DIM))
                options.append(Option(text, id=e.id))
                continue
            note = ""
            if e.broken is not None:
                note = "\nyour latest changes have errors; using the last version that worked"
            text = Content.assemble(
                (e.flow.title, BOLD),
                (f"  {e.flow.minutes} min", DIM),
                "\n",
                e.flow.summary,
                (note, ITALIC),
            )
            options.append(Option(text, id=e.id))
        return options

    def _reminder(self) -> str:
        assert self.open_reset is not None
        topic = self.open_reset["topic"]
        about = f"a talk about {topic}" if topic else "a talk"
        when = ago(self.open_reset["started_at"]) or "earlier"
        return f"You paused {about} {when}. Come back to it? (c: yes, x: let it rest)"

    def _side_text(self) -> str:
        who = f"{self.names['a']} & {self.names['b']}"
        when = ago(self.last)
        last = f"Your last conversation here was {when}." if when else "No conversations yet."
        return (
            f"{who}\n\n{last}\n\n"
            "Too heated to talk?\nPress ctrl+r for a reset pause.\n\n"
            "Noticed a small hurt?\nPress n to note it.\n\n"
            "Looking back?\nh: history  p: patterns"
        )

    def on_mount(self) -> None:
        flows = self.query_one("#flows", OptionList)
        flows.focus()
        if flows.option_count:
            flows.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        entry = next((e for e in self.entries if e.id == event.option.id), None)
        if entry is not None and entry.flow is None:
            self.app.edit_flow(entry.id)  # type: ignore[attr-defined]  # broken: fix it
        elif event.option.id:
            self.app.start_flow(event.option.id)  # type: ignore[attr-defined]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("come_back", "let_rest"):
            return self.open_reset is not None
        return True

    def action_come_back(self) -> None:
        if self.open_reset is not None:
            self.app.come_back(self.open_reset["id"])  # type: ignore[attr-defined]

    def action_let_rest(self) -> None:
        if self.open_reset is not None:
            self.app.let_reset_rest(self.open_reset["id"])  # type: ignore[attr-defined]

    def action_edit(self) -> None:
        flows = self.query_one("#flows", OptionList)
        if flows.highlighted is not None:
            option = flows.get_option_at_index(flows.highlighted)
            if option.id:
                self.app.edit_flow(option.id)  # type: ignore[attr-defined]

    def action_note(self) -> None:
        self.app.action_note()  # type: ignore[attr-defined]

    def action_settings(self) -> None:
        self.app.action_settings()  # type: ignore[attr-defined]
