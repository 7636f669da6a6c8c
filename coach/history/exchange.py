"""Export the history (toml, json, csv, md) and import it back without duplicates.

json and toml keep everything and can be imported; csv is one row per entry for
spreadsheets; md is a readable summary to bring to a therapist. Words in csv and md are
printable text only, and no csv cell can start a formula.

An import is untrusted: every row of every table is checked (types, dates, ranges, lengths,
links between rows) before anything is written, and a bad file is refused whole with a
message naming each bad entry.
"""

from __future__ import annotations

import csv
import io
import json
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from coach.checked import AnyOf, Bool, DateTime, Int, ListOf, Opt, Record, Spec, Text, problems
from coach.files import FileTooLarge, NotRegularFile, read_bounded
from coach.flows.catalog import ID_PATTERN
from coach.flows.deck import DEPTHS
from coach.flows.model import RECORDS
from coach.flows.source import too_deep
from coach.history.store import HistoryStore
from coach.plain import csv_cell, shorten

FORMATS = ("toml", "json", "csv", "md")
EXCHANGE_VERSION = 1

# table -> (columns exported, foreign keys as (column, table it points at))
TABLES: dict[str, tuple[tuple[str, ...], tuple[tuple[str, str], ...]]] = {
    "runs": (("uid", "flow_id", "title", "started_at", "finished_at", "answers"), ()),
    "notes": (("uid", "created_at", "updated_at", "felt_by", "kind", "words", "run_id",
               "snoozed_until"), (("run_id", "runs"),)),
    "repairs": (("uid", "note_id", "how", "words", "created_at"), (("note_id", "notes"),)),
    "temperatures": (("uid", "run_id", "who", "value", "created_at"), (("run_id", "runs"),)),
    "resets": (("uid", "started_at", "planned_s", "actual_s", "topic", "came_back_at",
                "dismissed_at"), ()),
    "card_draws": (("uid", "deck_id", "card_id", "drawn_at", "skipped"), ()),
    "card_favourites": (("uid", "deck_id", "card_id", "text", "theme", "depth", "added_at"), ()),
    "promises": (("uid", "run_id", "who", "words", "created_at", "done_at"),
                 (("run_id", "runs"),)),
}  # fmt: skip


class ImportError_(ValueError):
    """A file that cannot be imported; the message says why."""


MAX_IMPORT_BYTES = 50 * 2**20  # ten years of history is a few MiB
MAX_IMPORT_DEPTH = 8  # an export nests 5 levels: file, table, row, answers, answer
MAX_SECONDS = 48 * 60 * 60  # a reset pause is at most a day, and may run over
CSV_HEADER = ("type", "when", "who_felt_hurt", "kind", "label", "words", "repaired")

UID = Text(max_len=64, min_len=1, pattern=r"[0-9A-Za-z_-]+",
           hint="not an id (letters, digits, `-` and `_`)")  # fmt: skip
