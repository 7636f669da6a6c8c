"""Pilot: the reset pause from anywhere, exact with a fake clock, and the way back."""

from __future__ import annotations

import json

import pytest
from textual.widgets import Input, Static

from coach import notify, paths
from coach.history import HistoryStore
from coach.settings import Settings
from coach.tui.app import CoachApp
from coach.tui.routes.pause import DONE_BODY, DONE_TITLE
from coach.tui.screens.dialogs import Ask
from coach.tui.screens.home import Home
from coach.tui.screens.pause import PauseScreen
from coach.tui.widgets.countdown import CountdownView
from tests.fakes import FakeClock
from tests.pilot import couple, take_step


def fake_app(**kwargs: object) -> tuple[CoachApp, FakeClock, FakeClock]:
    mono, wall = FakeClock(100.0), FakeClock(1_795_000_000.0)
    settings = kwargs.pop("settings", couple())
    return CoachApp(settings, clock=mono, wall=wall, **kwargs), mono, wall  # type: ignore[arg-type]


def pause_screen(app: CoachApp) -> PauseScreen:
    assert isinstance(app.screen, PauseScreen), app.screen
    return app.screen


async def open_on(pilot, app: CoachApp, where: str) -> None:
    """Get to a screen, with a text box focused where the screen has one."""
    if where == "runner-typing":
        app.start_flow("check-in")
        await pilot.pause()
        for _ in range(4):
            await take_step(pilot, app)
        await pilot.press(*"we both")
        assert isinstance(app.focused, Input)
    elif where == "note-typing":
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#words", Input).focus()
        await pilot.press(*"at dinner")
    elif where == "settings-typing":
        await pilot.press("s")
        await pilot.pause()
        app.screen.query_one("#partner_a", Input).focus()
    elif where == "help":
        await pilot.press("question_mark")
    elif where == "summary":
        app.start_flow("temperature")
        await pilot.pause()
        for _ in range(4):
            await take_step(pilot, app)
    await pilot.pause()


@pytest.mark.parametrize(
    "where", ["home", "runner-typing", "note-typing", "settings-typing", "help", "summary"]
)
async def test_ctrl_r_opens_the_pause_from_every_screen(where: str) -> None:
    app, _, _ = fake_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_on(pilot, app, where)
        before = app.screen
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert pause_screen(app).stage == "prepare"
        await pilot.press("escape")  # leaving the pause returns to where they were
        await pilot.pause()
        if isinstance(before, Home):
            assert isinstance(app.screen, Home)  # home is redrawn, it may remind of the pause
        else:
            assert app.screen is before


