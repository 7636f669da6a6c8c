"""The reset pause as one object: begin, hold or resume, extend, finish, expire, resume
after a restart, come back. The countdown screen and every flow ``pause`` step drive it,
and it alone writes the pause's history rows and its saved state.

Within one run, time left is the deadline on the monotonic clock (see countdown.py). The
wall-clock deadline is saved too, so a restarted coach resumes the same pause.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from coach.atomic import write_atomic
from coach.dates import now_iso
from coach.files import read_bounded
from coach.pause.countdown import Clock, Countdown
from coach.pause.duration import MAX_SECONDS
from coach.plain import one_line
from coach.statefile import MAX_STATE_BYTES, read_state

Wall = Callable[[], float]
MAX_TOPIC = 200


class PauseLog(Protocol):
    """Where a pause's history rows go (the history store; a fake in tests)."""

    def start_reset(self, started_at: str, planned_s: int, topic: str = "") -> int: ...

    def end_reset(self, reset_id: int, actual_s: int) -> None: ...

    def came_back(self, reset_id: int, at: str | None = None) -> None: ...


@dataclass
class PauseState:
    """A pause in progress, as saved to disk."""

    started_at: str  # local ISO time, for the history
    planned_s: int
    deadline_wall: float | None  # epoch seconds; None while held
    held_left: float | None = None
    extended_s: int = 0
    topic: str = ""
    come_back_at: str | None = None  # an agreed time, or None for "when the timer ends"
    history_id: int | None = None
    started_wall: float = 0.0
    origin: str = ""  # "" for a reset pause from anywhere, or the flow it belongs to

    @property
    def total(self) -> int:
        return self.planned_s + self.extended_s

    def left(self, wall: Wall) -> float:
        if self.held_left is not None:
            return self.held_left
        return max(0.0, (self.deadline_wall or 0.0) - wall())


def parse_state(data: object) -> PauseState:
    """A saved pause read back; ValueError/TypeError for anything that does not fit."""
    if not isinstance(data, dict):
        raise TypeError("it is not a saved pause")
    if "paused_left" in data and "held_left" not in data:  # written by coach 0.1
        data = {**data, "held_left": data.pop("paused_left")}
    known = set(PauseState.__dataclass_fields__)
    state = PauseState(**{k: v for k, v in data.items() if k in known})

    def number(value: object, low: float, high: float, name: str) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"`{name}` is not a number")
        if not (low <= value <= high and math.isfinite(value)):
            raise ValueError(f"`{name}` is out of range")

    number(state.planned_s, 1, MAX_SECONDS, "planned_s")
    number(state.extended_s, 0, MAX_SECONDS * 10, "extended_s")
    number(state.started_wall, 0, 1e11, "started_wall")
    if not isinstance(state.planned_s, int) or not isinstance(state.extended_s, int):
        raise TypeError("lengths are whole seconds")
    if state.deadline_wall is not None:
        number(state.deadline_wall, 0, 1e11, "deadline_wall")
    if state.held_left is not None:
        number(state.held_left, 0, MAX_SECONDS * 11, "held_left")
    if state.deadline_wall is None and state.held_left is None:
        raise ValueError("it has neither a deadline nor a time left")
    for name in ("started_at", "topic", "origin"):
        if not isinstance(getattr(state, name), str):
            raise TypeError(f"`{name}` is not text")
    datetime.fromisoformat(state.started_at)
    if state.come_back_at is not None:
        if not isinstance(state.come_back_at, str):
            raise TypeError("`come_back_at` is not text")
        datetime.fromisoformat(state.come_back_at)
    if state.history_id is not None and (
        isinstance(state.history_id, bool) or not isinstance(state.history_id, int)
    ):
        raise TypeError("`history_id` is not a whole number")
    state.topic = one_line(state.topic)[:MAX_TOPIC]
    return state


def peek(saved: Path) -> PauseState | None:
    """The pause an earlier run saved, read without changing anything: None when there is
    none or it cannot be used (coach sets a damaged file aside when it next starts)."""
    try:
        return parse_state(json.loads(read_bounded(saved, MAX_STATE_BYTES).decode("utf-8")))
    except (OSError, ValueError, TypeError, KeyError, RecursionError):
        return None


