"""The history database: open safely, migrate, append, read back."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach import files, paths
from coach.dates import now_iso
from coach.history.migrations import MIGRATIONS, SCHEMA_VERSION
from coach.plain import one_line, printable

if TYPE_CHECKING:
    from coach.flows.runner import Recorded


class HistoryError(RuntimeError):
    """The history cannot be used. ``damaged`` when the file itself cannot be read (then a
    fresh start can help); otherwise ``reason`` says what to change (permissions, a newer
    coach)."""

    def __init__(self, path: Path, reason: str, *, damaged: bool = False) -> None:
        self.path = path
        self.reason = reason
        self.damaged = damaged
        advice = (
            " It has not been changed. coach can keep it aside and start a fresh history: "
            "run `coach history fresh-start`, or choose it in the app."
            if damaged
            else ""
        )
        super().__init__(f"{path}: {reason}.{advice}")


#: Every table of the history (for counting rows).
TABLE_NAMES = ("runs", "notes", "repairs", "temperatures", "resets", "card_draws",
               "card_favourites", "promises")  # fmt: skip


def new_uid() -> str:
    """A random 128-bit id, so entries merge without clashes on import."""
    return os.urandom(16).hex()


@dataclass(frozen=True)
class RunRecord:
    """What a finished flow leaves in the history."""

    flow_id: str
    title: str
    started_at: str
    finished_at: str
    answers: list[Recorded]
    #: The micro-hurt the flow is about (its ``hurt``): noted when a repair was recorded
    #: but no kind of hurt was asked for.
    hurt: str | None = None
    #: A note this conversation mended ("mend it now"): repairs are linked to it, and no
    #: second note of the same moment is made.
    mends: int | None = None


@dataclass(frozen=True)
class PausedTalk:
    """A reset pause nobody has come back to yet."""

    id: int
    topic: str
    started_at: str


def _statements(script: str) -> list[str]:
    """Split a migration into single statements (``executescript`` would commit early)."""
    out: list[str] = []
    buf = ""
    for piece in script.split(";"):
        buf += piece + ";"
        if sqlite3.complete_statement(buf):
            if buf.strip(" \n;"):
                out.append(buf.strip())
            buf = ""
    return out


def set_aside(path: Path) -> Path:
    """Move an unusable history out of the way (never delete it); return where it went."""
    kept = files.set_aside(path, "unreadable")
    for extra in ("-wal", "-shm"):
        side = path.with_name(path.name + extra)
        if side.exists():
            side.replace(kept.with_name(kept.name + extra))
    return kept


class HistoryStore:
    """One open history database. Every write is one transaction."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.history_file()
        try:
            paths.ensure_private_dir(self.path.parent)
            if not self.path.exists():
                self.path.touch(mode=0o600)
            os.chmod(self.path, 0o600)
        except OSError as exc:
            raise HistoryError(
                self.path,
                f"coach may not use this file or its folder ({exc.strerror or exc}); "
                "check that they belong to you and can be written",
            ) from exc
        try:
            self.db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA busy_timeout = 10000")
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            readonly = not (os.access(self.path, os.W_OK) and os.access(self.path.parent, os.W_OK))
            if readonly:
                raise HistoryError(
                    self.path, "the history cannot be written: check its permissions"
                ) from exc
            raise HistoryError(
                self.path, f"the history cannot be read ({exc})", damaged=True
            ) from exc

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        if self.version > SCHEMA_VERSION:
            raise HistoryError(
                self.path,
                f"this history was written by a newer coach (schema {self.version}); "
                "update coach to open it",
            )
        while self.version < SCHEMA_VERSION:
            self.db.execute("BEGIN IMMEDIATE")  # one process migrates; others wait, then see it
            try:
                version = self.version
                if version < SCHEMA_VERSION:
                    for statement in _statements(MIGRATIONS[version]):
                        self.db.execute(statement)
                    self.db.execute(f"PRAGMA user_version = {version + 1}")
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    def write(self, statements: Iterable[tuple[str, tuple[Any, ...]]]) -> list[int]:
        """Run inserts in one transaction; return their row ids."""
        ids: list[int] = []
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for sql, args in statements:
                ids.append(int(self.db.execute(sql, args).lastrowid or 0))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return ids

    # -- writing -------------------------------------------------------------------------

    def add_run(self, run: RunRecord) -> int:
        """Record a finished flow with its temperatures, micro-hurt note and repair."""
        import json  # not for opening the history (home's first frame)

        self.db.execute("BEGIN IMMEDIATE")
        try:
            run_id = self._insert(
                "INSERT INTO runs (uid, flow_id, title, started_at, finished_at, answers)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (new_uid(), run.flow_id, run.title, run.started_at, run.finished_at,
                 json.dumps([asdict(r) for r in run.answers], ensure_ascii=True)),
            )  # fmt: skip
            note_id = run.mends
            for item in run.answers:
                record, who, value = item.record, item.who, item.value
                if record == "temperature":
                    self._insert(
                        "INSERT INTO temperatures (uid, run_id, who, value, created_at)"
                        " VALUES (?, ?, ?, ?, ?)",
                        (new_uid(), run_id, who, value, run.finished_at),
                    )
                elif record == "promise":
                    self._insert(
                        "INSERT INTO promises (uid, run_id, who, words, created_at)"
                        " VALUES (?, ?, ?, ?, ?)",
                        (new_uid(), run_id, who, printable(str(value)), run.finished_at),
                    )
                elif record == "micro-hurt" and run.mends is None:
                    note_id = self._insert(
                        "INSERT INTO notes (uid, created_at, felt_by, kind, run_id)"
                        " VALUES (?, ?, ?, ?, ?)",
                        (new_uid(), run.finished_at, who, str(value), run_id),
                    )
                elif record == "repair" and note_id is None and run.hurt:
                    # the flow is about one kind of hurt: the one offered the repair felt it
                    note_id = self._insert(
                        "INSERT INTO notes (uid, created_at, felt_by, kind, run_id)"
                        " VALUES (?, ?, ?, ?, ?)",
                        (new_uid(), run.finished_at, "b" if who == "a" else "a", run.hurt, run_id),
                    )
                if record == "repair" and note_id is not None:
                    self._insert(
                        "INSERT INTO repairs (uid, note_id, how, created_at) VALUES (?, ?, ?, ?)",
                        (new_uid(), note_id, str(value), run.finished_at),
                    )
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return run_id

    def _insert(self, sql: str, args: tuple[Any, ...]) -> int:
        return int(self.db.execute(sql, args).lastrowid or 0)

    def add_note(self, felt_by: str, kind: str, words: str = "", at: str | None = None) -> int:
        """A quick mental note of a moment when one partner felt hurt."""
        (note_id,) = self.write(
            [(
                "INSERT INTO notes (uid, created_at, felt_by, kind, words) VALUES (?, ?, ?, ?, ?)",
                (new_uid(), at or now_iso(), felt_by, kind, printable(words).strip()),
            )]
        )  # fmt: skip
        return note_id

    def start_reset(self, started_at: str, planned_s: int, topic: str = "") -> int:
        """A reset pause has begun."""
        (reset_id,) = self.write(
            [(
                "INSERT INTO resets (uid, started_at, planned_s, topic) VALUES (?, ?, ?, ?)",
                (new_uid(), started_at, planned_s, one_line(topic)),
            )]
        )  # fmt: skip
        return reset_id

    def end_reset(self, reset_id: int, actual_s: int) -> None:
        """The pause is over (it ran out, or was ended early)."""
        self.write([("UPDATE resets SET actual_s = ? WHERE id = ?", (actual_s, reset_id))])

    def came_back(self, reset_id: int, at: str | None = None) -> None:
        """The couple came back to the conversation they paused."""
        self.write(
            [("UPDATE resets SET came_back_at = ? WHERE id = ?", (at or now_iso(), reset_id))]
        )

    def dismiss_reset(self, reset_id: int, at: str | None = None) -> None:
        """Stop reminding about this pause."""
        self.write(
            [("UPDATE resets SET dismissed_at = ? WHERE id = ?", (at or now_iso(), reset_id))]
        )

    def unrevisited_resets(self, limit: int = 3) -> list[PausedTalk]:
        """Finished pauses nobody has come back to or dismissed yet, newest first."""
        rows = self.db.execute(
            "SELECT id, topic, started_at FROM resets WHERE actual_s IS NOT NULL"
            " AND came_back_at IS NULL AND dismissed_at IS NULL"
            " ORDER BY started_at DESC, id DESC LIMIT ?",
            (limit,),
        ).fetchall()
        return [PausedTalk(int(r[0]), str(r[1] or ""), str(r[2] or "")) for r in rows]

    # -- question cards ------------------------------------------------------------------

    def add_draw(self, deck_id: str, card_id: str, at: str | None = None) -> int:
        """A question card was drawn (and shown)."""
        (draw_id,) = self.write(
            [(
                "INSERT INTO card_draws (uid, deck_id, card_id, drawn_at) VALUES (?, ?, ?, ?)",
                (new_uid(), deck_id, card_id, at or now_iso()),
            )]
        )  # fmt: skip
        return draw_id

    def skip_draw(self, deck_id: str, card_id: str) -> None:
        """Mark the latest draw of a card as skipped (the couple wanted another one)."""
        self.write([(
            "UPDATE card_draws SET skipped = 1 WHERE id = (SELECT id FROM card_draws"
            " WHERE deck_id = ? AND card_id = ? ORDER BY drawn_at DESC, id DESC LIMIT 1)",
            (deck_id, card_id),
        )])  # fmt: skip

    def drawn_cards(self) -> list[tuple[str, str]]:
        """Every card drawn, as (deck id, card id), the longest ago first."""
        rows = self.db.execute("SELECT deck_id, card_id FROM card_draws ORDER BY drawn_at, id")
        return [(r[0], r[1]) for r in rows if isinstance(r[0], str) and isinstance(r[1], str)]

    def add_favourite(
        self, deck_id: str, card_id: str, text: str, theme: str, depth: str, at: str | None = None
    ) -> bool:
        """Keep a card as a favourite; False when it already was one."""
        before = self.db.total_changes
        self.write([(
            "INSERT INTO card_favourites (uid, deck_id, card_id, text, theme, depth, added_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (new_uid(), deck_id, card_id, one_line(text), theme, depth, at or now_iso()),
        )])  # fmt: skip
        return self.db.total_changes > before

    def favourite_cards(self) -> list[sqlite3.Row]:
        """The cards kept as favourites, the first kept first."""
        return self.db.execute(
            "SELECT deck_id, card_id, text, theme, depth FROM card_favourites ORDER BY added_at, id"
        ).fetchall()

    # -- reading -------------------------------------------------------------------------

    def last_run_at(self, flow_id: str | None = None) -> str | None:
        """When a flow (or any flow) was last finished."""
        if flow_id is None:
            row = self.db.execute("SELECT max(finished_at) FROM runs").fetchone()
        else:
            row = self.db.execute(
                "SELECT max(finished_at) FROM runs WHERE flow_id = ?", (flow_id,)
            ).fetchone()
        return str(row[0]) if row and row[0] is not None else None

    def runs(self, limit: int = 20) -> list[sqlite3.Row]:
        return self.db.execute(
            "SELECT * FROM runs ORDER BY finished_at DESC, id DESC LIMIT ?", (limit,)
        ).fetchall()

    def notes(self, limit: int = 20) -> list[sqlite3.Row]:
        return self.db.execute(
            "SELECT * FROM notes ORDER BY created_at DESC, id DESC LIMIT ?", (limit,)
        ).fetchall()

    def count(self, table: str) -> int:
        if table not in TABLE_NAMES:
            raise ValueError(table)
        return int(self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