WHO = Text(allowed=("a", "b"))
WHEN = DateTime()
NAME = Text(max_len=200, min_len=1)
WORDS = Text(max_len=100_000)
SECONDS = Int(min=0, max=MAX_SECONDS)
CARD_ID = Text(max_len=64, min_len=1, pattern=ID_PATTERN, hint="not a deck or card id")
ANSWER = Record(
    {"step": Text(max_len=200), "record": Text(allowed=RECORDS), "who": WHO,
     "value": AnyOf((WORDS, Int(min=-(10**9), max=10**9)), "text or a whole number"),
     "speaker": Opt(WHO), "question": Opt(Text(max_len=2000)), "shown": Opt(WORDS)},
    extra="ignore",
)  # fmt: skip
ROWS: dict[str, Spec[dict[str, Any]]] = {
    "runs": Record(
        {"uid": UID, "flow_id": NAME, "title": Opt(Text(max_len=500)), "started_at": WHEN,
         "finished_at": WHEN, "answers": Opt(ListOf(ANSWER, max_items=1000), default=[])},
        extra="ignore"),
    "notes": Record(
        {"uid": UID, "created_at": WHEN, "updated_at": Opt(WHEN), "felt_by": WHO,
         "kind": NAME, "words": Opt(WORDS), "run_id": Opt(UID), "snoozed_until": Opt(WHEN)},
        extra="ignore"),
    "repairs": Record(
        {"uid": UID, "note_id": UID, "how": NAME, "words": Opt(WORDS), "created_at": WHEN},
        extra="ignore"),
    "temperatures": Record(
        {"uid": UID, "run_id": Opt(UID), "who": WHO, "value": Int(min=1, max=10),
         "created_at": WHEN}, extra="ignore"),
    "resets": Record(
        {"uid": UID, "started_at": WHEN, "planned_s": SECONDS, "actual_s": Opt(SECONDS),
         "topic": Opt(Text(max_len=1000)), "came_back_at": Opt(WHEN),
         "dismissed_at": Opt(WHEN)}, extra="ignore"),
    "card_draws": Record(
        {"uid": UID, "deck_id": CARD_ID, "card_id": CARD_ID, "drawn_at": WHEN,
         "skipped": Opt(Bool(), default=False)}, extra="ignore"),
    "card_favourites": Record(
        {"uid": UID, "deck_id": CARD_ID, "card_id": CARD_ID, "text": Text(max_len=1000, min_len=1),
         "theme": Opt(Text(max_len=64), default=""), "depth": Opt(Text(allowed=DEPTHS),
         default="light"), "added_at": WHEN}, extra="ignore"),
    "promises": Record(
        {"uid": UID, "run_id": Opt(UID), "who": WHO, "words": Text(max_len=2000, min_len=1),
         "created_at": WHEN, "done_at": Opt(WHEN)}, extra="ignore"),
}  # fmt: skip


class Checked(dict[str, Any]):
    """An import that passed every check (what ``parse`` returns)."""


def snapshot(history: HistoryStore) -> dict[str, Any]:
    """Every row, with links between rows written as uids (ids differ between machines)."""
    uid_of: dict[str, dict[int, str]] = {}
    for table in TABLES:
        uid_of[table] = dict(history.db.execute(f"SELECT id, uid FROM {table}").fetchall())
    out: dict[str, Any] = {"format": EXCHANGE_VERSION}
    for table, (columns, links) in TABLES.items():
        rows = []
        for row in history.db.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY id"):
            item = {k: row[k] for k in columns if row[k] is not None}
            for column, target in links:
                if column in item:
                    item[column] = uid_of[target].get(item[column])
            if table == "runs":
                item["answers"] = _answers(item.get("answers"))
            if table == "card_draws":
                item["skipped"] = bool(item.get("skipped"))
            rows.append({k: v for k, v in item.items() if v is not None})
        out[table] = rows
    return out


def export(history: HistoryStore, fmt: str, name_of: Callable[[str], str] = str,
           names: dict[str, str] | None = None) -> str:  # fmt: skip
    """The whole history as text in ``fmt``."""
    buf = io.StringIO()
    export_to(history, fmt, buf, name_of, names)
    return buf.getvalue()


