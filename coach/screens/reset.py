"""The reset pause: agree to stop, take a timed break, and find the way back."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Header, Input, Label, RadioButton, RadioSet, Static

from coach import resets
from coach.countdown import Clock
from coach.flows.model import Breathe
from coach.history import History, now
from coach.paths import style
from coach.resets import QUICK_MINUTES, DurationError, ResetPause, Wall
from coach.widgets.pause import PauseView

Phase = Literal["prepare", "countdown", "ended", "restart"]

STOP = (
    "You are both running hot, and that is all right. When bodies are this stirred up, "
    "listening gets very hard. Nobody has to win this now."
)
BACK = (
    "Welcome back. Coming back when you said you would keeps trust, even if it is "
    "only to ask for a little more time."
)


class ResetScreen(Screen[None]):
    """Prepare, count down, come back. Its state is saved at every change."""

    CSS_PATH = [style("pause.tcss"), style("reset.tcss")]
    BINDINGS = [
        Binding("space", "toggle_pause", "Pause/resume"),
        Binding("plus,equals_sign", "more", "5 more min", key_display="+"),
        Binding("e", "end_early", "End early"),
        Binding("escape", "leave", "Leave"),
    ]

    def __init__(
        self,
        *,
        names: dict[str, str],
        history: Callable[[], History | None],
        default_minutes: int = 20,
        breathe: Breathe | None = None,
        bell: bool = True,
        pause: ResetPause | None = None,
        phase: Phase = "prepare",
        start_seconds: int | None = None,
        note: str = "",
        clock: Clock = time.monotonic,
        wall: Wall = time.time,
    ) -> None:
        super().__init__()
        self.names = names
        self.history = history
        self.default_minutes = default_minutes
        self.breathe = breathe
        self.bell = bell
        self.pause = pause
        self.phase: Phase = phase
        self.start_seconds = start_seconds
        self.note = note
        self.clock = clock
        self.wall = wall
        self._asked_to_end = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield VerticalScroll(id="reset-body")
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        self.sub_title = "Reset"
        if self.start_seconds:
            self.begin(self.start_seconds)  # straight into the pause, e.g. `coach reset 20m`
        else:
            await self.show(self.phase)

    # -- phases ----------------------------------------------------------------------------

    async def show(self, phase: Phase) -> None:
        self.phase = phase
        body = self.query_one("#reset-body", VerticalScroll)
        await body.remove_children()
        widgets = {
            "prepare": self._prepare,
            "countdown": self._countdown,
            "ended": self._ended,
            "restart": self._restart,
        }[phase]()
        await body.mount_all(widgets)
        focus = next((w for w in body.query("Input, Button, RadioSet") if w.can_focus), None)
        if focus is not None:
            self.set_focus(focus)
        self.refresh_bindings()

    def _prepare(self) -> list[Widget]:
        minutes = sorted({*QUICK_MINUTES, self.default_minutes})
        lengths = RadioSet(
            *[
                RadioButton(f"{m} min", value=m == self.default_minutes, id=f"m{m}")
                for m in minutes
            ],
            id="lengths",
        )
        come_back = RadioSet(
            RadioButton("when the timer ends", value=True, id="when-ends"),
            RadioButton("at a set time:", id="at-time"),
            id="come-back",
        )
        return [
            Static("Let's pause.", classes="reset-title"),
            Static(STOP, markup=False),
            Label("What were you talking about? (optional, a few words)"),
            Input(id="topic", max_length=60, compact=True),
            Label("How long?"),
            lengths,
            Label("Come back"),
            Horizontal(
                come_back,
                Input(placeholder="19:30", id="at", max_length=5, compact=True),
                id="come-back-row",
            ),
            Static(resets.gentle_note(self.default_minutes * 60), id="gentle-note"),
            Static("", id="reset-error"),
            Horizontal(
                Button("Start the pause", id="start", variant="primary"),
                Static("or press ctrl+r again to start right away", id="urgent"),
                id="start-row",
            ),
        ]

    def _countdown(self) -> list[Widget]:
        assert self.pause is not None
        countdown = self.pause.countdown(self.clock, self.wall)
        topic = f": {self.pause.topic}" if self.pause.topic else ""
        when = "when the timer ends"
        if self.pause.come_back_at:
            when = "at " + datetime.fromisoformat(self.pause.come_back_at).strftime("%H:%M")
        return [
            Static(f"Pausing{topic}", classes="reset-title", markup=False),
            PauseView(countdown, self.breathe, soothe=True, id="pause"),
            Static(f"You agreed to come back {when}.", id="agreed"),
        ]

    def _ended(self) -> list[Widget]:
        return [
            Static("The pause is over.", classes="reset-title"),
            Static((self.note + "\n\n" if self.note else "") + BACK, markup=False),
            Horizontal(
                Button("We're ready to talk", id="ready", variant="primary"),
                Button("10 more minutes", id="more-time"),
                Button("Later", id="later"),
                classes="reset-buttons",
            ),
        ]

    def _restart(self) -> list[Widget]:
        a, b = self.names["a"], self.names["b"]
        return [
            Static("Start again, gently", classes="reset-title"),
            Static(
                "Begin with how you feel about one specific moment, and what you need. "
                "Leave out what is wrong with the other person. The listener says back "
                "what they heard before answering.",
                markup=False,
            ),
            Label("Who speaks first?"),
            Horizontal(
                Button(f"{a} first", id="first-a", variant="primary"),
                Button(f"{b} first", id="first-b"),
                classes="reset-buttons",
            ),
            Static("", id="first-words", markup=False),
        ]

    # -- starting --------------------------------------------------------------------------

    def start_now(self) -> None:
        """ctrl+r on the prepare step: start with whatever is chosen so far."""
        if self.phase == "prepare":
            self._start()

    def _start(self) -> None:
        pressed = self.query_one("#lengths", RadioSet).pressed_button
        minutes = int((pressed.id or "m20")[1:]) if pressed else self.default_minutes
        come_back_at = None
        choice = self.query_one("#come-back", RadioSet).pressed_button
        if choice is not None and choice.id == "at-time":
            try:
                when = resets.come_back_time(
                    self.query_one("#at", Input).value, datetime.now().astimezone()
                )
            except DurationError as exc:
                self.query_one("#reset-error", Static).update(str(exc))
                return
            come_back_at = when.isoformat(timespec="minutes")
        topic = self.query_one("#topic", Input).value.strip()
        self.begin(minutes * 60, topic, come_back_at)

    def begin(self, seconds: int, topic: str = "", come_back_at: str | None = None) -> None:
        pause = ResetPause.begin(seconds, now(), self.wall)
        pause.topic, pause.come_back_at = topic, come_back_at
        history = self.history()
        if history is not None:
            pause.history_id = history.start_reset(pause.started_at, seconds, topic)
        self.pause = pause
        resets.save(pause)
        self.run_worker(self.show("countdown"))

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        if event.radio_set.id == "lengths" and event.pressed.id:
            note = resets.gentle_note(int(event.pressed.id[1:]) * 60)
            self.query_one("#gentle-note", Static).update(note)
        elif event.radio_set.id == "come-back" and event.pressed.id == "at-time":
            self.query_one("#at", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._start()

    # -- during the pause ------------------------------------------------------------------

    def _view(self) -> PauseView | None:
        found = self.query("#pause")
        return found.first(PauseView) if found else None

    def _save_countdown(self) -> None:
        view = self._view()
        if self.pause is not None and view is not None:
            self.pause.follow(view.countdown, self.wall)
            resets.save(self.pause)

    def action_toggle_pause(self) -> None:
        if view := self._view():
            view.toggle_pause()
            self._save_countdown()

    def action_more(self) -> None:
        if view := self._view():
            view.extend(5 * 60)
            self._save_countdown()
            self.notify("Five more minutes.")

    def action_end_early(self) -> None:
        from coach.screens.dialogs import Ask

        if self._view() is None:
            return
        if self._asked_to_end:
            self._finish()
            return

        def answer(choice: str | None) -> None:
            if choice == "end":
                self._asked_to_end = True
                self._finish()

        self.app.push_screen(
            Ask(
                "End the pause now?",
                "If you both feel calm again, that is fine. If not, a little longer "
                "usually helps more than it costs.",
                [("end", "End it now"), ("stay", "Keep pausing")],
            ),
            answer,
        )

    def on_pause_view_finished(self, event: PauseView.Finished) -> None:
        event.stop()
        if self.bell:
            self.app.bell()
        self._finish()

    def _finish(self) -> None:
        if self.pause is not None:
            history = self.history()
            if history is not None and self.pause.history_id is not None:
                history.end_reset(self.pause.history_id, self.pause.lasted(self.wall))
            resets.clear()
        self.run_worker(self.show("ended"))

    # -- the way back ----------------------------------------------------------------------

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button = event.button.id
        if button == "start":
            self._start()
        elif button == "ready":
            await self.show("restart")
        elif button == "more-time" and self.pause is not None:
            self.begin(10 * 60, self.pause.topic)
        elif button == "later":
            self.dismiss()
        elif button in ("first-a", "first-b"):
            self._first(button[-1])

    def _first(self, who: str) -> None:
        first, other = self.names[who], self.names["b" if who == "a" else "a"]
        self.query_one("#first-words", Static).update(
            f'{first}, you begin: "When ..., I felt ..., and I need ...". '
            f"{other}, listen, then say back what you heard and ask if you got it right."
        )
        history = self.history()
        if history is not None and self.pause is not None and self.pause.history_id:
            history.came_back(self.pause.history_id)
        self.query_one(".reset-buttons").display = False
        done = Button("Back to where we were", id="later", variant="primary")
        self.query_one("#reset-body").mount(done)
        done.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("toggle_pause", "more", "end_early"):
            return self.phase == "countdown"
        return True

    def action_leave(self) -> None:
        """Leave the screen; a running pause keeps running and is resumed next start."""
        if self.phase == "countdown":
            self.notify("The pause keeps its time: ctrl+r brings it back.")
        self.dismiss()
