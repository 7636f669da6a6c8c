"""Pilot: a couple walks every bundled flow, privately, backwards and after a crash."""

from __future__ import annotations

import json

import pytest
from textual.widget import Widget
from textual.widgets import OptionList, Static

from coach.history import HistoryStore
from coach.runlog import find_saved
from coach.tui.app import CoachApp
from coach.tui.screens.dialogs import Ask
from coach.tui.screens.home import Home
from coach.tui.screens.runner import RunnerScreen
from coach.tui.screens.summary import Summary
from coach.tui.widgets.scale import PrivateScale
from tests.pilot import couple, play_to_end, runner_screen, take_step


@pytest.mark.parametrize(
    ("flow_id", "pick"),
    [("check-in", 0), ("check-in", 1), ("acknowledge", 1), ("weekly", 0), ("temperature", 0)],
)
async def test_bundled_flows_play_to_their_summary(flow_id: str, pick: int) -> None:
    """Every path of every flow is walked in the runner's own tests; here a few play in
    the app, keys only, down to the history."""
    app = CoachApp(couple(), start_flow=flow_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert runner_screen(app).flow.id == flow_id
        steps = await play_to_end(pilot, app, pick)
        assert steps >= 2
        assert isinstance(app.screen, Summary)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, Home)
    with HistoryStore() as history:
        (run,) = history.runs()
        assert run["flow_id"] == flow_id
        recorded = json.loads(run["answers"])
    if flow_id in ("check-in", "temperature"):
        assert {r["who"] for r in recorded if r["record"] == "temperature"} == {"a", "b"}
    assert find_saved() == ([], [])  # a finished run leaves nothing to resume


async def test_private_answer_is_masked_and_revealed_together() -> None:
    app = CoachApp(couple(), start_flow="temperature")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = runner_screen(app)
        assert "Sam's turn, in private" in str(screen.query_one("#floor", Static).render())
        field = screen.query_one("#scale", PrivateScale)
        assert "1 = calm" in drawn(field) and "10 = boiling over" in drawn(field)  # its words
        await pilot.press("8")
        await pilot.pause()
        eight = drawn(field)
        assert "8" not in eight.replace("10 = ", "") and "hidden" in eight
        await pilot.press("backspace", "1", "0")  # 0 is ten: it looks the same as eight
        await pilot.pause()
        assert drawn(field) == eight
        await pilot.press("backspace", "8")
        await pilot.press("enter")
        await pilot.pause()
        assert "Alex's turn, in private" in str(screen.query_one("#floor", Static).render())
        assert not screen.query("#reveal")
        await pilot.press("3", "enter")
        await pilot.pause()
        reveal = str(screen.query_one("#reveal", Static).render())
        assert "Sam: 8" in reveal and "Alex: 3" in reveal


def drawn(widget: Widget) -> str:
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


async def test_a_private_number_needs_choosing_before_enter() -> None:
    app = CoachApp(couple(), start_flow="temperature")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "x", "enter")  # nothing chosen yet: nothing happens
        await pilot.pause()
        screen = runner_screen(app)
        assert screen.state.pending == {} and screen.view is not None
        assert screen.view.awaiting == "a"


async def test_back_returns_to_the_previous_step_and_forgets_its_answer() -> None:
    app = CoachApp(couple(), start_flow="acknowledge")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = runner_screen(app)
        await take_step(pilot, app)  # welcome
        await take_step(pilot, app, pick=1)  # Alex felt hurt
        assert screen.state.step == "kind" and screen.state.speaker == "b"
        await pilot.press("escape")
        await pilot.pause()
        assert screen.state.step == "who" and screen.state.speaker == "a"
        assert screen.query_one("#choices", OptionList).has_focus


async def test_interrupted_run_is_offered_for_resume() -> None:
    app = CoachApp(couple(), start_flow="check-in")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await take_step(pilot, app)  # welcome
        await take_step(pilot, app)  # Sam's private number
        step_before = runner_screen(app).state.step
        pending = runner_screen(app).state.pending
    # The app went away mid-step (as if the terminal closed): the conversation's file remains.
    (saved,), problems = find_saved()
    assert saved.flow_id == "check-in" and not problems and pending == {"a": 7}

    app = CoachApp(couple())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, Ask)
        await pilot.click("#resume")
        await pilot.pause()
        screen = runner_screen(app)
        assert screen.state.step == step_before
        assert screen.state.pending == {"a": 7}  # Sam's number was kept
        await play_to_end(pilot, app)
        assert isinstance(app.screen, Summary)


async def test_quit_mid_flow_asks_first_and_can_let_it_go() -> None:
    app = CoachApp(couple(), start_flow="check-in")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, Ask)
        await pilot.click("#stay")
        await pilot.pause()
        assert isinstance(app.screen, RunnerScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.click("#discard")
        await pilot.pause()
    assert app.return_code == 0
    assert find_saved() == ([], [])


async def test_quit_from_home_does_not_ask() -> None:
    app = CoachApp(couple())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, Home)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not app.is_running
