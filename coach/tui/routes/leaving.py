"""Leaving coach: at once when nothing would be lost, else after asking."""

from __future__ import annotations

from textual.app import App

from coach.tui.routes import Routes
from coach.tui.routes.conversations import open_runner


def unsaved_work(app: App[int]) -> list[str]:
    """Words or changes on any open screen that quitting would lose."""
    found = []
    for screen in app.screen_stack:
        ask = getattr(screen, "unsaved_work", None)
        if callable(ask) and (what := ask()):
            found.append(str(what))
    return found


class LeavingRoutes(Routes):
    """Quit, after asking if a conversation is under way or something is unsaved."""

    def quit(self) -> None:
        app = self.app
        unsaved = unsaved_work(app)
        lost = f" Also not saved yet: {', '.join(unsaved)}." if unsaved else ""
        unfinished = open_runner(app)
        if unfinished is None or unfinished.conversation.preview:
            if not unsaved:
                app.exit(0)
                return
            self.ask(
                "Quit without saving?", f"Not saved yet: {', '.join(unsaved)}.",
                [("stay", "Stay"), ("quit", "Quit anyway")],
                lambda choice: app.exit(0) if choice == "quit" else None,
            )  # fmt: skip
            return
        conversation = unfinished.conversation

        def answer(choice: str | None) -> None:
            if choice == "keep":
                unfinished.keep_draft_now()
            if choice == "discard":
                conversation.discard()
            if choice in ("keep", "discard"):
                app.exit(0)

        self.ask(
            f"Leave {conversation.flow.title} now?",
            "What you have said so far is kept, and coach will offer to pick it up "
            f"next time. Or you can let it go.{lost}",
            [("stay", "Stay"), ("keep", "Quit, keep it"), ("discard", "Quit, let it go")],
            answer,
        )
