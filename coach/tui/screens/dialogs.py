"""Small modal dialogs: a question with buttons, the privacy cover, and help."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Static

from coach.paths import style


class Ask(ModalScreen[str]):
    """A question with a few buttons; dismisses with the chosen button's id. Arrow keys
    move between the buttons."""

    BINDINGS = [
        Binding("escape", "dismiss('cancel')", "Cancel"),
        Binding("left,up", "app.focus_previous", "Previous", show=False),
        Binding("right,down", "app.focus_next", "Next", show=False),
    ]

    def __init__(self, title: str, body: str, buttons: Sequence[tuple[str, str]]) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.body = body
        self.buttons = buttons

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Static(self.body, classes="dialog-body", markup=False)
            with Horizontal(classes="dialog-buttons"):
                for i, (button_id, label) in enumerate(self.buttons):
                    yield Button(label, id=button_id, variant="primary" if i == 0 else "default")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id or "cancel")


def ask_before_leaving(
    screen: Screen[Any],
    what: str,
    *,
    leave: Callable[[], object],
    save: Callable[[], object] | None = None,
) -> None:
    """Unsaved words or changes on ``screen``: ask before they are dropped."""
    buttons = [("save", "Save and leave")] if save is not None else []
    buttons += [("stay", "Stay"), ("leave", "Leave without saving")]

    def answer(choice: str | None) -> None:
        if choice == "save" and save is not None:
            save()
        elif choice == "leave":
            leave()

    screen.app.push_screen(
        Ask("Leave without saving?", f"You have {what} that would be lost.", buttons), answer
    )


class Cover(ModalScreen[None]):
    """Hides everything on screen until the cover key is pressed again."""

    CSS_PATH = style("cover.tcss")

    BINDINGS = [
        Binding("ctrl+f", "dismiss", "Uncover", priority=True),
        Binding("ctrl+b", "dismiss", "Uncover", show=False, priority=True),
    ]

    def compose(self) -> ComposeResult:
        yield Static("Press ctrl+f to come back.", id="cover-text")


HELP_TEXT = """\
coach walks the two of you through short conversations, one step at a time. \
The badge at the top says whose turn it is.

Keys everywhere
  ctrl+r   a calming reset pause, from anywhere (r too, where you are not typing)
  f1       this help (? too, where you are not typing)
  ctrl+f   cover the screen; press again to come back (ctrl+b too)
  ctrl+p   all commands, themes and settings
  ctrl+q   quit (an unfinished conversation is kept for next time)
  enter    continue, or choose; tab and the arrows move between choices

On the home screen
  n        note a small hurt
  d        draw a card: one question to talk about
  h / p    your history / its patterns
  s        settings: names, reset length, theme, bell, notifications
  e        edit the highlighted conversation
  c / x    come back to a paused talk / let it rest

In a conversation
  escape   go back a step (on the first step: stop)
  ctrl+x   stop here: keep it for later, or let it go
  ctrl+s   done, in a box for a few sentences

In a reset pause
  space    hold the time, or let it run again
  + / e    five more minutes / end it early (asked once)
  escape   leave it counting; home shows the time left

Private answers
  When a question is private, the one answering types while the other looks away. \
Answers show as dots, and both appear together once you have both answered.

A gentle word
  coach is not therapy. It is made for relationships that feel fundamentally safe. \
If either of you feels afraid or unsafe with the other, please put this aside and \
reach out to local emergency services or a domestic-violence helpline.

  When the same hurts keep coming back, or repair keeps not working, a couples \
therapist or counsellor can help. Asking for that is a sign of care.

Your data
  Everything stays on this computer, readable only by your user account. \
`coach paths` shows where."""


class Help(ModalScreen[None]):
    """Keys, how private answers work, and where help is found."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("question_mark", "dismiss", "Close", show=False),
    ]

    def __init__(self, help_lines: Sequence[str] = ()) -> None:
        super().__init__(classes="dialog")
        self.help_lines = help_lines

    def compose(self) -> ComposeResult:
        text = HELP_TEXT
        if self.help_lines:
            text += "\n\nYour own help lines\n" + "\n".join(f"  {x}" for x in self.help_lines)
        else:
            text += (
                "\n\n  You can keep the numbers of local helplines here: add them as "
                "`help_lines` in your settings file."
            )
        with Vertical(classes="dialog-box help-box"):
            yield Static("Help", classes="dialog-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(text, markup=False, id="help-text")
            yield Button("Close", id="close", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss()
