"""Settings: names, the default reset length, theme and bell."""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, Select, Static, Switch

from coach.paths import style
from coach.settings import THEMES, Settings


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
        with VerticalScroll(id="settings-box"):
            yield Label("First partner's name")
            yield Input(s.partner_a, id="partner_a", max_length=30)
            yield Label("Second partner's name")
            yield Input(s.partner_b, id="partner_b", max_length=30)
            yield Label("Reset pause length (minutes)")
            yield Input(str(s.reset_minutes), id="reset_minutes", type="integer", max_length=4)
            yield Label("Theme")
            yield Select([(t, t) for t in THEMES], value=s.theme, allow_blank=False, id="theme")
            with Horizontal(classes="switch-row"):
                yield Switch(s.bell, id="bell")
                yield Label("Ring the terminal bell when a pause ends")
            yield Static("", id="settings-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")
        yield Footer(compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_back()

    def on_select_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.app.theme = event.value  # preview at once

    def action_save(self) -> None:
        a = self.query_one("#partner_a", Input).value.strip()
        b = self.query_one("#partner_b", Input).value.strip()
        minutes_text = self.query_one("#reset_minutes", Input).value.strip()
        error = self.query_one("#settings-error", Static)
        if not a or not b:
            error.update("Both names are needed.")
            return
        if not (minutes_text.isascii() and minutes_text.isdigit()) or not (
            1 <= int(minutes_text) <= 24 * 60
        ):
            error.update("The reset length is a number of minutes, from 1 to 1440.")
            return
        theme = self.query_one("#theme", Select).value
        self.dismiss(
            replace(
                self.settings,
                partner_a=a,
                partner_b=b,
                reset_minutes=int(minutes_text),
                theme=theme if isinstance(theme, str) else self.settings.theme,
                bell=self.query_one("#bell", Switch).value,
            )
        )

    def action_back(self) -> None:
        self.app.theme = self.settings.theme  # undo a previewed theme
        self.dismiss(None)
