"""Pilot: the editor screen, the preview, and hot reload of changed flow files."""

from __future__ import annotations

import os
from pathlib import Path

from textual.widgets import OptionList, Static, TextArea

from coach import paths
from coach.flows.authoring import new_flow
from coach.history import HistoryStore
from coach.runlog import find_saved
from coach.tui import messages as M
from coach.tui.app import CoachApp
from coach.tui.screens.dialogs import Ask
from coach.tui.screens.editor import EditorScreen
from coach.tui.screens.home import Home
from coach.tui.screens.runner import RunnerScreen
from tests.pilot import couple, play_to_end, wait_until

BROKEN_LINE = 'kind = "ending"'


def editor(app: CoachApp) -> EditorScreen:
    assert isinstance(app.screen, EditorScreen), app.screen
    return app.screen


async def open_editor(pilot, app: CoachApp, flow_id: str) -> EditorScreen:
    app.conversations.edit(flow_id)
    await pilot.pause()
    return editor(app)


async def test_errors_listed_as_you_type_and_choosing_one_moves_the_cursor() -> None:
    path = new_flow("evening")
    app = CoachApp(couple())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_editor(pilot, app, "evening")
        assert "No problems" in str(screen.query_one("#problems-title", Static).render())
        area = screen.query_one("#source", TextArea)
        line = next(i for i, text in enumerate(area.text.splitlines()) if 'kind = "end"' in text)
        area.replace(BROKEN_LINE, (line, 0), (line, len('kind = "end"')))
        await pilot.pause(0.5)  # the check waits for typing to pause
        problems = screen.query_one("#problems", OptionList)
        assert problems.option_count == 1
        assert "error: `kind` in step `done` cannot be `ending`" in str(
            problems.get_option_at_index(0).prompt
        )
        problems.focus()
        problems.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert area.has_focus and area.cursor_location == (line, 0)
    assert path.read_text().count(BROKEN_LINE) == 0  # nothing saved without asking


async def test_save_keeps_a_backup_and_asks_before_saving_errors() -> None:
    path = new_flow("evening")
    before = path.read_text()
    app = CoachApp(couple())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_editor(pilot, app, "evening")
        area = screen.query_one("#source", TextArea)
        area.load_text(before.replace('title = "Evening"', 'title = "Our evening"'))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert 'title = "Our evening"' in path.read_text()
        assert Path(str(path) + ".bak").read_text() == before
        # The app uses the saved version at once, without waiting for the file watcher.
        assert any(e.flow and e.flow.title == "Our evening" for e in app.session.flows())
        area.load_text(path.read_text().replace('kind = "end"', BROKEN_LINE))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, Ask)
        await pilot.click("#back")
        await pilot.pause()
        assert BROKEN_LINE not in path.read_text()
        await pilot.press("ctrl+l")  # revert to what is saved
        await pilot.pause()
        assert area.text == path.read_text()


async def test_a_bundled_flow_is_saved_as_your_own_copy() -> None:
    app = CoachApp(couple())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_editor(pilot, app, "temperature")
        area = screen.query_one("#source", TextArea)
        area.load_text(area.text.replace('title = "Temperature"', 'title = "Our temperature"'))
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert 'title = "Our temperature"' in (paths.user_flows_dir() / "temperature.toml").read_text()


async def test_try_it_plays_the_flow_and_writes_no_history() -> None:
    new_flow("evening")
    app = CoachApp(couple())
    async with app.run_test(size=(100, 30)) as pilot:
        await open_editor(pilot, app, "evening")
        await pilot.press("ctrl+t")
        await pilot.pause()
        runner_screen = app.screen
        assert isinstance(runner_screen, RunnerScreen) and runner_screen.preview
        assert "Preview" in runner_screen.sub_title
        await play_to_end(pilot, app)
        assert isinstance(app.screen, EditorScreen)
    assert find_saved() == ([], [])
    with HistoryStore() as history:
        assert history.count("runs") == 0


async def test_leaving_with_unsaved_changes_asks() -> None:
    new_flow("evening")
    app = CoachApp(couple())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_editor(pilot, app, "evening")
        screen.query_one("#source", TextArea).insert("# a thought\n", (0, 0))
        await pilot.press("escape")  # tab moves focus out of the text, so escape is free
        await pilot.pause()
        assert isinstance(app.screen, Ask)
        await pilot.click("#stay")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)


async def test_a_flow_changed_outside_is_noticed_as_it_happens_and_waits_during_a_pause() -> None:
    path = new_flow("evening")
    app = CoachApp(couple(), watch_flows=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_until(pilot, lambda: app._watcher is not None, "the watcher")
        assert app._watcher is not None and app._watcher.wait_ready(5)
        path.write_text(path.read_text().replace('title = "Evening"', 'title = "Late evening"'))
        os.utime(path, (1, 1))

        def reloaded() -> bool:
            return any(e.flow and e.flow.title == "Late evening" for e in app.home.entries)

        await wait_until(pilot, reloaded, "the change to reach home", limit=10)
        assert any("changed and was reloaded" in str(n.message) for n in app._notifications)
        await pilot.press("ctrl+r", "ctrl+r")  # a pause: changes wait until it is over
        await wait_until(pilot, lambda: app._watcher is not None and app._watcher.asleep, "sleep")
        assert app.session.pause is not None
        app.session.pause.finish()
        app.post_message(M.PauseChanged())
        await wait_until(
            pilot, lambda: app._watcher is not None and not app._watcher.asleep, "wake"
        )
    assert app._watcher is not None and not app._watcher.running  # stopped with the app


async def test_hot_reload_picks_up_a_changed_file_and_keeps_the_last_valid_one() -> None:
    path = new_flow("evening")
    app = CoachApp(couple())
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        path.write_text(path.read_text().replace('title = "Evening"', 'title = "Late evening"'))
        os.utime(path, (1, 1))  # a different modification time, whatever the clock says
        app._watch_flows()
        await pilot.pause()
        home = app.screen
        assert isinstance(home, Home)
        assert app.session.flows() and any(
            e.flow and e.flow.title == "Late evening" for e in app.session.flows()
        )
        assert any("changed and was reloaded" in str(n.message) for n in app._notifications)
        path.write_text(path.read_text().replace('kind = "end"', BROKEN_LINE))
        os.utime(path, (2, 2))
        app._watch_flows()
        await pilot.pause()
        entry = next(e for e in app.session.flows() if e.id == "evening")
        assert entry.flow is not None and entry.flow.title == "Late evening"
        assert entry.broken is not None and entry.broken.first_error.code == "E014"
        assert any("last working version" in str(n.message) for n in app._notifications)
        app.start_flow("evening")  # the last valid version still runs
        await pilot.pause()
        assert isinstance(app.screen, RunnerScreen)
