"""Every screen, fed the nastiest names, notes, flow texts and history rows: no crash, no
markup read from the words (a name like `[@click=app.quit]Sam[/]` is just a name), and no
control character on the screen."""

from __future__ import annotations

import re

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from coach.flows.library import FlowEntry
from coach.settings import from_dict
from coach.tui.app import CoachApp
from coach.tui.screens.entry import EntryDialog
from coach.tui.screens.history import HistoryScreen
from coach.tui.screens.patterns import PatternsScreen
from coach.tui.screens.pause import PauseScreen
from coach.tui.screens.runner import RunnerScreen
from coach.tui.screens.summary import Summary
from tests.hostile import HOSTILE_TEXTS, hostile_flow, hostile_history
from tests.pilot import settle, take_step, wait_until

CLICKY = "[@click=app.quit]Sam[/]"
BROKEN = "Al[/]ex\x1b]0;pwned\x07"
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def screen_text(app: CoachApp) -> str:
    """What is drawn on the screen right now, as plain text."""
    strips = app.screen._compositor.render_strips()  # what the terminal would be sent
    return "\n".join(strip.text for strip in strips)


def check_screen(app: CoachApp, where: str) -> str:
    text = screen_text(app)
    assert not UNSAFE.findall(text), f"control characters on the {where}: {UNSAFE.findall(text)}"
    return text


@pytest.fixture
def couple_with_nasty_names() -> CoachApp:
    settings, warnings = from_dict({"partner_a": CLICKY, "partner_b": BROKEN, "bell": False})
    assert not warnings
    hostile_flow()
    hostile_history()
    return CoachApp(settings)


async def test_every_screen_shows_hostile_text_as_text(couple_with_nasty_names: CoachApp) -> None:
    app = couple_with_nasty_names
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        home = check_screen(app, "home")
        assert CLICKY in home and "Al[/]ex" in home  # shown literally, not as markup
        hostile = next(
            i
            for i, e in enumerate(app.home.items)
            if isinstance(e, FlowEntry) and e.id == "hostile"
        )
        entry = app.home.items[hostile]
        assert isinstance(entry, FlowEntry) and entry.flow is not None, entry
        app.home.query_one("#flows", OptionList).highlighted = hostile
        await pilot.pause()
        assert "[b]Loud[/b]" in check_screen(app, "home")

        await open_flow(pilot, app)
        await pilot.press("n")  # the note dialog names both partners
        await pilot.pause()
        assert CLICKY in check_screen(app, "note dialog")
        await pilot.press("escape")

        await walk_the_history(pilot, app)
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press(*"[/] money \\", "ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, PauseScreen)
                         and app.screen.stage == "counting", "the pause")  # fmt: skip
        check_screen(app, "countdown")
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.stage == "after", "the end of the pause")  # type: ignore[attr-defined]
        await pilot.click("#ready")
        await pilot.pause()
        assert CLICKY in check_screen(app, "way back")
        await pilot.click("#first-a")
        await pilot.pause()
        check_screen(app, "way back")
        assert app.is_running  # a click on a name ran no action


async def open_flow(pilot: Pilot, app: CoachApp) -> None:
    app.start_flow("hostile")
    await pilot.pause()
    assert isinstance(app.screen, RunnerScreen)
    check_screen(app, "runner")
    for _ in range(3):  # hello, and the choice for each partner
        await take_step(pilot, app)
        check_screen(app, "runner")
    await pilot.press(*"you always [/] \x1b[2J", "enter")
    await pilot.pause()
    check_screen(app, "runner end")
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, Summary)
    check_screen(app, "summary")
    await pilot.press("enter")
    await pilot.pause()


async def walk_the_history(pilot: Pilot, app: CoachApp) -> None:
    await pilot.press("h")
    await settle(pilot)
    assert isinstance(app.screen, HistoryScreen)
    check_screen(app, "history")
    for _ in range(3):
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryDialog)
        check_screen(app, "entry")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("down")
    await pilot.press("p")
    await settle(pilot)
    assert isinstance(app.screen, PatternsScreen)
    check_screen(app, "patterns")
    await pilot.press("escape")
    await pilot.pause()
    await pilot.press("escape")
    await pilot.pause()


@pytest.mark.parametrize("name", HOSTILE_TEXTS[:: len(HOSTILE_TEXTS) // 6 + 1])
async def test_any_name_starts_the_app(name: str) -> None:
    settings, _ = from_dict({"partner_a": name or "x", "partner_b": "Alex", "bell": False})
    app = CoachApp(settings)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        check_screen(app, "home")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"star")
        await pilot.pause()
        check_screen(app, "palette")
