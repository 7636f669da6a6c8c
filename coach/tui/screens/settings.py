"""Settings: names, the default reset length, theme and bell."""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button, Header, Input, Label, Select, Static, Switch

from coach.paths import style
from coach.settings import NOTIFY_METHODS, THEMES, Settings
from coach.tui.widgets.footer import KeyFooter
from coach.tui.widgets.scroll import FocusScroll

NOTIFY_WORDS = {
    "terminal": "a notification through the terminal",
    "system": "a desktop notification",
    "none": "nothing more",
}


class SettingsScreen(Screen[Settings | None]):
    """Edit and save settings; escape leaves without saving."""

    CSS_PATH = style("settings.tcss")

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "save", "Save", priority=True),
    ]

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings

    def compose(self) -> ComposeResult:
        s = self.settings
        yield Header()
        with FocusScroll(id="settings-box"):
            yield Label("First partner's name")
            yield Input(s.partner_a, id="partner_a", max_length=30, compact=True)
            yield Label("Second partner's name")
            yield Input(s.partner_b, id="partner_b", max_length=30, compact=True)
            yield Label("Reset pause length (minutes)")
            yield Input(
                str(s.reset_minutes), id="reset_minutes", type="integer", max_length=4,
                compact=True,
            )  # fmt: skip
            yield Label("Theme")
            yield Select(
                [(t, t) for t in THEMES], value=s.theme, allow_blank=False, id="theme",
                compact=True,
            )  # fmt: skip
            with Horizontal(classes="switch-row"):
                yield Switch(s.bell, id="bell")
                yield Label("Ring the terminal bell when a pause ends")
            yield Label("When a pause ends, also tell you with")
            yield Select(
                [(NOTIFY_WORDS[m], m) for m in NOTIFY_METHODS], value=s.notify,
                allow_blank=False, id="notify", compact=True,
            )  # fmt: skip
            yield Static("", id="settings-error")
        with Horizontal(classes="dialog-buttons", id="settings-actions"):  # always in view
            yield Button("Save", id="save", variant="primary")
            yield Button("Cancel", id="cancel")
        yield KeyFooter()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_back()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "theme" and isinstance(event.value, str):
            self.app.theme = event.value  # preview at once

    def on_mount(self) -> None:
        self.query_one("#partner_a", Input).focus()

    def _chosen(self) -> Settings | str:
        """The settings as they stand on screen, or what is wrong with them."""
        a = self.query_one("#partner_a", Input).value.strip()
        b = self.query_one("#partner_b", Input).value.strip()
        minutes_text = self.query_one("#reset_minutes", Input).value.strip()
        if not a or not b:
            return "Both names are needed."
        if not (minutes_text.isascii() and minutes_text.isdigit()) or not (
            1 <= int(minutes_text) <= 24 * 60
        ):
            return "The reset length is a number of minutes, from 1 to 1440."
        theme = self.query_one("#theme", Select).value
        notify = self.query_one("#notify", Select).value
        return replace(
            self.settings,
            partner_a=a,
            partner_b=b,
            reset_minutes=int(minutes_text),
            theme=theme if isinstance(theme, str) else self.settings.theme,
            bell=self.query_one("#bell", Switch).value,
            notify=notify if isinstance(notify, str) else self.settings.notify,
        )

    def unsaved_work(self) -> str | None:
        """What leaving now would lose."""
        return None if self._chosen() == self.settings else "changes to your settings"

    def action_save(self) -> None:
        chosen = self._chosen()
        if isinstance(chosen, str):
            self.query_one("#settings-error", Static).update(chosen)
            return
        self.dismiss(chosen)

    def action_back(self) -> None:
        from coach.tui.screens.dialogs import ask_before_leaving

        def leave() -> None:
            self.app.theme = self.settings.theme  # undo a previewed theme
            self.dismiss(None)

        what = self.unsaved_work()
        if what is None:
            leave()
        else:
            ask_before_leaving(self, what, leave=leave, save=self.action_save)
