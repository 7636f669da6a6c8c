"""Every key on every screen, at 80x24, 50x16 and 40x12: nothing crashes, the focused widget
is always in view, a primary button is in view, and a footer always shows Reset and Help."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Button

from coach.flows.authoring import new_flow
from coach.history import HistoryStore
from coach.tui.app import CoachApp
from coach.tui.screens.pause import PauseScreen
from coach.tui.widgets.countdown import CountdownView
from coach.tui.widgets.footer import KeyFooter
from tests.fakes import FakeClock, seed
from tests.pilot import couple, settle, take_step, wait_until

SIZES = [(80, 24), (50, 16), (40, 12)]  # the sizes a couple's terminal is likely to be
#: Keys that end the app or leave it for another program; tested on their own elsewhere.
NOT_HERE = {"ctrl+q", "ctrl+c", "ctrl+e", "ctrl+z"}
Open = Callable[[Pilot, CoachApp], Awaitable[None]]


async def keys(pilot: Pilot, app: CoachApp, *pressed: str) -> None:
    for key in pressed:
        await pilot.press(key)
        await pilot.pause()


async def runner_at(pilot: Pilot, app: CoachApp, steps: int) -> None:
    app.start_flow("check-in")
    await pilot.pause()
    for _ in range(steps):
        await take_step(pilot, app)


async def pause_after(pilot: Pilot, app: CoachApp) -> None:
    app.open_pause(60)
    await wait_until(pilot, lambda: bool(app.screen.query(CountdownView)), "the countdown")
    await keys(pilot, app, "e", "enter")
    await wait_until(pilot, lambda: bool(app.screen.query("#ready")), "the end")


async def restart(pilot: Pilot, app: CoachApp) -> None:
    await pause_after(pilot, app)
    await keys(pilot, app, "enter")  # "We're ready to talk"


async def summary(pilot: Pilot, app: CoachApp) -> None:
    from coach.tui.screens.summary import Summary

    lines = ["Sam: How stirred up — 7 of 10", "Alex: How stirred up — 3 of 10"]
    await app.push_screen(Summary("Temperature", lines, saved=True))
    await pilot.pause()


async def in_flow_pause(pilot: Pilot, app: CoachApp) -> None:
    await runner_at(pilot, app, 1)
    await keys(pilot, app, "9", "enter", "9", "enter", "enter")
    await take_step(pilot, app)  # take a reset pause first
    await wait_until(pilot, lambda: isinstance(app.screen, PauseScreen), "the pause")


async def editor(pilot: Pilot, app: CoachApp) -> None:
    if app.session.entry("evening") is None:
        new_flow("evening")
        app.session.flows_written()
    app.conversations.edit("evening")
    await pilot.pause()


SCREENS: dict[str, Open] = {
    "home": lambda pilot, app: pilot.pause(),
    "runner-private": lambda pilot, app: runner_at(pilot, app, 1),
    "runner-long": lambda pilot, app: runner_at(pilot, app, 5),
    "runner-choice": lambda pilot, app: runner_at(pilot, app, 6),
    "summary": summary,
    "pause-prepare": lambda pilot, app: keys(pilot, app, "ctrl+r"),
    "pause-counting": lambda pilot, app: keys(pilot, app, "ctrl+r", "ctrl+r"),
    "pause-after": pause_after,
    "pause-restart": lambda pilot, app: restart(pilot, app),
    "pause-in-flow": in_flow_pause,
    "note": lambda pilot, app: keys(pilot, app, "n"),
    "settings": lambda pilot, app: keys(pilot, app, "s"),
    "history": lambda pilot, app: keys(pilot, app, "h"),
    "entry": lambda pilot, app: keys(pilot, app, "h", "enter"),
    "patterns": lambda pilot, app: keys(pilot, app, "p"),
    "card": lambda pilot, app: keys(pilot, app, "d"),
    "help": lambda pilot, app: keys(pilot, app, "f1"),
    "cover": lambda pilot, app: keys(pilot, app, "ctrl+f"),
    "editor": editor,
    "quit-dialog": lambda pilot, app: runner_at(pilot, app, 1) or keys(pilot, app, "ctrl+q"),
}


def check(app: CoachApp, where: str) -> None:
    """The invariants that must hold after every key."""
    screen = app.screen
    focused = app.focused
    if focused is not None and focused.screen is screen:
        shown = screen.find_widget(focused)
        visible = shown.region.intersection(shown.clip)
        assert visible.height > 0 and visible.width > 0, f"{where}: {focused!r} is out of view"
    for button in screen.query(Button):
        if button.variant == "primary" and button.display and button.is_on_screen is not None:
            region = screen.find_widget(button)
            assert region.region.intersection(region.clip).height > 0, f"{where}: {button!r}"
    for footer in screen.query(KeyFooter):
        shown_keys = " ".join(str(k.description) for k in footer.children)
        assert "Reset" in shown_keys and "Help" in shown_keys, f"{where}: footer {shown_keys!r}"


#: Keys that move focus or scroll on any screen, pressed besides the screen's own bindings.
MOVERS = {"tab", "shift+tab", "pagedown", "pageup"}


def keys_of(app: CoachApp, screen: Screen[object]) -> list[str]:
    """A key for every binding of the screen and of the app (one per action: an alias runs
    the same action), and the movers; the widgets' own editing keys are theirs to test."""
    by_action: dict[str, str] = {}
    for node, binding, _, _ in screen.active_bindings.values():
        key = binding.key.split(",")[0].strip()
        if (node is screen or node is app) and key not in NOT_HERE:
            by_action.setdefault(f"{id(node)}:{binding.action}", key)
    return sorted(set(by_action.values()) | MOVERS)


async def back_to(pilot: Pilot, app: CoachApp, name: str, target: Screen[object]) -> Screen[object]:
    """After a key: back to the screen under test (opened again if the key closed it)."""
    while app.screen is not target and target in app.screen_stack:
        app.pop_screen()
        await pilot.pause()
    if target in app.screen_stack:
        return target
    while len(app.screen_stack) > 2:  # the key closed it: start again from home
        app.pop_screen()
        await pilot.pause()
    await SCREENS[name](pilot, app)
    await settle(pilot)
    return app.screen


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(SCREENS))
async def test_every_key_on_every_screen(name: str, size: tuple[int, int]) -> None:
    with HistoryStore() as store:
        seed(store)
    app = CoachApp(couple(), clock=FakeClock(100.0), wall=FakeClock(1_795_000_000.0))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await SCREENS[name](pilot, app)
        await settle(pilot)
        target: Screen[object] = app.screen
        check(app, f"{name} at {size}")
        for key in keys_of(app, target):
            await pilot.press(key)
            await settle(pilot)
            check(app, f"{name} at {size}, after {key}")
            target = await back_to(pilot, app, name, target)
        assert app.is_running
