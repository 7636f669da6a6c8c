"""The history schema and its migrations. ``PRAGMA user_version`` is the schema version."""

from __future__ import annotations

#: Each entry upgrades the schema by one version; never edit a released one, append.
MIGRATIONS: list[str] = [
    # 1: runs of a flow, temperatures, micro-hurt notes, repairs, resets.
    """
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        flow_id TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        answers TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE temperatures (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        run_id INTEGER REFERENCES runs(id) ON DELETE CASCADE,
        who TEXT NOT NULL CHECK (who IN ('a', 'b')),
        value INTEGER NOT NULL CHECK (value BETWEEN 1 AND 10),
        created_at TEXT NOT NULL
    );
    CREATE TABLE notes (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        felt_by TEXT NOT NULL CHECK (felt_by IN ('a', 'b')),
        kind TEXT NOT NULL,
        words TEXT NOT NULL DEFAULT '',
        run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL
    );
    CREATE TABLE repairs (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
        how TEXT NOT NULL,
        words TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    );
    CREATE TABLE resets (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        started_at TEXT NOT NULL,
        planned_s INTEGER NOT NULL,
        actual_s INTEGER,
        topic TEXT NOT NULL DEFAULT '',
        came_back_at TEXT,
        dismissed_at TEXT
    );
    CREATE INDEX runs_finished ON runs(finished_at);
    CREATE INDEX notes_created ON notes(created_at);
    CREATE INDEX temperatures_created ON temperatures(created_at);
    CREATE INDEX resets_started ON resets(started_at);
    CREATE INDEX repairs_note ON repairs(note_id);
    """,
    # 2: notes can be edited; filters by kind and partner stay fast.
    """
    ALTER TABLE notes ADD COLUMN updated_at TEXT;
    CREATE INDEX notes_kind ON notes(kind, created_at);
    CREATE INDEX temperatures_who ON temperatures(who, created_at);
    """,
    # 3: question cards drawn (so they do not repeat) and cards kept as favourites.
    """
    CREATE TABLE card_draws (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        deck_id TEXT NOT NULL,
        card_id TEXT NOT NULL,
        drawn_at TEXT NOT NULL,
        skipped INTEGER NOT NULL DEFAULT 0 CHECK (skipped IN (0, 1))
    );
    CREATE TABLE card_favourites (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        deck_id TEXT NOT NULL,
        card_id TEXT NOT NULL,
        text TEXT NOT NULL,
        theme TEXT NOT NULL DEFAULT '',
        depth TEXT NOT NULL DEFAULT 'light',
        added_at TEXT NOT NULL,
        UNIQUE (deck_id, card_id)
    );
    CREATE INDEX card_draws_drawn ON card_draws(drawn_at);
    CREATE INDEX card_draws_card ON card_draws(deck_id, card_id);
    """,
    # 4: promises kept until done; a note can wait ("not ready yet"); small marks of the
    # app's own (a suggestion set aside until a date).
    """
    ALTER TABLE notes ADD COLUMN snoozed_until TEXT;
    CREATE TABLE promises (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
        who TEXT NOT NULL CHECK (who IN ('a', 'b')),
        words TEXT NOT NULL,
        created_at TEXT NOT NULL,
        done_at TEXT
    );
    CREATE INDEX promises_open ON promises(done_at, created_at);
    CREATE TABLE marks (
        name TEXT PRIMARY KEY,
        at TEXT NOT NULL
    );
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
