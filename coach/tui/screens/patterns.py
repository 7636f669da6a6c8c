"""Patterns over 30, 90 or 365 days, as gentle observations; computed off the UI thread."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from coach.flows.catalog import Catalog
from coach.history import HistoryError, HistoryStore
from coach.history import patterns as P
from coach.paths import style
from coach.tui.screens.keys import RESET_FIRST
from coach.tui.widgets.footer import KeyFooter


class PatternsScreen(Screen[None]):
    """What the notes show, worded as observations, never blame."""

    CSS_PATH = style("history.tcss")
    BINDINGS = [
        RESET_FIRST,
        Binding("escape", "app.pop_screen", "Back"),
        Binding("1", "window(30)", "30 days"),
        Binding("2", "window(90)", "90 days"),
        Binding("3", "window(365)", "A year"),
        Binding("h", "app.history", "History"),
    ]

    def __init__(
        self, catalog: Catalog, names: dict[str, str], thresholds: P.Thresholds, days: int = 30
    ) -> None:
        super().__init__()
        self.catalog = catalog
        self.names = names
        self.thresholds = thresholds
        self.days = days

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="patterns"):
            yield Static("", id="patterns-title", classes="box-title")
            yield Static("Looking at your notes…", id="observations", markup=False)
            yield Static("", id="temperatures", markup=False)
            yield Static("", id="help-suggestion", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = "Patterns"
        self.action_window(self.days)

    def action_window(self, days: int) -> None:
        self.days = days
        span = {30: "30 days", 90: "90 days", 365: "year"}[days]
        self.query_one("#patterns-title", Static).update(f"The last {span}")
        self.compute(days)

    @work(thread=True, exclusive=True)
    def compute(self, days: int) -> None:
        """Count in SQL on a worker thread, with its own connection."""
        try:
            with HistoryStore() as history:
                found = P.compute(history, days)
        except HistoryError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self.show, found)

    def show(self, p: P.Patterns) -> None:
        if p.days != self.days:
            return  # a newer window was asked for meanwhile
        lines = P.observations(p, self.names, self.catalog.name_of)
        self.query_one("#observations", Static).update("\n".join(f"• {x}" for x in lines))
        temps = []
        for who, weekly in sorted(p.weekly_temperature.items()):
            temps.append(
                f"{self.names[who]:<12} {P.sparkline(weekly)}  (latest week {weekly[-1]}/10)"
            )
        title = "How stirred up you felt, week by week (1 calm, 10 boiling over):\n"
        self.query_one("#temperatures", Static).update(title + "\n".join(temps) if temps else "")
        suggestion = P.suggest_help(p, self.thresholds, self.names)
        box = self.query_one("#help-suggestion", Static)
        box.update(suggestion or "")
        box.display = suggestion is not None
