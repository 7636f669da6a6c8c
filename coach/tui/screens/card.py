"""Draw a card: one open question to talk about, from the question decks.

The dialog is given the ``CardDrawer`` (data down) and only asks it for cards; what was
drawn and kept is remembered in the history by the drawer."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from coach.cards import CardDrawer, matching
from coach.flows.deck import Card
from coach.paths import style
from coach.tui.screens.keys import RESET_FIRST
from coach.tui.text import plain
from coach.tui.widgets.footer import KeyFooter

DEPTH_CYCLE: tuple[str | None, ...] = (None, "light", "deeper")
DEPTH_WORDS = {None: "any depth", "light": "light ones", "deeper": "deeper ones"}
#: Below this many rows the buttons lose their borders, so the question keeps its room.
COMPACT_BELOW = 18


class CardDialog(ModalScreen[None]):
    """One question at a time; another, a depth, a theme, keep it, close."""

    CSS_PATH = style("card.tcss")
    #: The app's breakpoints, and one more: below 14 rows the box loses its border too.
    VERTICAL_BREAKPOINTS = [(0, "-tiny"), (14, "-short"), (COMPACT_BELOW, "-tall")]

    BINDINGS = [
        RESET_FIRST,
        Binding("f1", "app.help", "Help"),
        Binding("enter", "another", "Another card", show=False),
        Binding("n", "another", "Another"),
        Binding("d", "depth", "Depth"),
        Binding("t", "theme", "Theme"),
        Binding("k", "keep", "Keep"),
        Binding("escape", "dismiss(None)", "Close"),
        Binding("s", "skip", "Skip"),
    ]

    def __init__(self, drawer: CardDrawer) -> None:
        super().__init__()
        self.drawer = drawer
        self.card: Card | None = None
        self.depth_filter: str | None = None
        self.theme_filter: str | None = None
        self.kept_note = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="card-box"):
            yield Static("", id="card-where", markup=False)
            with VerticalScroll(id="card-scroll"):
                yield Static("", id="card-text", markup=False)
            yield Static("", id="card-status", markup=False)
            with Horizontal(id="card-buttons"):
                yield Button("Another card", id="another", variant="primary")
                yield Button("Keep", id="keep")
                yield Button("Close", id="close")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#another", Button).focus()
        self._new_card()

    def on_resize(self, event: events.Resize) -> None:
        for button in self.query(Button):
            button.compact = event.size.height < COMPACT_BELOW

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "another":
            self.action_another()
        elif event.button.id == "keep":
            self.action_keep()
        else:
            self.dismiss(None)

    # -- actions ---------------------------------------------------------------------------

    def action_another(self) -> None:
        self._new_card()

    def action_skip(self) -> None:
        if self.card is None:
            self._new_card()
            return
        self._show(self.drawer.skip(self.card))

    def action_depth(self) -> None:
        self.depth_filter = DEPTH_CYCLE[
            (DEPTH_CYCLE.index(self.depth_filter) + 1) % len(DEPTH_CYCLE)
        ]
        self._filter_changed()

    def action_theme(self) -> None:
        cycle: list[str | None] = [None, *self.drawer.themes()]
        at = cycle.index(self.theme_filter) if self.theme_filter in cycle else 0
        self.theme_filter = cycle[(at + 1) % len(cycle)]
        self._filter_changed()

    def action_keep(self) -> None:
        if self.card is None:
            return
        self.drawer.keep(self.card)  # kept once, however often k is pressed
        self.kept_note = "Kept"
        self._show_status()

    # -- showing ---------------------------------------------------------------------------

    def _new_card(self) -> None:
        self._show(self.drawer.draw(self.theme_filter, self.depth_filter))

    def _filter_changed(self) -> None:
        """A new depth or theme: the card stays if it fits, else another is drawn."""
        card = self.card
        if card is not None and matching([card], self.theme_filter, self.depth_filter):
            self._show_status()
        else:
            self._new_card()

    def _show(self, card: Card | None) -> None:
        self.card = card
        self.kept_note = ""
        where = self.query_one("#card-where", Static)
        text = self.query_one("#card-text", Static)
        if card is None:
            where.update("")
            text.update(
                "No card fits that choice. Press d for another depth or t for another theme."
                if self.drawer.cards
                else "There are no question decks to draw from."
            )
        else:
            depth = "a deeper question" if card.depth == "deeper" else "a light question"
            where.update(plain(f"{self.drawer.theme_name(card.theme)} · {depth}"))
            text.update(plain(card.text))
            if self.drawer.is_kept(card):
                self.kept_note = "Kept"
        self.query_one("#card-scroll", VerticalScroll).scroll_home(animate=False)
        self._show_status()

    def _show_status(self) -> None:
        theme = (
            "any theme" if self.theme_filter is None else self.drawer.theme_name(self.theme_filter)
        )
        parts = [DEPTH_WORDS[self.depth_filter], theme]
        if self.kept_note:
            parts.insert(0, self.kept_note)
        self.query_one("#card-status", Static).update(plain(" · ".join(parts)))
