"""Pilot: the parts of the app around the flows: notes, settings, palette, cover, sizes."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from coach import settings as settings_io
from coach.history import HistoryStore
from coach.settings import Settings
from coach.tui.app import CoachApp
from coach.tui.screens.dialogs import Cover, Help
from coach.tui.screens.home import Home
from coach.tui.screens.note import NoteDialog
from coach.tui.screens.pause import PauseScreen
from coach.tui.screens.runner import RunnerScreen
from coach.tui.screens.settings import SettingsScreen
from coach.tui.screens.welcome import Welcome
from tests.pilot import couple, take_step


async def test_first_run_asks_names_and_saves_them() -> None:
    app = CoachApp(Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, Welcome)
        await pilot.press("enter", "enter")  # nothing typed yet: first field, then second
        assert "both names" in str(app.screen.query_one("#welcome-error", Static).render())
        await pilot.press(*"Sam", "enter", *"Alex", "enter")  # focus went back to the first
        await pilot.pause()
        assert isinstance(app.screen, Home)
    saved = settings_io.load()
    assert (saved.partner_a, saved.partner_b) == ("Sam", "Alex")
    assert (settings_io.paths.config_file().stat().st_mode & 0o777) == 0o600


async def test_quick_note_in_a_few_keys() -> None:
    app = CoachApp(couple())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        await pilot.press("tab", "down", "enter")  # who stays Sam; kind: the second one
        await pilot.press(*"at breakfast", "enter")
        await pilot.pause()
        assert isinstance(app.screen, Home)
    with HistoryStore() as history:
        (note,) = history.notes()
    assert (note["felt_by"], note["kind"], note["words"]) == ("a", "phone", "at breakfast")


async def test_note_can_be_cancelled() -> None:
    app = CoachApp(couple())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, Home)
    with HistoryStore() as history:
        assert history.count("notes") == 0


async def test_settings_change_names_and_theme() -> None:
    app = CoachApp(couple())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        name = screen.query_one("#partner_b", Input)
        name.value = "Alexis"
        screen.query_one("#theme").value = "coach-high-contrast"
        await pilot.pause()
        assert app.theme == "coach-high-contrast"  # previewed at once
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, Home)
        assert "Sam & Alexis" in str(app.screen.query_one("#side-text", Static).render())
    saved = settings_io.load()
    assert saved.partner_b == "Alexis" and saved.theme == "coach-high-contrast"


async def test_settings_refuse_a_bad_reset_length() -> None:
    app = CoachApp(couple())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        app.screen.query_one("#reset_minutes", Input).value = "0"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        assert "minutes" in str(app.screen.query_one("#settings-error", Static).render())


async def test_cover_hides_everything_until_pressed_again() -> None:
    app = CoachApp(couple(), start_flow="check-in")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert isinstance(app.screen, Cover)
        shown = app.export_screenshot()
        assert "Sam" not in shown and "check-in" not in shown.lower()
        await pilot.press("enter", "a")  # other keys do nothing under the cover
        await pilot.pause()
        assert isinstance(app.screen, Cover)
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert isinstance(app.screen, RunnerScreen)
        assert app.screen.state.step == "welcome"


async def test_help_opens_with_question_mark_and_names_care() -> None:
    app = CoachApp(couple())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, Help)
        text = str(app.screen.query_one("#help-text", Static).render())
        assert "not therapy" in text and "unsafe" in text and "help_lines" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, Home)


async def test_question_mark_is_typed_not_help_in_a_text_box() -> None:
    app = CoachApp(couple(), start_flow="check-in")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(4):  # welcome, two private numbers, reveal
            await take_step(pilot, app)
        await pilot.press("question_mark")
        assert isinstance(app.screen, RunnerScreen)
        assert app.screen.query_one("#text", Input).value == "?"


async def test_palette_lists_coach_commands() -> None:
    app = CoachApp(couple())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in ("Reset pause", "Note a small hurt", "Settings", "Help", "Theme"):
            assert any(wanted.lower() in t.lower() for t in titles), (wanted, titles)
        assert "Start: Check-in" in titles
        start = next(c for c in app.get_system_commands(app.screen) if c.title == "Start: Check-in")
        start.callback()
        await pilot.pause()
        assert isinstance(app.screen, RunnerScreen) and app.screen.flow.id == "check-in"


async def test_mouse_can_choose_a_flow_and_continue() -> None:
    app = CoachApp(couple())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.home.entries[0].id == "check-in"  # after the reset pause, always first
        await pilot.click("#flows", offset=(4, 3))
        await pilot.pause()
        assert isinstance(app.screen, RunnerScreen)
        await pilot.click("#continue")
        await pilot.pause()
        assert app.screen.state.step == "temperature"


def test_no_color_is_respected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert CoachApp(couple()).no_color


@pytest.mark.parametrize("size", [(40, 12), (50, 16)])
async def test_small_terminals_do_not_crash(size: tuple[int, int]) -> None:
    app = CoachApp(couple(), start_flow="check-in")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await take_step(pilot, app)  # welcome
        await pilot.press("9", "enter", "9", "enter", "enter")  # both running hot; reveal
        await pilot.pause()
        await take_step(pilot, app)  # "Take a reset pause first": the flow's pause step
        await pilot.pause()
        assert isinstance(app.screen, PauseScreen) and app.screen.stage == "counting"
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.press("escape", "ctrl+b", "ctrl+b")
        await pilot.pause()
        assert isinstance(app.screen, PauseScreen)
        await pilot.press("escape")  # leave it counting: back to the conversation
        await pilot.pause()
        assert isinstance(app.screen, RunnerScreen) and app.screen.state.step == "breather"
