"""Start an app and show its first frame: ``bare``, ``coach`` or ``bare-terminal``.

``bare`` and ``coach`` run headless and exit right after the first frame (bench_launch runs
one per sample, in a fresh process). ``bare-terminal`` is the same bare app in the real
terminal, staying up until it is killed (bench_first_frame runs it in tmux). Not a test.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App

#: Text the bare app shows once its first frame is drawn.
BARE_TEXT = "Hello from a bare Textual app"


def bare_app(exit_after_first_frame: bool) -> App[None]:
    """A Header, a Static and a Footer: the yardstick coach's start-up is measured against."""
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static(BARE_TEXT)
            yield Footer()

        def on_mount(self) -> None:
            if exit_after_first_frame:
                self.call_after_refresh(self.exit)

    return Bare()


def bare() -> None:
    bare_app(exit_after_first_frame=True).run(headless=True, size=(80, 24))


def bare_terminal() -> None:
    bare_app(exit_after_first_frame=False).run()


def coach() -> None:
    from coach.tui.screens.home import Home

    original = Home.on_mount

    def on_mount(self: Home) -> None:
        original(self)
        self.call_after_refresh(self.app.exit)

    Home.on_mount = on_mount  # type: ignore[method-assign]
    import coach.tui.app as app_module

    real_run = app_module.CoachApp.run

    def headless_run(self: app_module.CoachApp, *args: object, **kwargs: object) -> None:
        return real_run(self, headless=True, size=(80, 24))

    app_module.CoachApp.run = headless_run  # type: ignore[method-assign, assignment]
    from coach.cli import main

    main([])  # the same way in as the `coach` command


if __name__ == "__main__":
    {"bare": bare, "coach": coach, "bare-terminal": bare_terminal}[sys.argv[1]]()
