"""A countdown that is a deadline, not a counter: time left = deadline - clock().

Pure: the clock is injected, so tests run a 20-minute pause in microseconds.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

Clock = Callable[[], float]


@dataclass
class Countdown:
    """``total`` seconds that can be held (stopped for a while), resumed and extended."""

    total: float
    clock: Clock = time.monotonic
    deadline: float = 0.0
    held_left: float | None = None  # time left, frozen while held

    @classmethod
    def start(cls, seconds: float, clock: Clock = time.monotonic) -> Countdown:
        return cls(total=seconds, clock=clock, deadline=clock() + seconds)

    @property
    def held(self) -> bool:
        return self.held_left is not None

    def left(self) -> float:
        """Exact seconds left, never below zero."""
        if self.held_left is not None:
            return self.held_left
        return max(0.0, self.deadline - self.clock())

    def shown(self) -> int:
        """The whole second to show: ceil(time left), so 0 appears only at the end."""
        return math.ceil(self.left() - 1e-9)

    @property
    def done(self) -> bool:
        return self.left() <= 0

    def fraction_done(self) -> float:
        return 1.0 if self.total <= 0 else min(1.0, max(0.0, 1 - self.left() / self.total))

    def hold(self) -> None:
        if self.held_left is None:
            self.held_left = self.left()

    def resume(self) -> None:
        if self.held_left is not None:
            self.deadline = self.clock() + self.held_left
            self.held_left = None

    def extend(self, seconds: float) -> None:
        """Add time (e.g. +5 minutes); the total grows too, so progress stays honest."""
        self.total += seconds
        if self.held_left is not None:
            self.held_left += seconds
        else:
            self.deadline = max(self.deadline, self.clock()) + seconds

    def until_next_second(self) -> float:
        """How long until the shown second changes (for scheduling a redraw)."""
        left = self.left()
        frac = left - math.floor(left)
        return frac if frac > 0 else 1.0


def words(seconds: int) -> str:
    """Time left in words: '19 min 42 s left', '45 s left', '1 h 5 min left'."""
    seconds = max(0, int(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    if h:
        return f"{h} h {m} min left" if m else f"{h} h left"
    if m:
        return f"{m} min {s} s left" if s else f"{m} min left"
    return f"{s} s left"


def clock_face(seconds: int) -> str:
    """'19:42', or '1:05:00' for an hour or more."""
    seconds = max(0, int(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"
