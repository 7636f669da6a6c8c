"""The reset pause: set up, counted, ended on any screen, told, and come back to."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.app import App
from textual.timer import Timer

from coach.flows.model import Breathe
from coach.history.store import PausedTalk
from coach.session import Session
from coach.tui.routes import Routes
from coach.tui.routes.conversations import open_runner

if TYPE_CHECKING:
    from coach.conversation import Conversation
    from coach.pause import Pause
    from coach.tui.screens.runner import RunnerScreen

DONE_TITLE = "coach: the pause is over"
DONE_BODY = "Come back to each other when you are both ready."  # never the topic: it is private


class PauseRoutes(Routes):
    """One pause at a time, whoever began it (ctrl+r, home, a flow's pause step)."""

    def __init__(
        self,
        app: App[int],
        session: Session,
        refresh_home: Callable[[], None],
        quiet: Callable[[bool], None],
    ) -> None:
        super().__init__(app, session, refresh_home)
        self.quiet = quiet  # told True while a pause counts: nothing else should wake up
        self._timer: Timer | None = None

    def reset_key(self) -> None:
        """ctrl+r: the pause; pressed again on its set-up, it starts at once."""
        from coach.tui.screens.pause import PauseScreen

        if isinstance(self.app.screen, PauseScreen):
            self.app.screen.start_now()
        else:
            self.open()

    def restore(self) -> None:
        """A pause from before coach was closed is picked up (or told as over)."""
        notice = self.session.restore_pause()
        if notice is not None:
            self.tell([notice])

    def open(self, start_seconds: int | None = None) -> None:
        """The pause: one in progress (or just over) is shown; otherwise one is set up."""
        from coach.tui.screens.pause import PauseScreen

        pause = self.session.pause
        runner = open_runner(self.app)
        in_flow = pause is not None and runner is not None and runner.flow_pause is pause
        if pause is not None and pause.ended:
            self.session.pause = None  # shown once more, then it is history
        settings = self.session.settings
        self.app.push_screen(
            PauseScreen(
                pause,
                names=self.names,
                default_minutes=settings.reset_minutes,
                breathe=self.breathe(),
                start_seconds=start_seconds,
                in_flow=in_flow,
            ),
            self._after_flow_pause(runner) if in_flow else self.back,
        )
        self.schedule_end()

    def _after_flow_pause(
        self, runner: RunnerScreen | None
    ) -> Callable[[str | None], Awaitable[None]]:
        async def back(outcome: str | None) -> None:
            self.refresh_home()
            if outcome == "continue" and runner is not None:
                await runner.continue_after_pause()

        return back

    def breathe(self) -> Breathe:
        settings = self.session.settings
        return Breathe(settings.breathe_in, settings.breathe_out)

    def back(self, _: object = None) -> None:
        self.refresh_home()

    def begin(self, seconds: int, topic: str, come_back_at: str | None, origin: str) -> None:
        """The set-up was confirmed: the pause counts from now."""
        from coach.tui.screens.pause import PauseScreen

        screen = self.app.screen
        if not isinstance(screen, PauseScreen):
            return
        if screen.pause is not None and screen.pause.saved is None:  # more time in a preview
            pause = self._preview(seconds, topic)
        else:
            pause = self.session.begin_pause(
                seconds, topic=topic, come_back_at=come_back_at, origin=origin
            )
        screen.pause = pause
        screen.stage = "counting"
        self.schedule_end()
        if pause.problem:
            self.app.notify(pause.problem, severity="warning", timeout=15, markup=False)

    @staticmethod
    def _preview(seconds: int, topic: str) -> Pause:
        """A pause for a preview: sixty times faster, nothing kept."""
        from coach.pause import Pause
        from coach.tui.screens.editor import fast_clock

        return Pause.begin(seconds, topic=topic, clock=fast_clock())

    def flow_step(
        self, conversation: Conversation, seconds: int | None, breathe: Breathe | None
    ) -> None:
        """A flow's pause step: the same pause, begun at once with the flow's title."""
        from coach.tui.screens.pause import PauseScreen

        flow = conversation.flow
        seconds = seconds or self.session.settings.reset_minutes * 60
        if not conversation.preview:
            pause = self.session.begin_pause(seconds, topic=flow.title, origin=flow.id)
        else:
            pause = self._preview(seconds, flow.title)
        runner = open_runner(self.app)
        if runner is not None:
            runner.flow_pause = pause
        self.app.push_screen(
            PauseScreen(pause, names=self.names, in_flow=True, breathe=breathe or self.breathe()),
            self._after_flow_pause(runner),
        )
        self.schedule_end()

    def changed(self) -> None:
        """Held, resumed, extended or ended early: its end moved."""
        if self.session.pause is not None and self.session.pause.ended:
            self.session.pause = None  # ended early, on its own screen: now it is history
        self.schedule_end()

    def schedule_end(self) -> None:
        """A timer for the pause's end, so it is noticed on any screen."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        pause = self.session.pause
        counting = pause is not None and not pause.done
        self.quiet(counting)
        if pause is not None and counting and not pause.held:
            self._timer = self.app.set_timer(pause.left() + 0.01, self.due)

    def due(self) -> None:
        """The time is up: ring, tell the desktop, and show that it is over."""
        from coach.tui.screens.pause import PauseScreen

        screen = self.app.screen
        pause = screen.pause if isinstance(screen, PauseScreen) else self.session.pause
        if pause is None or not pause.expire():
            return
        settings = self.session.settings
        if settings.bell:
            self.app.bell()
        if pause.saved is not None:  # a preview's pause tells nobody
            self.tell_desktop(settings.notify)
        if isinstance(screen, PauseScreen) and screen.pause is pause:
            screen.stage = "after"
            if self.session.pause is pause:
                self.session.pause = None  # shown as over: now it is history
        else:
            self.open()
        self.schedule_end()
        self.refresh_home()

    def tell_desktop(self, method: str) -> None:
        """A desktop notification, for when the terminal is hidden. Never fails loudly."""
        from coach import notify

        if method == "system":  # a notifier is a process: not on the UI thread
            send = partial(notify.notify, "system", DONE_TITLE, DONE_BODY, write=_nowhere)
            self.app.run_worker(send, thread=True, group="notify", exit_on_error=False)
        elif method == "terminal":
            driver = self.app._driver  # the terminal itself: Textual has no public writer
            if driver is not None:
                notify.notify("terminal", DONE_TITLE, DONE_BODY, write=driver.write)

    def come_back(self, reset_id: int, topic: str) -> None:
        """Home's "come back to it": a way back into the paused talk."""
        from coach.tui.screens.pause import PauseScreen

        self.app.push_screen(
            PauseScreen(None, names=self.names, stage="restart", reset_id=reset_id, topic=topic),
            self.back,
        )

    def add_to_calendar(self, talk: PausedTalk | None) -> None:
        """An event for coming back: at a counting pause's agreed time, or, for a talk
        paused earlier, at a time the couple choose."""
        pause = self.session.pause
        if talk is None or (pause is not None and not pause.done):
            self.tell([self.session.return_to_calendar(None, None)])
            return
        from coach.pause.comeback import come_back_choices

        choices = come_back_choices(self.session.now())

        def answer(choice: str | None) -> None:
            when = next((at for key, _, at in choices if key == choice), None)
            if when is not None:
                self.tell([self.session.return_to_calendar(talk, when)])

        about = f" about {talk.topic}" if talk.topic else ""
        self.ask(
            "When will you come back to it?",
            f"coach writes a calendar event for coming back to your talk{about}; open the "
            "file to add it to your calendar. It stays on this computer.",
            [*((key, label) for key, label, _ in choices), ("cancel", "Not now")],
            answer,
        )

    def came_back(self, reset_id: int) -> None:
        self.session.came_back(reset_id)
        self.refresh_home()

    def let_rest(self, reset_id: int) -> None:
        self.session.let_rest(reset_id)
        self.refresh_home()


def _nowhere(_: str) -> None:
    """A system notifier writes nothing to the terminal."""
