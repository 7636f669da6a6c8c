"""First run: the partners' names, and a short, kind word about what coach is."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Static

from coach.paths import style
from coach.tui import messages as M
from coach.tui.widgets.footer import KeyFooter

WELCOME = """\
coach helps the two of you talk through the small hurts of everyday life \
before they grow into distance: a curious check-in, a quick repair, or a pause \
when you are both too upset to listen.

It is not therapy, and it is meant for relationships that feel safe. If either of \
you feels afraid, please reach out to local emergency or domestic-violence services \
instead. Press ? at any time for help."""


class Welcome(Screen[None]):
    """Ask the two names once; everything else can wait."""

    CSS_PATH = style("welcome.tcss")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="welcome-scroll"), Center(), Vertical(id="welcome-box"):
            yield Static("Welcome to coach", id="welcome-title")
            yield Static(WELCOME, id="welcome-text", markup=False)
            yield Label("What shall coach call the first of you?")
            yield Input(placeholder="a first name", id="name-a", max_length=30, compact=True)
            yield Label("And the second?")
            yield Input(placeholder="a first name", id="name-b", max_length=30, compact=True)
            yield Static("", id="welcome-error")
            yield Button("Begin", id="begin", variant="primary")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#name-a", Input))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "name-a":
            self.query_one("#name-b", Input).focus()
        else:
            self._begin()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self._begin()

    def _begin(self) -> None:
        a = self.query_one("#name-a", Input).value.strip()
        b = self.query_one("#name-b", Input).value.strip()
        error = self.query_one("#welcome-error", Static)
        if not a or not b:
            error.update("Please give both names: coach uses them to say whose turn it is.")
            self.query_one("#name-a" if not a else "#name-b", Input).focus()
            return
        if a.casefold() == b.casefold():
            error.update("Two different names, please, so each turn is clear.")
            self.query_one("#name-b", Input).focus()
            return
        self.post_message(M.NamesGiven(a, b))
