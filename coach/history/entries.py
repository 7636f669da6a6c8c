"""The history as a list a couple can browse: filter, read, repair, edit, delete."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from coach.dates import now_iso
from coach.flows.catalog import Catalog
from coach.flows.summary import KIND_WORDS
from coach.history.store import HistoryStore, new_uid
from coach.plain import printable

_UNION = """
SELECT 'conversation' AS type, r.id AS id, r.finished_at AS at, NULL AS who,
       r.flow_id AS kind, r.title AS label, r.answers AS words, NULL AS repaired
  FROM runs r
UNION ALL
SELECT 'note', n.id, n.created_at, n.felt_by, n.kind, n.kind, n.words,
       EXISTS (SELECT 1 FROM repairs p WHERE p.note_id = n.id)
  FROM notes n
UNION ALL
SELECT 'reset', s.id, s.started_at, NULL, 'reset', s.topic, s.topic,
       s.came_back_at IS NOT NULL
  FROM resets s
"""


@dataclass(frozen=True)
class Filter:
    """What to show. Empty fields mean 'everything'."""

    types: frozenset[str] = frozenset()
    who: str | None = None  # 'a' or 'b': who felt hurt (notes only)
    since: str | None = None  # ISO date or time, inclusive
    until: str | None = None  # ISO date, inclusive of that whole day
    hurt: str | None = None  # a micro-hurt kind
    text: str = ""

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        args: list[Any] = []
        if self.types:
            clauses.append(f"type IN ({', '.join('?' * len(self.types))})")
            args += sorted(self.types)
        if self.who:
            clauses.append("who = ?")
            args.append(self.who)
        if self.since:
            clauses.append("at >= ?")
            args.append(self.since)
        if self.until:
            clauses.append("at < ?")
            args.append(self.until + "\uffff")  # the whole last day
        if self.hurt:
            clauses.append("type = 'note' AND kind = ?")
            args.append(self.hurt)
        if self.text.strip():
            clauses.append("(words LIKE ? ESCAPE '\\' OR label LIKE ? ESCAPE '\\')")
            needle = "%" + _like(self.text.strip()) + "%"
            args += [needle, needle]
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", args


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass(frozen=True)
class Entry:
    """One line of the history list."""

    type: str
    id: int
    at: str
    who: str | None
    kind: str
    label: str
    words: str
    repaired: bool | None

    @property
    def key(self) -> str:
        return f"{self.type}-{self.id}"


@dataclass
class Detail:
    """Everything about one entry, for the detail view."""

    entry: Entry
    fields: dict[str, Any] = field(default_factory=dict)
    repairs: list[dict[str, Any]] = field(default_factory=list)


def describe(entry: Entry, catalog: Catalog) -> str:
    """What an entry is about, in words."""
    if entry.type == "note":
        return catalog.name_of(entry.kind)
    if entry.type == "reset":
        return "reset pause" + (f": {entry.label}" if entry.label else "")
    return entry.label or entry.kind


def mended(e: Entry) -> str:
    """Whether a note was repaired, or a paused talk come back to."""
    if e.repaired is None:
        return ""
    if e.type == "reset":
        return "came back" if e.repaired else "not yet"
    return "yes" if e.repaired else "not yet"


def entries(
    history: HistoryStore, filt: Filter = Filter(), limit: int = 200, offset: int = 0
) -> list[Entry]:
    """Entries matching ``filt``, newest first, one page at a time."""
    where, args = filt.where()
    rows = history.db.execute(
        f"SELECT * FROM ({_UNION}){where} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?",
        (*args, limit, offset),
    ).fetchall()
    return [_entry(r) for r in rows]


def count(history: HistoryStore, filt: Filter = Filter()) -> int:
    where, args = filt.where()
    return int(history.db.execute(f"SELECT count(*) FROM ({_UNION}){where}", args).fetchone()[0])


def _text(value: object) -> str:
    """A stored value as text to show: rows may come from old imports, so trust no type."""
    return "" if value is None else printable(str(value))


def _entry(row: sqlite3.Row) -> Entry:
    repaired = row["repaired"]
    words = _text(row["words"])
    if row["type"] == "conversation":
        words = " / ".join(
            str(a["shown"] or a["value"])
            for a in answers_of(row["words"])
            if a["record"] == "answer"
        )
    return Entry(
        str(row["type"]), int(row["id"]), _text(row["at"]), _text(row["who"]) or None,
        _text(row["kind"]), _text(row["label"]), words,
        None if repaired is None else bool(repaired),
    )  # fmt: skip


def answers_of(raw: object) -> list[dict[str, str | int]]:
    """A conversation's recorded answers, read back defensively (what does not fit is
    left out): each with ``step``, ``record``, ``who`` and ``value``."""
    try:
        items = json.loads(raw) if isinstance(raw, str) else []
    except (ValueError, RecursionError):
        return []
    out: list[dict[str, str | int]] = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        value = item.get("value")
        if isinstance(value, bool) or not isinstance(value, str | int):
            continue
        out.append({
            "step": _text(item.get("step")), "record": _text(item.get("record")),
            "who": _text(item.get("who")),
            "value": printable(value) if isinstance(value, str) else value,
            "question": _text(item.get("question")), "shown": _text(item.get("shown")),
        })  # fmt: skip
    return out


def detail(history: HistoryStore, entry_type: str, entry_id: int) -> Detail | None:
    table = {"conversation": "runs", "note": "notes", "reset": "resets"}.get(entry_type)
    if table is None:
        return None
    row = history.db.execute(f"SELECT * FROM {table} WHERE id = ?", (entry_id,)).fetchone()
    if row is None:
        return None
    fields: dict[str, Any] = {
        k: _text(v) if isinstance(v, str) else v for k, v in dict(row).items()
    }
    if table == "runs":
        fields["answers"] = answers_of(row["answers"])
    repairs = []
    if table == "notes":
        repairs = [
            {k: _text(v) if isinstance(v, str) else v for k, v in dict(r).items()}
            for r in history.db.execute(
                "SELECT * FROM repairs WHERE note_id = ? ORDER BY created_at", (entry_id,)
            )
        ]
    union = history.db.execute(
        f"SELECT * FROM ({_UNION}) WHERE type = ? AND id = ?", (entry_type, entry_id)
    ).fetchone()
    return Detail(_entry(union), fields, repairs)


def detail_lines(detail: Detail, catalog: Catalog, names: dict[str, str]) -> list[str]:
    """An entry in full, in words (rows may come from old imports: no type is trusted)."""
    e, f = detail.entry, detail.fields
    lines = [f"When: {_when(e.at)}"]
    if e.type == "note":
        lines.append(f"Who felt hurt: {names.get(e.who or '', '')}")
        lines += [
            f"Repaired {_when(r.get('created_at'))}: {catalog.name_of(_text(r.get('how')))}"
            + (f" ({_text(r.get('words'))})" if r.get("words") else "")
            for r in detail.repairs
        ] or ["Not repaired yet."]
    elif e.type == "conversation":
        for a in f.get("answers", []):
            who = names.get(str(a["who"]), "")
            value = a["shown"] or a["value"]
            if not a["shown"] and a["record"] in ("micro-hurt", "repair"):
                value = catalog.name_of(str(value))
            asked = a["question"] or KIND_WORDS.get(str(a["record"]), "Answer")
            lines.append(f"{who}: {asked} — {value}")
    else:
        lines.append(f"Planned: {_minutes(f.get('planned_s'))}")
        if f.get("actual_s") is not None:
            lines.append(f"Lasted: {_minutes(f.get('actual_s'))}")
        lines.append("Came back to it." if f.get("came_back_at") else "Not come back to yet.")
    return lines


def _when(iso: object) -> str:
    return _text(iso)[:16].replace("T", " ")


def _minutes(seconds: object) -> str:
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        return "not known"
    return f"{round(seconds / 60)} min"


def repair(
    history: HistoryStore, note_id: int, how: str, words: str = "", at: str | None = None
) -> int:
    """Mark a note repaired (and how)."""
    if history.db.execute("SELECT 1 FROM notes WHERE id = ?", (note_id,)).fetchone() is None:
        raise KeyError(note_id)
    (repair_id,) = history.write(
        [(
            "INSERT INTO repairs (uid, note_id, how, words, created_at) VALUES (?, ?, ?, ?, ?)",
            (new_uid(), note_id, how, printable(words).strip(), at or now_iso()),
        )]
    )  # fmt: skip
    return repair_id


def edit_words(history: HistoryStore, note_id: int, words: str) -> None:
    history.write(
        [
            (
                "UPDATE notes SET words = ?, updated_at = ? WHERE id = ?",
                (printable(words).strip(), now_iso(), note_id),
            )
        ]
    )


def delete(history: HistoryStore, entry_type: str, entry_id: int) -> None:
    """Delete one entry (a note's repairs and a conversation's temperatures go with it)."""
    table = {"conversation": "runs", "note": "notes", "reset": "resets"}[entry_type]
    history.write([(f"DELETE FROM {table} WHERE id = ?", (entry_id,))])
