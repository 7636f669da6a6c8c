"""The reset pause: agree to stop, take a timed break, and find the way back.

One screen for every pause (ctrl+r, ``coach reset``, a flow's pause step), in stages:
prepare -> counting -> after -> restart. The pause itself is the core ``Pause`` object the
app hands down; leaving the screen leaves it counting.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Header, Input, Label, RadioButton, RadioSet, Static

from coach.dates import clock_time
from coach.flows.model import Breathe
from coach.paths import style
from coach.pause import DurationError, Pause, come_back_time, gentle_note
from coach.pause.duration import QUICK_MINUTES
from coach.tui import messages as M
from coach.tui.text import plain
from coach.tui.widgets.countdown import CountdownView
from coach.tui.widgets.footer import KeyFooter

Stage = Literal["prepare", "counting", "after", "restart"]
WIDE = 60  # columns from which buttons say everything in full
Outcome = Literal["continue", "later", "left"]

STOP = (
    "Things have got heated, and that is all right. When a body is this stirred up, "
    "listening gets very hard. Nobody has to win this now."
)
BACK = (
    "Welcome back. Coming back when you said you would keeps trust, even if it is "
    "only to ask for a little more time."
)


class PauseScreen(Screen[str]):
    """Set up, count down, come back. Dismisses with 'continue', 'later' or 'left'."""

    CSS_PATH = style("pause.tcss")
    BINDINGS = [
        Binding("space", "hold", "Hold/resume"),
        Binding("plus,equals_sign", "more", "5 more min", key_display="+"),
        Binding("e", "end_early", "End early"),
        Binding("escape", "leave", "Leave"),
    ]

    stage: reactive[Stage] = reactive[Stage]("prepare", init=False)

    def __init__(
        self,
        pause: Pause | None,
        *,
        names: dict[str, str],
        default_minutes: int = 20,
        breathe: Breathe | None = None,
        start_seconds: int | None = None,
        stage: Stage | None = None,
        in_flow: bool = False,
        reset_id: int | None = None,
        topic: str = "",
    ) -> None:
        super().__init__()
        self.pause = pause
        self.names = names
        self.default_minutes = default_minutes
        self.breathe = breathe
        self.start_seconds = start_seconds
        self.in_flow = in_flow
        self.reset_id = reset_id
        self.topic = topic  # of a pause no longer running (coming back from home)
        self.note = ""
        self._asked_to_end = False
        if stage is not None:
            self.set_reactive(PauseScreen.stage, stage)
        elif pause is not None:
            self.set_reactive(PauseScreen.stage, "after" if pause.done else "counting")
        if pause is not None and pause.ended_while_closed:
            ended = clock_time(pause.ended_at())
            self.note = f"Your pause ended at {ended}, while coach was closed."

    def compose(self) -> ComposeResult:
        yield Header()
        yield VerticalScroll(id="reset-body")  # scrolls; the main action below stays in view
        yield Horizontal(id="pause-actions")
        yield KeyFooter()

    async def on_mount(self) -> None:
        self.sub_title = "Reset"
        if self.start_seconds and self.pause is None:
            self.post_message(M.BeginPause(self.start_seconds))  # e.g. `coach reset 20m`
        await self._draw(self.stage)

    async def watch_stage(self, stage: Stage) -> None:
        await self._draw(stage)

    async def _draw(self, stage: Stage) -> None:
        body = self.query_one("#reset-body", VerticalScroll)
        actions = self.query_one("#pause-actions", Horizontal)
        await body.remove_children()
        await actions.remove_children()
        build = {
            "prepare": self._prepare,
            "counting": self._counting,
            "after": self._after,
            "restart": self._restart,
        }[stage]
        widgets = build()
        buttons = [w for w in widgets if isinstance(w, Button)]
        await body.mount_all([w for w in widgets if not isinstance(w, Button)])
        await actions.mount_all(buttons)
        actions.display = bool(buttons)
        candidates = [*body.query(Input), *actions.query(Button)]  # a text box first
        focus = next((w for w in candidates if w.can_focus), None)
        if focus is not None:
            self.set_focus(focus)
            self.call_after_refresh(focus.scroll_visible, animate=False)
        self.refresh_bindings()

    # -- the stages ----------------------------------------------------------------------

    def _prepare(self) -> list[Widget]:
        minutes = sorted({*QUICK_MINUTES, self.default_minutes})
        lengths = RadioSet(
            *[
                RadioButton(f"{m} min", value=m == self.default_minutes, id=f"m{m}")
                for m in minutes
            ],
            id="lengths",
        )
        self._minutes = {f"m{m}": m for m in minutes}
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
            Static(gentle_note(self.default_minutes * 60), id="gentle-note"),
            Static("", id="reset-error"),
            Static("Or press ctrl+r again to start right away.", id="urgent"),
            Button("Start the pause", id="start", variant="primary"),
        ]

    def _counting(self) -> list[Widget]:
        assert self.pause is not None
        topic = self.pause.state.topic
        when = "when the timer ends"
        if self.pause.state.come_back_at:
            when = "at " + clock_time(datetime.fromisoformat(self.pause.state.come_back_at))
        return [
            Static(
                f"Pausing: {topic}" if topic else "Pausing", classes="reset-title", markup=False
            ),
            CountdownView(self.pause, self.breathe, soothe=True, id="pause"),
            Static(f"You agreed to come back {when}.", id="agreed"),
        ]

    def _after(self) -> list[Widget]:
        ready = self._label("ready")
        return [
            Static("The pause is over.", classes="reset-title"),
            Static((self.note + "\n\n" if self.note else "") + BACK, markup=False),
            Button(ready, id="ready", variant="primary"),
            Button(self._label("more-time"), id="more-time"),
            Button("Later", id="later"),
        ]

    def _restart(self) -> list[Widget]:
        a, b = self.names["a"], self.names["b"]
        topic = self.pause.state.topic if self.pause is not None else self.topic
        return [
            Static("Start again, gently", classes="reset-title"),
            Static(
                f"You paused a talk about {topic}." if topic else "",
                id="paused-topic",
                markup=False,
            ),
            Static(
                "Begin with how you feel about one specific moment, and what you need. "
                "Leave out what is wrong with the other person. The listener says back "
                "what they heard before answering.",
                markup=False,
            ),
            Label("Who speaks first?"),
            Static("", id="first-words", markup=False),
            Button(plain(f"{a} first"), id="first-a", variant="primary"),
            Button(plain(f"{b} first"), id="first-b"),
        ]

    def _label(self, button: str) -> str:
        """A button's words: in full where there is room, short on a narrow terminal."""
        wide = self.size.width == 0 or self.size.width >= WIDE
        words = {
            "ready": ("Go on with the conversation" if self.in_flow else "We're ready to talk")
            if wide
            else ("Go on" if self.in_flow else "We're ready"),
            "more-time": "10 more minutes" if wide else "+10 min",
        }
        return words[button]

    def on_resize(self) -> None:
        for button in self.query("#ready, #more-time").results(Button):
            button.label = self._label(button.id or "")

    # -- starting ------------------------------------------------------------------------

    def start_now(self) -> None:
        """The reset key pressed again while setting up: start with what is chosen so far."""
        if self.stage == "prepare":
            self._start()

    def _start(self) -> None:
        pressed = self.query_one("#lengths", RadioSet).pressed_button
        minutes = self._minutes.get(pressed.id or "", self.default_minutes) if pressed else (
            self.default_minutes
        )  # fmt: skip
        come_back_at = None
        choice = self.query_one("#come-back", RadioSet).pressed_button
        typed = self.query_one("#at", Input).value.strip()
        if typed or (choice is not None and choice.id == "at-time"):
            problem = ""
            try:
                now = datetime.now().astimezone()
                when = come_back_time(typed, now)
                ends = now.timestamp() + minutes * 60
                if when.timestamp() < ends - 59:
                    problem = (
                        f"{clock_time(when)} is before the pause would end "
                        f"({clock_time(datetime.fromtimestamp(ends))}): choose a later time, "
                        "or a shorter pause."
                    )
            except DurationError as exc:
                problem = str(exc)
            if problem:
                self.query_one("#reset-error", Static).update(problem)
                self.query_one("#at", Input).focus()
                return
            come_back_at = when.isoformat(timespec="minutes")
        topic = self.query_one("#topic", Input).value.strip()
        self.post_message(M.BeginPause(minutes * 60, topic, come_back_at))

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        if event.radio_set.id == "lengths" and event.pressed.id in self._minutes:
            note = gentle_note(self._minutes[event.pressed.id or ""] * 60)
            self.query_one("#gentle-note", Static).update(note)
        elif event.radio_set.id == "come-back" and event.pressed.id == "at-time":
            self.query_one("#at", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "at" and event.value.strip():
            self.query_one("#at-time", RadioButton).value = True  # typing a time chooses it

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._start()

    # -- during the pause ----------------------------------------------------------------

    def _view(self) -> CountdownView | None:
        found = self.query(CountdownView)
        return found.first() if found else None

    def action_hold(self) -> None:
        if self.pause is not None and (view := self._view()):
            self.pause.toggle()
            view.tick()
            self.post_message(M.PauseChanged())

    def action_more(self) -> None:
        if self.pause is not None and (view := self._view()):
            self.pause.extend(5 * 60)
            view.tick()
            self.post_message(M.PauseChanged())
            self.notify("Five more minutes.")

    def action_end_early(self) -> None:
        from coach.tui.screens.dialogs import Ask

        if self.pause is None or self.stage != "counting":
            return
        if self._asked_to_end:
            self._end()
            return

        def answer(choice: str | None) -> None:
            if choice == "end":
                self._asked_to_end = True
                self._end()

        self.app.push_screen(
            Ask(
                "End the pause now?",
                "If you both feel calm again, that is fine. If not, a little longer "
                "usually helps more than it costs.",
                [("end", "End it now"), ("stay", "Keep pausing")],
            ),
            answer,
        )

    def _end(self) -> None:
        if self.pause is not None:
            self.pause.finish()
        self.post_message(M.PauseChanged())
        self.stage = "after"

    def on_countdown_view_done(self, event: CountdownView.Done) -> None:
        event.stop()
        self.post_message(M.PauseDue())

    # -- the way back --------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button = event.button.id
        if button == "start":
            self._start()
        elif button == "ready":
            if self.in_flow:
                self._came_back()
                self.dismiss("continue")
            else:
                self.stage = "restart"
        elif button == "more-time" and self.pause is not None:
            state = self.pause.state
            self.post_message(M.BeginPause(10 * 60, state.topic, origin=state.origin))
        elif button == "later":
            self.dismiss("later")
        elif button in ("first-a", "first-b"):
            self._first("a" if button == "first-a" else "b")

    def _came_back(self) -> None:
        if self.pause is not None:
            self.pause.came_back()
        elif self.reset_id is not None:
            self.post_message(M.CameBack(self.reset_id))

    def _first(self, who: Literal["a", "b"]) -> None:
        first, other = self.names[who], self.names["b" if who == "a" else "a"]
        self.query_one("#first-words", Static).update(
            f'{first}, you begin: "When ..., I felt ..., and I need ...". '
            f"{other}, listen, then say back what you heard and ask if you got it right."
        )
        self._came_back()
        actions = self.query_one("#pause-actions", Horizontal)
        actions.remove_children()
        done = Button("Back to where we were", id="later", variant="primary")
        actions.mount(done)
        done.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("hold", "more", "end_early"):
            return self.stage == "counting"
        return True

    def action_leave(self) -> None:
        """Leave the screen; a running pause keeps counting (home shows it)."""
        self.dismiss("left")
