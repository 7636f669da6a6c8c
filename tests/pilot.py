"""Helpers for driving the app with Pilot the way a couple would."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.pilot import Pilot

from coach.settings import Settings
from coach.tui.app import CoachApp
from coach.tui.screens.pause import PauseScreen
from coach.tui.screens.runner import RunnerScreen


def couple(**overrides: object) -> Settings:
    """A couple's settings (quiet by default: no bell in tests)."""
    return Settings(**{"partner_a": "Sam", "partner_b": "Alex", "bell": False, **overrides})  # type: ignore[arg-type]


def runner_screen(app: CoachApp) -> RunnerScreen:
    screen = app.screen
    assert isinstance(screen, RunnerScreen), f"expected the runner, found {screen!r}"
    return screen


async def take_step(pilot: Pilot, app: CoachApp, pick: int = 0, words: str = "ok") -> None:
    """Answer or continue the current step with the keyboard only."""
    screen = runner_screen(app)
    view = screen.view
    assert view is not None
    step = view.step
    if view.phase in ("continue", "reveal"):
        await pilot.press("enter")
    elif view.choices:
        for _ in range(pick % len(view.choices)):
            await pilot.press("down")
        await pilot.press("enter")
    elif step.answer == "scale":
        await pilot.press("7", "enter")
    elif step.long and not step.private:
        await pilot.press(*words, "ctrl+s")  # a box of several lines: enter is a new line
    else:
        await pilot.press(*words, "enter")
    await pilot.pause()


async def end_the_pause(pilot: Pilot, app: CoachApp) -> None:
    """A flow's pause step opened the reset pause: end it early (asked once), then go on."""
    screen = app.screen
    assert isinstance(screen, PauseScreen), f"expected the pause, found {screen!r}"
    await pilot.press("e")
    await pilot.pause()
    await pilot.press("enter")  # "End it now"
    await wait_until(pilot, lambda: screen.stage == "after", "the end of the pause")
    await pilot.press("enter")  # "Go on with the conversation"
    await pilot.pause()


async def play_to_end(pilot: Pilot, app: CoachApp, pick: int = 0, limit: int = 80) -> int:
    """Play the running flow until its summary shows; return the number of steps taken."""
    for taken in range(limit):
        if isinstance(app.screen, PauseScreen):
            await end_the_pause(pilot, app)
            continue
        if not isinstance(app.screen, RunnerScreen):
            return taken
        screen = app.screen
        visits = screen.state.visits.get(screen.state.step or "", 0)
        if screen.view is not None and screen.view.step.kind == "pause":
            await wait_until(pilot, lambda: isinstance(app.screen, PauseScreen), "the pause")
            continue
        await take_step(pilot, app, pick if visits <= 1 else 0)
    raise AssertionError("the flow did not end")


async def wait_until(
    pilot: Pilot, ready: Callable[[], bool], what: str, limit: float = 5.0
) -> None:
    """Let the app run until ``ready()`` holds: wait for what the screen shows, not a time."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while not ready():
        if loop.time() > deadline:
            raise AssertionError(f"waited {limit} s for {what}; on screen: {pilot.app.screen!r}")
        await pilot.pause(0.02)


async def settle(pilot: Pilot) -> None:
    """Let workers (queries off the UI thread) finish, and the screen catch up."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
