"""What screens ask the app to do. Screens post these; the app (a thin router) handles them.

No screen calls a method of the app: intent goes up as one of these typed messages, and
data comes down as arguments or reactives.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # only named here: the app imports conversations when one begins
    from coach.conversation import Conversation
    from coach.flows.model import Breathe, Flow
    from coach.history.store import PausedTalk


@dataclass
class StartFlow(Message):
    """Begin a conversation with this flow."""

    flow_id: str


@dataclass
class EditFlow(Message):
    """Open this flow in the editor (a broken one too: to fix it); ``path`` picks the file
    when a user copy and a bundled flow share the id."""

    flow_id: str
    path: Path | None = None


@dataclass
class TryFlow(Message):
    """Play a flow from the editor as a preview: nothing is kept."""

    flow: Flow


@dataclass
class FlowsChanged(Message):
    """Flow files changed outside coach (posted from the watching thread)."""


@dataclass
class FlowsSaved(Message):
    """coach itself wrote a flow file: the list should be read again."""


@dataclass
class ConversationOver(Message):
    """A conversation reached its end (or its preview did)."""

    conversation: Conversation


@dataclass
class FlowPause(Message):
    """A flow reached a ``pause`` step: the reset pause should begin."""

    conversation: Conversation
    seconds: int | None  # None: the couple's own reset length
    breathe: Breathe | None


@dataclass
class OpenPause(Message):
    """Show the reset pause: the one running, or a new one to set up."""


@dataclass
class BeginPause(Message):
    """The couple set up a reset pause and want it to start."""

    seconds: int
    topic: str = ""
    come_back_at: str | None = None
    origin: str = ""  # the flow whose pause step this is, if any


@dataclass
class PauseDue(Message):
    """The pause's time is up (the countdown reached zero)."""


@dataclass
class PauseChanged(Message):
    """The pause was held, resumed or extended: its end moved."""


@dataclass
class CameBack(Message):
    """The couple came back to a talk paused earlier (one no longer running)."""

    reset_id: int


@dataclass
class ComeBack(Message):
    """Open the guided way back to a talk that was paused."""

    reset_id: int
    topic: str = ""


@dataclass
class AddToCalendar(Message):
    """Write a calendar event for coming back to a paused talk (or the counting pause)."""

    talk: PausedTalk | None


@dataclass
class LetRest(Message):
    """Stop reminding about a paused talk."""

    reset_id: int


@dataclass
class NamesGiven(Message):
    """The first-run screen has both names."""

    a: str
    b: str


@dataclass
class Tend(Message):
    """Something home keeps in view was chosen: a note to mend, a promise, a word about
    support. The app asks what the couple would like to do with it."""

    item: object


@dataclass
class GoHome(Message):
    """Back to the home screen (from the end of a conversation)."""