class Pause:
    """One reset pause. Every change is saved (when it has a file) at once."""

    def __init__(
        self,
        state: PauseState,
        *,
        log: PauseLog | None = None,
        saved: Path | None = None,
        clock: Clock = time.monotonic,
        wall: Wall = time.time,
    ) -> None:
        self.state = state
        self.log = log
        self.saved = saved
        self.clock = clock
        self.wall = wall
        self.countdown = Countdown(state.total, clock, clock() + state.left(wall))
        if state.held_left is not None:
            self.countdown.held_left = state.held_left
        self.ended = False
        self.ended_while_closed = False
        self.came_back_recorded = False
        self.problem = ""  # set when the state could not be saved (shown once, kept going)

    # -- beginning and finding one again -------------------------------------------------

    @classmethod
    def begin(
        cls,
        seconds: int,
        *,
        topic: str = "",
        come_back_at: str | None = None,
        origin: str = "",
        log: PauseLog | None = None,
        saved: Path | None = None,
        clock: Clock = time.monotonic,
        wall: Wall = time.time,
    ) -> Pause:
        """Start a pause now: its history row is written and its state saved."""
        start = wall()
        state = PauseState(
            started_at=now_iso(),
            planned_s=seconds,
            deadline_wall=start + seconds,
            topic=one_line(topic)[:MAX_TOPIC],
            come_back_at=come_back_at,
            started_wall=start,
            origin=origin,
        )
        if log is not None:
            state.history_id = log.start_reset(state.started_at, seconds, state.topic)
        pause = cls(state, log=log, saved=saved, clock=clock, wall=wall)
        pause.save()
        return pause

    @classmethod
    def restore(
        cls,
        saved: Path,
        *,
        log: PauseLog | None = None,
        clock: Clock = time.monotonic,
        wall: Wall = time.time,
    ) -> tuple[Pause | None, str]:
        """The pause saved by an earlier run, or None; and a sentence if the file was damaged.

        A pause that ran out while coach was closed comes back already finished."""
        state, problem = read_state(saved, parse_state, "the saved reset pause")
        if state is None:
            return None, problem
        pause = cls(state, log=log, saved=saved, clock=clock, wall=wall)
        if pause.countdown.done:
            pause.ended_while_closed = True
            pause.finish(lasted=state.total)
        return pause, ""

    # -- reading -------------------------------------------------------------------------

    @property
    def held(self) -> bool:
        return self.countdown.held

    @property
    def done(self) -> bool:
        return self.ended or self.countdown.done

    @property
    def total(self) -> float:
        return self.countdown.total

    def left(self) -> float:
        return 0.0 if self.ended else self.countdown.left()

    def shown(self) -> int:
        return 0 if self.ended else self.countdown.shown()

    def elapsed(self) -> float:
        """Seconds of the pause's own time gone by (held time does not count)."""
        return self.countdown.total - self.countdown.left()

    def ends_at(self) -> datetime | None:
        """The wall-clock time the timer ends, if it is running."""
        if self.ended or self.held:
            return None
        return datetime.fromtimestamp(self.wall() + self.countdown.left()).astimezone()

    def ended_at(self) -> datetime:
        """When the timer ran (or runs) out, by the wall clock."""
        deadline = self.state.deadline_wall or self.wall()
        return datetime.fromtimestamp(deadline).astimezone()

    # -- changing ------------------------------------------------------------------------

    def toggle(self) -> bool:
        """Hold the time, or let it run again; True when it is now held."""
        if self.ended:
            return False
        if self.countdown.held:
            self.countdown.resume()
        else:
            self.countdown.hold()
        self.save()
        return self.countdown.held

    def extend(self, seconds: int) -> None:
        """More time (the total grows too, so the progress bar stays honest)."""
        if self.ended:
            return
        self.countdown.extend(seconds)
        self.save()

    def expire(self) -> bool:
        """Finish the pause if its time is up; True when this call finished it."""
        if self.ended or not self.countdown.done:
            return False
        self.finish()
        return True

    def finish(self, lasted: int | None = None) -> None:
        """The pause is over (ran out, or ended early): recorded once, saved state removed."""
        if self.ended:
            return
        self.ended = True
        actual = lasted if lasted is not None else round(self.wall() - self.state.started_wall)
        actual = max(0, actual)
        if self.log is not None and self.state.history_id is not None:
            self.log.end_reset(self.state.history_id, actual)
        if self.saved is not None:
            try:
                self.saved.unlink(missing_ok=True)
            except OSError as exc:
                self.problem = f"{self.saved} could not be removed ({exc.strerror or exc})."

    def came_back(self) -> None:
        """The couple came back to the talk they paused (recorded once)."""
        if self.came_back_recorded:
            return
        self.came_back_recorded = True
        if self.log is not None and self.state.history_id is not None:
            self.log.came_back(self.state.history_id)

    def save(self) -> None:
        """Write the state as it is now (held time left, or the wall-clock deadline)."""
        c, s = self.countdown, self.state
        s.extended_s = round(c.total) - s.planned_s
        if c.held:
            s.held_left, s.deadline_wall = c.left(), None
        else:
            s.held_left, s.deadline_wall = None, self.wall() + c.left()
        if self.saved is None or self.ended:
            return
        try:
            write_atomic(self.saved, json.dumps(asdict(s)))
        except OSError as exc:
            self.problem = (
                f"The pause could not be saved to {self.saved} ({exc.strerror or exc}); "
                "it keeps counting, but will not survive closing coach."
            )
