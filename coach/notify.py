"""Tell the couple a reset pause is over, even when the terminal is hidden.

Methods:

``"terminal"``
    A desktop-notification escape sequence, so it works over SSH too. ``OSC 9 ; text BEL``
    (iTerm2's) is shown by iTerm2, kitty, WezTerm, Ghostty, Warp and VS Code's terminal;
    ``OSC 777 ; notify ; title ; body BEL`` (urxvt's) by foot, WezTerm, Ghostty,
    rxvt-unicode, Konsole and Fedora-patched VTE (GNOME Terminal, Ptyxis). Terminals that
    know neither ignore both (xterm, Alacritty, upstream VTE since 0.46), but terminals
    that know both show *two* notifications, so ``terminal_protocols`` picks one for the
    terminals it recognises and sends both only to the others. Inside tmux each sequence
    is wrapped for passthrough (tmux 3.3+ needs ``set -g allow-passthrough on``).
``"system"``
    ``notify-send`` (Linux, BSD) or ``osascript`` (macOS), run as an argument list.
``"none"``
    Nothing.

Title and body are untrusted: control characters (ESC, BEL, the 8-bit ST/CSI/OSC bytes)
are removed, ``;`` becomes ``,`` (it separates OSC fields, and ConEmu, Windows Terminal
and Ghostty read ``OSC 9 ; <digits> ;`` as a command), and the length is bounded.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence

from coach.plain import shorten

METHODS = ("terminal", "system", "none")
TITLE_LIMIT = 60
BODY_LIMIT = 200
APP_NAME = "coach"
ESC, BEL, ST = "\x1b", "\x07", "\x1b\\"
Run = Callable[[list[str]], object]
Which = Callable[[str], str | None]

log = logging.getLogger(__name__)


def field(text: str, limit: int) -> str:
    """Untrusted text made safe for one OSC field or a notification line."""
    return shorten(text.replace(";", ","), limit)


def terminal_protocols(env: Mapping[str, str]) -> tuple[str, ...]:
    """Which OSC numbers to send: one where the terminal is known, else both."""
    term, program = env.get("TERM", ""), env.get("TERM_PROGRAM", "")
    if program == "iTerm.app" or env.get("LC_TERMINAL") == "iTerm2" or "ITERM_SESSION_ID" in env:
        return ("9",)
    if "KITTY_WINDOW_ID" in env or term == "xterm-kitty":
        return ("9",)  # kitty's own is OSC 99; it also shows OSC 9, not OSC 777
    if program in ("vscode", "WarpTerminal"):
        return ("9",)
    if program in ("WezTerm", "ghostty") or "WEZTERM_PANE" in env or term == "xterm-ghostty":
        return ("777",)  # both known there: 777 has a title
    if term.startswith(("foot", "rxvt")) or "VTE_VERSION" in env or "KONSOLE_VERSION" in env:
        return ("777",)
    return ("9", "777")


def terminal_sequence(
    title: str, body: str, *, in_tmux: bool, protocols: Sequence[str] = ("9", "777")
) -> str:
    """The escape sequences for a desktop notification ("" when there is nothing to say)."""
    t, b = field(title, TITLE_LIMIT), field(body, BODY_LIMIT)
    if not (t or b):
        return ""
    out = []
    if "9" in protocols:
        text = f"{t}: {b}" if t and b else t or b
        if text[0].isdigit():  # never `9;<digits>`: a ConEmu command to some terminals
            text = f"{APP_NAME}: {text}"
        out.append(f"{ESC}]9;{text}{BEL}")
    if "777" in protocols:
        out.append(f"{ESC}]777;notify;{t or APP_NAME};{b}{BEL}")
    return "".join(tmux_passthrough(s) if in_tmux else s for s in out)


def tmux_passthrough(sequence: str) -> str:
    """Wrap an escape sequence so tmux hands it to the outer terminal (ESCs doubled)."""
    return f"{ESC}Ptmux;{sequence.replace(ESC, ESC + ESC)}{ST}"


def applescript_string(text: str) -> str:
    """An AppleScript string literal for ``text`` (after cleaning: one line, no controls)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def system_command(
    title: str, body: str, *, platform: str = sys.platform, which: Which = shutil.which
) -> list[str] | None:
    """The notifier's argument list on this platform, or None when there is none."""
    t = shorten(title, TITLE_LIMIT) or APP_NAME
    b = shorten(body, BODY_LIMIT)
    if platform == "darwin":
        exe = which("osascript")
        if exe is None:
            return None
        script = f"display notification {applescript_string(b)} with title {applescript_string(t)}"
        return [exe, "-e", script]
    exe = which("notify-send")
    if exe is None or platform.startswith(("win", "cygwin")):
        return None
    return [exe, f"--app-name={APP_NAME}", "--", t, b]  # "--": a title may start with "-"


def available_methods(*, platform: str = sys.platform, which: Which = shutil.which) -> list[str]:
    """The methods that can work here, best first; "none" is always there."""
    found = ["terminal"]
    if system_command("", "", platform=platform, which=which) is not None:
        found.append("system")
    return [*found, "none"]


def _run(args: list[str]) -> subprocess.CompletedProcess[bytes]:
    """Run a notifier: no shell, no input, quiet, and never for long."""
    return subprocess.run(
        args,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=10,
        check=False,
    )


def notify(
    method: str,
    title: str,
    body: str,
    *,
    write: Callable[[str], None],
    run: Run = _run,
    env: Mapping[str, str] | None = None,
    platform: str = sys.platform,
    which: Which = shutil.which,
) -> bool:
    """Send a notification; True if one was handed over. Never raises.

    ``write`` puts text on the terminal (the app's driver); ``run`` runs a command list."""
    env = os.environ if env is None else env
    try:
        if method == "terminal":
            sequence = terminal_sequence(
                title, body, in_tmux=bool(env.get("TMUX")), protocols=terminal_protocols(env)
            )
            if not sequence:
                return False
            write(sequence)
            return True
        if method == "system":
            args = system_command(title, body, platform=platform, which=which)
            if args is None:
                return False
            code = getattr(run(args), "returncode", 0)
            return code == 0
    except Exception as exc:  # a notifier that fails must never take the pause with it
        log.debug("notification by %s failed: %s", method, exc)
    return False
