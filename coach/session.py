"""What coach does, without drawing it: the flows and their reload, conversations (start,
resume, finish, let go), notes and paused talks, the reset pause, and settings.

The Textual app and the command line both use this; it never imports Textual.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from coach import paths, tend
from coach import settings as settings_io
from coach.dates import now_iso
from coach.flows.catalog import Catalog, GentlePhrase, load_gentle_phrases
from coach.flows.library import FlowEntry, default_catalog, discover, find, keep_last_valid
from coach.flows.library import snapshot as flow_snapshot
from coach.history import care
from coach.history.care import OpenNote, Promise
from coach.history.store import HistoryError, HistoryStore, PausedTalk, RunRecord
from coach.plain import printable
from coach.settings import Settings
from coach.tend import Tend

if TYPE_CHECKING:  # conversations and the pause are imported when first used (not for home)
    from coach.cards import CardDrawer
    from coach.conversation import Conversation, Wording
    from coach.flows.runner import Recorded
    from coach.pause import Clock, Pause, Wall
    from coach.runlog import SavedConversation

MAX_WORDS = 2000  # a note is a few words; this leaves room for a paragraph
MEND_FLOW = "acknowledge"  # the flow "mend it now" begins


@dataclass(frozen=True)
class Notice:
    """Something to tell the couple in passing (a flow reloaded, a file set aside)."""

    text: str
    warning: bool = False


@dataclass(frozen=True)
class HomeData:
    """Everything the home screen shows."""

    entries: tuple[FlowEntry, ...]
    names: dict[str, str]
    last_run_at: str | None
    paused_talk: PausedTalk | None
    tend: Tend = field(default_factory=Tend)
    kind_names: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Finished:
    """How a conversation ended: what was said, and whether the history keeps it."""

    said: list[Recorded]
    saved: bool
    problem: str = ""


class Session:
    """One couple's coach, for as long as the app (or a command) runs."""

    def __init__(
        self,
        settings: Settings,
        *,
        clock: Clock = time.monotonic,
        wall: Wall = time.time,
        flow_cache: Path | None = None,
    ) -> None:
        """``flow_cache``: a file to keep the validated bundled flows in between runs."""
        self.settings = settings
        self.flow_cache = flow_cache
        self.clock = clock
        self.wall = wall
        self.history_error: HistoryError | None = None
        self.pause: Pause | None = None
        self._store: HistoryStore | None = None
        self._entries: list[FlowEntry] | None = None
        self._last_valid: dict[Path, FlowEntry] = {}
        self._seen: dict[Path, float] | None = None
        self._cards: CardDrawer | None = None

    # -- the history ---------------------------------------------------------------------

    def store(self) -> HistoryStore | None:
        """The open history, or None if it cannot be used (``history_error`` says why)."""
        if self._store is None and self.history_error is None:
            try:
                self._store = HistoryStore()
            except HistoryError as exc:
                self.history_error = exc
        return self._store

    @property
    def history_problem(self) -> str:
        """Why the history cannot be used, in a sentence ('' when it can)."""
        return str(self.history_error) if self.history_error else ""

    def fresh_history(self) -> Path:
        """Keep the unreadable history aside and begin an empty one; where it was kept."""
        from coach.history.store import set_aside

        kept = set_aside(paths.history_file())
        self.history_error = None
        return kept

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    # -- flows ---------------------------------------------------------------------------

    @cached_property
    def catalog(self) -> Catalog:
        """The micro-hurt catalog in use (the couple's copy if they made a valid one)."""
        return default_catalog()

    @cached_property
    def phrases(self) -> tuple[GentlePhrase, ...]:
        """The gentle-phrasing list, read when a flow first needs it."""
        loaded = load_gentle_phrases(paths.catalog_file(paths.GENTLE_PHRASES_FILE))
        phrases: tuple[GentlePhrase, ...] = loaded.value if loaded.ok else ()
        return phrases

    def flows(self) -> list[FlowEntry]:
        """Every flow, read once and again only after a file changed.

        A user flow that broke on disk keeps its last valid version."""
        if self._entries is None:
            self._entries = keep_last_valid(
                discover(self.catalog, self.flow_cache), self._last_valid
            )
            if self._seen is None:
                self._seen = flow_snapshot(paths.user_flows_dir())
        return self._entries

    def entry(self, flow_id: str) -> FlowEntry | None:
        return find(flow_id, self.flows())

    def flows_written(self) -> None:
        """coach itself saved a flow: read the flows again, without telling anyone."""
        self._entries = None
        self._seen = flow_snapshot(paths.user_flows_dir())

    def changed_flows(self) -> set[Path]:
        """User flow files that changed on disk since they were last read."""
        now = flow_snapshot(paths.user_flows_dir())
        before = self._seen if self._seen is not None else now
        self._seen = now
        return {p for p in set(now) | set(before) if now.get(p) != before.get(p)}

    def reload_flows(self, changed: set[Path]) -> list[Notice]:
        """Read the flows again after ``changed`` files changed; say what happened."""
        self._entries = None
        notices = []
        for entry in self.flows():
            if entry.path not in changed:
                continue
            if entry.broken is not None:
                first = entry.broken.first_error
                where = f" (line {first.line}: {first.message})" if first else ""
                notices.append(Notice(f"{entry.path.name} has errors{where}; the last working "
                                      "version stays in use.", warning=True))  # fmt: skip
            elif entry.ok:
                notices.append(Notice(f"{entry.path.name} changed and was reloaded."))
        return notices

    # -- conversations -------------------------------------------------------------------

    def wording(self) -> Wording:
        """What turns a conversation's answers into words (names, the catalog)."""
        from coach.conversation import Wording

        return Wording(self.settings.names, self.catalog, self.cards())

    def start(self, flow_id: str) -> Conversation:
        """Begin a conversation with a valid flow. Raises ConversationError."""
        from coach.conversation import Conversation
        from coach.runlog import ConversationError

        entry = self.entry(flow_id)
        if entry is None or entry.flow is None:
            raise ConversationError(f"there is no valid flow called {flow_id}")
        return Conversation.begin(entry.flow, self.wording())

    def unfinished(self) -> tuple[list[SavedConversation], list[Notice]]:
        """Conversations left unfinished earlier, and notes about damaged ones."""
        from coach.runlog import find_saved, migrate_legacy_run

        problems = []
        if legacy := migrate_legacy_run():
            problems.append(legacy)
        saved, damaged = find_saved()
        problems += damaged
        return saved, [Notice(p, warning=True) for p in problems]

    def resume(self, saved: SavedConversation) -> Conversation:
        """Pick a saved conversation up again. Raises ConversationError."""
        from coach.conversation import Conversation
        from coach.runlog import ConversationError

        entry = self.entry(saved.flow_id)
        if entry is None or entry.flow is None:
            raise ConversationError(f"its flow, {saved.flow_id}, is missing or has errors")
        return Conversation.resume(saved, entry.flow, self.wording())

    def finish(self, conversation: Conversation) -> Finished:
        """Keep a finished conversation in the history; its saved file then goes."""
        flow = conversation.flow
        said = conversation.said
        if conversation.preview:
            return Finished(said, saved=False)
        store = self.store()
        if store is None:
            conversation.close()
            return Finished(said, False, self.history_problem)
        record = RunRecord(flow.id, flow.title, conversation.started_at, now_iso(), said,
                           hurt=conversation.state.hurt, mends=conversation.mends)  # fmt: skip
        try:
            store.add_run(record)
        except Exception as exc:
            conversation.close()
            return Finished(said, False, f"It could not be kept in the history ({exc}).")
        conversation.discard()
        return Finished(said, saved=True)

    # -- question cards ------------------------------------------------------------------

    def cards(self) -> CardDrawer:
        """The question cards: decks are read the first time, draws kept in the history."""
        if self._cards is None:
            from coach.cards import CardDrawer
            from coach.flows.library import decks_in_use, discover_decks

            self._cards = CardDrawer(decks_in_use(discover_decks(self.catalog)), self.store)
        return self._cards

    # -- notes and paused talks -----------------------------------------------------------

    def add_note(self, felt_by: str, kind: str, words: str) -> str:
        """Keep a quick note of a small hurt; a sentence if it could not be kept."""
        if felt_by not in ("a", "b") or self.catalog.hurt(kind) is None:
            return "That note names someone or something coach does not know."
        words = printable(words).strip()[:MAX_WORDS]
        store = self.store()
        if store is None:
            return self.history_problem or "The history cannot be opened."
        try:
            store.add_note(felt_by, kind, words)
        except Exception as exc:
            return f"The note could not be kept ({exc})."
        return ""

    def came_back(self, reset_id: int) -> None:
        if (store := self.store()) is not None:
            store.came_back(reset_id)

    def let_rest(self, reset_id: int) -> None:
        if (store := self.store()) is not None:
            store.dismiss_reset(reset_id)

    def home(self, *, with_tend: bool = True) -> HomeData:
        """What home shows; ``with_tend`` False leaves out what takes counting (the first
        frame does not wait for it)."""
        store = self.store()
        talks = store.unrevisited_resets(1) if store is not None else []
        entries = sorted(
            self.flows(), key=lambda e: (e.flow is None, e.flow.title if e.flow else e.id)
        )
        return HomeData(
            tuple(entries),
            self.settings.names,
            store.last_run_at() if store is not None else None,
            talks[0] if talks else None,
            tend.gather(store, self.settings) if store is not None and with_tend else Tend(),
            {h.id: h.name for h in self.catalog.hurts} if with_tend else {},
        )

    def mend(self, note: OpenNote) -> Conversation:
        """Begin the Mend flow for a note, with what the note says already filled in."""
        conversation = self.start(MEND_FLOW)
        conversation.mends = note.id
        tend.prefill(conversation, note)
        return conversation

    def tend_later(self, what: OpenNote | Promise) -> None:
        """A note 'not ready yet' comes back tomorrow; a promise is marked kept."""
        if (store := self.store()) is None:
            return
        if isinstance(what, OpenNote):
            care.not_ready_yet(store, what.id)
        else:
            care.promise_kept(store, what.id)

    def set_help_aside(self) -> None:
        if (store := self.store()) is not None:
            tend.set_help_aside(store)

    def summary_for_therapist(self) -> Path | None:
        store = self.store()
        return (
            tend.summary_for_therapist(store, self.catalog, self.settings.names) if store else None
        )

    # -- the reset pause -----------------------------------------------------------------

    def begin_pause(
        self, seconds: int, *, topic: str = "", come_back_at: str | None = None, origin: str = ""
    ) -> Pause:
        """Start the reset pause (any earlier one still running is finished first)."""
        from coach.pause import Pause

        if self.pause is not None:
            self.pause.finish()
        self.pause = Pause.begin(
            seconds, topic=topic, come_back_at=come_back_at, origin=origin, log=self.store(),
            saved=paths.pause_file(), clock=self.clock, wall=self.wall,
        )  # fmt: skip
        return self.pause

    def restore_pause(self) -> Notice | None:
        """Find a pause saved by an earlier run (it may have ended while coach was closed)."""
        from coach.pause import Pause

        if self.pause is not None:
            return None
        pause, problem = Pause.restore(
            paths.pause_file(), log=self.store(), clock=self.clock, wall=self.wall
        )
        self.pause = pause
        return Notice(problem, warning=True) if problem else None

    def now(self) -> datetime:
        """The wall clock's time here, aware of the local zone."""
        from coach.calendar import local_zone  # icalendar: only when a calendar is wanted

        return datetime.fromtimestamp(self.wall(), local_zone())

    def return_to_calendar(self, talk: PausedTalk | None, when: datetime | None) -> Notice:
        """An .ics event for coming back: to the counting pause at its agreed time, or to
        ``talk`` (paused earlier) at ``when``."""
        from coach.pause.comeback import agreed_time, write_return

        pause = self.pause
        if pause is not None and not pause.done:
            state = pause.state
            at = agreed_time(state.come_back_at, pause.left(), self.now())
            topic, started = state.topic, state.started_at
        elif talk is not None and when is not None:
            at, topic, started = when, talk.topic, talk.started_at
        else:
            return Notice("There is no paused talk to come back to.", warning=True)
        try:
            path = write_return(at, topic, started)
        except OSError as exc:
            return Notice(f"The calendar file could not be written: {exc}", warning=True)
        return Notice(f"Saved for {at:%a %H:%M}: {path}. Open it to add it to your calendar.")

    # -- settings ------------------------------------------------------------------------

    def update_settings(self, new: Settings) -> str:
        """Keep new settings; a sentence if they could not be saved (they apply anyway)."""
        self.settings = new
        try:
            settings_io.save(new)
        except OSError as exc:
            return f"Settings could not be saved: {exc.strerror or exc}"
        return ""

    def set_names(self, a: str, b: str) -> str:
        return self.update_settings(replace(self.settings, partner_a=a, partner_b=b))
