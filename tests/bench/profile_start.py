"""Where coach's start-up goes, against the bare Textual app: a profiling aid, not a test.

``python -m tests.bench.profile_start [--runs N] [--importtime] [--json]`` starts each app
headless (80x24) in N fresh processes, alternating, and stops once the first screen is
complete: the frame after the footer shows its keys (Textual's Footer draws its keys only
after the first refresh, for both apps). In each process it times the imports beyond the
bare app's and every start-up step worth naming, wrapped in place so the app runs its
real code in its real order, in wall time and in main-thread CPU time (the steadier one
when the machine is busy). It prints the median of each over the runs.

``--importtime`` adds the imports only coach makes, from ``-X importtime`` (self time of
each module, summed by package), median over the runs.

One process: ``python -m tests.bench.profile_start --one coach`` prints its JSON.
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.bench.bench_launch import compile_like_an_install, seeded_home

#: name -> [wall ms, cpu ms, calls, self wall ms, self cpu ms], for one process. The first
#: two include the steps timed inside (a step calling itself counts once); "self" does not,
#: so the self columns add up to the total.
Timings = dict[str, list[float]]

_timings: Timings = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0, 0.0])
_stack: list[tuple[str, list[float]]] = []  # the steps running now, with their inner time
_T0 = (time.perf_counter(), time.thread_time())
_end: list[float] = []  # wall and CPU when the complete screen was up; nothing counts after


def _enter(name: str) -> tuple[float, float]:
    _stack.append((name, [0.0, 0.0]))
    return time.perf_counter(), time.thread_time()


def _leave(name: str, w0: float, c0: float) -> None:
    wall, cpu = (time.perf_counter() - w0) * 1000, (time.thread_time() - c0) * 1000
    _, inner = _stack.pop()
    if _end:
        return  # shutting down: not part of the start-up
    row = _timings[name]
    if all(n != name for n, _ in _stack):
        row[0] += wall
        row[1] += cpu
    row[2] += 1
    row[3] += wall - inner[0]
    row[4] += cpu - inner[1]
    if _stack:
        _stack[-1][1][0] += wall
        _stack[-1][1][1] += cpu


@contextmanager
def timed(name: str) -> Iterator[None]:
    w0, c0 = _enter(name)
    try:
        yield
    finally:
        _leave(name, w0, c0)


def wrap(owner: object, attr: str, name: str) -> None:
    """Time every call of ``owner.attr`` (a function on a module or class) under ``name``."""
    original: Callable[..., Any] = getattr(owner, attr)

    @functools.wraps(original)
    def timed_call(*args: Any, **kwargs: Any) -> Any:
        with timed(name):
            return original(*args, **kwargs)

    setattr(owner, attr, timed_call)


def time_gc() -> None:
    """Charge the cyclic garbage collector's pauses to a line of their own."""
    started: list[tuple[str, float, float]] = []

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            name = f"python: cyclic GC pause, generation {info['generation']}"
            started.append((name, *_enter(name)))
        elif started:
            _leave(*started.pop())

    gc.callbacks.append(callback)


#: Functions between a change and the style update it asks for; the caller above them is
#: what the update is charged to.
_PLUMBING = {"update_node_styles", "add_class", "remove_class", "set_class", "update_classes",
             "invoke_watcher", "_check_watchers", "__set__", "_set", "timed_call"}  # fmt: skip


def wrap_textual() -> None:
    """Steps both apps take; only how often and on how much differs."""
    import textual.widget
    from textual._compositor import Compositor
    from textual.app import App
    from textual.css.stylesheet import Stylesheet
    from textual.dom import DOMNode
    from textual.widget import Widget
    from textual.widgets import Footer

    wrap(Stylesheet, "parse", "textual: Stylesheet.parse (all CSS; cached per stylesheet)")
    wrap(Stylesheet, "reparse", "textual: Stylesheet.reparse (all CSS again, cache dropped)")
    wrap(App, "_load_screen_css", "textual: App._load_screen_css (a screen's CSS_PATH)")
    wrap(App, "refresh_css", "textual: App.refresh_css (after the theme was set)")
    wrap(App, "_watch_theme", "textual: App._watch_theme")
    wrap(Compositor, "reflow", "textual: Compositor.reflow (layout)")
    wrap(Compositor, "render_update", "textual: Compositor.render_update (paint a frame)")
    wrap(textual.widget, "compose", "textual: compose() of widgets (build children)")
    wrap(App, "_register", "textual: App._register (add widgets to the DOM)")

    original = DOMNode.update_node_styles

    def update_node_styles(self: DOMNode, animate: bool = True) -> None:
        frame = sys._getframe(1)
        while frame.f_back is not None and frame.f_code.co_name in _PLUMBING:
            frame = frame.f_back
        owner = frame.f_locals.get("self")
        where = f"{type(owner).__name__}.{frame.f_code.co_name}" if owner else frame.f_code.co_name
        with timed(f"textual: restyle a {type(self).__name__} subtree, asked by {where}"):
            original(self, animate)

    DOMNode.update_node_styles = update_node_styles  # type: ignore[method-assign]

    # Stop once the footer's keys are on screen: Footer composes them only after the
    # first refresh, so the first complete screen is the frame after that recompose.
    recompose = Footer.recompose

    async def recompose_then_exit(self: Widget) -> None:
        await recompose(self)
        if self.children:
            self.call_after_refresh(stop, self.app)

    Footer.recompose = recompose_then_exit  # type: ignore[method-assign]


