"""Week-by-week charts for the patterns screen: textual-plotext plots, with a text fallback.

``WeeklyLines`` draws each partner's weekly temperature (1 calm … 10 boiling over);
``WeeklyBars`` draws how many hurts were noted each week. Both take plain data, a
mapping from a series name (a partner's name) to ``(week, value)`` pairs, where weeks
are keys that sort in time order (``coach.history.patterns.iso_week``) and are shown
through ``label`` (by default ``week_label``: "21 Dec").

Below ``MIN_WIDTH`` x ``MIN_HEIGHT`` cells, or when the app has no colour (``NO_COLOR``),
a compact text rendering is shown instead: one row of ``▁▂▃▄▅▆▇█`` per series. When
that is for want of width or colour (not height), the chart takes the class ``-text``
and only the height its text needs. Names are untrusted text: they are cleaned and
never read as markup.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, cast

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.color import Color
from textual.events import Resize
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static
from textual_plotext import PlotextPlot
from textual_plotext.plot import Plot

from coach.history.patterns import sparkline, week_label
from coach.plain import clip, shorten

Series = Mapping[str, Sequence[tuple[str, float]]]
Data = dict[str, list[tuple[str, float]]]
RGB = tuple[int, int, int]

MIN_WIDTH = 50
MIN_HEIGHT = 10
NAME_WIDTH = 12
BARS = "▁▂▃▄▅▆▇█"


def _copy(data: Series) -> Data:
    return {shorten(name, 40) or "?": [(str(k), float(v)) for k, v in rows]
            for name, rows in data.items()}  # fmt: skip


def weeks_of(data: Series) -> list[str]:
    """Every week in any series, in order."""
    return sorted({key for rows in data.values() for key, _ in rows})


def thinned_ticks(count: int, width: int, label_width: int = 7) -> list[int]:
    """Which of ``count`` x positions get a label so that labels do not run together."""
    if count <= 0:
        return []
    room = max(1, (width - 8) // label_width)
    step = max(1, -(-count // room))
    ticks = list(range(count - 1, -1, -step))  # always label the latest week
    return sorted(ticks)


class _WeeklyChart(Widget):
    """A plot that falls back to text when small or colourless."""

    DEFAULT_CSS = """
    _WeeklyChart {
        height: 14;  /* fixed, so it also sits well in a VerticalScroll */
        min-height: 3;
        width: 1fr;
    }
    _WeeklyChart > PlotextPlot {
        height: 1fr;
        width: 1fr;
    }
    _WeeklyChart > .chart--text {
        height: auto;
        width: 1fr;
        padding: 0 1;
    }
    _WeeklyChart.-text {
        height: auto;  /* text for want of width or colour: no room kept for a plot */
    }
    """

    #: Theme variables giving each series its colour, in order; then primary, secondary…
    COLOR_VARIABLES: ClassVar[tuple[str, ...]] = ("partner-a", "partner-b")
    EMPTY = "Nothing to show for these weeks yet."

    data: reactive[Data] = reactive(dict, init=False, always_update=True)

    def __init__(
        self,
        data: Series | None = None,
        *,
        title: str = "",
        label: Callable[[str], str] = week_label,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.chart_title = shorten(title, 80)
        self.week_name = label
        self.set_reactive(_WeeklyChart.data, _copy(data or {}))

    def compose(self) -> ComposeResult:
        yield PlotextPlot()
        yield Static("", classes="chart--text", markup=False)

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.redraw())
        self.redraw()

    def on_resize(self, event: Resize) -> None:
        self.redraw()

    def update(self, data: Series) -> None:
        """Show new data (redraws)."""
        self.data = _copy(data)

    def watch_data(self) -> None:
        self.redraw()

    @property
    def compact(self) -> bool:
        """True when text is due whatever the height: too narrow, no colour, or no data."""
        narrow = self.size.width < MIN_WIDTH
        return narrow or bool(getattr(self.app, "no_color", False)) or not weeks_of(self.data)

    @property
    def fallback_active(self) -> bool:
        """True when the text rendering is shown instead of the plot."""
        return self.compact or self.size.height < MIN_HEIGHT

    def redraw(self) -> None:
        """Draw the data as a plot or as text, whichever fits now."""
        if not self.is_mounted:
            return
        plot = self.query_one(PlotextPlot)
        text = self.query_one(".chart--text", Static)
        as_text = self.fallback_active
        plot.display, text.display = not as_text, as_text
        # Only width, colour and data decide the height, so a short text never stays stuck.
        self.set_class(self.compact, "-text")
        if as_text:
            text.update(self.as_text())
        else:
            plt = plot.plt
            plt.clear_figure()
            self.draw(plt, weeks_of(self.data), plot.size.width or self.size.width)
            plot.refresh()

    def palette(self) -> list[RGB]:
        """One colour per series, from the app's theme."""
        variables = self.app.theme_variables
        names = (*self.COLOR_VARIABLES, "primary", "secondary", "accent", "warning", "success")
        out = []
        for name in names:
            try:
                out.append(Color.parse(variables.get(name, "")).rgb)
            except Exception:
                continue
        return out or [(127, 167, 201)]

    def color_of(self, index: int) -> RGB:
        palette = self.palette()
        return palette[index % len(palette)]

    def draw(self, plt: Plot, weeks: list[str], width: int) -> None:
        raise NotImplementedError

    def as_text(self) -> Text:
        raise NotImplementedError

    # -- text helpers ------------------------------------------------------------------

    def _text_rows(self, rows: list[tuple[str, str, str]], weeks: list[str]) -> Text:
        """``(name, spark, note)`` rows under the title, with the span of ``weeks`` below."""
        out = Text(no_wrap=True, overflow="ellipsis")
        if self.chart_title:
            out.append(self.chart_title + "\n", style="bold")
        if not rows or not weeks:
            out.append(self.EMPTY, style="italic")
            return out
        name_width = self._name_width()
        for i, (name, spark, note) in enumerate(rows):
            color = Color(*self.color_of(i)).hex
            out.append(f"{clip(name, name_width):<{name_width}} ", style=Style(color=color))
            out.append(spark)
            out.append(f"  {note}\n")
        first, last = weeks[0], weeks[-1]
        say = self.week_name
        span = say(first) if first == last else f"{say(first)} – {say(last)}"
        out.append(" " * (name_width + 1) + span, style="dim")
        return out

    def _name_width(self) -> int:
        return min(NAME_WIDTH, max((len(name) for name in self.data), default=0))

    def _shown_weeks(self, note_width: int) -> list[str]:
        """The latest weeks that fit on one text row beside the names and a note."""
        weeks = weeks_of(self.data)
        width = (self.size.width or MIN_WIDTH) - 2  # the text's padding
        room = width - self._name_width() - 1 - 2 - note_width
        return weeks[-max(1, min(len(weeks), room)) :] if weeks else []


