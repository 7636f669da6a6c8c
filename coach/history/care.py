"""What home tends: notes not yet mended, promises not yet kept, and marks of the app's
own (a suggestion set aside until a date). Reads are small, bounded queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from coach.dates import now_iso
from coach.history.store import HistoryStore
from coach.plain import printable

#: Notes older than this are history, not something to tend today.
RECENT_DAYS = 60


@dataclass(frozen=True)
class OpenNote:
    """A small hurt noted and not mended yet."""

    id: int
    felt_by: str
    kind: str
    words: str
    created_at: str


@dataclass(frozen=True)
class Promise:
    """Something one partner said they would do, not marked done yet."""

    id: int
    who: str
    words: str
    created_at: str


def unmended_notes(
    store: HistoryStore, limit: int = 3, now: datetime | None = None
) -> list[OpenNote]:
    """Recent notes with no repair, not set to wait until later, newest first."""
    now = now or datetime.now().astimezone()
    since = (now - timedelta(days=RECENT_DAYS)).isoformat(timespec="seconds")
    rows = store.db.execute(
        "SELECT n.id, n.felt_by, n.kind, n.words, n.created_at FROM notes n"
        " WHERE n.created_at >= ? AND (n.snoozed_until IS NULL OR n.snoozed_until <= ?)"
        " AND NOT EXISTS (SELECT 1 FROM repairs p WHERE p.note_id = n.id)"
        " ORDER BY n.created_at DESC, n.id DESC LIMIT ?",
        (since, now.isoformat(timespec="seconds"), limit),
    ).fetchall()
    return [
        OpenNote(int(r[0]), str(r[1]), printable(str(r[2])), printable(str(r[3] or "")), str(r[4]))
        for r in rows
    ]


def not_ready_yet(store: HistoryStore, note_id: int, days: int = 1) -> None:
    """The note comes back on home after ``days``: not forgotten, just not now."""
    until = (datetime.now().astimezone() + timedelta(days=days)).isoformat(timespec="seconds")
    store.write([("UPDATE notes SET snoozed_until = ? WHERE id = ?", (until, note_id))])


def open_promises(store: HistoryStore, limit: int = 3) -> list[Promise]:
    """Promises not marked done, oldest first (the longest waiting come first)."""
    rows = store.db.execute(
        "SELECT id, who, words, created_at FROM promises WHERE done_at IS NULL"
        " ORDER BY created_at, id LIMIT ?",
        (limit,),
    ).fetchall()
    return [Promise(int(r[0]), str(r[1]), printable(str(r[2])), str(r[3])) for r in rows]


def promise_kept(store: HistoryStore, promise_id: int) -> None:
    store.write([("UPDATE promises SET done_at = ? WHERE id = ?", (now_iso(), promise_id))])


def add_promise(store: HistoryStore, who: str, words: str) -> int:
    """A promise made outside a conversation (or imported)."""
    from coach.history.store import new_uid

    (promise_id,) = store.write([(
        "INSERT INTO promises (uid, who, words, created_at) VALUES (?, ?, ?, ?)",
        (new_uid(), who, printable(words).strip(), now_iso()),
    )])  # fmt: skip
    return promise_id


def mark(store: HistoryStore, name: str, at: str) -> None:
    """Remember a date under ``name`` (e.g. a suggestion set aside until then)."""
    store.write([("INSERT INTO marks (name, at) VALUES (?, ?) ON CONFLICT(name)"
                  " DO UPDATE SET at = excluded.at", (name, at))])  # fmt: skip


def marked(store: HistoryStore, name: str) -> str | None:
    row = store.db.execute("SELECT at FROM marks WHERE name = ?", (name,)).fetchone()
    return str(row[0]) if row else None
