"""Notice changed flow files as they happen (``watchfiles``), without polling.

A ``FlowWatcher`` watches folders of flow scripts (``*.toml``, not recursive) in a daemon
thread. Changes are grouped by watchfiles itself (it yields once the folder has been
quiet for ``step_ms``, at most ``debounce_ms`` after the first change) and handed to
``on_change`` with the changed paths, from a second daemon thread: the caller marshals
them to its UI thread (Textual: ``app.call_from_thread``).

A folder that does not exist yet is not created: its nearest existing parent is watched
(not recursively) until it appears, and then the ``*.toml`` files already in it are
reported. A watched folder that is deleted is reported the same way in reverse.

``sleep()`` holds changes back (during a reset pause nothing should wake up) and
``wake()`` hands over, once, everything that changed meanwhile.
"""

from __future__ import annotations

import logging
import queue
import stat
import threading
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from types import TracebackType

from watchfiles import Change, watch

OnChange = Callable[[set[Path]], None]
SUFFIX = ".toml"

log = logging.getLogger(__name__)


class _StopFlag:
    """watchfiles' ``stop_event``; its first check after (re)arming tells us the watch is on.

    watchfiles checks ``is_set()`` every ``step`` once its watches are in place."""

    def __init__(self, stop: threading.Event, armed: Callable[[], None]) -> None:
        self._stop = stop
        self._armed: Callable[[], None] | None = armed

    def is_set(self) -> bool:
        if self._armed is not None:
            armed, self._armed = self._armed, None
            armed()
        return self._stop.is_set()


class FlowWatcher:
    """Watch flow folders in the background; call ``on_change(paths)`` when files change."""

    def __init__(
        self,
        folders: Iterable[Path],
        on_change: OnChange,
        *,
        step_ms: int = 200,
        debounce_ms: int = 1600,
    ) -> None:
        self.folders = tuple(dict.fromkeys(Path(f).expanduser().resolve() for f in folders))
        self._folder_set = frozenset(self.folders)
        # The folders and every parent: where a (dis)appearing folder shows up.
        self._structure = self._folder_set | {p for f in self.folders for p in f.parents}
        self._on_change = on_change
        self._step_ms, self._debounce_ms = step_ms, debounce_ms
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._lock = threading.Lock()
        self._asleep = False
        self._pending: set[Path] = set()
        self._outbox: queue.SimpleQueue[set[Path] | None] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []

    # -- control (any thread) ---------------------------------------------------------

    def start(self) -> FlowWatcher:
        """Start watching (once)."""
        if not self._threads:
            self._threads = [
                threading.Thread(target=self._watch_loop, name="coach-flow-watch", daemon=True),
                threading.Thread(target=self._deliver_loop, name="coach-flow-notes", daemon=True),
            ]
            for thread in self._threads:
                thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop both threads (promptly: within about ``step_ms``)."""
        self._stop.set()
        self._outbox.put(None)
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join(timeout)

    def sleep(self) -> None:
        """Hold changes back until ``wake()``."""
        with self._lock:
            self._asleep = True

    def wake(self) -> None:
        """Deliver, once, what changed while asleep; then deliver as it happens again."""
        with self._lock:
            self._asleep = False
            held, self._pending = self._pending, set()
        if held:
            self._outbox.put(held)

    @property
    def asleep(self) -> bool:
        return self._asleep

    @property
    def running(self) -> bool:
        return any(t.is_alive() for t in self._threads)

    def wait_ready(self, timeout: float) -> bool:
        """Wait until the watches are in place (tests use this before touching files)."""
        return self._ready.wait(timeout)

    def __enter__(self) -> FlowWatcher:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- the watching thread ----------------------------------------------------------

    def _targets(self) -> tuple[Path, ...]:
        """Each folder if it exists, else its nearest existing parent."""
        out = []
        for folder in self.folders:
            target = folder
            while not target.is_dir() and target != target.parent:
                target = target.parent
            out.append(target)
        return tuple(dict.fromkeys(out))

    def _keep(self, change: Change, path: str) -> bool:
        p = Path(path)
        return (p.suffix == SUFFIX and p.parent in self._folder_set) or p in self._structure

    def _watch_loop(self) -> None:
        known = {f: self._listing(f) for f in self.folders}  # flows seen in each folder
        seen = {f: _identity(f) for f in self.folders}  # which directory each one was
        failures = 0
        touched: set[Path] = set()  # folders whose own path (or a parent's) just changed
        while not self._stop.is_set():
            targets = self._targets()
            now = {f: _identity(f) for f in self.folders}
            # Deleted, made anew (maybe with the same inode), or moved: look again.
            changed = {f for f in self.folders if now[f] != seen[f]} | touched
            touched = set()
            gone = {f for f in changed if seen[f] is not None}
            appeared = {f for f in changed if now[f] is not None}
            seen = now
            for folder in gone:  # its flows went with it (a move away reports no files)
                if known[folder]:
                    self._offer(known[folder])
                known[folder] = set()
            self._ready.clear()
            flag = _StopFlag(self._stop, partial(self._armed, appeared, known))
            try:
                for changes in watch(
                    *targets,
                    watch_filter=self._keep,
                    debounce=self._debounce_ms,
                    step=self._step_ms,
                    stop_event=flag,
                    rust_timeout=0,
                    recursive=False,
                    raise_interrupt=False,
                    ignore_permission_denied=True,
                ):
                    failures = 0
                    flows = {q for _, p in changes if (q := Path(p)).suffix == SUFFIX}
                    flows = {p for p in flows if p.parent in self._folder_set}
                    for p in flows:
                        (known[p.parent].add if p.is_file() else known[p.parent].discard)(p)
                    if flows:
                        self._offer(flows)
                    moved = {Path(p) for _, p in changes} & self._structure
                    touched = {f for f in self.folders for m in moved if m == f or m in f.parents}
                    if touched or self._targets() != targets:
                        break  # a folder appeared or went: watch again where it now is
            except Exception as exc:  # e.g. a folder vanished just before the watch began
                failures += 1
                log.warning("watching flow folders failed (%s); trying again", exc)
                self._stop.wait(min(30.0, 0.5 * 2**failures))  # back off, stoppable

    @staticmethod
    def _listing(folder: Path) -> set[Path]:
        try:
            return {p for p in folder.glob(f"*{SUFFIX}") if p.is_file()}
        except OSError:
            return set()

    def _armed(self, appeared: set[Path], known: dict[Path, set[Path]]) -> None:
        """The watch is on: report flows already in folders that have just appeared."""
        for folder in appeared:
            known[folder] = self._listing(folder)
            if known[folder]:
                self._offer(set(known[folder]))
        self._ready.set()

    def _offer(self, paths: set[Path]) -> None:
        with self._lock:
            if self._asleep:
                self._pending |= paths
            else:
                self._outbox.put(set(paths))

    # -- the delivering thread --------------------------------------------------------

    def _deliver_loop(self) -> None:
        while (batch := self._outbox.get()) is not None:
            try:
                self._on_change(batch)
            except Exception:
                log.exception("a flow watcher callback failed")


def _identity(folder: Path) -> tuple[int, int] | None:
    """The directory at ``folder`` (device and inode), or None when there is none."""
    try:
        st = folder.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino) if stat.S_ISDIR(st.st_mode) else None
