"""A quick mental note of a small hurt: who felt it, which kind, a few words."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

from coach.flows.catalog import Catalog
from coach.tui.text import plain
from coach.tui.widgets.scroll import FocusScroll


@dataclass(frozen=True)
class Note:
    """What the dialog gives back: who felt hurt, the kind of moment, a few words."""

    felt_by: str
    kind: str
    words: str


class NoteDialog(ModalScreen[Note | None]):
    """Three quick fields; ctrl+s or enter in the words box saves."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save", priority=True),
    ]

    def __init__(self, names: dict[str, str], catalog: Catalog) -> None:
        super().__init__(classes="dialog")
        self.names = names
        self.catalog = catalog

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box note-box"):
            yield Static("Note a small hurt", classes="dialog-title")
            with FocusScroll(classes="dialog-scroll"):
                yield Label("Who felt hurt?")
                with RadioSet(id="felt-by"):
                    yield RadioButton(plain(self.names["a"]), value=True, id="who-a")
                    yield RadioButton(plain(self.names["b"]), id="who-b")
                yield Label("What kind of moment was it?")
                yield OptionList(
                    *[Option(h.name, id=h.id) for h in self.catalog.hurts], id="kind", markup=False
                )
                yield Input(
                    placeholder="a few words, if you like (optional)", id="words", compact=True
                )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        kinds = self.query_one("#kind", OptionList)
        kinds.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#words", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def unsaved_work(self) -> str | None:
        """What leaving now would lose: words typed for the note."""
        return (
            "the note you were writing" if self.query_one("#words", Input).value.strip() else None
        )

    def action_cancel(self) -> None:
        from coach.tui.screens.dialogs import ask_before_leaving

        what = self.unsaved_work()
        if what is None:
            self.dismiss(None)
        else:
            ask_before_leaving(self, what, leave=lambda: self.dismiss(None), save=self.action_save)

    def action_save(self) -> None:
        kinds = self.query_one("#kind", OptionList)
        if kinds.highlighted is None:
            return
        kind = kinds.get_option_at_index(kinds.highlighted).id or ""
        pressed = self.query_one("#felt-by", RadioSet).pressed_button
        felt_by = "b" if pressed is not None and pressed.id == "who-b" else "a"
        words = self.query_one("#words", Input).value.strip()
        self.dismiss(Note(felt_by, kind, words))
