"""Home: the flows to choose from, when you last talked, a paused talk, and a quick note.

The app gives it data (``data``, ``pause``); it updates in place and posts what the
couple chose as messages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.style import Style
from textual.timer import Timer
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from coach.dates import ago
from coach.flows.library import FlowEntry
from coach.history.care import OpenNote, Promise
from coach.paths import style
from coach.session import HomeData
from coach.tui import messages as M
from coach.tui.screens.keys import RESET_FIRST
from coach.tui.widgets.footer import KeyFooter

if TYPE_CHECKING:  # the pause is imported once one runs
    from coach.pause import Pause

# Styles built once, not parsed from strings at start-up (that costs a first frame).
BOLD, DIM, ITALIC = Style(bold=True), Style(dim=True), Style(italic=True)


RESET_OPTION = Option(
    Content.assemble(
        ("Reset pause", BOLD),
        ("  20 min or more", DIM),
        "\n",
        "Too upset to talk? Stop for a while, breathe, and agree when to come back.",
    ),
    id="reset",
)


@dataclass(frozen=True)
class HelpWord:
    """The gentle word about a therapist, as an item of the list."""

    text: str


def tend_items(data: HomeData) -> list[tuple[OpenNote | Promise | HelpWord, Option]]:
    """The lines that come first: a word about support, notes to mend, promises to keep."""
    items: list[tuple[OpenNote | Promise | HelpWord, Option]] = []
    tend, names = data.tend, data.names
    if tend.help:
        text = Content.assemble(("A word about getting support", BOLD), "\n",
                                ("Patterns have persisted. Choose to read it.", DIM))  # fmt: skip
        items.append((HelpWord(tend.help), Option(text, id="tend-help")))
    for note in tend.notes:
        kind = data.kind_names.get(note.kind, note.kind)
        who = names.get(note.felt_by, "")
        when = ago(note.created_at) or "lately"
        text = Content.assemble(
            ("Mend: ", BOLD), (kind, BOLD), "\n", (f"{who} felt hurt, {when}", DIM)
        )
        items.append((note, Option(text, id=f"tend-note-{note.id}")))
    for promise in tend.promises:
        who = names.get(promise.who, "")
        text = Content.assemble((f"{who}'s promise: ", BOLD), promise.words, "\n",
                                (f"made {ago(promise.created_at) or 'lately'}", DIM))  # fmt: skip
        items.append((promise, Option(text, id=f"tend-promise-{promise.id}")))
    return items


def flow_option(entry: FlowEntry, index: int) -> Option:
    """One line of the flow list: title, length, summary; or what needs fixing."""
    if entry.flow is None:
        first = entry.file.first_error
        why = first.message if first else "cannot be read"
        origin = "your copy of " if entry.origin == "user" else ""
        text = Content.assemble((f"{origin}{entry.id}", BOLD), "\n", (f"needs fixing: {why}", DIM))
        return Option(text, id=f"flow-{index}")
    note = ""
    if entry.broken is not None:
        note = "\nyour latest changes have errors; using the last version that worked"
    text = Content.assemble(
        (entry.flow.title, BOLD),
        (f"  {entry.flow.minutes} min", DIM),
        "\n",
        entry.flow.summary,
        (note, ITALIC),
    )
    return Option(text, id=f"flow-{index}")


class Home(Screen[None]):
    """Choose a conversation; the reset key and a quick note are always at hand."""

    CSS_PATH = style("home.tcss")

    BINDINGS = [
        RESET_FIRST,
        Binding("c", "come_back", "Come back to it"),
        Binding("x", "let_rest", "Let it rest"),
        Binding("a", "add_to_calendar", "Add to calendar"),
        Binding("n", "app.note", "Note"),
        Binding("d", "app.draw_card", "Draw a card"),
        Binding("h", "app.history", "History"),
        Binding("p", "app.patterns", "Patterns"),
        Binding("s", "app.settings", "Settings"),
        Binding("e", "edit", "Edit flow"),
    ]

    data: reactive[HomeData | None] = reactive(None, always_update=True, init=False)
    pause: reactive[Pause | None] = reactive(None, always_update=True, init=False)

    def __init__(self) -> None:
        super().__init__()
        self.entries: tuple[FlowEntry, ...] = ()
        #: What each line of the list stands for, in order.
        self.items: list[OpenNote | Promise | HelpWord | str | FlowEntry] = []
        self._ticker: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="home"):
            with Vertical(id="flows-box"):
                yield Static("", id="pause-running", markup=False)
                yield Static("", id="reset-reminder", markup=False)
                yield Static("What would help right now?", classes="box-title")
                yield OptionList(id="flows")
            with Vertical(id="side"):
                yield Static("", id="side-text", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#flows", OptionList).focus()
        self.query_one("#pause-running").display = False
        self.query_one("#reset-reminder").display = False
        if self.data is not None:
            self._show(self.data)
        self._show_pause_line(self.pause)

    def watch_data(self, data: HomeData | None) -> None:
        if data is not None and self.is_mounted:
            self._show(data)

    def watch_pause(self, pause: Pause | None) -> None:
        if self.is_mounted:
            self._show_pause_line(pause)
            self.refresh_bindings()

    def _show(self, data: HomeData) -> None:
        flows = self.query_one("#flows", OptionList)
        highlighted = flows.highlighted
        self.entries = data.entries
        tended = tend_items(data)
        self.items = [item for item, _ in tended] + ["reset"] + list(data.entries)
        flows.set_options(
            [option for _, option in tended]
            + [RESET_OPTION, *(flow_option(e, i) for i, e in enumerate(data.entries))]
        )
        if flows.option_count:
            flows.highlighted = min(highlighted or 0, flows.option_count - 1)
        reminder = self.query_one("#reset-reminder", Static)
        reminder.display = data.paused_talk is not None
        if data.paused_talk is not None:
            talk = data.paused_talk
            about = f"a talk about {talk.topic}" if talk.topic else "a talk"
            when = ago(talk.started_at) or "earlier"
            reminder.update(
                f"You paused {about} {when}. Come back to it? "
                "(c: yes, x: let it rest, a: add to calendar)"
            )
        self.query_one("#side-text", Static).update(self._side_text(data))
        self.refresh_bindings()

    def _show_pause_line(self, pause: Pause | None) -> None:
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
        self.query_one("#pause-running").display = pause is not None
        if pause is not None:
            self._show_pause()
            self._ticker = self.set_interval(1.0, self._show_pause)

    def _show_pause(self) -> None:
        from coach.pause import words

        pause = self.pause
        if pause is None:
            return
        state = "on hold, " if pause.held else ""
        about = f" ({pause.state.topic})" if pause.state.topic else ""
        self.query_one("#pause-running", Static).update(
            f"A reset pause is running{about}: {state}{words(pause.shown())}. "
            "Press ctrl+r to go back to it, a to add the return to a calendar."
        )

    @staticmethod
    def _side_text(data: HomeData) -> str:
        who = f"{data.names['a']} & {data.names['b']}"
        when = ago(data.last_run_at)
        last = f"Your last conversation here was {when}." if when else "No conversations yet."
        return (
            f"{who}\n\n{last}\n\n"
            "Too heated to talk?\nPress ctrl+r for a reset pause.\n\n"
            "Noticed a small hurt?\nPress n to note it.\n\n"
            "Looking back?\nh: history  p: patterns"
        )

    def _entry_at(self, index: int | None) -> FlowEntry | None:
        """The flow at a place in the list (what to tend and the reset pause come first)."""
        if index is None or not 0 <= index < len(self.items):
            return None
        item = self.items[index]
        return item if isinstance(item, FlowEntry) else None

    def _highlighted(self) -> FlowEntry | None:
        return self._entry_at(self.query_one("#flows", OptionList).highlighted)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id == "reset":
            self.post_message(M.OpenPause())
            return
        item = self.items[event.option_index] if event.option_index < len(self.items) else None
        if isinstance(item, OpenNote | Promise | HelpWord):
            self.post_message(M.Tend(item))
            return
        entry = self._entry_at(event.option_index)
        if entry is None:
            return
        if entry.flow is None:
            self.post_message(M.EditFlow(entry.id, entry.path))  # broken: open it to fix it
        else:
            self.post_message(M.StartFlow(entry.id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("come_back", "let_rest"):
            return self.data is not None and self.data.paused_talk is not None
        if action == "add_to_calendar":
            talk = self.data.paused_talk if self.data is not None else None
            return talk is not None or self.pause is not None
        return True

    def action_come_back(self) -> None:
        if self.data is not None and self.data.paused_talk is not None:
            talk = self.data.paused_talk
            self.post_message(M.ComeBack(talk.id, talk.topic))

    def action_add_to_calendar(self) -> None:
        self.post_message(M.AddToCalendar(self.data.paused_talk if self.data else None))

    def action_let_rest(self) -> None:
        if self.data is not None and self.data.paused_talk is not None:
            self.post_message(M.LetRest(self.data.paused_talk.id))

    def action_edit(self) -> None:
        entry = self._highlighted()
        if entry is not None:
            self.post_message(M.EditFlow(entry.id, entry.path))
