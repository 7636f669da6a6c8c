"""What the pause offers besides the time: a breathing pace and slowly changing suggestions."""

from __future__ import annotations

import math

from coach.flows.model import Breathe


def breath_phase(elapsed: float, pace: Breathe) -> tuple[str, int, float]:
    """The phase ('Breathe in', 'Hold', 'Breathe out'), its whole seconds left, and the time
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


SOOTHING = (
    "Let your shoulders drop, and unclench your jaw.",
    "Breathe out a little longer than you breathe in.",
    "Feel your feet on the floor and the weight of your body.",
    "Picture a place where you feel safe and calm.",
    "If you catch yourself replaying the argument, come back to your breath.",
    "Tense your hands for a moment, then let them go soft.",
    "No need to build your case now. Just rest.",
    "A glass of water, a window, a short walk: small kindnesses to your body.",
)


def suggestion(elapsed: float, every: float = 45.0) -> str:
    """A self-soothing suggestion that changes slowly."""
    return SOOTHING[int(max(0.0, elapsed) // every) % len(SOOTHING)]
