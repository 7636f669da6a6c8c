"""Files read back at start are untrusted, folders may be unusable, two windows may be open:
the app always starts, says what happened in a sentence, and loses nothing typed."""

from __future__ import annotations

import json

import pytest

from coach import paths
from coach import settings as settings_io
from coach.history import HistoryStore
from coach.runlog import conversations_dir, find_saved
from coach.tui.app import CoachApp
from coach.tui.screens.dialogs import Ask
from coach.tui.screens.home import Home
from coach.tui.screens.runner import RunnerScreen
from coach.tui.screens.summary import Summary
from tests.pilot import couple, play_to_end, runner_screen, take_step


def messages(app: CoachApp) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


@pytest.mark.parametrize(
    "content",
    ["{", "[]", '{"planned_s": "x"}', "x" * (2 << 20), '{"a":' * 5000, "\x00\xff"],
)
async def test_a_damaged_saved_pause_is_set_aside_and_the_app_starts(content: str) -> None:
    paths.pause_file().parent.mkdir(parents=True)
    paths.pause_file().write_text(content, encoding="utf-8", errors="surrogateescape")
    app = CoachApp(couple())
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, Home)
        assert "saved reset pause could not be used" in messages(app)
    assert not paths.pause_file().exists()
    assert list(paths.state_dir().glob("reset.damaged-*.json"))


@pytest.mark.parametrize(
    "content",
    [
        "",
        "not json\n",
        '{"coach_conversation": 1, "flow_id": 5}\n',
        '{"coach_conversation": 1, "flow_id": "check-in", "started_at": "now", "first": "a"}\n',
        '{"coach_conversation": 1, "flow_id": "check-in", "started_at": "2026-11-25T10:00:00",'
        ' "first": "a"}\n{"type": "answer", "who": "z", "value": 1}\n',
    ],
)
async def test_a_damaged_saved_conversation_is_set_aside(content: str) -> None:
    conversations_dir().mkdir(parents=True)
    (conversations_dir() / "20261125-check-in.jsonl").write_text(content)
    app = CoachApp(couple())
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, Home)
        assert "saved conversation could not be read" in messages(app)
    assert find_saved() == ([], [])


async def test_a_conversation_whose_folder_breaks_goes_on_and_is_kept_in_the_history() -> None:
    app = CoachApp(couple(), start_flow="temperature")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = runner_screen(app)
        log = screen.conversation._log
        assert log is not None
        log.close()  # as if the disk went away: every later step fails to be written
        await take_step(pilot, app)
        assert screen.state.pending == {"a": 7}  # the answer just given is not lost
        assert "could not be saved" in str(screen.query_one("#hint").render())
        await play_to_end(pilot, app)
        assert isinstance(app.screen, Summary)
    with HistoryStore() as store:
        assert len(store.runs()) == 1


async def test_a_conversation_that_cannot_be_saved_at_all_still_runs() -> None:
    paths.state_dir().parent.mkdir(parents=True, exist_ok=True)
    paths.state_dir().write_text("a file where the folder should be")
    app = CoachApp(couple(), start_flow="temperature")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = runner_screen(app)
        assert "cannot be saved" in str(screen.query_one("#hint").render())
        await play_to_end(pilot, app)
        assert isinstance(app.screen, Summary)


async def test_an_unusable_history_folder_is_said_calmly() -> None:
    paths.data_dir().parent.mkdir(parents=True, exist_ok=True)
    paths.data_dir().write_text("a file where the folder should be")
    app = CoachApp(couple())
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, Home)
        assert "may not use this file or its folder" in messages(app)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, Home)
        await pilot.press("ctrl+q")
    assert app.return_code == 0


async def test_a_second_window_leaves_an_open_conversation_alone() -> None:
    first = CoachApp(couple(), start_flow="check-in")
    async with first.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await take_step(pilot, first)
        second = CoachApp(couple())
        async with second.run_test(size=(80, 24), notifications=True) as other:
            await other.pause()
            assert not isinstance(second.screen, Ask)  # nothing offered: it is in use
            assert "open in another coach window" in messages(second)
        assert isinstance(first.screen, RunnerScreen)
        await take_step(pilot, first)
        assert first.screen.state.step != "welcome"


async def test_settings_of_the_wrong_kind_are_replaced_with_a_word_and_unknown_keys_kept() -> None:
    paths.config_file().parent.mkdir(parents=True)
    paths.config_file().write_text(
        'partner_a = "Sam"\npartner_b = "Alex"\nreset_minutes = "twenty"\n'
        "help_min_notes = -3\nbell = false\n[future]\nkeep = true\n"
    )
    settings, warnings = settings_io.load_with_warnings()
    assert settings.reset_minutes == 20 and settings.help_min_notes == 5
    app = CoachApp(settings, warnings=warnings)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert "`reset_minutes`" in messages(app) and "`help_min_notes`" in messages(app)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = settings_io.load_with_warnings()
    assert saved[1] == [] and saved[0].extra == {"future": {"keep": True}}


async def test_a_conversation_saved_by_coach_0_1_is_offered_again() -> None:
    paths.state_dir().mkdir(parents=True)
    old = {
        "flow_id": "temperature",
        "started_at": "2026-11-25T10:00:00+00:00",
        "state": {"events": [{"type": "answer", "who": "a", "value": 4}]},
        "saved_at": "2026-11-25T10:01:00+00:00",
    }
    (paths.state_dir() / "run.json").write_text(json.dumps(old))
    app = CoachApp(couple())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, Ask)
        await pilot.click("#resume")
        await pilot.pause()
        assert runner_screen(app).state.pending == {"a": 4}


async def test_hostile_files_in_the_flows_folder_never_stop_the_app() -> None:
    import os

    folder = paths.user_flows_dir()
    folder.mkdir(parents=True)
    os.mkfifo(folder / "pipe.toml")
    (folder / "zero.toml").symlink_to("/dev/zero")
    (folder / "huge.toml").write_text("# " + "x" * (2 << 20))
    head = 'format = 1\nid = "{}"\ntitle = "T"\nsummary = "S"\nminutes = 1\n'
    steps = '[[step]]\nid = "a"\nkind = "ask"\nanswer = "scale"\nsave = "t"\ntext = "?"\n'
    conditions = {
        "deep": "(" * 400 + "t.a" + ")" * 400,
        "nots": "not " * 3000 + "t.a",
        "ors": " or ".join(["t.a == 1"] * 2000),
        "digits": "t.a > " + "9" * 5000,
    }
    for name, when in conditions.items():
        branch = f'[[step.branch]]\nwhen = "{when}"\nnext = "b"\n'
        end = '[[step]]\nid = "b"\nkind = "end"\n'
        (folder / f"{name}.toml").write_text(head.format(name) + steps + branch + end)
    app = CoachApp(couple())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, Home)
        broken = {e.path.name for e in app.home.entries if e.flow is None}
        assert {"pipe.toml", "zero.toml", "huge.toml", "deep.toml", "nots.toml", "ors.toml",
                "digits.toml"} <= broken  # fmt: skip
