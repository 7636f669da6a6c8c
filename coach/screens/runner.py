"""The flow runner: one step at a time, saying whose turn it is."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Header, Input, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from coach.flows import runner
from coach.flows.catalog import GentlePhrase
from coach.flows.gentle import spot
from coach.flows.model import Flow
from coach.flows.runner import Event, Prompt, RunError, RunState
from coach.paths import style
from coach.widgets.floor import FloorBadge
from coach.widgets.pause import PauseView
from coach.widgets.scale import Scale

Saver = Callable[[RunState], None]


class RunnerScreen(Screen[None]):
    """Runs one flow. Every step is handed to ``save`` so a crash loses nothing."""

    CSS_PATH = [style("runner.tcss"), style("pause.tcss")]

    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(
        self,
        flow: Flow,
        state: RunState,
        names: dict[str, str],
        phrases: tuple[GentlePhrase, ...],
        save: Saver,
        finish: Saver,
        bell: bool = True,
        clock: Callable[[], float] | None = None,
        preview: bool = False,
    ) -> None:
        super().__init__()
        self.preview = preview
        self.flow = flow
        self.state = state
        self.names = names
        self.phrases = phrases
        self.save = save
        self.finish = finish
        self.bell = bell
        self.clock = clock
        self.view: Prompt | None = None

    @property
    def unfinished(self) -> bool:
        """A real run that has not ended (a preview can be dropped without asking)."""
        return not self.state.finished and not self.preview

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="runner"):
            with Horizontal(id="run-top"):
                yield Static(self.flow.title, id="run-title", markup=False)
                yield ProgressBar(show_eta=False, show_percentage=False, id="run-progress")
            yield FloorBadge(id="floor")
            with VerticalScroll(id="prompt-box"):
                yield Static("", id="prompt", markup=False)
            yield Vertical(id="answer")
            yield Static("", id="hint", markup=False)
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        self.sub_title = f"Preview: {self.flow.title}" if self.preview else self.flow.title
        await self.show()

    # -- drawing -------------------------------------------------------------------------

    async def show(self) -> None:
        view = runner.prompt(self.flow, self.state, self.names)
        self.view = view
        total = view.done + view.remaining
        self.query_one("#run-progress", ProgressBar).update(total=max(total, 1), progress=view.done)
        self.query_one("#floor", FloorBadge).show(view, self.names)
        self.query_one("#prompt", Static).update(view.text)
        self.query_one("#hint", Static).update("")
        area = self.query_one("#answer", Vertical)
        await area.remove_children()
        widgets = self._answer_widgets(view)
        await area.mount_all(widgets)
        for options in area.query(OptionList):
            options.highlighted = 0
        focus = next((w for w in widgets if w.can_focus), None)
        if focus is not None:
            self.set_focus(focus)  # now, not after a refresh: typing may already be under way
        self.refresh_bindings()

    def _answer_widgets(self, view: Prompt) -> list[Widget]:
        step = view.step
        if view.phase == "reveal":
            lines = [
                f"{self.names[who]}: {runner.display(self.flow, step.save or '', value)}"
                for who, value in sorted(view.revealed.items())
            ]
            return [Static("\n".join(lines), id="reveal", markup=False), _continue()]
        if view.phase == "continue":
            if step.kind == "pause" and step.seconds:
                pause = PauseView.of(step.seconds, step.breathe, **self._clock())
                return [pause, Button("Skip the rest of the pause", id="continue")]
            return [_continue("Finish" if step.kind == "end" else "Continue")]
        if view.choices:
            options = [Option(c.label, id=str(i)) for i, c in enumerate(view.choices)]
            return [OptionList(*options, id="choices")]
        if step.answer == "scale" and not step.private:
            return [Scale(step.low, step.high, id="scale")]
        if step.answer == "scale":
            return [
                Input(
                    password=True,
                    restrict=r"[0-9]{0,2}",
                    max_length=2,
                    placeholder="a number from 1 to 10, then enter (it shows as dots)",
                    id="private-scale",
                )
            ]
        placeholder = "type here, then enter"
        if step.private:
            placeholder = "type here; it shows as dots. Press enter when done"
        elif step.optional:
            placeholder += " (or leave it empty)"
        return [Input(password=step.private, placeholder=placeholder, id="text")]

    def _clock(self) -> dict[str, Any]:
        return {"clock": self.clock} if self.clock else {}

    # -- input ---------------------------------------------------------------------------

    async def send(self, event: Event) -> None:
        try:
            self.state = runner.apply(self.flow, self.state, event)
        except RunError as exc:
            self.query_one("#hint", Static).update(_plain(str(exc)))
            return
        if self.state.finished:
            self.finish(self.state)
            return
        self.save(self.state)
        await self.show()

    async def answer(self, value: object) -> None:
        if self.view and self.view.awaiting:
            await self.send({"type": "answer", "who": self.view.awaiting, "value": value})

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "continue":
            await self.send({"type": "next"})

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.view and event.option.id is not None:
            await self.answer(self.view.choices[int(event.option.id)].value)

    async def on_scale_chosen(self, event: Scale.Chosen) -> None:
        event.stop()
        await self.answer(event.value)

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "private-scale":
            text = event.value.strip()
            await self.answer(int(text) if text.isascii() and text.isdigit() else 0)
        else:
            await self.answer(event.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        if not (self.view and self.view.step.gentle and event.input.id == "text"):
            return
        found = spot(event.value, self.phrases)
        hint = self.query_one("#hint", Static)
        if not found:
            hint.update("")
            return
        first = found[0].phrase
        more = f"  (+{len(found) - 1} more)" if len(found) > 1 else ""
        why = f"\n{first.why}" if first.why else ""
        hint.update(f'Gentler than "{first.match}": {first.instead}{more}{why}')

    def on_pause_view_finished(self, event: PauseView.Finished) -> None:
        event.stop()
        if self.bell:
            self.app.bell()
        button = self.query_one("#continue", Button)
        button.label = "The pause is over: continue"
        button.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return runner.can_go_back(self.flow, self.state)
        return True

    async def action_back(self) -> None:
        if runner.can_go_back(self.flow, self.state):
            await self.send({"type": "back"})


def _continue(label: str = "Continue") -> Button:
    return Button(label, id="continue", variant="primary")


def _plain(message: str) -> str:
    """Turn a runner refusal into a kind sentence for the screen."""
    if "1 to 10" in message:
        return "Please choose a number from 1 to 10."
    if "needs an answer" in message:
        return "This one needs a few words before you go on."
    return message
