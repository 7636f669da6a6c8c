"""Conversations: begin, resume, finish; and the editor's flows (edit, new, preview)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App

from coach import paths
from coach.tui.routes import Routes

if TYPE_CHECKING:  # conversations are imported when one begins, not for home's first frame
    from coach.conversation import Conversation
    from coach.flows.model import Flow
    from coach.tui.screens.runner import RunnerScreen


def open_runner(app: App[int]) -> RunnerScreen | None:
    """The conversation under way on the screen stack, if there is one."""
    from coach.tui.screens.runner import RunnerScreen

    for screen in reversed(app.screen_stack):
        if isinstance(screen, RunnerScreen) and not screen.conversation.state.finished:
            return screen
    return None


class ConversationRoutes(Routes):
    """Starting, resuming and finishing conversations; editing and trying flows."""

    resume_offered = False

    def start(self, flow_id: str) -> None:
        """Begin a conversation; one already under way is kept for later, after asking."""
        from coach.runlog import ConversationError

        under_way = open_runner(self.app)
        if under_way is not None and not under_way.conversation.preview:
            self._offer_to_keep(under_way, flow_id)
            return
        try:
            conversation = self.session.start(flow_id)
        except ConversationError as exc:
            self.problem(f"That conversation cannot begin: {exc}.")
            return
        self.show(conversation)

    def _offer_to_keep(self, under_way: RunnerScreen, flow_id: str) -> None:
        def answer(choice: str | None) -> None:
            if choice == "keep":
                under_way.conversation.close()
                while self.app.screen is not under_way:
                    self.app.pop_screen()
                self.app.pop_screen()
                self.start(flow_id)

        title = under_way.conversation.flow.title
        self.ask(
            f"You are in the middle of {title}",
            f"Keep {title} for later (coach offers it again next time) and begin the other one?",
            [("keep", "Keep it for later and begin"), ("stay", "Stay here")],
            answer,
        )

    def show(self, conversation: Conversation) -> None:
        """Put a conversation on screen."""
        from coach.tui.screens.runner import RunnerScreen

        self.app.push_screen(
            RunnerScreen(conversation, self.names, self.session.phrases),
        )

    def offer_resume(self) -> None:
        """Offer, once, to pick up the newest unfinished conversation."""
        if self.resume_offered:
            return
        saved, problems = self.session.unfinished()
        self.tell(problems)
        free = [s for s in saved if not s.busy]
        if len(free) < len(saved):
            self.app.notify("A conversation is open in another coach window; it stays there.")
        if not free:
            return
        newest = free[0]
        entry = self.session.entry(newest.flow_id)
        if entry is None or entry.flow is None:
            return
        from coach.dates import parse
        from coach.runlog import ConversationError

        def answer(choice: str | None) -> None:
            self.resume_offered = True
            if choice == "resume":
                try:
                    conversation = self.session.resume(newest)
                except ConversationError as exc:
                    self.app.notify(f"It cannot be picked up: {exc}.", severity="warning",
                                    markup=False)  # fmt: skip
                    return
                self.show(conversation)
            elif choice == "discard":
                from coach.runlog import let_go

                let_go(newest)
                self.app.notify("The unfinished conversation was let go.")

        when = parse(newest.saved_at)
        more = f" (and {len(free) - 1} more)" if len(free) > 1 else ""
        self.ask(
            "Pick up where you left off?",
            f"You have an unfinished {entry.flow.title}{more}, last saved "
            f"{when.strftime('%a %H:%M') if when else 'earlier'}.",
            [("resume", "Resume"), ("later", "Not now"), ("discard", "Let it go")],
            answer,
        )

    def over(self, conversation: Conversation) -> None:
        """A conversation reached its end: keep it, and show what was said."""
        from coach.flows.summary import summary_lines
        from coach.tui.screens.summary import Summary

        finished = self.session.finish(conversation)
        if conversation.preview:  # from the editor
            self.app.pop_screen()
            self.app.notify("That was a preview: nothing was kept in your history.")
            return
        if finished.problem:
            self.problem(finished.problem)
        lines = summary_lines(finished.said, self.names)
        self.app.switch_screen(Summary(conversation.flow.title, lines, finished.saved))
        self.refresh_home()

    # -- editing flows -------------------------------------------------------------------

    def edit(self, flow_id: str, path: Path | None = None) -> None:
        """Open a flow in the editor; a bundled one is saved as your own copy."""
        from coach.flows.authoring import user_copy_path
        from coach.tui.screens.editor import EditorScreen

        flows = self.session.flows()
        entry = next((e for e in flows if e.path == path), None) if path else None
        entry = entry or self.session.entry(flow_id)
        if entry is None:
            return
        try:
            text = entry.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.problem(f"{entry.path} cannot be opened: {exc}")
            return
        target = user_copy_path(entry.id) if entry.origin == "bundled" else entry.path
        self.app.push_screen(EditorScreen(entry.path, text, self.session.catalog, saved_to=target))

    def new(self) -> None:
        """A new flow of the couple's own, from the template, opened in the editor."""
        from coach.flows.authoring import AuthoringError, new_flow

        name, n = "our-flow", 1
        while (paths.user_flows_dir() / f"{name}.toml").exists():
            n += 1
            name = f"our-flow-{n}"
        try:
            path = new_flow(name)
        except (AuthoringError, OSError) as exc:
            self.problem(str(exc))
            return
        self.session.flows_written()
        self.app.notify(f"Created {path.name}: change its id and title to make it yours.",
                        markup=False)  # fmt: skip
        self.edit(name)

    def try_flow(self, flow: Flow) -> None:
        """Play a flow from the editor as a preview; its draws are not remembered."""
        from coach.cards import CardDrawer
        from coach.conversation import Conversation, Wording

        cards = CardDrawer(self.session.cards().decks)
        wording = Wording(self.names, self.session.catalog, cards)
        self.show(Conversation.begin(flow, wording, preview=True))
