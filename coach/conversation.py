"""A conversation in progress: a flow, its run state, its saved log, and what was said.

Every step is saved as it is given (see ``coach.runlog``); an answer being typed is saved
as a draft now and then, so neither a crash nor a closed terminal loses words.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from coach import paths
from coach.cards import CardDrawer
from coach.dates import now_iso
from coach.flows import runner
from coach.flows.catalog import Catalog
from coach.flows.deck import Card
from coach.flows.model import Flow, Who
from coach.flows.runner import Drawn, Event, Names, Recorded, Refusal, RunError
from coach.flows.summary import in_words
from coach.plain import printable
from coach.runlog import (
    LOG_FORMAT,
    MAX_DRAFT,
    SUFFIX,
    ConversationError,
    SavedConversation,
    conversations_dir,
    lock,
    open_log,
    read_log,
)


@dataclass(frozen=True)
class Wording:
    """What a conversation needs besides its flow: the partners' names and the catalog to
    word answers, and the question cards to draw from (None: no cards)."""

    names: Names
    catalog: Catalog
    cards: CardDrawer | None = None


class Conversation:
    """One flow being talked through, saved step by step to its own file (``log``).

    A preview (from the editor) keeps nothing; a conversation whose file cannot be written
    goes on unsaved, with ``problem`` saying so."""

    def __init__(
        self,
        flow: Flow,
        wording: Wording,
        started_at: str,
        log: IO[bytes] | None,
        path: Path | None,
        *,
        first: Who | None = None,
        preview: bool = False,
        problem: str = "",
    ) -> None:
        self.flow = flow
        self.wording = wording
        self.state = runner.start(flow, first)
        self.started_at = started_at
        self._log = log
        self.path = path
        self.preview = preview
        self.problem = problem  # set when a step could not be saved (the talk goes on)
        #: The answers kept so far, worded as they were asked (see ``in_words``).
        self.said: list[Recorded] = []
        #: Words being typed at the current step when the conversation was last left.
        self.draft: tuple[Who, str] | None = None
        self._drawn: list[Drawn] = []  # the question cards drawn, to find them again
        self.mends: int | None = None  # the note this conversation mends, if begun from one

    @classmethod
    def begin(cls, flow: Flow, wording: Wording, *, preview: bool = False) -> Conversation:
        """A new conversation; unless it is a preview, its file is created and locked."""
        started = now_iso()
        if preview:
            conversation = cls(flow, wording, started, None, None, preview=True)
            conversation._draw_card()
            return conversation
        folder = conversations_dir()
        stamp = re.sub(r"[^0-9]", "", started)[:14]
        path = folder / f"{stamp}-{flow.id}{SUFFIX}"
        try:
            paths.ensure_private_dir(folder)
            n = 1
            while path.exists():
                n += 1
                path = folder / f"{stamp}-{flow.id}-{n}{SUFFIX}"
            f = open_log(path, exclusive=True)
        except OSError as exc:
            problem = (
                f"This conversation cannot be saved in {folder} ({exc.strerror or exc}). It "
                "goes on, but will not survive closing coach."
            )
            unsaved = cls(flow, wording, started, None, None, problem=problem)
            unsaved._draw_card()
            return unsaved
        conversation = cls(flow, wording, started, f, path)
        header = {"coach_conversation": LOG_FORMAT, "flow_id": flow.id, "started_at": started}
        conversation._append({**header, "first": conversation.state.speaker})
        conversation._draw_card()
        return conversation

    @classmethod
    def resume(cls, saved: SavedConversation, flow: Flow, wording: Wording) -> Conversation:
        """Open a saved conversation again, where it was left (with any words being typed)."""
        try:
            f = open_log(saved.path, exclusive=False)
        except OSError as exc:
            raise ConversationError(f"it cannot be opened ({exc.strerror or exc})") from exc
        if not lock(f):
            f.close()
            raise ConversationError("it is open in another coach window")
        try:
            log = read_log(saved.path)
            conversation = cls(flow, wording, log.started_at, f, saved.path, first=log.first)
            for event in log.events:
                conversation._apply(event)
        except (RunError, KeyError) as exc:  # RunError first: it is a ValueError too
            f.close()
            raise ConversationError(
                "its flow has changed since, so it cannot be picked up again"
            ) from exc
        except (OSError, ValueError) as exc:
            f.close()
            raise ConversationError(f"it is damaged ({exc})") from exc
        if log.draft is not None and log.draft.step == conversation.state.step:
            conversation.draft = (log.draft.who, log.draft.text)
        conversation._draw_card()
        return conversation

    def _apply(self, event: Event) -> None:
        """Move the run on; word any answer it kept, while its question reads as asked."""
        self.state = runner.apply(self.flow, self.state, event)
        if isinstance(event, Drawn):
            self._drawn.append(event)
        recorded = self.state.recorded
        del self.said[len(recorded) :]  # going back forgets what was undone
        w = self.wording
        for item in recorded[len(self.said) :]:
            self.said.append(in_words(self.flow, self.state, item, w.names, w.catalog))

    def send(self, event: Event) -> Refusal | None:
        """Apply an event and save it. A refused answer comes back, the state unchanged."""
        try:
            self._apply(event)
        except Refusal as refusal:
            return refusal
        self.draft = None
        self._append(runner.event_to_dict(event))
        self._draw_card()
        return None

    # -- question cards --------------------------------------------------------------------

    def _draw_card(self) -> None:
        """A step that draws a question card gets one, kept in the log like any step."""
        drawer = self.wording.cards
        step = self.state.step
        if drawer is None or step is None or not runner.needs_card(self.flow, self.state):
            return
        draw = self.flow.step(step).draw
        assert draw is not None
        card = drawer.draw(list(draw.themes) or None, draw.depth, draw.hurt)
        # no card fits: the step's text is shown without one
        self._record(Drawn(card.text, card.deck, card.id) if card else Drawn(""))

    def _record(self, event: Drawn) -> None:
        self._apply(event)
        self._append(runner.event_to_dict(event))

    @property
    def card(self) -> Card | None:
        """The question card shown at the current step, if it draws one."""
        step = self.state.step
        drawer = self.wording.cards
        if step is None or drawer is None or not self.state.cards.get(step):
            return None
        last = next((e for e in reversed(self._drawn) if e.text == self.state.cards[step]), None)
        if last is None:
            return None
        return drawer.recall(last.deck, last.card, last.text)

    def another_card(self) -> bool:
        """Not this question: it is put back as skipped and another drawn. False if none."""
        drawer, card = self.wording.cards, self.card
        if drawer is None or card is None:
            return False
        other = drawer.skip(card)
        if other is None or other.text == card.text:
            return False
        self._record(Drawn(other.text, other.deck, other.id))
        return True

    def keep_card(self) -> bool:
        """Keep the current question as a favourite; False if there is none or it was."""
        drawer, card = self.wording.cards, self.card
        return drawer is not None and card is not None and drawer.keep(card)

    def save_draft(self, who: Who, text: str) -> None:
        """Keep words still being typed (a line in the log; the next step replaces it)."""
        if self.state.step is None or self._log is None:
            return
        self.draft = (who, text)
        self._append({"draft": {"step": self.state.step, "who": who,
                                "text": printable(text)[:MAX_DRAFT]}})  # fmt: skip

    def _append(self, data: dict[str, Any]) -> None:
        if self._log is None:
            return
        try:
            self._log.write(json.dumps(data, ensure_ascii=False).encode("utf-8") + b"\n")
            self._log.flush()
            os.fsync(self._log.fileno())
        except (OSError, ValueError) as exc:  # ValueError: the file was closed under us
            reason = getattr(exc, "strerror", None) or exc
            self.problem = (
                f"This step could not be saved ({reason}). The conversation "
                "goes on, but will not survive closing coach."
            )

    def close(self) -> None:
        """Let go of the file (it stays, to be picked up again later)."""
        if self._log is not None:
            with contextlib.suppress(OSError):
                self._log.close()
            self._log = None

    def discard(self) -> None:
        """Remove the saved file: the conversation is over or let go."""
        self.close()
        if self.path is not None:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
