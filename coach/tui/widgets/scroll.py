"""A scrolling column whose focus follows the view: when the couple scrolls (page keys,
the wheel, a text box passing page down on) and the focused widget leaves the view, the
first one in view takes the focus, so
typing never goes somewhere nobody can see."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.errors import NoWidget
from textual.widget import Widget


class FocusScroll(VerticalScroll, can_focus=False):
    """A VerticalScroll that keeps the focus on something visible after a scroll."""

    DEFAULT_CSS = """
    FocusScroll { height: auto; max-height: 100%; }
    """

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self.call_after_refresh(self._keep_focus_in_view)

    def _keep_focus_in_view(self) -> None:
        if self.scroll_y != self.scroll_target_y:
            return  # still moving (perhaps towards the focused widget): look when it stops
        focused = self.app.focused
        if focused is None or self not in focused.ancestors or self._in_view(focused):
            return
        for widget in self.query("*"):
            if widget.focusable and self._in_view(widget):
                widget.focus(scroll_visible=False)
                return

    def _in_view(self, widget: Widget) -> bool:
        try:
            shown = self.screen.find_widget(widget)
        except NoWidget:  # not on screen (yet): not in view
            return False
        visible = shown.region.intersection(shown.clip)
        return visible.height > 0 and visible.width > 0
