"""Start an app headless and exit right after its first frame: ``bare`` or ``coach``.

Run by bench_launch in a fresh process per sample; not a test.
"""

from __future__ import annotations

import sys


def bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("Hello")
            yield Footer()

        def on_mount(self) -> None:
            self.call_after_refresh(self.exit)

    Bare().run(headless=True, size=(80, 24))


def coach() -> None:
    from coach.tui.screens.home import Home

    original = Home.on_mount

    def on_mount(self: Home) -> None:
        original(self)
        self.call_after_refresh(self.app.exit)

    Home.on_mount = on_mount  # type: ignore[method-assign]
    import coach.tui.app as app_module

    real_run = app_module.CoachApp.run

    def headless_run(self, *args, **kwargs):
        return real_run(self, headless=True, size=(80, 24))

    app_module.CoachApp.run = headless_run  # type: ignore[method-assign]
    from coach.cli import main

    main([])  # the same way in as the `coach` command


if __name__ == "__main__":
    {"bare": bare, "coach": coach}[sys.argv[1]]()
