"""Bindings shared by several screens."""

from textual.binding import Binding

#: Listed first in a screen's own bindings so the footer shows the reset key first, even
#: when a narrow terminal cuts the footer short. The app's priority binding does the work.
RESET_FIRST = Binding("ctrl+r", "app.reset", "Reset")