async def test_ctrl_r_works_on_the_first_run_screen_too() -> None:
    app, _, _ = fake_app(settings=Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*"Sa", "ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, PauseScreen)


async def test_plain_r_opens_it_but_is_typed_in_a_text_box() -> None:
    app, _, _ = fake_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        screen = pause_screen(app)
        await pilot.press("r")  # the topic box has focus: r is a letter here
        assert screen.query_one("#topic", Input).value == "r"


async def test_ctrl_r_twice_starts_at_once_and_is_recorded() -> None:
    app, mono, _wall = fake_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press(*"money", "ctrl+r")
        await pilot.pause()
        screen = pause_screen(app)
        assert screen.stage == "counting"
        view = screen.query_one(CountdownView)
        assert str(view.query_one("#pause-words", Static).render()) == "20 min left"
        mono.advance(18.2)
        view.tick()
        assert str(view.query_one("#pause-words", Static).render()) == "19 min 42 s left"
    saved = json.loads(paths.pause_file().read_text())
    assert saved["topic"] == "money" and saved["planned_s"] == 1200
    with HistoryStore() as history:
        (row,) = history.db.execute("SELECT topic, planned_s, actual_s FROM resets").fetchall()
    assert tuple(row) == ("money", 1200, None)


async def test_pause_more_time_and_end_early_asks_once() -> None:
    app, mono, _wall = fake_app(start_reset=120)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = pause_screen(app)
        view = screen.query_one(CountdownView)
        await pilot.press("space")
        mono.advance(50)
        view.tick()
        assert "2 min left (on hold)" in str(view.query_one("#pause-words", Static).render())
        await pilot.press("space", "plus")
        saved = json.loads(paths.pause_file().read_text())
        assert view.pause.total == 420 and saved["extended_s"] == 300
        await pilot.press("e")
        await pilot.pause()
        await pilot.click("#stay")
        await pilot.pause()
        assert screen.stage == "counting"
        await pilot.press("e")
        await pilot.pause()
        await pilot.click("#end")
        await pilot.pause()
        assert screen.stage == "after" and not paths.pause_file().exists()


def told_desktop(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    """What was sent as desktop notifications (nothing reaches a real notifier)."""
    told: list[tuple[str, str, str]] = []

    def fake(method: str, title: str, body: str, **_: object) -> bool:
        told.append((method, title, body))
        return True

    monkeypatch.setattr(notify, "notify", fake)
    return told


async def test_the_end_rings_the_bell_tells_the_desktop_and_leads_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app, mono, wall = fake_app(settings=couple(bell=True), start_reset=60)
    rings: list[int] = []
    app.bell = lambda: rings.append(1)  # type: ignore[method-assign]
    told = told_desktop(monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = pause_screen(app)
        view = screen.query_one(CountdownView)
        mono.advance(59.5)
        wall.advance(59.5)
        view.tick()
        assert view.has_class("last-minute") and screen.stage == "counting"
        mono.advance(0.5)
        wall.advance(0.5)
        view.tick()
        await pilot.pause()
        assert rings == [1] and screen.stage == "after"
        assert told == [("terminal", DONE_TITLE, DONE_BODY)]
        await pilot.click("#ready")
        await pilot.pause()
        await pilot.click("#first-b")
        await pilot.pause()
        assert "Alex, you begin" in str(screen.query_one("#first-words", Static).render())
    with HistoryStore() as history:
        (row,) = history.db.execute("SELECT actual_s, came_back_at FROM resets").fetchall()
    assert row["actual_s"] == 60 and row["came_back_at"]


@pytest.mark.parametrize("method", ["system", "none"])
async def test_the_end_is_told_the_way_the_settings_say(
    monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    app, mono, wall = fake_app(settings=couple(notify=method), start_reset=60)
    told = told_desktop(monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        mono.advance(60)
        wall.advance(60)
        pause_screen(app).query_one(CountdownView).tick()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert pause_screen(app).stage == "after"
    # a notifier runs off the UI thread; the words say nothing private (no topic)
    assert told == ([("system", DONE_TITLE, DONE_BODY)] if method == "system" else [])


async def test_restart_resumes_the_same_pause_with_the_right_time() -> None:
    app, _mono, wall = fake_app(start_reset=20 * 60)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    wall.advance(7 * 60 + 30)  # the terminal was closed for a while
    again = CoachApp(couple(), clock=FakeClock(5.0), wall=wall)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = pause_screen(again).query_one(CountdownView)
        assert str(view.query_one("#pause-words", Static).render()) == "12 min 30 s left"


async def test_a_pause_that_ended_while_closed_says_so() -> None:
    app, _mono, wall = fake_app(start_reset=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    wall.advance(3600)
    again = CoachApp(couple(), clock=FakeClock(), wall=wall)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = pause_screen(again)
        assert screen.stage == "after"
        assert "while coach was closed" in screen.note
        await pilot.click("#later")
        await pilot.pause()
        home = again.screen
        assert isinstance(home, Home)
        assert "You paused a talk" in str(home.query_one("#reset-reminder", Static).render())
        await pilot.press("x")
        await pilot.pause()
        assert not again.screen.query_one("#reset-reminder").display
    with HistoryStore() as history:
        (row,) = history.db.execute("SELECT actual_s, dismissed_at FROM resets").fetchall()
    assert row["actual_s"] == 60 and row["dismissed_at"]


async def test_home_offers_to_come_back_to_a_paused_talk() -> None:
    with HistoryStore() as history:
        reset_id = history.start_reset("2026-11-24T21:00:00+00:00", 1200, "the holidays")
        history.end_reset(reset_id, 1200)
    app, _, _ = fake_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = str(app.screen.query_one("#reset-reminder", Static).render())
        assert "a talk about the holidays" in text
        await pilot.press("c")
        await pilot.pause()
        assert pause_screen(app).stage == "restart"
        await pilot.click("#first-a")
        await pilot.pause()
        await pilot.click("#later")
        await pilot.pause()
        assert isinstance(app.screen, Home) and not app.screen.query_one("#reset-reminder").display


async def test_short_default_gets_a_gentle_note_and_set_time_is_checked() -> None:
    app, _, _ = fake_app(settings=couple(reset_minutes=10))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+r")
        await pilot.pause()
        screen = pause_screen(app)
        assert "about 20 minutes" in str(screen.query_one("#gentle-note", Static).render())
        await pilot.click("#at-time")
        screen.query_one("#at", Input).value = "27:99"
        await pilot.click("#start")
        await pilot.pause()
        assert screen.stage == "prepare"
        assert "time of day" in str(screen.query_one("#reset-error", Static).render())


async def test_home_puts_the_way_back_in_a_calendar() -> None:
    with HistoryStore() as history:
        reset_id = history.start_reset("2026-11-24T21:00:00+00:00", 1200, "the holidays")
        history.end_reset(reset_id, 1200)
    app, _, _ = fake_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert "a: add to calendar" in str(app.screen.query_one("#reset-reminder", Static).render())
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, Ask) and "the holidays" in app.screen.body
        await pilot.click("#morning")
        await pilot.pause()
        (path,) = (paths.data_dir() / "calendar").glob("*.ics")
        assert b"the holidays" in path.read_bytes()
        assert any(str(path) in str(n.message) for n in app._notifications)
        await pilot.press("ctrl+r", "ctrl+r", "escape")  # a pause counting: its own time
        await pilot.pause()
        assert isinstance(app.screen, Home) and app.session.pause is not None
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, Home)
        assert len(list((paths.data_dir() / "calendar").glob("*.ics"))) == 2