def stop(app: Any) -> None:
    """The complete screen is up: the clock stops here (not after the app has shut down)."""
    _end.extend((time.perf_counter(), time.thread_time()))
    app.exit()


def run_bare() -> None:
    with timed("imports beyond Python start-up"):
        from textual.app import App, ComposeResult
        from textual.widgets import Footer, Header, Static
    wrap_textual()

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("Hello")
            yield Footer()

    with timed("App() constructed"):
        app = Bare()
    app.run(headless=True, size=(80, 24))


def run_coach() -> None:
    with timed("imports beyond Python start-up"):
        from textual.app import App  # what the bare app imports too, first: not counted below
        from textual.widgets import Footer, Header, Static

        del App, Footer, Header, Static
        with timed("coach: imports beyond the bare app's (coach.cli + coach.tui.app)"):
            import coach.cli as cli_module
            import coach.tui.app as app_module
    wrap_textual()
    import coach.flows.library as library
    import coach.session as session_module
    import coach.settings as settings_io
    from coach.history.store import HistoryStore
    from coach.session import Session
    from coach.tui.routes.conversations import ConversationRoutes
    from coach.tui.screens.home import Home

    app = app_module.CoachApp
    wrap(settings_io, "load_with_warnings", "coach: settings.load_with_warnings (config.toml)")
    # Session imports these by name: wrap them where it calls them.
    wrap(session_module, "default_catalog", "coach: default_catalog (micro-hurts.toml)")
    wrap(session_module, "discover", "coach: discover (read + validate every flow file)")
    wrap(session_module, "flow_snapshot", "coach: snapshot of the user flows folder")
    wrap(library, "load_flow", "coach: load_flow (one flow file, read + validated)")
    wrap(app, "register_theme", "coach: register_theme (its themes)")
    wrap(HistoryStore, "__init__", "coach: HistoryStore() (open SQLite, migrate)")
    wrap(HistoryStore, "last_run_at", "coach: HistoryStore.last_run_at (query)")
    wrap(HistoryStore, "unrevisited_resets", "coach: HistoryStore.unrevisited_resets (query)")
    wrap(Session, "home", "coach: Session.home (home's data)")
    wrap(app, "refresh_home", "coach: refresh_home (Session.home, then Home.data)")
    wrap(app, "on_mount", "coach: CoachApp.on_mount (home's data, then push_screen)")
    wrap(Home, "__init__", "coach: Home.__init__")
    wrap(Home, "compose", "coach: Home.compose")
    wrap(Home, "_show", "coach: Home._show (flow list content)")
    wrap(app, "_first_things", "coach: _first_things (after the first refresh)")
    wrap(ConversationRoutes, "offer_resume", "coach: offer_resume (after the first refresh)")
    wrap(app, "_start_watching", "coach: _start_watching (after the first refresh)")
    real_run = app.run

    def headless_run(self: Any, *args: Any, **kwargs: Any) -> Any:
        return real_run(self, headless=True, size=(80, 24))

    app.run = headless_run  # type: ignore[method-assign]
    real_init = app.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        with timed("App() constructed"):
            real_init(self, *args, **kwargs)

    app.__init__ = init  # type: ignore[method-assign]
    cli_module.main([])  # the same way in as the `coach` command


def one(kind: str) -> None:
    """Run one app in this process; print its timings as JSON on stdout's last line."""
    time_gc()
    {"bare": run_bare, "coach": run_coach}[kind]()
    wall, cpu = (_end[0] - _T0[0]) * 1000, (_end[1] - _T0[1]) * 1000
    _timings["total: script start to complete first screen"] = [wall, cpu, 1, 0.0, 0.0]
    self_wall, self_cpu = (sum(row[i] for row in _timings.values()) for i in (3, 4))
    _timings["(everything not timed above)"] = [0.0, 0.0, 1, wall - self_wall, cpu - self_cpu]
    sys.stdout.write("\n" + json.dumps(_timings) + "\n")