class WeeklyLines(_WeeklyChart):
    """Each partner's average temperature per week: one line each, 1 to 10."""

    DEFAULT_CSS = """
    WeeklyLines { height: 14; }
    """
    EMPTY = "No temperatures noted in these weeks yet."

    def draw(self, plt: Plot, weeks: list[str], width: int) -> None:
        index = {week: i for i, week in enumerate(weeks)}
        for i, (name, rows) in enumerate(self.data.items()):
            points = sorted((index[k], v) for k, v in rows)
            plt.plot(
                [x for x, _ in points],
                [y for _, y in points],
                label=name,
                color=self.color_of(i),
                marker="braille",
            )
        ticks = thinned_ticks(len(weeks), width)
        plt.xticks([float(t) for t in ticks], [self.week_name(weeks[t]) for t in ticks])
        plt.xlim(-0.5, max(0.5, len(weeks) - 0.5))
        plt.ylim(1, 10)
        cast(Any, plt).yticks([1, 4, 7, 10], ["1", "4", "7", "10"])  # stub lacks labels
        if self.chart_title:
            plt.title(self.chart_title)

    def as_text(self) -> Text:
        weeks = self._shown_weeks(note_width=len("10/10"))
        rows = []
        for name, series in self.data.items():
            values = dict(series)
            spark = "".join(sparkline([values[w]]) if w in values else " " for w in weeks)
            latest = series[-1][1] if series else None
            rows.append((name, spark, f"{latest:g}/10" if latest is not None else ""))
        return self._text_rows(rows, weeks)


