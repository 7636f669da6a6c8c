"""Weekly charts: a plot when there is room and colour, compact text otherwise."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.color import Color
from textual.widgets import Static
from textual_plotext import PlotextPlot

from coach.tui.themes import THEMES
from coach.tui.widgets.charts import (
    MIN_HEIGHT,
    MIN_WIDTH,
    WeeklyBars,
    WeeklyLines,
    _WeeklyChart,
    thinned_ticks,
    weeks_of,
)

TEMPS = {
    "Sam": [("2026-W49", 6.3), ("2026-W50", 5.0), ("2026-W52", 3.0)],
    "Alex": [("2026-W51", 6.0), ("2026-W52", 7.5)],
}
HURTS = {"Noted": [("2026-W49", 1.0), ("2026-W50", 0.0), ("2026-W51", 4.0), ("2026-W52", 2.0)]}
HOSTILE = {
    "[/]": [("2026-W51", 4.0)],
    "[bold red]x[/]": [("2026-W52", 5.0)],
    "\x1b]0;pwned\x07\x1b[31m": [("2026-W52", 6.0)],
}


class ChartsApp(App[None]):
    def __init__(self, temps: dict[str, list[tuple[str, float]]] = TEMPS) -> None:
        super().__init__()
        self.temps = temps

    def compose(self) -> ComposeResult:
        yield WeeklyLines(self.temps, title="How stirred up", id="lines")
        yield WeeklyBars(HURTS, title="Hurts noted", id="bars")

    def on_mount(self) -> None:
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = "coach-calm"


def shows_plot(chart: _WeeklyChart) -> bool:
    plot, text = chart.query_one(PlotextPlot), chart.query_one(".chart--text", Static)
    assert plot.display != text.display
    return bool(plot.display)


def plot_text(chart: _WeeklyChart) -> str:
    rendered = chart.query_one(PlotextPlot).render()
    assert isinstance(rendered, Text)
    return rendered.plain


async def test_plots_when_there_is_room() -> None:
    app = ChartsApp()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        lines, bars = app.query_one(WeeklyLines), app.query_one(WeeklyBars)
        assert not lines.fallback_active and shows_plot(lines)
        assert not bars.fallback_active and shows_plot(bars)
        drawn = plot_text(lines)
        assert "Sam" in drawn and "Alex" in drawn and "21 Dec" in drawn
        assert "How stirred up" in drawn and "10" in drawn
        assert "Noted" in plot_text(bars)


async def test_small_size_shows_text() -> None:
    app = ChartsApp()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.resize_terminal(MIN_WIDTH - 10, 40)
        await pilot.pause()
        lines, bars = app.query_one(WeeklyLines), app.query_one(WeeklyBars)
        assert lines.fallback_active and not shows_plot(lines)
        assert lines.has_class("-text") and lines.size.height == 4  # title, 2 rows, the weeks
        text = lines.as_text().plain
        assert "Sam" in text and "3/10" in text and "7.5/10" in text
        assert "30 Nov – 21 Dec" in text
        assert any(c in text for c in "▁▂▃▄▅▆▇█")
        assert bars.fallback_active and "7 in all" in bars.as_text().plain
        assert "·" in bars.as_text().plain  # a week with none
        await pilot.resize_terminal(100, 40)
        await pilot.pause()
        assert shows_plot(lines)  # and back, once there is room again
        assert not lines.has_class("-text") and lines.size.height == 14


async def test_narrow_text_shows_the_latest_weeks_that_fit() -> None:
    app = ChartsApp()
    async with app.run_test(size=(20, 40)) as pilot:
        await pilot.pause()
        bars = app.query_one(WeeklyBars)
        text = bars.as_text().plain
        assert "21 Dec" in text and "30 Nov" not in text  # only the latest weeks fit
        assert "14 Dec – 21 Dec" in text and "6 in all" in text  # those weeks, not all seven


async def test_low_height_shows_text() -> None:
    app = ChartsApp()
    async with app.run_test(size=(100, 40)) as pilot:
        lines = app.query_one(WeeklyLines)
        await pilot.pause()
        assert lines.size.height == 14 and shows_plot(lines)  # its own default height
        lines.styles.height = 8  # squeezed by the screen that holds it
        await pilot.pause()
        assert lines.size.height < MIN_HEIGHT and not shows_plot(lines)


async def test_no_color_shows_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = ChartsApp()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert app.no_color
        assert not shows_plot(app.query_one(WeeklyLines))
        assert not shows_plot(app.query_one(WeeklyBars))


async def test_update_redraws() -> None:
    app = ChartsApp()
    async with app.run_test(size=(100, 40)) as pilot:
        lines = app.query_one(WeeklyLines)
        lines.update({"Robin": [("2026-W52", 9.0)]})
        await pilot.pause()
        assert "Robin" in plot_text(lines) and "Sam" not in plot_text(lines)
        lines.update({})
        await pilot.pause()
        assert not shows_plot(lines) and "No temperatures" in lines.as_text().plain
        lines.update(TEMPS)
        await pilot.pause()
        assert shows_plot(lines)


async def test_hostile_names_render_as_plain_text() -> None:
    app = ChartsApp(HOSTILE)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        lines = app.query_one(WeeklyLines)
        drawn = plot_text(lines)
        assert "[/]" in drawn and "[bold red]x[/]" in drawn and "\x1b" not in drawn
        await pilot.resize_terminal(40, 40)
        await pilot.pause()
        text = lines.as_text()
        assert "[/]" in text.plain and "[bold red]x…" in text.plain  # clipped, not parsed
        assert not any(ch in text.plain for ch in "\x1b\x07")
        app.export_screenshot()  # the whole screen renders


async def test_colours_follow_the_theme() -> None:
    app = ChartsApp()
    async with app.run_test(size=(100, 40)) as pilot:
        lines = app.query_one(WeeklyLines)
        assert lines.color_of(0) == Color.parse("#7FA7C9").rgb  # coach-calm's partner-a
        assert lines.color_of(1) == Color.parse("#C99BB5").rgb
        app.theme = "coach-high-contrast"
        await pilot.pause()
        assert lines.color_of(0) == Color.parse("#FFFF00").rgb
        assert shows_plot(lines)


async def test_several_bar_series() -> None:
    app = ChartsApp()
    async with app.run_test(size=(100, 40)) as pilot:
        bars = app.query_one(WeeklyBars)
        bars.update({"Sam": [("2026-W51", 2.0)], "Alex": [("2026-W51", 1.0), ("2026-W52", 3.0)]})
        await pilot.pause()
        drawn = plot_text(bars)
        assert "Sam" in drawn and "Alex" in drawn


def test_helpers() -> None:
    assert weeks_of(TEMPS) == ["2026-W49", "2026-W50", "2026-W51", "2026-W52"]
    assert thinned_ticks(0, 80) == [] and thinned_ticks(3, 80) == [0, 1, 2]
    ticks = thinned_ticks(53, 60)
    assert ticks[-1] == 52 and len(ticks) <= 60 // 7
