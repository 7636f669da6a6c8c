"""The app's part that finds, runs, resumes and edits flows (mixed into CoachApp)."""

from __future__ import annotations

from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING

from coach import paths, resets, runfile
from coach.flows.catalog import Catalog, GentlePhrase, load_gentle_phrases
from coach.flows.library import FlowEntry, discover, find, keep_last_valid, snapshot
from coach.flows.model import Flow
from coach.history import now
from coach.history.store import RunRecord
from coach.screens.home import Home

if TYPE_CHECKING:
    from textual.timer import Timer

    from coach.flows.runner import RunState


class FlowsMixin:
    """Flows: the list (with hot reload), running and resuming one, editing."""

    catalog: Catalog
    _last_valid: dict[Path, FlowEntry]
    _seen_flows: dict[Path, float]
    _entries: list[FlowEntry] | None
    _watcher: Timer | None
    _paused_watching: bool

    def flow_entries(self) -> list[FlowEntry]:
        """Every flow, read from disk once and again only after a file changed.

        A user flow that broke on disk keeps its last valid version."""
        if self._entries is None:
            self._entries = keep_last_valid(discover(self.catalog), self._last_valid)
        return self._entries

    def flows_changed(self) -> None:
        """Coach itself wrote a flow file: read the flows again (without a 'reloaded' note)."""
        self._entries = None
        self._seen_flows = snapshot(paths.user_flows_dir())

    def watch_flows(self, on: bool) -> None:
        """Pause the flow watcher (during a reset pause nothing else should wake up)."""
        self._paused_watching = not on
        if self._watcher is None:
            return
        if on:
            self._watcher.resume()
        else:
            self._watcher.pause()

    def _watch_flows(self) -> None:
        """Hot reload: notice changed user flows and say what happened."""
        now_seen = snapshot(paths.user_flows_dir())
        if now_seen == self._seen_flows:
            return
        changed = {p for p in set(now_seen) | set(self._seen_flows)
                   if now_seen.get(p) != self._seen_flows.get(p)}  # fmt: skip
        self._seen_flows = now_seen
        self._entries = None
        entries = self.flow_entries()
        for entry in entries:
            if entry.path not in changed:
                continue
            if entry.broken is not None:
                first = entry.broken.first_error
                where = f" (line {first.line}: {first.message})" if first else ""
                self.notify(
                    f"{entry.path.name} has errors{where}; the last working version stays "
                    "in use.", severity="warning", timeout=10,
                )  # fmt: skip
            elif entry.ok:
                self.notify(f"{entry.path.name} changed and was reloaded.")
        if isinstance(self.screen, Home):
            self.show_home()

    @cached_property
    def phrases(self) -> tuple[GentlePhrase, ...]:
        """The gentle-phrasing list, read when a flow first needs it."""
        loaded = load_gentle_phrases(paths.catalog_file(paths.GENTLE_PHRASES_FILE))
        return loaded.value if loaded.ok else ()

    def _offer_resume(self) -> None:
        if resets.load() is not None:
            self.open_reset()  # a pause in progress comes first
            return
        saved = runfile.load()
        entry = find(saved.flow_id, self.flow_entries()) if saved else None
        if saved is None or entry is None or entry.flow is None:
            return
        from coach.screens.dialogs import Ask

        def answer(choice: str | None) -> None:
            if choice == "resume":
                self._resume(saved)
            elif choice == "discard":
                runfile.clear()
                self.notify("The unfinished conversation was let go.")

        self.push_screen(
            Ask(
                "Pick up where you left off?",
                f"You have an unfinished {entry.flow.title}, last saved "
                f"{saved.saved_at[11:16] or 'earlier'}.",
                [("resume", "Resume"), ("later", "Not now"), ("discard", "Let it go")],
            ),
            answer,
        )

    def _resume(self, saved: runfile.SavedRun) -> None:
        from coach.flows.runner import RunError, RunState

        entry = find(saved.flow_id, self.flow_entries())
        if entry is None or entry.flow is None:
            return
        try:
            state = RunState.from_dict(saved.state)
            if state.step not in entry.flow.by_id:
                raise RunError("the flow has changed since")
        except RunError:
            self.notify(
                "That conversation's script has changed since, so it cannot be resumed.",
                severity="warning",
            )
            runfile.clear()
            return
        self._open_runner(entry.flow, state, saved.started_at)

    def start_flow(self, flow_id: str) -> None:
        entry = find(flow_id, self.flow_entries())
        if entry is None or entry.flow is None:
            self.notify(f"There is no valid flow called {flow_id}.", severity="error")
            return
        from coach.flows import runner

        state = runner.start(entry.flow)
        started = now()
        self._save_run(entry.flow.id, started, state)
        self._open_runner(entry.flow, state, started)

    def _open_runner(self, flow: Flow, state: RunState, started: str) -> None:
        from coach.screens.runner import RunnerScreen

        screen = RunnerScreen(
            flow,
            state,
            self.settings.names,
            self.phrases,
            save=partial(self._save_run, flow.id, started),
            finish=partial(self._finish_run, flow, started),
            bell=self.settings.bell,
            clock=self.clock,
        )
        self.push_screen(screen)

    def _save_run(self, flow_id: str, started: str, state: RunState) -> None:
        runfile.save(runfile.SavedRun(flow_id, started, state.to_dict(), saved_at=now()))

    def _finish_run(self, flow: Flow, started: str, state: RunState) -> None:
        from coach.screens.summary import Summary, summary_lines

        history = self.history()
        saved = False
        if history is not None:
            record = RunRecord(flow.id, flow.title, started, now(), state.recorded)
            try:
                history.add_run(record)
                saved = True
                runfile.clear()
            except Exception as exc:
                self.notify(f"Could not save to the history: {exc}", severity="error")
        lines = summary_lines(flow, state, self.settings.names, self.catalog)
        self.switch_screen(Summary(flow.title, lines, saved, done=self.show_home))

    def edit_flow(self, flow_id: str) -> None:
        """Open a flow in the editor; a bundled one is saved as your own copy."""
        from coach.flows.authoring import user_copy_path
        from coach.screens.editor import EditorScreen

        entry = find(flow_id, self.flow_entries())
        if entry is None:
            return
        path = entry.path
        text = path.read_text(encoding="utf-8")
        target = user_copy_path(entry.id) if entry.origin == "bundled" else path
        self.push_screen(EditorScreen(path, text, self.catalog, saved_to=target),
                         lambda _: self._back_from_overlay())  # fmt: skip

    def new_flow(self) -> None:
        from coach.flows.authoring import AuthoringError, new_flow

        name = "our-flow"
        n = 1
        while (paths.user_flows_dir() / f"{name}.toml").exists():
            n += 1
            name = f"our-flow-{n}"
        try:
            path = new_flow(name)
        except AuthoringError as exc:
            self.notify(str(exc), severity="error")
            return
        self.flows_changed()
        self.notify(f"Created {path.name}: change its id and title to make it yours.")
        self.edit_flow(name)
