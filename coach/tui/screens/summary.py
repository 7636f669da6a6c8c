"""The end of a flow: what was said, and what the history keeps."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, Static

from coach.paths import style
from coach.tui import messages as M
from coach.tui.widgets.footer import KeyFooter


class Summary(Screen[None]):
    """Shown once a flow has ended and been saved."""

    CSS_PATH = style("summary.tcss")

    BINDINGS = [Binding("escape", "done", "Home"), Binding("enter", "done", "Home", show=False)]

    def __init__(self, title: str, lines: list[str], saved: bool) -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines
        self.saved = saved

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="summary"):
            yield Static(f"{self.title_text}: done", classes="box-title", markup=False)
            with VerticalScroll(id="summary-lines"):
                body = "\n".join(self.lines) or "Nothing from this one is kept in the history."
                yield Static(body, markup=False)
            note = (
                "Kept in your history on this computer."
                if self.saved
                else "It could not be saved to the history; it is kept for the next start."
            )
            yield Static(note, id="summary-note")
            yield Button("Back to home", id="home", variant="primary")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#home", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_done()

    def action_done(self) -> None:
        self.post_message(M.GoHome())
