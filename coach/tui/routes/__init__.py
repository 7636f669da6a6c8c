"""What the app does in answer to the messages screens post, one family per module.

``CoachApp`` (``coach.tui.app``) is the router: its ``@on`` handlers are one line each
and hand over to one of these. Each routes object holds the app (for Textual's own
screen stack and notifications), the session (what coach *does*), and a way to give
home fresh data; none of them is a mixin, and none calls another's private parts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from textual.app import App

from coach.session import Notice, Session


class Routes:
    """Shared by every family of routes: the app, the session, and home's refresh."""

    def __init__(self, app: App[int], session: Session, refresh_home: Callable[[], None]):
        self.app = app
        self.session = session
        self.refresh_home = refresh_home

    @property
    def names(self) -> dict[str, str]:
        return self.session.settings.names

    def tell(self, notices: Iterable[Notice]) -> None:
        """Say what the session noticed (always as plain text)."""
        for n in notices:
            self.app.notify(n.text, severity="warning" if n.warning else "information",
                            timeout=10 if n.warning else 5, markup=False)  # fmt: skip

    def problem(self, text: str, *, timeout: float = 10) -> None:
        self.app.notify(text, severity="error", timeout=timeout, markup=False)

    def ask(
        self,
        title: str,
        body: str,
        buttons: Sequence[tuple[str, str]],
        then: Callable[[str | None], None],
    ) -> None:
        """A question with buttons; ``then`` gets the chosen button's id."""
        from coach.tui.screens.dialogs import Ask

        self.app.push_screen(Ask(title, body, buttons), then)
