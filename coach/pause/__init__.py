"""The reset pause: a deadline-based countdown, how it is set up, and the one object that
runs it. Pure Python: nothing here imports Textual."""

from coach.pause.countdown import Clock, Countdown, clock_face, words
from coach.pause.duration import DurationError, come_back_time, gentle_note, parse_duration
from coach.pause.pause import Pause, PauseLog, PauseState, Wall, peek

__all__ = [
    "Clock",
    "Countdown",
    "DurationError",
    "Pause",
    "PauseLog",
    "PauseState",
    "Wall",
    "clock_face",
    "come_back_time",
    "gentle_note",
    "parse_duration",
    "peek",
    "words",
]