def export_to(history: HistoryStore, fmt: str, out: TextIO, name_of: Callable[[str], str] = str,
              names: dict[str, str] | None = None) -> None:  # fmt: skip
    """Write the whole history in ``fmt`` to ``out``; csv streams row by row."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    if fmt == "csv":
        write_csv(history, out)
        return
    data = snapshot(history)
    if fmt == "json":
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "toml":
        import tomli_w

        out.write(tomli_w.dumps(_toml_safe(data)))
    else:
        from coach.history.markdown import summary

        out.write(summary(data, name_of, names or {"a": "A", "b": "B"}))


def _toml_safe(data: dict[str, Any]) -> dict[str, Any]:
    """TOML has no null and no mixed arrays: answers are kept as JSON text per run."""
    safe = dict(data)
    safe["runs"] = [
        {**r, "answers": json.dumps(r.get("answers", []), ensure_ascii=False)} for r in data["runs"]
    ]
    return safe


def write_csv(history: HistoryStore, out: TextIO) -> int:
    """One row per entry, newest first, in one pass over one query; returns the rows."""
    from coach.history.entries import _UNION  # what an entry is, defined once

    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    cursor = history.db.execute(
        f"SELECT type, at, who, kind, label, words, repaired FROM ({_UNION})"
        " ORDER BY at DESC, id DESC"
    )
    count = 0
    for batch in iter(lambda: cursor.fetchmany(1000), []):
        writer.writerows(_csv_row(*row) for row in batch)
        count += len(batch)
    return count


def _csv_row(kind: str, at: Any, who: Any, what: Any, label: Any, words: Any,
             repaired: Any) -> list[str]:  # fmt: skip
    if kind == "conversation":
        words = " / ".join(
            str(a.get("shown") or a.get("value", ""))
            for a in _answers(words)
            if a.get("record") == "answer"
        )
    mended = "" if repaired is None else ("yes" if repaired else "no")
    return [csv_cell(v) for v in (kind, at, who or "", what, label or "", words or "", mended)]


def _answers(raw: object) -> list[dict[str, Any]]:
    """A run's answers from their JSON text; damaged ones read as none."""
    try:
        answers = json.loads(raw) if isinstance(raw, str) else []
    except (ValueError, RecursionError):
        return []
    return [a for a in answers if isinstance(a, dict)] if isinstance(answers, list) else []


# -- import ----------------------------------------------------------------------------------


def read_import(path: Path) -> str:
    """The text of an export file to import: a regular UTF-8 file of at most 50 MiB."""
    try:
        raw = read_bounded(path, MAX_IMPORT_BYTES)
    except NotRegularFile as exc:
        raise ImportError_(f"{exc.what} cannot be imported: choose an export file") from exc
    except FileTooLarge as exc:
        raise ImportError_(
            f"the file is too large to be a coach export (over {MAX_IMPORT_BYTES >> 20} MiB)"
        ) from exc
    except OSError as exc:
        raise ImportError_(f"the file cannot be read ({exc.strerror or exc})") from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportError_("the file is not UTF-8 text, so not a coach export") from exc


def parse(text: str, fmt: str) -> dict[str, Any]:
    """Read an exported file (json or toml) back into tables, every row checked.

    Raises ImportError_ naming every bad entry (up to 20); nothing is half-read.
    """
    if len(text) > MAX_IMPORT_BYTES:
        raise ImportError_("the file is too large to be a coach export")
    try:
        data = json.loads(text) if fmt == "json" else tomllib.loads(text)
    except RecursionError as exc:
        raise ImportError_(f"the file is not a coach export: {_DEEP}") from exc
    except ValueError as exc:  # TOMLDecodeError is one too
        raise ImportError_(f"the file is not valid {fmt}: {shorten(str(exc), 200)}") from exc
    if too_deep(data, MAX_IMPORT_DEPTH):
        raise ImportError_(f"the file is not a coach export: {_DEEP}")
    return validate(data)


_DEEP = f"it nests lists and tables more than {MAX_IMPORT_DEPTH} levels deep"


def validate(data: object) -> Checked:
    """Check every row of every table of parsed export data; raises ImportError_."""
    if isinstance(data, Checked):
        return data
    if not isinstance(data, dict) or type(data.get("format")) is not int:
        raise ImportError_("this is not a coach history export (format 1)")
    if data["format"] != EXCHANGE_VERSION:
        raise ImportError_(f"this export is format {data['format']}; this coach reads format 1")
    out = Checked(format=EXCHANGE_VERSION)
    found: list[str] = []
    for table, spec in ROWS.items():
        rows = data.get(table, [])
        if not isinstance(rows, list):
            found.append(f"`{table}` should be a list of entries")
            continue
        out[table] = []
        seen: dict[str, int] = {}
        for i, raw in enumerate(rows):
            where = _label(table, i, raw)
            if table == "runs" and isinstance(raw, dict) and isinstance(raw.get("answers"), str):
                raw = {**raw, "answers": _decode(raw["answers"], where, found)}
            row, bad = problems(raw, spec, where)
            found += bad
            if row is not None:
                if (first := seen.setdefault(row["uid"], i)) != i:
                    found.append(f"{where}: has the same uid as {table} #{first + 1}")
                out[table].append(row)
            if len(found) >= 20:
                break
    if found:
        raise ImportError_(_refusal(found))
    return out


