"""The history: filter, read an entry, mark a note repaired, edit its words, delete."""

from __future__ import annotations

import sqlite3

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import (
    DataTable,
    Header,
    Input,
    Select,
    Static,
)
from textual.worker import get_current_worker

from coach.dates import short_date
from coach.flows.catalog import Catalog
from coach.history import HistoryError, HistoryStore
from coach.history import entries as E
from coach.paths import style
from coach.tui.screens.keys import RESET_FIRST
from coach.tui.text import plain
from coach.tui.widgets.footer import KeyFooter

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

    def __init__(self, catalog: Catalog, names: dict[str, str]) -> None:
        super().__init__()
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
                [(plain(f"{n} felt hurt"), w) for w, n in self.names.items()],
                prompt="either of you", id="who", compact=True,
            )  # fmt: skip
            yield Select(
                [(plain(h.name), h.id) for h in self.catalog.hurts], prompt="any kind", id="hurt",
                compact=True,
            )  # fmt: skip
        with Horizontal(id="dates"):
            yield Input(placeholder="from YYYY-MM-DD", id="since", compact=True, max_length=10)
            yield Input(placeholder="to YYYY-MM-DD", id="until", compact=True, max_length=10)
            yield Static("", id="count")
        yield DataTable(id="entries", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

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
        """Ask for the entries again (off the UI thread; only the newest answer is shown)."""
        self.fetch(self.current_filter())

    @work(thread=True, exclusive=True, group="history")
    def fetch(self, filt: E.Filter) -> None:
        """Run the query on a worker thread with its own connection, then show the result."""
        try:
            with HistoryStore() as store:
                found = E.entries(store, filt, limit=PAGE)
                total = E.count(store, filt)
        except (HistoryError, sqlite3.Error) as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show, filt, found, total)

    def show(self, filt: E.Filter, found: list[E.Entry], total: int) -> None:
        if filt != self.current_filter():
            return  # the filters changed meanwhile: a newer answer is on its way
        self.shown = found
        table = self.query_one("#entries", DataTable)
        table.clear()
        for e in found:
            words = e.words if e.type != "reset" else ""
            table.add_row(
                *(Text(cell) for cell in (
                    short_date(e.at), _short(E.describe(e, self.catalog), 22),
                    self.names.get(e.who or "", ""), _short(words, 16), E.mended(e),
                )),
                key=e.key,
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
        from coach.tui.screens.entry import EntryDialog

        if event.cursor_row >= len(self.shown):
            return
        entry = self.shown[event.cursor_row]
        with HistoryStore() as store:
            detail = E.detail(store, entry.type, entry.id)
        if detail is not None:
            self.app.push_screen(
                EntryDialog(detail, self.catalog, self.names), lambda _: self.reload()
            )


def _is_date(text: str) -> bool:
    import re

    return bool(re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text))


def _short(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
