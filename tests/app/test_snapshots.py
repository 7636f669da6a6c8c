"""What each screen looks like at 80x24 (SVG snapshots; update with --snapshot-update)."""

from __future__ import annotations

from textual.pilot import Pilot

from coach.settings import Settings
from coach.tui.app import CoachApp
from tests.pilot import couple, play_to_end, wait_until

SIZE = (80, 24)


def test_first_run(snap_compare) -> None:
    assert snap_compare(CoachApp(Settings()), terminal_size=SIZE)


def test_home(snap_compare) -> None:
    assert snap_compare(CoachApp(couple()), terminal_size=SIZE)


def test_private_answer_masked_while_typed(snap_compare) -> None:
    app = CoachApp(couple(), start_flow="temperature")
    assert snap_compare(app, terminal_size=SIZE, press=["9"])


def test_reveal(snap_compare) -> None:
    app = CoachApp(couple(), start_flow="temperature")
    assert snap_compare(app, terminal_size=SIZE, press=["9", "enter", "4", "enter"])


def test_end_summary(snap_compare) -> None:
    async def finish(pilot: Pilot) -> None:
        await pilot.pause()
        await play_to_end(pilot, pilot.app)  # type: ignore[arg-type]

    app = CoachApp(couple(), start_flow="temperature")
    assert snap_compare(app, terminal_size=SIZE, run_before=finish)


def test_help(snap_compare) -> None:
    app = CoachApp(couple(help_lines=["Local helpline: 0000 000 000 (example)"]))
    assert snap_compare(app, terminal_size=SIZE, press=["question_mark"])


def countdown_app() -> CoachApp:
    from tests.fakes import FakeClock

    return CoachApp(
        couple(), start_reset=20 * 60, clock=FakeClock(100.0), wall=FakeClock(1_795_000_000.0)
    )


def test_countdown(snap_compare) -> None:
    assert snap_compare(countdown_app(), terminal_size=SIZE)


def test_countdown_small(snap_compare) -> None:
    assert snap_compare(countdown_app(), terminal_size=(40, 12))


def test_reset_prepare(snap_compare) -> None:
    assert snap_compare(CoachApp(couple()), terminal_size=SIZE, press=["ctrl+r"])


def seeded(weeks: bool = False) -> CoachApp:
    """An app over the small history; with ``weeks``, eight weeks more for the charts."""
    from coach.history import HistoryStore
    from tests.fakes import seed, seed_weeks

    with HistoryStore() as history:
        seed(history)
        if weeks:
            seed_weeks(history)
    return CoachApp(couple())


def test_history_screen(snap_compare) -> None:
    async def history(pilot: Pilot) -> None:  # the entries come from a worker: wait for them
        await pilot.press("h")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(seeded(), terminal_size=SIZE, run_before=history)


def test_patterns_screen(snap_compare, monkeypatch) -> None:
    """Tall enough to show the observations and both charts (the README's picture)."""
    from coach.history import patterns
    from tests.core.test_patterns import TODAY

    monkeypatch.setattr(patterns, "now_local", lambda: TODAY)  # fixed dates, fixed weeks

    async def ninety_days(pilot: Pilot) -> None:
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("2")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(seeded(weeks=True), terminal_size=(80, 48), run_before=ninety_days)


def test_editor_with_an_error(snap_compare) -> None:
    from textual.widgets import OptionList, Static, TextArea

    from coach.flows.authoring import new_flow

    path = new_flow("evening")
    # The starter's comments name this machine's folders; the picture must not depend on them.
    text = path.read_text(encoding="utf-8")
    path.write_text("\n".join(x for x in text.splitlines() if not x.startswith("#")) + "\n")

    async def break_it(pilot: Pilot) -> None:
        app = pilot.app
        app.conversations.edit("evening")
        await pilot.pause()
        area = app.screen.query_one("#source", TextArea)
        area.cursor_blink = False  # a blinking cursor would make the picture depend on timing
        area.load_text(area.text.replace('kind = "end"', 'kind = "ending"'))
        title = app.screen.query_one("#problems-title", Static)
        await wait_until(pilot, lambda: "1 error" in str(title.render()), "the check")
        problems = app.screen.query_one("#problems", OptionList)
        problems.focus()
        problems.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(CoachApp(couple()), terminal_size=(100, 30), run_before=break_it)
