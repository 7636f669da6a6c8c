"""A calm countdown: big digits, time left in words, progress, a breathing pacer.

It redraws only when something on it changes (the shown second, the breathing phase),
so a long pause costs almost no CPU; the time shown always comes from the deadline.
"""

from __future__ import annotations

import math
import time

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Digits, ProgressBar, Static

from coach.countdown import Clock, Countdown, clock_face, words
from coach.flows.model import Breathe
from coach.resets import suggestion


def breath_phase(elapsed: float, pace: Breathe) -> tuple[str, int, float]:
    """The phase ('Breathe in', 'Hold', 'Breathe out'), its seconds left, and the time
    until that count changes."""
    cycle = pace.inhale + pace.hold + pace.exhale
    t = elapsed % cycle
    if t < pace.inhale:
        name, end = "Breathe in", pace.inhale
    elif t < pace.inhale + pace.hold:
        name, end = "Hold", pace.inhale + pace.hold
    else:
        name, end = "Breathe out", cycle
    left = end - t
    return name, math.ceil(left), left - math.floor(left) or 1.0


class PauseView(Vertical):
    """Shows a countdown; posts ``Finished`` once when the time is up."""

    class Finished(Message):
        pass

    def __init__(
        self,
        countdown: Countdown,
        breathe: Breathe | None = None,
        *,
        soothe: bool = False,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.countdown = countdown
        self.breathe = breathe
        self.soothe = soothe
        self._finished = False
        self._timer: Timer | None = None
        self._shown: dict[str, str] = {}

    @classmethod
    def of(
        cls, seconds: float, breathe: Breathe | None = None, clock: Clock = time.monotonic
    ) -> PauseView:
        return cls(Countdown.start(seconds, clock), breathe)

    def compose(self) -> ComposeResult:
        yield Digits(clock_face(self.countdown.shown()), id="pause-digits")
        yield Static(words(self.countdown.shown()), id="pause-words")
        yield ProgressBar(total=100, show_eta=False, show_percentage=False, id="pause-bar")
        yield Static("", id="pause-breath")
        if self.soothe:
            yield Static("", id="pause-soothe")

    def on_mount(self) -> None:
        self.tick()

    def _set(self, selector: str, text: str) -> None:
        """Update a line only if its text changed (each redraw costs CPU)."""
        if self._shown.get(selector) != text:
            self._shown[selector] = text
            self.query_one(selector, Digits | Static).update(text)

    def tick(self) -> None:
        """Redraw what changed, then sleep until the next visible change."""
        shown = self.countdown.shown()
        self._set("#pause-digits", clock_face(shown))
        paused = " (paused)" if self.countdown.paused else ""
        self._set("#pause-words", words(shown) + paused)
        progress = round(100 * self.countdown.fraction_done(), 1)
        if self._shown.get("bar") != str(progress):
            self._shown["bar"] = str(progress)
            self.query_one("#pause-bar", ProgressBar).update(progress=progress)
        self.set_class(0 < shown <= 60, "last-minute")
        self.set_class(self.countdown.paused, "paused")
        wait = self.countdown.until_next_second()
        # Breathing follows the countdown's own time, so both change in the same redraw.
        elapsed = self.countdown.total - self.countdown.left()
        if self.breathe and not self.countdown.done:
            phase, count, change = breath_phase(elapsed, self.breathe)
            self._set("#pause-breath", f"{phase} … {count}")
            wait = min(wait, change)
        if self.soothe:
            self._set("#pause-soothe", suggestion(elapsed))
        if self.countdown.done:
            self._set("#pause-breath", "")
            if not self._finished:
                self._finished = True
                self.post_message(self.Finished())
            return
        if self.countdown.paused:
            wait = 1.0 if not self.breathe else wait
        self._schedule(wait)

    def _schedule(self, wait: float) -> None:
        if self._timer is not None:
            self._timer.stop()
        # A hair late, never early: the shown second must already have changed.
        self._timer = self.set_timer(wait + 0.004, self.tick)

    def toggle_pause(self) -> None:
        if self.countdown.paused:
            self.countdown.resume()
        else:
            self.countdown.pause()
        self.tick()

    def extend(self, seconds: float) -> None:
        self.countdown.extend(seconds)
        self._finished = False
        self.tick()
