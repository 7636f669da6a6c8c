"""Pilot: the patterns screen's week-by-week charts, as plots and as compact text."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Static
from textual_plotext import PlotextPlot

from coach.history import HistoryStore
from coach.history import patterns as P
from coach.tui.app import CoachApp
from coach.tui.screens.patterns import HurtsChart, PatternsScreen, chart_series
from coach.tui.widgets.charts import WeeklyLines, _WeeklyChart
from tests.core.test_patterns import TODAY
from tests.fakes import seed, seed_weeks
from tests.pilot import couple

NAMES = {"a": "Sam", "b": "Alex"}


def test_chart_series_names_each_partner_and_counts_every_week() -> None:
    p = P.Patterns(30)
    p.temperature_weekly = {"b": [("2026-W51", 4.0)], "a": [("2026-W52", 6.5)], "x": []}
    p.hurts_weekly = [("2026-W51", 0), ("2026-W52", 2)]
    temps, hurts = chart_series(p, NAMES)
    assert list(temps) == ["Sam", "Alex"]  # partner A first, so each keeps their colour
    assert temps["Alex"] == [("2026-W51", 4.0)]
    assert hurts == {"Hurts noted": [("2026-W51", 0.0), ("2026-W52", 2.0)]}
    p.hurts_weekly = [("2026-W51", 0), ("2026-W52", 0)]
    assert chart_series(p, NAMES)[1] == {}  # no hurts at all: a sentence, not a flat chart


def test_chart_series_keeps_twin_names_apart() -> None:
    p = P.Patterns(30)
    p.temperature_weekly = {"a": [("2026-W52", 3.0)], "b": [("2026-W52", 8.0)]}
    p.temperature_weekly["c"] = [("2026-W52", 5.0)]  # an id from an old import
    temps, _ = chart_series(p, {"a": "Robin", "b": "Robin"})
    assert temps == {
        "Robin": [("2026-W52", 3.0)], "Robin (2)": [("2026-W52", 8.0)], "c": [("2026-W52", 5.0)],
    }  # fmt: skip


async def open_patterns(app: CoachApp, pilot: Pilot, window: str = "2") -> PatternsScreen:
    """Open the patterns screen on a window (1: 30 days, 2: 90, 3: a year) and wait for it."""
    await pilot.press("p")
    await pilot.pause()
    await pilot.press(window)
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()
    assert isinstance(app.screen, PatternsScreen)
    return app.screen


def plot_of(chart: _WeeklyChart) -> str:
    plot = chart.query_one(PlotextPlot)
    assert plot.display and not chart.fallback_active
    return str(plot.render())


@pytest.fixture
def weeks(monkeypatch: pytest.MonkeyPatch) -> CoachApp:
    monkeypatch.setattr(P, "now_local", lambda: TODAY)
    with HistoryStore() as history:
        seed(history)
        seed_weeks(history)
    return CoachApp(couple())


async def test_charts_below_the_observations(weeks: CoachApp) -> None:
    async with weeks.run_test(size=(80, 24)) as pilot:
        screen = await open_patterns(weeks, pilot)
        lines, bars = screen.query_one(WeeklyLines), screen.query_one(HurtsChart)
        drawn = plot_of(lines)
        assert "Sam" in drawn and "Alex" in drawn and "14 Dec" in drawn
        assert "Hurts noted" in plot_of(bars) and "9 Nov" in plot_of(bars)
        headings = [str(s.render()) for s in screen.query(".chart-heading").results(Static)]
        assert headings[0].startswith("How stirred up") and "hurts" in headings[1]
        assert not screen.query_one("#no-temperatures").display
        observations = screen.query_one("#observations")
        assert lines.region.y > observations.region.bottom  # below the words
        scroll = screen.query_one("#patterns")
        assert scroll.max_scroll_y > 0  # the charts are reached by scrolling


async def test_text_charts_on_a_small_terminal(weeks: CoachApp) -> None:
    async with weeks.run_test(size=(40, 12)) as pilot:
        screen = await open_patterns(weeks, pilot)
        lines, bars = screen.query_one(WeeklyLines), screen.query_one(HurtsChart)
        assert lines.fallback_active and bars.fallback_active
        assert not lines.query_one(PlotextPlot).display
        assert lines.size.height == 3  # a row per partner and the weeks: no empty plot room
        text = lines.as_text().plain
        assert "Sam" in text and "3/10" in text and "2/10" in text
        assert "16 in all" in bars.as_text().plain
        scroll = screen.query_one("#patterns")
        scroll.scroll_end(animate=False)
        await pilot.pause()
        assert scroll.scroll_y > 0 and bars.region.bottom <= scroll.region.bottom


async def test_no_history_says_so_instead_of_empty_charts(monkeypatch) -> None:
    monkeypatch.setattr(P, "now_local", lambda: TODAY)
    app = CoachApp(couple())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_patterns(app, pilot, window="1")
        lines, bars = screen.query_one(WeeklyLines), screen.query_one(HurtsChart)
        assert not lines.display and not bars.display
        assert "No temperature readings" in str(screen.query_one("#no-temperatures").render())
        assert "No small hurts" in str(screen.query_one("#no-hurts").render())
        with HistoryStore() as history:
            seed_weeks(history)
        await pilot.press("2")  # the charts appear once there is something to draw
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert "Sam" in plot_of(lines) and "Hurts noted" in plot_of(bars)
        assert not screen.query_one("#no-temperatures").display
