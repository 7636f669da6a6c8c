"""The flow watcher: real file changes, waited for by event (never a fixed sleep)."""

from __future__ import annotations

import queue
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from coach.flows.watch import FlowWatcher

WAIT = 10.0  # generous: only a failing test ever waits this long


class Inbox:
    """What on_change received, one batch at a time, and on which thread."""

    def __init__(self) -> None:
        self.batches: queue.SimpleQueue[set[Path]] = queue.SimpleQueue()
        self.threads: set[str] = set()

    def __call__(self, paths: set[Path]) -> None:
        self.threads.add(threading.current_thread().name)
        self.batches.put(paths)

    def next(self) -> set[Path]:
        return self.batches.get(timeout=WAIT)

    def until(self, wanted: set[Path]) -> list[set[Path]]:
        """Batches up to the one that completes ``wanted`` (their union covers it)."""
        got: list[set[Path]] = []
        while not wanted <= set().union(*got):
            got.append(self.next())
        return got

    def empty(self) -> bool:
        return self.batches.empty()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "flows"
    path.mkdir()
    return path.resolve()


@pytest.fixture
def inbox() -> Inbox:
    return Inbox()


def started(watcher: FlowWatcher) -> Iterator[FlowWatcher]:
    watcher.start()
    assert watcher.wait_ready(WAIT)
    try:
        yield watcher
    finally:
        watcher.stop()


@pytest.fixture
def watcher(folder: Path, inbox: Inbox) -> Iterator[FlowWatcher]:
    yield from started(FlowWatcher([folder], inbox, step_ms=100))


def test_create_modify_delete_are_reported(
    folder: Path, inbox: Inbox, watcher: FlowWatcher
) -> None:
    flow = folder / "evening.toml"
    flow.write_text("id = 'evening'\n")
    assert flow in set().union(*inbox.until({flow}))
    flow.write_text("id = 'evening'\ntitle = 'Evening'\n")
    assert inbox.next() == {flow}
    flow.unlink()
    assert inbox.next() == {flow}
    assert threading.current_thread().name not in inbox.threads  # from the watcher's side


def test_only_toml_files_in_the_folder(folder: Path, inbox: Inbox, watcher: FlowWatcher) -> None:
    (folder / "notes.txt").write_text("x")
    (folder / ".evening.toml.swp").write_text("x")
    (folder / "sub").mkdir()
    (folder / "sub" / "nested.toml").write_text("x")
    flow = folder / "a.toml"
    flow.write_text("x")
    assert set().union(*inbox.until({flow})) == {flow}


def test_changes_close_together_come_as_one(folder: Path, inbox: Inbox) -> None:
    for w in started(FlowWatcher([folder], inbox, step_ms=300)):
        paths = {folder / f"{name}.toml" for name in "abc"}
        for path in paths:
            path.write_text("x")
        assert inbox.next() == paths
        assert w.running


def test_missing_folder_is_waited_for(tmp_path: Path, inbox: Inbox) -> None:
    folder = tmp_path / "config" / "coach" / "flows"
    for _ in started(FlowWatcher([folder], inbox, step_ms=100)):
        assert not folder.exists()  # watching did not create it
        folder.mkdir(parents=True)
        flow = folder.resolve() / "first.toml"
        flow.write_text("x")
        assert flow in set().union(*inbox.until({flow}))
        later = folder.resolve() / "second.toml"
        later.write_text("x")
        assert later in set().union(*inbox.until({later}))


def test_deleted_folder_reports_its_flows_and_comes_back(folder: Path, inbox: Inbox) -> None:
    flow = folder / "kept.toml"
    flow.write_text("x")
    for _ in started(FlowWatcher([folder], inbox, step_ms=100)):
        shutil.rmtree(folder)
        assert flow in set().union(*inbox.until({flow}))
        folder.mkdir()
        again = folder / "again.toml"
        again.write_text("x")
        assert again in set().union(*inbox.until({again}))


def test_sleep_holds_changes_and_wake_delivers_once(
    folder: Path, inbox: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    watcher = FlowWatcher([folder], inbox, step_ms=100)
    seen = threading.Event()
    offer = watcher._offer

    def spy(paths: set[Path]) -> None:  # tells the test the watcher has noticed a change
        offer(paths)
        seen.set()

    monkeypatch.setattr(watcher, "_offer", spy)
    for w in started(watcher):
        w.sleep()
        assert w.asleep
        during = [folder / "one.toml", folder / "two.toml"]
        for path in during:
            seen.clear()
            path.write_text("x")
            assert seen.wait(WAIT)  # noticed...
        assert inbox.empty()  # ...but held back
        w.wake()
        assert inbox.next() == set(during)  # everything, in one delivery
        after = folder / "after.toml"
        after.write_text("x")
        assert all(not b & set(during) for b in inbox.until({after}))  # and only once


def test_sleep_and_wake_without_changes_deliver_nothing(
    folder: Path, inbox: Inbox, watcher: FlowWatcher
) -> None:
    watcher.sleep()
    watcher.wake()
    flow = folder / "x.toml"
    flow.write_text("x")
    assert inbox.next() == {flow}  # the first thing delivered is a real change


def test_stop_is_prompt_and_final(folder: Path, inbox: Inbox) -> None:
    watcher = FlowWatcher([folder], inbox, step_ms=100).start()
    assert watcher.wait_ready(WAIT) and watcher.running
    watcher.stop(timeout=WAIT)
    assert not watcher.running
    (folder / "late.toml").write_text("x")
    assert inbox.empty()


def test_a_failing_callback_does_not_stop_watching(folder: Path) -> None:
    got: queue.SimpleQueue[set[Path]] = queue.SimpleQueue()

    def flaky(paths: set[Path]) -> None:
        got.put(paths)
        raise RuntimeError("the app was busy")

    with FlowWatcher([folder], flaky, step_ms=100) as watcher:
        assert watcher.wait_ready(WAIT)
        for name in ("one", "two"):
            flow = folder / f"{name}.toml"
            flow.write_text("x")
            while flow not in got.get(timeout=WAIT):
                pass