def sample(kind: str, env: dict[str, str]) -> Timings:
    out = subprocess.run(
        [sys.executable, "-m", "tests.bench.profile_start", "--one", kind],
        env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    timings: Timings = json.loads(out.strip().splitlines()[-1])
    return timings


def medians(runs: list[Timings]) -> dict[str, list[float]]:
    """Each column's median over the runs (0 for a run that did not have the step)."""
    names = {n for r in runs for n in r}
    zero = [0.0] * 5
    return {
        n: [statistics.median(r.get(n, zero)[i] for r in runs) for i in range(5)] for n in names
    }


# -- -X importtime ----------------------------------------------------------------------


def importtime(kind: str, env: dict[str, str]) -> list[tuple[str, int]]:
    """(module, self µs) of one fresh process, from ``-X importtime``."""
    err = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "tests.bench.launch_target", kind],
        env=env, capture_output=True, text=True, check=True,
    ).stderr  # fmt: skip
    rows = []
    for line in err.splitlines():
        if line.startswith("import time:") and "[us]" not in line:
            self_us, _cumulative, name = line.removeprefix("import time:").split("|")
            rows.append((name.strip(), int(self_us)))
    return rows


def package_of(module: str) -> str:
    """coach modules by name; anything else by its top-level package."""
    if module.startswith("coach"):
        return module
    return module.split(".")[0].lstrip("_").replace("sqlite3", "sqlite3 (+_sqlite3)")


def coach_only_imports(env: dict[str, str], runs: int) -> dict[str, float]:
    """Median over runs of the self time (ms) of the modules coach imports and bare not."""
    bare = {name for name, _ in importtime("bare", env)}
    totals: list[dict[str, float]] = []
    for _ in range(runs):
        per: dict[str, float] = defaultdict(float)
        for name, self_us in importtime("coach", env):
            if name not in bare:
                per[package_of(name)] += self_us / 1000
        per["= all imports only coach makes"] = sum(per.values())
        totals.append(per)
    names = {n for t in totals for n in t}
    return {n: statistics.median(t.get(n, 0.0) for t in totals) for n in names}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.profile_start")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--one", choices=("bare", "coach"), help=argparse.SUPPRESS)
    parser.add_argument("--importtime", action="store_true", help="break the imports down")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.one:
        one(args.one)
        return
    compile_like_an_install()
    with tempfile.TemporaryDirectory() as tmp:
        env = seeded_home(Path(tmp)) | {"PYTHONPATH": str(Path(__file__).parents[2])}
        sample("coach", env), sample("bare", env)  # warm up; coach creates its history
        runs: dict[str, list[Timings]] = {"bare": [], "coach": []}
        for i in range(args.runs):
            for kind in ("bare", "coach") if i % 2 == 0 else ("coach", "bare"):
                runs[kind].append(sample(kind, env))
        imports = coach_only_imports(env, args.runs) if args.importtime else {}
    figures = {kind: medians(samples) for kind, samples in runs.items()}
    if args.json:
        result = {"runs": args.runs, "load_average": os.getloadavg(), **figures,
                  "coach_only_imports_self_ms": imports}  # fmt: skip
        print(json.dumps(result, indent=2))
        return
    print(f"medians of {args.runs} fresh processes each, headless 80x24, to the complete screen")
    print(f"load average {os.getloadavg()[0]:.2f}. ms of main-thread CPU (wall is in --json):")
    print("'self' leaves out the steps timed inside; the self column adds up to the total")
    bare_self = {name: row[4] for name, row in figures["bare"].items()}
    for kind in ("bare", "coach"):
        print(f"\n{kind:<5}   incl.     self  calls" + "  self beyond bare" * (kind == "coach"))
        rows = sorted(figures[kind].items(), key=lambda kv: (-kv[1][4], -kv[1][1]))
        for name, (_, cpu, calls, _, self_cpu) in rows:
            extra = f"  {self_cpu - bare_self.get(name, 0.0):+7.1f}" if kind == "coach" else ""
            print(f"  {cpu:8.1f} {self_cpu:8.1f}  x{calls:<3.0f} {name:<76}{extra}")
    if imports:
        print("\nimports only coach makes: self time, median ms (wall), by module or package")
        for name, ms in sorted(imports.items(), key=lambda kv: -kv[1]):
            if ms >= 0.2:
                print(f"  {ms:7.2f}  {name}")


if __name__ == "__main__":
    main()
