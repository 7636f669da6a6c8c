"""The bundled flows kept between starts: used only while right, never trusted blindly."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

from coach import paths
from coach.flows import cache
from coach.flows.catalog import Catalog, CatalogItem
from coach.flows.library import discover, flow_files
from coach.flows.load import FlowFile, load_flow
from coach.session import Session
from coach.settings import Settings
from tests.conftest import REPO


class Counting:
    """load_flow, counting the files it reads."""

    def __init__(self) -> None:
        self.read: list[Path] = []

    def __call__(self, path: Path, catalog: Catalog) -> FlowFile:
        self.read.append(path)
        return load_flow(path, catalog)


@pytest.fixture
def scripts(tmp_path: Path) -> list[Path]:
    """A copy of the bundled flows, to change without touching the real ones."""
    folder = tmp_path / "scripts"
    shutil.copytree(REPO / "scripts", folder)
    return flow_files(folder)


def store(home: Path) -> Path:
    return home / "state" / "coach" / "bundled-flows.cache"


def test_read_once_then_kept(home: Path, scripts: list[Path], catalog: Catalog) -> None:
    first, second = Counting(), Counting()
    loaded = cache.load_all(scripts, catalog, store(home), first)
    assert first.read == scripts
    assert store(home).stat().st_mode & 0o777 == 0o600
    kept = cache.load_all(scripts, catalog, store(home), second)
    assert second.read == []
    assert kept == loaded
    assert all(f.ok for f in kept)


def test_a_changed_file_or_catalog_is_read_again(
    home: Path, scripts: list[Path], catalog: Catalog
) -> None:
    cache.load_all(scripts, catalog, store(home), Counting())
    text = scripts[0].read_text()
    scripts[0].write_text(text.replace("title", "tilte", 1))
    again = Counting()
    changed = cache.load_all(scripts, catalog, store(home), again)
    assert again.read == scripts
    assert not changed[0].ok  # what the file now says, not what was kept
    other = Catalog((CatalogItem("phone", "Phone"),))
    once_more = Counting()
    cache.load_all(scripts, other, store(home), once_more)
    assert once_more.read == scripts


def test_the_same_time_and_size_after_a_change_is_still_a_change(
    home: Path, scripts: list[Path], catalog: Catalog
) -> None:
    cache.load_all(scripts, catalog, store(home), Counting())
    st = scripts[0].stat()
    text = scripts[0].read_text()
    at = text.index("title")
    scripts[0].write_text(text[:at] + "T" + text[at + 1 :])  # the same size
    assert scripts[0].stat().st_size == st.st_size
    os.utime(scripts[0], ns=(st.st_atime_ns, st.st_mtime_ns))  # the change time still moves
    again = Counting()
    cache.load_all(scripts, catalog, store(home), again)
    assert again.read == scripts


@pytest.mark.parametrize(
    "content",
    [b"", b"not a pickle", b"\x80\x05", pickle.dumps(["a", "list"]), pickle.dumps((1, 2, 3))],
)
def test_a_damaged_cache_is_ignored_and_written_again(
    home: Path, scripts: list[Path], catalog: Catalog, content: bytes
) -> None:
    store(home).parent.mkdir(parents=True)
    store(home).write_bytes(content)
    counted = Counting()
    flows = cache.load_all(scripts, catalog, store(home), counted)
    assert counted.read == scripts and all(f.ok for f in flows)
    assert cache.read(store(home), cache.key(scripts), catalog) == flows


class Boom:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch pwned",))


def test_a_cache_naming_other_code_runs_none_of_it(
    home: Path,
    scripts: list[Path],
    catalog: Catalog,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    store(home).parent.mkdir(parents=True)
    for hostile in (Boom(), (cache.key(scripts), catalog, [Boom()])):
        store(home).write_bytes(pickle.dumps(hostile))
        counted = Counting()
        cache.load_all(scripts, catalog, store(home), counted)
        assert counted.read == scripts
        assert not (tmp_path / "pwned").exists()


def test_a_cache_that_cannot_be_written_changes_nothing(
    home: Path, scripts: list[Path], catalog: Catalog
) -> None:
    blocked = home / "state"
    blocked.parent.mkdir(parents=True, exist_ok=True)
    blocked.write_text("a file where the folder would be")
    flows = cache.load_all(scripts, catalog, store(home), Counting())
    assert [f.path for f in flows] == scripts and all(f.ok for f in flows)


def test_session_with_a_cache_lists_the_same_flows(home: Path) -> None:
    plain = Session(Settings()).flows()
    first = Session(Settings(), flow_cache=paths.flow_cache_file()).flows()
    kept = Session(Settings(), flow_cache=paths.flow_cache_file()).flows()
    assert paths.flow_cache_file().is_file()
    assert plain == first == kept
    assert discover(None, paths.flow_cache_file()) == discover()
