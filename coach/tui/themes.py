"""coach's own themes: a calm default and a high-contrast one."""

from __future__ import annotations

from textual.theme import Theme

CALM = Theme(
    name="coach-calm",
    primary="#7FA7C9",
    secondary="#B59BC9",
    accent="#E0B07A",
    warning="#E0B07A",
    error="#D98282",
    success="#8DBF8B",
    foreground="#E6E4DF",
    background="#1E2126",
    surface="#262A31",
    panel="#2E333B",
    dark=True,
    variables={"partner-a": "#7FA7C9", "partner-b": "#C99BB5"},
)

HIGH_CONTRAST = Theme(
    name="coach-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFFFF",
    warning="#FFFF00",
    error="#FF5555",
    success="#55FF55",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
    variables={"partner-a": "#FFFF00", "partner-b": "#00FFFF", "border": "#FFFFFF"},
)

THEMES = (CALM, HIGH_CONTRAST)
