"""The Textual app (a minimal shell until the screens land)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from coach.flows.library import discover


class CoachApp(App[None]):
    TITLE = "coach"

    def compose(self) -> ComposeResult:
        yield Header()
        lines = [f"{e.id}: {e.flow.title}" for e in discover() if e.flow]
        yield Static("\n".join(lines))
        yield Footer()


def run_app() -> int:
    CoachApp().run()
    return 0
