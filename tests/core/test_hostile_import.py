"""Imports are checked row by row before anything is written; exports carry data, not commands."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings

from coach.flows.runner import Recorded
from coach.history import HistoryStore, exchange
from coach.history.store import RunRecord
from tests.hostile import HOSTILE_TEXTS, imported_entries, unsafe

RUN = "0123456789abcdef0123456789abcdef"
NOTE = "fedcba9876543210fedcba9876543210"
WHEN = "2026-11-01T20:00:00+01:00"


def good() -> dict[str, Any]:
    """A small, valid export: one of each kind of row, linked by uid."""
    return {
        "format": 1,
        "runs": [{"uid": RUN, "flow_id": "check-in", "title": "Check-in", "started_at": WHEN,
                  "finished_at": WHEN,
                  "answers": [{"step": "t", "record": "temperature", "who": "a", "value": 6},
                              {"step": "q", "record": "answer", "who": "b", "value": "ok"}]}],
        "notes": [{"uid": NOTE, "created_at": WHEN, "felt_by": "b", "kind": "phone",
                   "words": "at dinner", "run_id": RUN}],
        "repairs": [{"uid": "r1", "note_id": NOTE, "how": "sorry", "created_at": WHEN}],
        "temperatures": [{"uid": "t1", "run_id": RUN, "who": "a", "value": 6, "created_at": WHEN}],
        "resets": [{"uid": "s1", "started_at": WHEN, "planned_s": 1200, "actual_s": 1320,
                    "topic": "money"}],
        "card_draws": [{"uid": "d1", "deck_id": "week", "card_id": "week-0123abcd",
                        "drawn_at": WHEN, "skipped": True}],
        "card_favourites": [{"uid": "f1", "deck_id": "week", "card_id": "week-0123abcd",
                             "text": "What was the best moment of your week?", "theme": "week",
                             "depth": "light", "added_at": WHEN}],
        "promises": [{"uid": "k1", "run_id": RUN, "who": "b", "words": "the bins tonight",
                      "created_at": WHEN}],
    }  # fmt: skip


def changed(table: str, **fields: Any) -> dict[str, Any]:
    data = good()
    data[table][0].update(fields)
    return data


def refused(data: object, fmt: str = "json") -> str:
    """Import ``data`` into an empty history: it must be refused, with nothing written."""
    text = data if isinstance(data, str) else json.dumps(data)
    with HistoryStore() as h, pytest.raises(exchange.ImportError_) as err:
        try:
            exchange.merge(h, exchange.parse(text, fmt))
        finally:
            assert sum(h.count(t) for t in exchange.TABLES) == 0
    return str(err.value)


def test_the_good_file_imports() -> None:
    with HistoryStore() as h:
        added = exchange.merge(h, exchange.parse(json.dumps(good()), "json"))
        assert added == dict.fromkeys(exchange.TABLES, 1)


# -- wrong types, non-dates, out of range, unknown partner ----------------------------------

ROW_CASES = [
    ("temperatures", {"value": "6"}, "`value` is the text `6`, not a whole number"),
    ("temperatures", {"value": 6.5}, "`value` is `6.5`, not a whole number"),
    ("temperatures", {"value": True}, "`value` is `true`, not a whole number"),
    ("temperatures", {"value": 0}, "`value` is `0`, not from 1 to 10"),
    ("temperatures", {"value": 11}, "`value` is `11`, not from 1 to 10"),
    ("temperatures", {"value": 10**30}, "`value` is a very large number"),
    ("temperatures", {"who": "c"}, "`who` is the text `c`, not one of `a` or `b`"),
    ("temperatures", {"who": "A"}, "`who` is the text `A`"),
    ("temperatures", {"who": None}, "`who` is empty (null)"),
    ("notes", {"felt_by": ""}, "`felt_by` is empty text, not one of `a` or `b`"),
    ("notes", {"felt_by": ["a"]}, "`felt_by` is a list, not text"),
    ("notes", {"created_at": "yesterday"}, "`created_at` is the text `yesterday`, not a date"),
    ("notes", {"created_at": "2026-13-01T00:00:00"}, "not a date and time"),
    ("notes", {"created_at": ""}, "`created_at` is empty text, not a date and time"),
    ("notes", {"created_at": 1700000000}, "`created_at` is `1700000000`, not a date and time"),
    ("notes", {"created_at": WHEN * 10}, "too long for a date and time"),
    ("notes", {"updated_at": "soon"}, "`updated_at` is the text `soon`"),
    ("notes", {"words": ["a", "b"]}, "`words` is a list, not text"),
    ("notes", {"words": "x" * 100_001}, "`words` is too long (100001 characters"),
    ("notes", {"words": "\ud800"}, "`words` holds characters that cannot be stored"),
    ("notes", {"kind": ""}, "`kind` is empty"),
    ("notes", {"kind": {"a": 1}}, "`kind` is a table, not text"),
    ("notes", {"uid": 7}, "`uid` is `7`, not text"),
    ("notes", {"uid": ""}, "`uid` is empty"),
    ("notes", {"uid": "../../etc"}, "not an id"),
    ("notes", {"uid": "\x1b[2J"}, "not an id"),
    ("notes", {"uid": "a" * 65}, "`uid` is too long"),
    ("resets", {"planned_s": -1}, "`planned_s` is `-1`, not from 0 to 172800"),
    ("resets", {"planned_s": 10**12}, "`planned_s` is `1000000000000`, not from 0 to 172800"),
    ("resets", {"planned_s": "1200"}, "`planned_s` is the text `1200`, not a whole number"),
    ("resets", {"actual_s": 200_000}, "`actual_s` is `200000`, not from 0 to 172800"),
    ("resets", {"topic": "t" * 1001}, "`topic` is too long"),
    ("resets", {"came_back_at": False}, "`came_back_at` is `false`, not a date and time"),
    ("runs", {"answers": {"step": "t"}}, "`answers` is a table, not a list"),
    ("runs", {"answers": [7]}, "`answers` #1 is `7`, not a table"),
    ("runs", {"answers": [{"step": "t", "record": "x", "who": "a", "value": 1}]},
     "`answers` #1 `record` is the text `x`"),
    ("runs", {"answers": [{"step": "t", "record": "answer", "who": "z", "value": 1}]},
     "`answers` #1 `who` is the text `z`"),
    ("runs", {"answers": [{"step": "t", "record": "answer", "who": "a", "value": [1]}]},
     "`answers` #1 `value` is a list, not text or a whole number"),
    ("runs", {"answers": [{"step": "t", "record": "answer", "who": "a"}]},
     "`answers` #1 `value` is missing"),
    ("runs", {"answers": [{}] * 1001}, "`answers` has 1001 items; at most 1000"),
    ("runs", {"flow_id": None}, "`flow_id` is empty (null)"),
    ("runs", {"finished_at": "2026-11-01 25:00"}, "`finished_at` is the text"),
    ("repairs", {"how": 3}, "`how` is `3`, not text"),
    ("card_draws", {"skipped": 1}, "`skipped` is `1`, not true or false"),
    ("card_draws", {"card_id": "../x"}, "`card_id` is the text `../x`, not a deck or card id"),
    ("card_draws", {"deck_id": ""}, "`deck_id` is empty"),
    ("card_draws", {"drawn_at": "now"}, "`drawn_at` is the text `now`, not a date"),
    ("card_favourites", {"text": ""}, "`text` is empty"),
    ("card_favourites", {"text": "q" * 1001}, "`text` is too long"),
    ("card_favourites", {"depth": "deep"}, "`depth` is the text `deep`, not one of"),
    ("card_favourites", {"card_id": None}, "`card_id` is empty (null)"),
]  # fmt: skip


@pytest.mark.parametrize(("table", "change", "message"), ROW_CASES)
def test_a_bad_row_is_refused_and_named(table: str, change: dict[str, Any], message: str) -> None:
    text = refused(changed(table, **change))
    assert text.startswith("nothing was imported")
    assert f"\n{table} #1" in text and message in text, text


def test_the_entry_is_named_by_number_and_uid() -> None:
    data = good()
    data["notes"].append({**data["notes"][0], "uid": "1f2e3d4c5b6a", "created_at": "nope"})
    text = refused(data)
    assert "notes #2 (uid 1f2e3d4c…): `created_at` is the text `nope`" in text


def test_many_bad_rows_are_listed_up_to_twenty() -> None:
    data = good()
    data["notes"] = [{**data["notes"][0], "uid": f"n{i}", "felt_by": "x"} for i in range(500)]
    lines = refused(data).splitlines()
    assert 20 <= len(lines) <= 23 and lines[-1] == "(and perhaps more)"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"format": True}, "not a coach history export"),
        ({"format": "1"}, "not a coach history export"),
        ({"format": 2}, "this export is format 2"),
        ({}, "not a coach history export"),
        ([1, 2], "not a coach history export"),
        (None, "not a coach history export"),
        ('"just text"', "not a coach history export"),
        ({"format": 1, "notes": {"uid": "x"}}, "`notes` should be a list"),
        ({"format": 1, "notes": [None]}, "notes #1: it is empty (null), not a table"),
        ({"format": 1, "notes": [[1]]}, "notes #1: it is a list, not a table"),
    ],
)
def test_not_an_export(data: object, message: str) -> None:
    assert message in refused(data)


# -- links and duplicates -------------------------------------------------------------------


def test_a_link_to_nothing_is_refused() -> None:
    text = refused(changed("notes", run_id="deadbeef"))
    assert "notes #1 (uid fedcba98…): `run_id` points at runs uid deadbeef" in text


def test_a_repair_of_a_missing_note_is_refused() -> None:
    data = good()
    data["notes"] = []
    assert "repairs #1 (uid r1): `note_id` points at notes uid fedcba98…" in refused(data)


def test_a_link_to_a_row_already_in_the_history_is_fine() -> None:
    with HistoryStore() as h:
        exchange.merge(h, exchange.parse(json.dumps(good()), "json"))
        later = {"format": 1, "temperatures": [{"uid": "t2", "run_id": RUN, "who": "b",
                 "value": 3, "created_at": WHEN}]}  # fmt: skip
        assert exchange.merge(h, exchange.parse(json.dumps(later), "json"))["temperatures"] == 1


def test_the_same_uid_twice_in_one_file() -> None:
    data = good()
    data["resets"].append(dict(data["resets"][0]))
    assert "resets #2 (uid s1): has the same uid as resets #1" in refused(data)


def test_merge_checks_data_it_did_not_parse() -> None:
    with HistoryStore() as h, pytest.raises(exchange.ImportError_, match="not one of"):
        exchange.merge(h, changed("notes", felt_by="c"))
    with HistoryStore() as h:
        assert h.count("notes") == 0


# -- nesting and size ---------------------------------------------------------------------


@pytest.mark.parametrize("depth", [10_000, 100_000])
def test_deeply_nested_json(depth: int) -> None:
    assert "not a coach export" in refused("[" * depth + "]" * depth)


def test_deeply_nested_json_inside_an_entry() -> None:
    data = changed("notes", words=0)
    text = json.dumps(data).replace('"words": 0', '"words": ' + "[" * 10_000 + "]" * 10_000)
    assert text != json.dumps(data)
    assert "not a coach export" in refused(text)


def test_nesting_a_little_deeper_than_an_export() -> None:
    deep: Any = 1
    for _ in range(exchange.MAX_IMPORT_DEPTH):
        deep = [deep]
    assert "nests lists and tables more than" in refused({"format": 1, "junk": deep})


def test_deeply_nested_toml() -> None:
    assert "not a coach export" in refused("x = " + "[" * 10_000 + "]" * 10_000, "toml")


def test_deeply_nested_answers_text_in_toml() -> None:
    data = good()
    data["runs"][0]["answers"] = "[" * 10_000 + "]" * 10_000
    assert "`answers` is damaged" in refused(tomli_w.dumps(data), "toml")


def test_answers_text_in_toml_that_is_not_json() -> None:
    data = good()
    data["runs"][0]["answers"] = "{oops"
    assert "runs #1 (uid 01234567…): `answers` is damaged" in refused(tomli_w.dumps(data), "toml")


def test_huge_numbers_in_the_file() -> None:
    assert "not valid json" in refused('{"format": 1' + "0" * 5000 + "}")
    assert "not valid toml" in refused("format = 1" + "0" * 5000, "toml")


def test_a_file_over_the_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exchange, "MAX_IMPORT_BYTES", 1000)
    assert "too large" in refused(json.dumps(changed("notes", words="x" * 2000)))


@pytest.mark.parametrize("kind", ["fifo", "zero", "big", "latin1", "folder", "missing"])
def test_read_import_refuses_what_is_not_an_export_file(
    tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "backup.json"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "zero":
        path.symlink_to("/dev/zero")
    elif kind == "big":
        monkeypatch.setattr(exchange, "MAX_IMPORT_BYTES", 100)
        path.write_text(json.dumps(good()))
    elif kind == "latin1":
        path.write_bytes('{"format": 1, "x": "café"}'.encode("latin-1"))
    elif kind == "folder":
        path.mkdir()
    with pytest.raises(exchange.ImportError_):
        exchange.read_import(path)


def test_read_import_reads_an_export(tmp_path: Path) -> None:
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(good()), encoding="utf-8")
    assert exchange.parse(exchange.read_import(path), "json")["notes"][0]["uid"] == NOTE


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(imported_entries())
def test_any_import_is_taken_whole_or_refused_whole(data: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp, HistoryStore(Path(tmp) / "h.sqlite3") as h:
        try:
            added = exchange.merge(h, exchange.parse(json.dumps(data), "json"))
        except exchange.ImportError_:
            assert sum(h.count(t) for t in exchange.TABLES) == 0
            return
        assert sum(added.values()) == sum(h.count(t) for t in exchange.TABLES)
        assert {r[0] for r in h.db.execute("SELECT felt_by FROM notes")} <= {"a", "b"}
        for fmt in exchange.FORMATS:
            exchange.export(h, fmt)


# -- exports ----------------------------------------------------------------------------------


def hostile_history(h: HistoryStore) -> None:
    """Every hostile text as words, kinds, topics, titles and answers."""
    for i, text in enumerate(HOSTILE_TEXTS):
        text = text.replace("\ud800", "?")  # the database cannot store a lone surrogate
        kind = text[:200] or "phone"  # kinds are short catalog ids, but still data
        h.add_run(RunRecord(f"flow-{i}", text[:500], WHEN, WHEN, [
            Recorded("q", "answer", "a", text), Recorded("t", "temperature", "b", 5),
        ]))  # fmt: skip
        h.add_note("a" if i % 2 else "b", kind, text, at=f"2026-11-{i % 28 + 1:02d}T10:00:00")
        h.start_reset(WHEN, 600, text[:1000])


def test_markdown_export_has_no_control_characters_and_no_injected_structure() -> None:
    names = {"a": "\x1b]0;Sam\x07[b]Sam[/b]", "b": "Alex\u202e\n# fake"}
    with HistoryStore() as h:
        hostile_history(h)
        md = exchange.export(h, "md", name_of=lambda k: k + "\x1b[2J", names=names)
    assert unsafe(md) == []
    headings = [line for line in md.splitlines() if line.startswith("#")]
    assert headings == ["# Our notes from coach", "## Small hurts we noted",
                        "## Conversations", "## Reset pauses"]  # fmt: skip
    assert "[b]Sam[/b]" in md  # markup is kept as the words it is


def test_csv_export_has_no_formula_cells_and_no_control_characters() -> None:
    with HistoryStore() as h:
        hostile_history(h)
        text = exchange.export(h, "csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(exchange.CSV_HEADER) and len(rows) == 1 + 3 * len(HOSTILE_TEXTS)
    for row in rows:
        for cell in row:
            assert not cell.lstrip().startswith(("=", "+", "-", "@", "\t", "\r")), cell
            assert unsafe(cell) == [], repr(cell)
    words = {r[5] for r in rows if r[0] == "note"}
    assert {"'=1+1", "'+cmd|' /C calc'!A0", "'-2", "'@SUM(A1:A9)"} <= words  # stored stripped


def test_json_and_toml_exports_keep_the_words_exactly() -> None:
    with HistoryStore() as h:
        hostile_history(h)
        before = exchange.snapshot(h)
        for fmt in ("json", "toml"):
            again = exchange.parse(exchange.export(h, fmt), fmt)
            assert [n["words"] for n in again["notes"]] == [n["words"] for n in before["notes"]]


def count_selects(h: HistoryStore) -> list[str]:
    seen: list[str] = []
    h.db.set_trace_callback(lambda sql: seen.append(sql) if "SELECT" in sql else None)
    return seen


def test_csv_export_is_one_query_read_once() -> None:
    """Work is counted in queries: one, whatever the size (paging with OFFSET was quadratic)."""
    with HistoryStore() as h:
        h.write([(
            "INSERT INTO notes (uid, created_at, felt_by, kind, words) VALUES (?, ?, ?, ?, ?)",
            (f"n{i}", f"2026-01-01T{i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d}", "a",
             "phone", str(i)),
        ) for i in range(2500)])  # fmt: skip
        queries = count_selects(h)
        out = io.StringIO()
        assert exchange.write_csv(h, out) == 2500
        assert len(queries) == 1
        rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert [r[5] for r in rows[1:4]] == ["2499", "2498", "2497"]  # newest first
    assert rows[-1][5] == "0"


def test_export_to_a_file_matches_export(tmp_path: Path) -> None:
    with HistoryStore() as h:
        hostile_history(h)
        for fmt in exchange.FORMATS:
            with (tmp_path / f"out.{fmt}").open("w", encoding="utf-8", newline="") as f:
                exchange.export_to(h, fmt, f)
            with (tmp_path / f"out.{fmt}").open(encoding="utf-8", newline="") as f:
                written = f.read()
            assert written == exchange.export(h, fmt), fmt


def test_exports_survive_damage_already_in_the_database() -> None:
    """Rows an older coach let in (answers that are not a list of objects, odd types)."""
    with HistoryStore() as h:
        h.db.execute(
            "INSERT INTO runs (uid, flow_id, started_at, finished_at, answers)"
            " VALUES ('r1', 'x', ?, ?, '[1, \"a\", null]'), ('r2', 'y', ?, ?, '{oops')",
            (WHEN, WHEN, WHEN, WHEN),
        )
        h.db.execute(
            "INSERT INTO resets (uid, started_at, planned_s, topic) VALUES ('s', ?, 'long', '=x')",
            (WHEN,),
        )
        for fmt in exchange.FORMATS:
            assert exchange.export(h, fmt)
        assert "paused about =x for ? min" in exchange.export(h, "md")
        assert re.search(r"^reset,.*,'=x,", exchange.export(h, "csv"), re.M)
