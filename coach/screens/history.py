"""The history: filter, read an entry, mark a note repaired, edit its words, delete."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import (
    Button,
    DataTable,
    Footer,
    Header,
    Input,
    Label,
    OptionList,
    Select,
    Static,
)
from textual.widgets.option_list import Option

from coach.flows.catalog import Catalog
from coach.history import History
from coach.history import entries as E
from coach.paths import style
from coach.screens.keys import RESET_FIRST

PAGE = 200


class HistoryScreen(Screen[None]):
    """A filterable list of everything noted, newest first."""

    CSS_PATH = style("history.tcss")
    BINDINGS = [
        RESET_FIRST,
        Binding("escape", "app.pop_screen", "Back"),
        Binding("slash", "search", "Search", key_display="/"),
        Binding("p", "app.patterns", "Patterns"),
    ]

    def __init__(self, history: History, catalog: Catalog, names: dict[str, str]) -> None:
        super().__init__()
        self.history = history
        self.catalog = catalog
        self.names = names
        self.shown: list[E.Entry] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filters"):
            yield Input(placeholder="search words", id="search", compact=True)
            yield Select(
                [("conversations", "conversation"), ("notes", "note"), ("resets", "reset")],
                prompt="everything", id="type", compact=True,
            )  # fmt: skip
            yield Select(
                [(f"{n} felt hurt", w) for w, n in self.names.items()],
                prompt="either of you", id="who", compact=True,
            )  # fmt: skip
            yield Select(
                [(h.name, h.id) for h in self.catalog.hurts], prompt="any kind", id="hurt",
                compact=True,
            )  # fmt: skip
        with Horizontal(id="dates"):
            yield Input(placeholder="from YYYY-MM-DD", id="since", compact=True, max_length=10)
            yield Input(placeholder="to YYYY-MM-DD", id="until", compact=True, max_length=10)
            yield Static("", id="count")
        yield DataTable(id="entries", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "History"
        table = self.query_one("#entries", DataTable)
        table.add_columns("when", "what", "felt hurt", "words", "mended")
        self.reload()
        table.focus()

    def current_filter(self) -> E.Filter:
        def value(selector: str) -> str | None:
            v = self.query_one(selector, Select).value
            return v if isinstance(v, str) else None

        kind = value("#type")
        dates = [self.query_one(f"#{d}", Input).value.strip() for d in ("since", "until")]
        return E.Filter(
            types=frozenset({kind} if kind else ()),
            who=value("#who"),
            hurt=value("#hurt"),
            text=self.query_one("#search", Input).value,
            since=dates[0] if _is_date(dates[0]) else None,
            until=dates[1] if _is_date(dates[1]) else None,
        )

    def reload(self) -> None:
        filt = self.current_filter()
        self.shown = E.entries(self.history, filt, limit=PAGE)
        total = E.count(self.history, filt)
        table = self.query_one("#entries", DataTable)
        table.clear()
        for e in self.shown:
            words = e.words if e.type != "reset" else ""
            table.add_row(
                E.short_date(e.at), _short(E.describe(e, self.catalog), 22),
                self.names.get(e.who or "", ""), _short(words, 16), E.mended(e), key=e.key,
            )  # fmt: skip
        more = f" (showing the newest {PAGE})" if total > PAGE else ""
        self.query_one("#count", Static).update(f"{total} entr{'y' if total == 1 else 'ies'}{more}")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.reload()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.reload()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        entry = self.shown[event.cursor_row]
        detail = E.detail(self.history, entry.type, entry.id)
        if detail is not None:
            self.app.push_screen(
                EntryDialog(detail, self.history, self.catalog, self.names),
                lambda _: self.reload(),
            )


class EntryDialog(ModalScreen[None]):
    """One entry in full, with what can be done to it."""

    CSS_PATH = style("history.tcss")
    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("m", "repair", "Mark repaired"),
        Binding("e", "edit", "Edit words"),
        Binding("d", "delete", "Delete"),
    ]

    def __init__(
        self, detail: E.Detail, history: History, catalog: Catalog, names: dict[str, str]
    ) -> None:
        super().__init__(classes="dialog")
        self.detail = detail
        self.history = history
        self.catalog = catalog
        self.names = names

    def compose(self) -> ComposeResult:
        e = self.detail.entry
        with Vertical(classes="dialog-box entry-box"):
            yield Static(E.describe(e, self.catalog), classes="dialog-title", markup=False)
            with VerticalScroll(id="entry-text"):
                yield Static(self._text(), markup=False)
            if e.type == "note":
                yield Label("Words")
                yield Input(
                    self.detail.fields.get("words", ""), placeholder="a few words",
                    id="words", compact=True,
                )  # fmt: skip
                yield Label("How was it repaired?")
                yield OptionList(*[Option(r.name, id=r.id) for r in self.catalog.repairs], id="how")
            with Horizontal(classes="dialog-buttons"):
                if e.type == "note":
                    yield Button("Mark repaired", id="repair", variant="primary")
                    yield Button("Save words", id="save")
                yield Button("Delete", id="delete", variant="error")
                yield Button("Close", id="close")

    def _text(self) -> str:
        e, f = self.detail.entry, self.detail.fields
        lines = [f"When: {e.at[:16].replace('T', ' ')}"]
        if e.type == "note":
            lines.append(f"Who felt hurt: {self.names.get(e.who or '', '')}")
            lines += [
                f"Repaired {r['created_at'][:16].replace('T', ' ')}: "
                f"{self.catalog.name_of(r['how'])}" + (f" ({r['words']})" if r["words"] else "")
                for r in self.detail.repairs
            ] or ["Not repaired yet."]
        elif e.type == "conversation":
            for a in f.get("answers", []):
                who = self.names.get(a.get("who"), "")
                value = a.get("value")
                if a.get("record") in ("micro-hurt", "repair"):
                    value = self.catalog.name_of(str(value))
                lines.append(f"{who}, {a.get('record')}: {value}")
        else:
            planned = round(f["planned_s"] / 60)
            lines.append(f"Planned: {planned} min")
            if f.get("actual_s") is not None:
                lines.append(f"Lasted: {round(f['actual_s'] / 60)} min")
            lines.append("Came back to it." if f.get("came_back_at") else "Not come back to yet.")
        return "\n".join(lines)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        action = {"repair": self.action_repair, "save": self.action_edit,
                  "delete": self.action_delete}.get(event.button.id or "")  # fmt: skip
        if action is None:
            self.dismiss()
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
        E.repair(self.history, self.detail.entry.id, choice)
        self.notify("Marked repaired.")
        self.dismiss()

    def action_edit(self) -> None:
        if self.detail.entry.type == "note":
            E.edit_words(self.history, self.detail.entry.id, self.query_one("#words", Input).value)
            self.notify("Saved.")
            self.dismiss()

    def action_delete(self) -> None:
        from coach.screens.dialogs import Ask

        def answer(choice: str | None) -> None:
            if choice == "delete":
                E.delete(self.history, self.detail.entry.type, self.detail.entry.id)
                self.notify("Deleted.")
                self.dismiss()

        self.app.push_screen(
            Ask("Delete this entry?", "It cannot be brought back.",
                [("keep", "Keep it"), ("delete", "Delete")]),
            answer,
        )  # fmt: skip


def _is_date(text: str) -> bool:
    import re

    return bool(re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text))


def _short(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
