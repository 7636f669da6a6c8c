"""A calm countdown: big digits, time left in words, progress, a breathing pacer.

It redraws only when something on it changes (the shown second, the breathing phase),
so a long pause costs almost no CPU; the time shown always comes from the pause's deadline.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Digits, ProgressBar, Static

from coach.flows.model import Breathe
from coach.pause import Pause, clock_face, words
from coach.pause.breathing import breath_phase, suggestion


class CountdownView(Vertical):
    """Shows a pause; posts ``Done`` once when its time is up."""

    DEFAULT_CSS = """
    CountdownView { height: auto; align: center top; }
    CountdownView #pause-digits { width: 100%; text-align: center; color: $primary; }
    CountdownView #pause-words, CountdownView #pause-breath, CountdownView #pause-soothe {
        width: 100%; text-align: center;
    }
    CountdownView #pause-words { text-style: bold; }
    CountdownView #pause-breath { color: $secondary; margin-top: 1; }
    CountdownView #pause-soothe { color: $text-muted; }
    CountdownView #pause-bar { width: 100%; align-horizontal: center; }
    CountdownView.last-minute #pause-digits, CountdownView.last-minute #pause-words {
        color: $accent;
    }
    CountdownView.last-minute #pause-bar Bar > .bar--bar { color: $accent; }
    CountdownView.held #pause-digits { color: $text-muted; }
    Screen.-narrow CountdownView #pause-digits { display: none; }
    Screen.-short CountdownView #pause-digits { display: none; }
    Screen.-short CountdownView #pause-breath { margin-top: 0; }
    """

    class Done(Message):
        """The countdown reached zero."""

    def __init__(
        self, pause: Pause, breathe: Breathe | None = None, *, soothe: bool = False,
        id: str | None = None,
    ) -> None:  # fmt: skip
        super().__init__(id=id)
        self.pause = pause
        self.breathe = breathe
        self.soothe = soothe
        self._done = False
        self._timer: Timer | None = None
        self._shown: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Digits(clock_face(self.pause.shown()), id="pause-digits")
        yield Static(words(self.pause.shown()), id="pause-words")
        yield ProgressBar(total=100, show_eta=False, show_percentage=False, id="pause-bar")
        yield Static("", id="pause-breath")
        if self.soothe:
            yield Static("", id="pause-soothe")

    def on_mount(self) -> None:
        self.tick()

    def on_unmount(self) -> None:
        if self._timer is not None:
            self._timer.stop()

    def _set(self, selector: str, text: str) -> None:
        """Update a line only if its text changed (each redraw costs CPU)."""
        if self._shown.get(selector) != text:
            self._shown[selector] = text
            widget = self.query_one(selector)
            if isinstance(widget, Digits | Static):
                widget.update(text)

    def tick(self) -> None:
        """Redraw what changed, then sleep until the next visible change."""
        pause = self.pause
        shown = pause.shown()
        self._set("#pause-digits", clock_face(shown))
        self._set("#pause-words", words(shown) + (" (on hold)" if pause.held else ""))
        progress = round(100 * pause.countdown.fraction_done(), 1) if not pause.ended else 100.0
        if self._shown.get("bar") != str(progress):
            self._shown["bar"] = str(progress)
            self.query_one("#pause-bar", ProgressBar).update(progress=progress)
        self.set_class(0 < shown <= 60, "last-minute")
        self.set_class(pause.held, "held")
        wait = pause.countdown.until_next_second()
        elapsed = pause.elapsed()  # breathing follows the pause's own time: one redraw for both
        if self.breathe and not pause.done:
            phase, count, change = breath_phase(elapsed, self.breathe)
            self._set("#pause-breath", f"{phase} … {count}")
            wait = min(wait, change)
        if self.soothe:
            self._set("#pause-soothe", suggestion(elapsed))
        if pause.done:
            self._set("#pause-breath", "")
            if not self._done:
                self._done = True
                self.post_message(self.Done())
            return
        self._done = False
        if not pause.held:  # on hold nothing moves: the next redraw comes with the resume
            self._schedule(wait)

    def _schedule(self, wait: float) -> None:
        if self._timer is not None:
            self._timer.stop()
        # A hair late, never early: the shown second must already have changed.
        self._timer = self.set_timer(wait + 0.004, self.tick)
