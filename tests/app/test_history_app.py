"""Pilot: browsing, filtering and tending the history; the patterns screen."""

from __future__ import annotations

from textual.widgets import DataTable, Input, OptionList, Select, Static

from coach import paths
from coach.history import HistoryStore
from coach.history import patterns as P
from coach.tui.app import CoachApp
from coach.tui.screens.dialogs import Ask
from coach.tui.screens.entry import EntryDialog
from coach.tui.screens.history import HistoryScreen
from coach.tui.screens.home import Home
from coach.tui.screens.patterns import PatternsScreen
from tests.core.test_patterns import TODAY
from tests.fakes import seed
from tests.pilot import couple, settle


def seeded_app() -> CoachApp:
    with HistoryStore() as history:
        seed(history)
    return CoachApp(couple())


async def test_browse_filter_and_open_an_entry() -> None:
    app = seeded_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        table = screen.query_one("#entries", DataTable)
        assert table.row_count == 7
        screen.query_one("#type", Select).value = "note"
        await settle(pilot)
        assert table.row_count == 4
        screen.query_one("#who", Select).value = "b"
        await settle(pilot)
        assert table.row_count == 2
        await pilot.press("slash", *"bed")
        await settle(pilot)
        assert table.row_count == 1
        assert "1 entry" in str(screen.query_one("#count", Static).render())
        table.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryDialog)


async def test_mark_repaired_edit_words_and_delete_with_confirmation() -> None:
    app = seeded_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        await settle(pilot)
        screen = app.screen
        screen.query_one("#search", Input).value = "in bed"
        await settle(pilot)
        screen.query_one("#entries", DataTable).focus()
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#how", OptionList).highlighted = 5  # a hug or a hand to hold
        await pilot.click("#repair")
        await pilot.pause()
        assert "yes" in str(screen.query_one("#entries", DataTable).get_row_at(0))
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#words", Input).value = "in bed, late"
        await pilot.click("#save")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.click("#delete")
        await pilot.pause()
        assert isinstance(app.screen, Ask)
        await pilot.click("#delete")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert screen.query_one("#entries", DataTable).row_count == 0
    with HistoryStore() as history:
        assert history.count("notes") == 3
        words = [r[0] for r in history.db.execute("SELECT how FROM repairs")]
    assert "touch" not in words  # it went with the deleted note


async def test_patterns_screen_computes_off_the_ui_thread(monkeypatch) -> None:
    monkeypatch.setattr(P, "now_local", lambda: TODAY)
    app = seeded_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PatternsScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = str(screen.query_one("#observations", Static).render())
        assert "Nothing noted in the last 30 days" in text  # the seed is from early November
        await pilot.press("2")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = str(screen.query_one("#observations", Static).render())
        assert "noted most often was “Phone in the middle of us” (3 of 4)" in text


async def test_unreadable_history_offers_a_fresh_start_and_keeps_the_file() -> None:
    path = paths.history_file()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a database" * 50)
    app = CoachApp(couple())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, Ask)
        await pilot.click("#fresh")
        await pilot.pause()
        assert isinstance(app.screen, Home)
    kept = list(path.parent.glob("history.unreadable-*.sqlite3"))
    assert len(kept) == 1 and kept[0].read_bytes() == b"not a database" * 50
    with HistoryStore() as history:
        assert history.count("notes") == 0
