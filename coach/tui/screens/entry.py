"""One history entry in full, with what can be done to it: mark repaired, edit, delete."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from coach.flows.catalog import Catalog
from coach.history import HistoryStore
from coach.history import entries as E
from coach.paths import style
from coach.tui.widgets.scroll import FocusScroll


class EntryDialog(ModalScreen[None]):
    """One entry in full, with what can be done to it."""

    CSS_PATH = style("history.tcss")
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("m", "repair", "Mark repaired"),
        Binding("e", "edit", "Edit words"),
        Binding("d", "delete", "Delete"),
    ]

    def __init__(self, detail: E.Detail, catalog: Catalog, names: dict[str, str]) -> None:
        super().__init__(classes="dialog")
        self.detail = detail
        self.catalog = catalog
        self.names = names

    def compose(self) -> ComposeResult:
        e = self.detail.entry
        with Vertical(classes="dialog-box entry-box"):
            yield Static(E.describe(e, self.catalog), classes="dialog-title", markup=False)
            with FocusScroll(classes="dialog-scroll"):
                yield Static(self._text(), markup=False, id="entry-text")
                if e.type == "note":
                    yield Label("Words")
                    yield Input(
                        self.detail.fields.get("words", ""), placeholder="a few words",
                        id="words", compact=True,
                    )  # fmt: skip
                    yield Label("How was it repaired?")
                    yield OptionList(
                        *[Option(r.name, id=r.id) for r in self.catalog.repairs],
                        id="how",
                        markup=False,
                    )
            with Horizontal(classes="dialog-buttons"):
                if e.type == "note":
                    yield Button("Mark repaired", id="repair", variant="primary")
                    yield Button("Save words", id="save")
                yield Button("Delete", id="delete", variant="error")
                yield Button("Close", id="close")

    def _text(self) -> str:
        return "\n".join(E.detail_lines(self.detail, self.catalog, self.names))

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        action = {"repair": self.action_repair, "save": self.action_edit,
                  "delete": self.action_delete}.get(event.button.id or "")  # fmt: skip
        if action is None:
            self.action_close()
        else:
            action()

    def action_repair(self) -> None:
        if self.detail.entry.type != "note":
            return
        how = self.query_one("#how", OptionList)
        if how.highlighted is None:
            how.focus()
            self.notify("Choose how it was repaired, then press the button again.")
            return
        choice = how.get_option_at_index(how.highlighted).id or "sorry"
        self._write(E.repair, self.detail.entry.id, choice)
        self.notify("Marked repaired.")
        self.dismiss()

    def unsaved_work(self) -> str | None:
        """What leaving now would lose: words changed and not saved."""
        if self.detail.entry.type != "note":
            return None
        before = str(self.detail.fields.get("words") or "")
        now = self.query_one("#words", Input).value
        return "changed words" if now.strip() != before.strip() else None

    def action_close(self) -> None:
        from coach.tui.screens.dialogs import ask_before_leaving

        what = self.unsaved_work()
        if what is None:
            self.dismiss()
        else:
            ask_before_leaving(self, what, leave=lambda: self.dismiss(), save=self.action_edit)

    def action_edit(self) -> None:
        if self.detail.entry.type == "note":
            self._write(E.edit_words, self.detail.entry.id, self.query_one("#words", Input).value)
            self.notify("Saved.")
            self.dismiss()

    def action_delete(self) -> None:
        from coach.tui.screens.dialogs import Ask

        def answer(choice: str | None) -> None:
            if choice == "delete":
                self._write(E.delete, self.detail.entry.type, self.detail.entry.id)
                self.notify("Deleted.")
                self.dismiss()

        self.app.push_screen(
            Ask("Delete this entry?", "It cannot be brought back.",
                [("keep", "Keep it"), ("delete", "Delete")]),
            answer,
        )  # fmt: skip

    def _write(self, change: Callable[..., object], *args: object) -> None:
        """One change to the history, on its own short connection."""
        with HistoryStore() as store:
            change(store, *args)
