"""The flow runner: one step at a time, saying whose turn it is."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import (
    Button,
    Header,
    Input,
    OptionList,
    ProgressBar,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from coach.conversation import Conversation
from coach.flows import runner
from coach.flows.catalog import GentlePhrase
from coach.flows.gentle import spot
from coach.flows.model import Choice, Flow
from coach.flows.runner import Answer, Back, Event, Next, Prompt, Refusal, RunState
from coach.paths import style
from coach.pause import Pause
from coach.tui import messages as M
from coach.tui.screens.keys import RESET_FIRST
from coach.tui.widgets.floor import FloorBadge
from coach.tui.widgets.footer import KeyFooter
from coach.tui.widgets.scale import PrivateScale, Scale

DRAFT_SECONDS = 1.0  # a pause in typing this long keeps a draft of the words

REFUSALS = {
    "scale": "Please choose a number from 1 to 10.",
    "empty": "This one needs a few words before you go on.",
    "choice": "Please choose one of the answers.",
    "text": "Please answer in words.",
}


class RunnerScreen(Screen[None]):
    """Runs one conversation. Every step is saved as it is given, so a crash loses nothing."""

    CSS_PATH = style("runner.tcss")

    BINDINGS = [
        RESET_FIRST,
        Binding("escape", "back", "Back"),
        Binding("ctrl+x", "stop", "Stop", priority=True),
        Binding("ctrl+s", "done", "Done", priority=True, show=False),
        Binding("ctrl+n", "another_card", "Another question", priority=True),
        Binding("ctrl+l", "keep_card", "Keep question", priority=True),
    ]

    def __init__(
        self,
        conversation: Conversation,
        names: dict[str, str],
        phrases: tuple[GentlePhrase, ...],
    ) -> None:
        super().__init__()
        self.conversation = conversation
        self.names = names
        self.phrases = phrases
        self.preview = conversation.preview
        self.view: Prompt | None = None
        #: The reset pause this conversation's ``pause`` step started (the app sets it).
        self.flow_pause: Pause | None = None
        self._paused_at: tuple[str, int] | None = None  # the step visit that began a pause
        self._draft_timer: Timer | None = None

    @property
    def flow(self) -> Flow:
        return self.conversation.flow

    @property
    def state(self) -> RunState:
        return self.conversation.state

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="runner"):
            with Horizontal(id="run-top"):
                yield Static(self.flow.title, id="run-title", markup=False)
                yield ProgressBar(show_eta=False, show_percentage=False, id="run-progress")
            yield FloorBadge(id="floor")
            with VerticalScroll(id="prompt-box"):
                yield Static("", id="prompt", markup=False)
            with Vertical(id="answer-dock"):  # docked: the answer is always in view
                yield Static("", id="hint", markup=False)
                yield Vertical(id="answer")
        yield KeyFooter()

    async def on_mount(self) -> None:
        self.sub_title = f"Preview: {self.flow.title}" if self.preview else self.flow.title
        await self.show()

    def on_unmount(self) -> None:
        """Gone from the screen: let go of the conversation's file (it stays, to resume)."""
        if not self.state.finished:
            self.conversation.close()

    async def on_screen_resume(self) -> None:
        """Back from the pause (or a dialog): the pause step may be over now."""
        if self.view is not None and self.view.step.kind == "pause":
            await self.show()

    # -- drawing -------------------------------------------------------------------------

    async def show(self) -> None:
        view = runner.prompt(self.flow, self.state, self.names)
        self.view = view
        total = view.done + view.remaining
        self.query_one("#run-progress", ProgressBar).update(total=max(total, 1), progress=view.done)
        self.query_one("#floor", FloorBadge).show(view, self.names)
        self.query_one("#prompt", Static).update(view.text)
        self.query_one("#hint", Static).update(self.conversation.problem)
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
        if view.step.kind == "pause":
            self._begin_pause(view)

    def _begin_pause(self, view: Prompt) -> None:
        """A pause step starts the reset pause once per visit."""
        visit = (view.step.id, self.state.visits.get(view.step.id, 0))
        if self._paused_at == visit:
            return
        self._paused_at = visit
        self.flow_pause = None
        self.post_message(M.FlowPause(self.conversation, view.step.seconds, view.step.breathe))

    def _answer_widgets(self, view: Prompt) -> list[Widget]:
        step = view.step
        if view.phase == "reveal":
            state, save = self.conversation.state, step.save or ""

            def shown(value: runner.Value) -> str:  # a label may hold names or the card
                return runner.answer_shown(self.flow, state, save, value, self.names)

            lines = [f"{self.names[who]}: {shown(v)}" for who, v in sorted(view.revealed.items())]
            return [Static("\n".join(lines), id="reveal", markup=False), _button("Continue")]
        if view.phase == "continue":
            if step.kind == "pause":
                pause = self.flow_pause
                if pause is not None and not pause.done:
                    return [
                        Static("Your reset pause is still running.", id="pause-note"),
                        Button("Back to the pause (ctrl+r)", id="to-pause", variant="primary"),
                    ]
                return [_button("Go on with the conversation")]
            return [_button("Finish" if step.kind == "end" else "Continue")]
        if view.choices:
            options = [Option(_choice(c), id=str(i)) for i, c in enumerate(view.choices)]
            return [OptionList(*options, id="choices")]
        if step.answer == "scale":
            scale = PrivateScale if step.private else Scale
            return [scale(step.low, step.high, id="scale")]
        return [self._text_box(view)]

    def _text_box(self, view: Prompt) -> Widget:
        """Where words are typed: one line, or several for a few sentences (``long``).
        Words typed here before (a draft, or an answer being added to) are back in it."""
        step = view.step
        draft = self.conversation.draft
        earlier = draft[1] if draft and draft[0] == view.awaiting else view.previous
        text = earlier if isinstance(earlier, str) else ""
        if step.long and not step.private:
            box = TextArea(text, id="text", soft_wrap=True, tab_behavior="focus")
            box.border_subtitle = "ctrl+s when done"
            return box
        placeholder = "type here, then enter"
        if step.private:
            placeholder = "type here; it shows as dots. Press enter when done"
        elif step.optional:
            placeholder += " (or leave it empty)"
        return Input(text, password=step.private, placeholder=placeholder, id="text")

    # -- input ---------------------------------------------------------------------------

    async def send(self, event: Event) -> None:
        if self._draft_timer is not None:  # the words are sent: no draft of them is due
            self._draft_timer.stop()
            self._draft_timer = None
        refusal = self.conversation.send(event)
        if refusal is not None:
            self.query_one("#hint", Static).update(_kindly(refusal))
            return
        if self.state.finished:
            self.post_message(M.ConversationOver(self.conversation))
            return
        await self.show()

    async def answer(self, value: str | int) -> None:
        if self.view and self.view.awaiting:
            await self.send(Answer(self.view.awaiting, value))

    async def continue_after_pause(self) -> None:
        """The pause this step began is over and the couple want to go on."""
        if self.view is not None and self.view.step.kind == "pause":
            await self.send(Next())

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "continue":
            await self.send(Next())
        elif event.button.id == "to-pause":
            await self.run_action("app.reset")  # the reset key's own action: back to the pause

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.view and event.option.id is not None:
            await self.answer(self.view.choices[int(event.option.id)].value)

    async def on_scale_chosen(self, event: Scale.Chosen) -> None:
        event.stop()
        await self.answer(event.value)

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        await self.answer(event.value)

    async def action_done(self) -> None:
        """ctrl+s: the words in a box of several lines are the answer."""
        boxes = self.query("#text").results(TextArea)
        for box in boxes:
            await self.answer(box.text)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._typed(event.value)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._typed(event.text_area.text)

    def _typed(self, text: str) -> None:
        """Words are being typed: keep a draft now and then, and watch for harsh phrases."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_SECONDS, lambda: self._keep_draft(text))
        if self.view and self.view.step.gentle:
            self._gentle(text)

    def keep_draft_now(self) -> None:
        """Keep the words in the answer box at once (before quitting)."""
        for box in self.query("#text"):
            text = box.text if isinstance(box, TextArea) else getattr(box, "value", "")
            self._keep_draft(str(text))

    def _keep_draft(self, text: str) -> None:
        if self.view is not None and self.view.awaiting is not None and text.strip():
            self.conversation.save_draft(self.view.awaiting, text)

    def _gentle(self, text: str) -> None:
        found = spot(text, self.phrases)
        hint = self.query_one("#hint", Static)
        if not found:
            hint.update("")
            return
        first = found[0].phrase
        more = f"  (+{len(found) - 1} more)" if len(found) > 1 else ""
        why = f"\n{first.why}" if first.why else ""
        hint.update(f'Gentler than "{first.match}": {first.instead}{more}{why}')

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("another_card", "keep_card"):
            return self.view is not None and self.view.step.draw is not None
        return True

    async def action_another_card(self) -> None:
        """Another question card for this step (this one is put back as skipped)."""
        if self.conversation.another_card():
            await self.show()
        else:
            self.notify("No other question fits this step just now.")

    def action_keep_card(self) -> None:
        """Keep this question as a favourite, to come back to."""
        if self.conversation.keep_card():
            self.notify("Kept with your favourite questions.")
        else:
            self.notify("This question is already one of your favourites.")

    async def action_back(self) -> None:
        if runner.can_go_back(self.flow, self.state):
            await self.send(Back())
        else:
            self.action_stop()

    def action_stop(self) -> None:
        """Stop here: keep the conversation for later, or let it go (asked first)."""
        from coach.tui.screens.dialogs import Ask

        if self.conversation.preview:
            self.dismiss()
            return

        def answer(choice: str | None) -> None:
            if choice == "keep":
                self.conversation.close()
                self.post_message(M.GoHome())
            elif choice == "discard":
                self.conversation.discard()
                self.post_message(M.GoHome())

        self.app.push_screen(
            Ask(
                f"Stop {self.flow.title} here?",
                "What you have said so far can be kept: coach offers to pick it up next "
                "time. Or you can let it go.",
                [("keep", "Keep it for later"), ("discard", "Let it go"), ("stay", "Stay")],
            ),
            answer,
        )


def _choice(choice: Choice) -> Content:
    """A choice as the couple reads it: its label, and what it means, if the flow says."""
    if not choice.about:
        return Content(choice.label)
    return Content.assemble(choice.label, ("\n" + choice.about, "dim"))


def _button(label: str) -> Button:
    return Button(label, id="continue", variant="primary")


def _kindly(refusal: Refusal) -> str:
    """A refused answer, said kindly."""
    return REFUSALS.get(refusal.reason, str(refusal))