class WeeklyBars(_WeeklyChart):
    """How many hurts were noted each week: bars (grouped when there are several series)."""

    DEFAULT_CSS = """
    WeeklyBars { height: 12; }
    """
    EMPTY = "No hurts noted in these weeks."

    def draw(self, plt: Plot, weeks: list[str], width: int) -> None:
        index = {week: i for i, week in enumerate(weeks)}
        columns = []
        for rows in self.data.values():
            values = [0.0] * len(weeks)
            for key, value in rows:
                values[index[key]] = value
            columns.append(values)
        positions = list(range(len(weeks)))
        names = list(self.data)
        if len(columns) == 1:  # weeks with none get no bar (plotext draws a sliver at 0)
            shown = [(x, v) for x, v in zip(positions, columns[0], strict=True) if v > 0]
            plt.bar(
                [x for x, _ in shown] or [0],
                [v for _, v in shown] or [0.0],
                color=self.color_of(0),
                label=names[0],
                width=_bar_width(width, len(weeks)),
            )
        else:  # textual-plotext's stub names this `label` and one colour; plotext takes lists
            cast(Any, plt).multiple_bar(
                positions, columns, labels=names,
                color=[self.color_of(i) for i in range(len(columns))],
            )  # fmt: skip
        ticks = thinned_ticks(len(weeks), width)
        plt.xticks([float(t) for t in ticks], [self.week_name(weeks[t]) for t in ticks])
        plt.xlim(-0.7, max(0.7, len(weeks) - 0.3))
        top = max((max(c) for c in columns if c), default=0.0)
        step = max(1, math.ceil(top / 3))  # at most four whole-number ticks, evenly apart
        ceiling = max(1, math.ceil(top / step) * step)
        whole = list(range(0, ceiling + 1, step))
        cast(Any, plt).yticks(whole, [str(n) for n in whole])
        plt.ylim(0, ceiling)
        if self.chart_title:
            plt.title(self.chart_title)

    def as_text(self) -> Text:
        """Bars for the weeks that fit; each total counts those weeks (the span below)."""
        most = max((sum(v for _, v in rows) for rows in self.data.values()), default=0.0)
        weeks = self._shown_weeks(note_width=len(f"{most:g} in all"))
        top = max((v for rows in self.data.values() for k, v in rows if k in weeks), default=0.0)
        rows = []
        for name, series in self.data.items():
            values = dict(series)
            spark = "".join(_bar(values.get(w, 0.0), top) for w in weeks)
            total = sum(values.get(w, 0.0) for w in weeks)
            rows.append((name, spark, f"{total:g} in all"))
        return self._text_rows(rows, weeks)


def _bar_width(columns: int, bars: int) -> float:
    """A bar width (share of a week's room) that keeps narrow bars apart on the cell grid."""
    room = columns / max(1, bars)
    return 0.5 if room >= 10 else 0.3 if room >= 5 else 0.2


def _bar(value: float, top: float) -> str:
    """One cell of a text bar chart: ``·`` for none, then ``▁`` … ``█`` up to ``top``."""
    if value <= 0 or top <= 0:
        return "·"
    return BARS[min(7, max(0, round(value / top * 7)))]
