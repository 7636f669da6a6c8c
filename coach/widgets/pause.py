"""A calm countdown: big digits, time left in words, progress, and a breathing pacer."""

from __future__ import annotations

import time

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Digits, ProgressBar, Static

from coach.countdown import Clock, Countdown, clock_face, words
from coach.flows.model import Breathe


def breath_phase(elapsed: float, pace: Breathe) -> tuple[str, int]:
    """'Breathe in' / 'Hold' / 'Breathe out' and the seconds left in that phase."""
    cycle = pace.inhale + pace.hold + pace.exhale
    t = elapsed % cycle
    if t < pace.inhale:
        return "Breathe in", int(pace.inhale - t) + 1
    if t < pace.inhale + pace.hold:
        return "Hold", int(pace.inhale + pace.hold - t) + 1
    return "Breathe out", int(cycle - t) + 1


class PauseView(Vertical):
    """Shows a countdown; posts ``Finished`` once when the time is up."""

    class Finished(Message):
        pass

    def __init__(
        self,
        seconds: float,
        breathe: Breathe | None = None,
        clock: Clock = time.monotonic,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.countdown = Countdown.start(seconds, clock)
        self.breathe = breathe
        self.clock = clock
        self.started = clock()
        self._finished = False

    def compose(self) -> ComposeResult:
        yield Digits(clock_face(self.countdown.shown()), id="pause-digits")
        yield Static(words(self.countdown.shown()), id="pause-words")
        yield ProgressBar(total=100, show_eta=False, show_percentage=False, id="pause-bar")
        yield Static("", id="pause-breath")

    def on_mount(self) -> None:
        self.refresh_view()
        self.set_interval(0.25, self.refresh_view)

    def refresh_view(self) -> None:
        shown = self.countdown.shown()
        self.query_one("#pause-digits", Digits).update(clock_face(shown))
        self.query_one("#pause-words", Static).update(words(shown))
        self.query_one("#pause-bar", ProgressBar).update(
            progress=100 * self.countdown.fraction_done()
        )
        self.set_class(shown <= 60, "last-minute")
        if self.breathe:
            phase, left = breath_phase(self.clock() - self.started, self.breathe)
            self.query_one("#pause-breath", Static).update(f"{phase} … {left}")
        if self.countdown.done and not self._finished:
            self._finished = True
            self.post_message(self.Finished())
