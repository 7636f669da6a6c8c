"""What home gently keeps in view: notes not yet mended, promises not yet kept, and, when
patterns persist, a word about getting support. Pure Python; the history does the counting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from coach import paths
from coach.atomic import write_atomic
from coach.history import care
from coach.history.care import OpenNote, Promise

if TYPE_CHECKING:  # home's first frame needs only ``Tend``
    from coach.conversation import Conversation
    from coach.flows.catalog import Catalog
    from coach.flows.runner import Event
    from coach.history.store import HistoryStore
    from coach.settings import Settings

HELP_MARK = "help-suggestion-aside-until"
HELP_ASIDE_DAYS = 30


@dataclass(frozen=True)
class Tend:
    """What to keep in view on home."""

    notes: tuple[OpenNote, ...] = ()
    promises: tuple[Promise, ...] = ()
    help: str | None = None  # a gentle word about a therapist, when it is time


def gather(store: HistoryStore, settings: Settings, now: datetime | None = None) -> Tend:
    """The notes, promises and suggestion to show on home now."""
    now = now or datetime.now().astimezone()
    return Tend(
        tuple(care.unmended_notes(store, 2, now)),
        tuple(care.open_promises(store, 3)),
        help_suggestion(store, settings, now),
    )


def help_suggestion(store: HistoryStore, settings: Settings, now: datetime) -> str | None:
    """The therapist suggestion of the last 30 days, unless it was set aside lately."""
    from coach.history import patterns as P

    aside = care.marked(store, HELP_MARK)
    if aside is not None and aside > now.isoformat(timespec="seconds"):
        return None
    s = settings
    thresholds = P.Thresholds(
        s.help_min_notes, s.help_repair_rate, s.help_unrevisited_resets, s.help_rising_weeks
    )
    return P.suggest_help(P.compute(store, 30, now), thresholds, settings.names)


def set_help_aside(store: HistoryStore, days: int = HELP_ASIDE_DAYS) -> None:
    """'Not now': the suggestion rests for a while, then may come back if still true."""
    until = datetime.now().astimezone() + timedelta(days=days)
    care.mark(store, HELP_MARK, until.isoformat(timespec="seconds"))


def summary_for_therapist(store: HistoryStore, catalog: Catalog, names: dict[str, str]) -> Path:
    """Write the history's readable summary (the md export) to bring to a therapist; where."""
    from coach.history import exchange

    text = exchange.export(store, "md", catalog.name_of, names)
    stamp = datetime.now().strftime("%Y-%m-%d")
    path = paths.ensure_private_dir(paths.data_dir() / "summaries") / f"for-a-therapist-{stamp}.md"
    write_atomic(path, text, 0o600)
    return path


def prefill(conversation: Conversation, note: OpenNote) -> None:
    """Start mending a note with what it already says: who felt it, its kind, its words.

    Steps are answered while they ask exactly that (the opening words, a choice between
    the two partners, the kind of hurt, the moment in words); the first other step stops."""
    from coach.flows.runner import Answer, Next, awaiting, current

    flow = conversation.flow
    for _ in range(len(flow.steps)):
        state = conversation.state
        if state.finished or state.step is None:
            return
        step, who = current(flow, state), awaiting(flow, state)
        event: Event | None = None
        if step.kind == "say" and step.id == flow.start:
            event = Next()
        elif who and {c.value for c in step.choices} == {"a", "b"}:
            event = Answer(who, note.felt_by)
        elif who and step.choices_from == "micro-hurts":
            event = Answer(who, note.kind)
        elif who and step.save == "moment" and step.answer == "text" and note.words:
            event = Answer(who, note.words)
        if event is None or conversation.send(event) is not None:
            return
