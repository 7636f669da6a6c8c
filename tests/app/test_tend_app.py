"""Home keeps in view what needs tending, and each leads somewhere: a note to the Mend flow,
a promise to done, a word about support to a summary; a check-in's question card."""

from __future__ import annotations

from coach.history import HistoryStore, care
from coach.tui.app import CoachApp
from coach.tui.screens.dialogs import Ask
from coach.tui.screens.home import Home
from tests.pilot import couple, runner_screen, settle, take_step


def told(app: CoachApp) -> str:
    return " ".join(str(n.message) for n in app._notifications)


async def choose(pilot, app: CoachApp, button: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("enter")  # the first line of the list: what to tend comes first
    await pilot.pause()
    assert isinstance(app.screen, Ask)
    await pilot.click(f"#{button}")
    await settle(pilot)


async def test_a_note_on_home_is_mended_from_where_it_was_noted() -> None:
    with HistoryStore() as store:
        store.add_note("b", "phone", "at dinner")
    app = CoachApp(couple())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lines = app.home.query_one("#flows").render_line(0).text
        assert "Mend:" in lines and "Phone in the middle of us" in lines
        await choose(pilot, app, "mend")
        screen = runner_screen(app)
        assert screen.state.step == "hear"
        assert "For this kind of moment" in str(screen.query_one("#prompt").render())


async def test_not_ready_yet_and_a_promise_kept() -> None:
    with HistoryStore() as store:
        store.add_note("a", "boundary")
        care.add_promise(store, "b", "fix the shelf on Saturday")
    app = CoachApp(couple())
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await choose(pilot, app, "later")  # the note waits until tomorrow
        assert isinstance(app.screen, Home) and "tomorrow" in told(app)
        await choose(pilot, app, "done")  # now the promise is first
    with HistoryStore() as store:
        assert care.open_promises(store) == [] and care.unmended_notes(store) == []


async def test_the_word_about_support_prepares_a_summary() -> None:
    with HistoryStore() as store:
        for _ in range(5):
            store.add_note("a", "dismissing")
    app = CoachApp(couple())
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await choose(pilot, app, "summary")
        assert "for-a-therapist" in told(app)


async def test_a_check_in_offers_another_question_card() -> None:
    app = CoachApp(couple(), start_flow="check-in")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await take_step(pilot, app)
        await pilot.press("3", "enter", "2", "enter", "enter")
        await pilot.pause()
        screen = runner_screen(app)
        first = screen.state.cards["ask"]
        assert first and first in str(screen.query_one("#prompt").render())
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert screen.state.cards["ask"] != first
