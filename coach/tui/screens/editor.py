"""Edit a flow in the app: errors as you type, save safely, and try it in a preview."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from coach.flows.authoring import (
    AuthoringError,
    ExternalEdit,
    backup_path,
    editor_command,
    save_flow,
)
from coach.flows.catalog import Catalog
from coach.flows.load import FlowFile, load_flow_text
from coach.paths import style
from coach.tui import messages as M
from coach.tui.screens.keys import RESET_FIRST
from coach.tui.widgets.footer import KeyFooter

DEBOUNCE = 0.35  # seconds of quiet typing before the flow is checked again


def fast_clock(speed: float = 60.0) -> Callable[[], float]:
    """A clock for previews: a minute passes in a second, so pauses do not hold you up."""
    start = time.monotonic()
    return lambda: start + (time.monotonic() - start) * speed


class EditorScreen(Screen[None]):
    """A flow's TOML with its problems listed beside it."""

    CSS_PATH = style("editor.tcss")
    BINDINGS = [
        RESET_FIRST,
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("ctrl+t", "try_it", "Try it", priority=True),
        Binding("ctrl+e", "external", "Editor", priority=True),
        Binding("ctrl+l", "revert", "Revert", priority=True),
        Binding("escape", "leave", "Back"),
    ]

    def __init__(self, path: Path, text: str, catalog: Catalog, saved_to: Path | None = None):
        super().__init__()
        self.source = path  # where the text came from
        self.target = saved_to or path  # where saving writes (a bundled flow: your copy)
        self.original = text
        self.catalog = catalog
        self.file: FlowFile | None = None
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="editor"):
            yield TextArea.code_editor(
                self.original, language="toml", id="source", tab_behavior="focus"
            )
            with Vertical(id="problems-box"):
                yield Static("", id="problems-title")
                yield OptionList(id="problems", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = f"Editing {self.target.name}"
        self.check()
        self.query_one("#source", TextArea).focus()

    @property
    def text(self) -> str:
        return self.query_one("#source", TextArea).text

    @property
    def unsaved(self) -> bool:
        return self.text != self.original

    # -- checking as you type --------------------------------------------------------------

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, self.check)

    def check(self) -> FlowFile:
        self.file = load_flow_text(self.text, self.target, self.catalog)
        problems = self.query_one("#problems", OptionList)
        problems.clear_options()
        for i, d in enumerate(self.file.diagnostics):
            tag = "error" if d.is_error else "warning"
            hint = f"\n  {d.hint}" if d.hint else ""
            problems.add_option(Option(f"{d.line}:{d.col} {tag}: {d.message}{hint}", id=str(i)))
        errors = sum(d.is_error for d in self.file.diagnostics)
        title = "No problems: ready to try" if not self.file.diagnostics else (
            f"{errors} error{'s' if errors != 1 else ''}" if errors else "Only warnings"
        )  # fmt: skip
        self.query_one("#problems-title", Static).update(title)
        return self.file

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Choosing a problem puts the cursor where it is."""
        event.stop()
        if self.file is None or event.option.id is None:
            return
        d = self.file.diagnostics[int(event.option.id)]
        area = self.query_one("#source", TextArea)
        area.cursor_location = (d.line - 1, max(0, d.col - 1))
        area.focus()

    # -- saving ----------------------------------------------------------------------------

    def action_save(self) -> None:
        from coach.tui.screens.dialogs import Ask

        file = self.check()
        if file.ok:
            self._write()
            return

        def answer(choice: str | None) -> None:
            if choice == "save":
                self._write()

        self.app.push_screen(
            Ask(
                "Save with errors?",
                "Saved as it is, this flow is marked invalid and not used until it is "
                "fixed. The version before is kept as a backup.",
                [("back", "Keep editing"), ("save", "Save anyway")],
            ),
            answer,
        )

    def _write(self) -> bool:
        try:
            save_flow(self.target, self.text)
        except (OSError, AuthoringError) as exc:
            self.notify(f"Could not save: {exc}", severity="error", markup=False)
            return False
        self.original = self.text
        self.post_message(M.FlowsSaved())
        backup = backup_path(self.target)
        kept = f" (the previous version is in {backup.name})" if backup.exists() else ""
        self.notify(f"Saved {self.target.name}{kept}.", markup=False)
        return True

    def action_revert(self) -> None:
        path = self.target if self.target.exists() else self.source
        self.original = path.read_text(encoding="utf-8")
        self.query_one("#source", TextArea).load_text(self.original)
        self.check()
        self.notify("Back to the saved version.")

    def unsaved_work(self) -> str | None:
        """What leaving now would lose (for the app's quit and for leaving this screen)."""
        return f"changes to {self.target.name}" if self.unsaved else None

    def action_leave(self) -> None:
        from coach.tui.screens.dialogs import ask_before_leaving

        what = self.unsaved_work()
        if what is None:
            self.dismiss()
            return

        def save() -> None:
            if self._write():
                self.dismiss()

        ask_before_leaving(self, what, leave=lambda: self.dismiss(), save=save)

    # -- the external editor and the preview -----------------------------------------------

    def action_external(self) -> None:
        """Edit the text in the couple's own editor ($VISUAL / $EDITOR), then come back."""
        try:
            editor = editor_command()
            edit = ExternalEdit(self.target.name, self.text)
            with self.app.suspend():
                edit.run(editor)
            text = edit.text()
        except (AuthoringError, OSError) as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.query_one("#source", TextArea).load_text(text)
        edit.done()
        self.check()

    def action_try_it(self) -> None:
        file = self.check()
        if not file.ok or file.flow is None:
            self.notify("Fix the errors first, then try it.", severity="warning")
            return
        self.post_message(M.TryFlow(file.flow))