def _label(table: str, i: int, row: object) -> str:
    """How a message names a row: 'notes #3 (uid 1f2e3d4c…)'."""
    uid = row.get("uid") if isinstance(row, dict) else None
    return f"{table} #{i + 1}" + (f" (uid {shorten(uid, 9)})" if isinstance(uid, str) else "")


def _decode(text: str, where: str, found: list[str]) -> Any:
    """A run's answers kept as JSON text (in toml exports)."""
    try:
        answers = json.loads(text)
    except (ValueError, RecursionError):
        found.append(f"{where}: `answers` is damaged (not JSON)")
        return []
    if too_deep(answers, MAX_IMPORT_DEPTH):
        found.append(f"{where}: `answers` nests too deeply")
        return []
    return answers


def _refusal(found: list[str]) -> str:
    more = "\n(and perhaps more)" if len(found) >= 20 else ""
    return "nothing was imported; fix these entries first:\n" + "\n".join(found[:20]) + more


def _dangling(history: HistoryStore, data: Checked) -> list[str]:
    """Links (a note's run, a repair's note, ...) to uids in neither the file nor the db."""
    found: list[str] = []
    for table, (_, links) in TABLES.items():
        for column, target in links:
            known = {r["uid"] for r in data.get(target, [])}
            missing = sorted({r[column] for r in data.get(table, []) if column in r} - known)
            for at in range(0, len(missing), 500):
                chunk = missing[at : at + 500]
                sql = f"SELECT uid FROM {target} WHERE uid IN ({', '.join('?' * len(chunk))})"
                known.update(uid for (uid,) in history.db.execute(sql, chunk))
            found += [
                f"{_label(table, i, r)}: `{column}` points at {target} uid "
                f"{shorten(r[column], 9)}, which is in neither this file nor your history"
                for i, r in enumerate(data.get(table, []))
                if column in r and r[column] not in known
            ]
    return found


def merge(history: HistoryStore, data: dict[str, Any]) -> dict[str, int]:
    """Check, then add every row not already there (matched by uid), in one transaction."""
    checked = validate(data)
    added = dict.fromkeys(TABLES, 0)
    db = history.db
    db.execute("BEGIN IMMEDIATE")
    try:
        if dangling := _dangling(history, checked):
            raise ImportError_(_refusal(dangling))
        for table, (columns, links) in TABLES.items():
            for row in checked.get(table, []):
                item = {k: row.get(k) for k in columns}
                if table == "runs":
                    item["answers"] = json.dumps(item.get("answers") or [], ensure_ascii=False)
                if table == "card_draws":
                    item["skipped"] = int(bool(item.get("skipped")))
                for column, target in links:
                    if item.get(column) is not None:
                        found = db.execute(
                            f"SELECT id FROM {target} WHERE uid = ?", (item[column],)
                        ).fetchone()
                        item[column] = found[0] if found else None
                item = {k: v for k, v in item.items() if v is not None}
                # Already there (the same uid, or a card already kept): left as it is.
                cur = db.execute(
                    f"INSERT INTO {table} ({', '.join(item)}) VALUES "
                    f"({', '.join('?' * len(item))}) ON CONFLICT DO NOTHING",
                    tuple(item.values()),
                )
                added[table] += cur.rowcount
        db.execute("COMMIT")
    except ImportError_:
        db.execute("ROLLBACK")
        raise
    except Exception as exc:
        db.execute("ROLLBACK")
        raise ImportError_(f"nothing was imported: {exc}") from exc
    return added
