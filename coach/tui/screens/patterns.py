"""Patterns over 30, 90 or 365 days, as gentle observations and week-by-week charts.

The numbers are computed off the UI thread."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from coach.flows.catalog import Catalog
from coach.history import HistoryError, HistoryStore
from coach.history import patterns as P
from coach.paths import style
from coach.plain import shorten
from coach.tui.screens.keys import RESET_FIRST
from coach.tui.widgets.charts import WeeklyBars, WeeklyLines
from coach.tui.widgets.footer import KeyFooter

Weekly = dict[str, list[tuple[str, float]]]

TEMPERATURE_HEADING = "How stirred up each of you felt, week by week (1 calm, 10 boiling over)"
HURTS_HEADING = "Small hurts noted, week by week"
NO_TEMPERATURES = "No temperature readings in these weeks yet."
NO_HURTS = "No small hurts noted in these weeks."
HURTS_SERIES = "Hurts noted"


class HurtsChart(WeeklyBars):
    """Hurts noted per week, in a colour that belongs to neither partner."""

    COLOR_VARIABLES: ClassVar[tuple[str, ...]] = ("accent",)


def chart_labels(names: Mapping[str, str], ids: list[str]) -> dict[str, str]:
    """A distinct, short legend label for each partner id (twin names get a number)."""
    labels: dict[str, str] = {}
    for who in ids:
        base = shorten(names.get(who) or who or "someone", 24) or "someone"
        label, n = base, 2
        while label in labels.values():
            label, n = f"{base} ({n})", n + 1
        labels[who] = label
    return labels


def chart_series(p: P.Patterns, names: Mapping[str, str]) -> tuple[Weekly, Weekly]:
    """What the two charts show: temperatures by partner's name, and hurts per week.

    Either is empty when there is nothing to draw (no readings; no hurts at all)."""
    ids = [w for w in names if w in p.temperature_weekly]
    ids += [w for w in p.temperature_weekly if w not in names]  # from an old import
    labels = chart_labels(names, ids)
    temps = {labels[w]: list(p.temperature_weekly[w]) for w in ids if p.temperature_weekly[w]}
    noted = [(week, float(n)) for week, n in p.hurts_weekly]
    hurts = {HURTS_SERIES: noted} if any(n for _, n in noted) else {}
    return temps, hurts


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
            yield Static("", id="help-suggestion", markup=False)
            with Vertical(id="charts"):
                yield Static(TEMPERATURE_HEADING, classes="chart-heading", markup=False)
                yield WeeklyLines(id="temperature-chart")
                yield Static(NO_TEMPERATURES, id="no-temperatures", classes="chart-none")
                yield Static(HURTS_HEADING, classes="chart-heading", markup=False)
                yield HurtsChart(id="hurts-chart")
                yield Static(NO_HURTS, id="no-hurts", classes="chart-none")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = "Patterns"
        self.query_one("#charts").display = False  # until the first numbers are in
        self.query_one("#help-suggestion").display = False
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
        suggestion = P.suggest_help(p, self.thresholds, self.names)
        box = self.query_one("#help-suggestion", Static)
        box.update(suggestion or "")
        box.display = suggestion is not None
        temps, hurts = chart_series(p, self.names)
        for chart, none, data in (
            (self.query_one("#temperature-chart", WeeklyLines), "#no-temperatures", temps),
            (self.query_one("#hurts-chart", HurtsChart), "#no-hurts", hurts),
        ):
            chart.display = bool(data)
            self.query_one(none).display = not data
            chart.update(data)
        self.query_one("#charts").display = True
