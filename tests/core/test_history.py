"""The history store: private, migrating, concurrent, crash-safe, and lossless on export."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coach import paths
from coach.history import HistoryError, HistoryStore, exchange
from coach.history import entries as E
from coach.history.migrations import MIGRATIONS, SCHEMA_VERSION
from coach.history.store import set_aside
from tests.fakes import seed


def test_files_are_private() -> None:
    with HistoryStore() as history:
        history.add_note("a", "phone")
    assert oct(paths.history_file().stat().st_mode & 0o777) == "0o600"
    assert oct(paths.data_dir().stat().st_mode & 0o777) == "0o700"


def test_migration_from_the_first_schema_keeps_every_entry(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0] + "; PRAGMA user_version = 1;")
    db.execute(
        "INSERT INTO notes (uid, created_at, felt_by, kind, words)"
        " VALUES ('u1', '2025-01-02T20:00:00+01:00', 'b', 'phone', 'at dinner')"
    )
    db.commit()
    db.close()
    with HistoryStore(path) as history:
        assert history.version == SCHEMA_VERSION >= 2
        (note,) = history.notes()
        assert (note["felt_by"], note["words"], note["updated_at"]) == ("b", "at dinner", None)
        E.edit_words(history, note["id"], "at dinner, again")
        assert history.notes()[0]["updated_at"] is not None


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    sqlite3.connect(path).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}").close()
    with pytest.raises(HistoryError, match="newer coach"):
        HistoryStore(path)


def test_a_corrupt_file_is_reported_never_overwritten_and_can_be_set_aside() -> None:
    path = paths.history_file()
    path.parent.mkdir(parents=True)
    junk = b"this is not a database at all" * 100
    path.write_bytes(junk)
    with pytest.raises(HistoryError, match="cannot be read") as err:
        HistoryStore()
    assert "fresh-start" in str(err.value)
    assert path.read_bytes() == junk
    kept = set_aside(path)
    assert kept.read_bytes() == junk and not path.exists()
    with HistoryStore() as history:
        assert history.count("notes") == 0


WRITER = """
import sys
from coach.history import HistoryStore
with HistoryStore() as h:
    for i in range(int(sys.argv[1])):
        h.add_note("a" if i % 2 else "b", "phone", f"{sys.argv[2]}-{i}")
        print(i, flush=True)
"""


def test_two_processes_appending_500_each_give_1000() -> None:
    with HistoryStore():
        pass  # create and migrate first, as the app would
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, "500", name], stdout=subprocess.DEVNULL)
        for name in ("one", "two")
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    with HistoryStore() as history:
        assert history.count("notes") == 1000
        words = {r[0] for r in history.db.execute("SELECT words FROM notes")}
    assert len(words) == 1000


def test_killed_writer_loses_no_committed_entry() -> None:
    """Kill a writer at random moments; every note it reported as saved must be there."""
    rng = random.Random(7)
    with HistoryStore():
        pass
    confirmed: list[str] = []
    for round_ in range(5):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, "100", f"r{round_}"],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        time.sleep(rng.uniform(0.3, 0.9))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=30)
        confirmed += [f"r{round_}-{line}" for line in out.split()]
    assert confirmed, "the writer never got going"
    with HistoryStore() as history:
        assert history.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        saved = {r[0] for r in history.db.execute("SELECT words FROM notes")}
    assert set(confirmed) <= saved


def test_filters_find_what_the_couple_asks_for() -> None:
    with HistoryStore() as h:
        seed(h)
        assert E.count(h) == 2 + 4 + 1
        assert {e.type for e in E.entries(h, E.Filter(types=frozenset({"note"})))} == {"note"}
        assert len(E.entries(h, E.Filter(who="a"))) == 2
        assert len(E.entries(h, E.Filter(hurt="phone"))) == 3
        assert len(E.entries(h, E.Filter(since="2026-11-04", until="2026-11-05"))) == 2
        (found,) = E.entries(h, E.Filter(text="100%"))  # % is a letter here, not a wildcard
        assert found.words == "in bed, 100% annoying"
        assert [e.label for e in E.entries(h, E.Filter(text="money"))] == ["money"]
        (run,) = E.entries(h, E.Filter(text="how are we"))
        assert run.type == "conversation" and run.words == "how are we?"


def test_repair_edit_and_delete() -> None:
    with HistoryStore() as h:
        seed(h)
        note = E.entries(h, E.Filter(text="in bed"))[0]
        assert note.repaired is False
        E.repair(h, note.id, "touch")
        E.edit_words(h, note.id, "in bed")
        detail = E.detail(h, "note", note.id)
        assert detail.entry.repaired and detail.fields["words"] == "in bed"
        assert [r["how"] for r in detail.repairs] == ["touch"]
        E.delete(h, "note", note.id)
        assert E.detail(h, "note", note.id) is None
        assert h.count("repairs") == 2  # the deleted note's repair went with it
        with pytest.raises(KeyError):
            E.repair(h, 9999, "sorry")


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_export_then_import_is_lossless_and_adds_no_duplicates(fmt: str, tmp_path: Path) -> None:
    with HistoryStore() as h:
        seed(h)
        text = exchange.export(h, fmt)
        before = exchange.snapshot(h)
        assert exchange.merge(h, exchange.parse(text, fmt)) == dict.fromkeys(exchange.TABLES, 0)
        assert exchange.snapshot(h) == before
    with HistoryStore(tmp_path / "elsewhere.sqlite3") as other:
        added = exchange.merge(other, exchange.parse(text, fmt))
        assert sum(added.values()) == sum(len(before[t]) for t in exchange.TABLES)
        assert exchange.snapshot(other) == before


def test_bad_import_files_are_refused_whole() -> None:
    with HistoryStore() as h:
        for text, fmt in [
            ("{", "json"),
            ('{"format": 9}', "json"),
            ("runs = 3\nformat = 1", "toml"),
            ('format = 1\n[[runs]]\nuid = "r1"\nanswers = "{oops"\n', "toml"),
        ]:
            with pytest.raises(exchange.ImportError_):
                exchange.merge(h, exchange.parse(text, fmt))
        assert h.count("notes") == 0


def test_readable_exports() -> None:
    with HistoryStore() as h:
        seed(h)
        md = exchange.export(h, "md", name_of=str.upper, names={"a": "Sam", "b": "Alex"})
        csv_text = exchange.export(h, "csv")
    assert "# Our notes from coach" in md
    assert "Sam felt hurt: PHONE. “at dinner”. Repaired: SORRY." in md
    assert "Alex felt hurt: INTERRUPTING. Repaired: SORRY." in md
    assert "(how stirred up: Sam 6/10, Alex 3/10)" in md
    assert "paused about money for 22 min; did not come back to it yet." in md
    assert csv_text.splitlines()[0] == "type,when,who_felt_hurt,kind,label,words,repaired"
    assert len(csv_text.splitlines()) == 1 + 7


def test_two_hundred_page_limit_and_offsets() -> None:
    with HistoryStore() as h:
        for i in range(250):
            h.add_note("a", "phone", str(i), at=f"2026-01-01T00:{i // 60:02d}:{i % 60:02d}+00:00")
        first = E.entries(h)
        rest = E.entries(h, offset=200)
    assert len(first) == 200 and len(rest) == 50 and first[0].words == "249"


def test_history_dir_is_tightened_even_if_it_existed() -> None:
    paths.data_dir().mkdir(parents=True, mode=0o755)
    os.chmod(paths.data_dir(), 0o755)
    with HistoryStore():
        pass
    assert oct(paths.data_dir().stat().st_mode & 0o777) == "0o700"
