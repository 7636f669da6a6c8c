"""Notifications when a pause ends: right bytes, safe with any text, and never raising."""

from __future__ import annotations

import re
import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach import notify as N
from coach.plain import shorten

HOSTILE = ["\x1b]0;pwned\x07", "\x07", "\x9c", ";", "\x1b\\", "\x9d0;x\x9c", "a\nb", "-x"]
OSC = re.compile(r"\x1b\](9|777);([^\x1b\x07]*)\x07")


def payloads(seq: str) -> list[tuple[str, str]]:
    """The (number, text) of every OSC in ``seq``; fails if anything else is in it."""
    found = OSC.findall(seq)
    assert OSC.sub("", seq) == ""
    return found


def unwrap_tmux(seq: str) -> str:
    """Undo tmux passthrough, checking each piece is one well-formed DCS."""
    pieces = re.findall(r"\x1bPtmux;((?:\x1b\x1b|[^\x1b])*)\x1b\\", seq)
    assert re.sub(r"\x1bPtmux;(?:\x1b\x1b|[^\x1b])*\x1b\\", "", seq) == ""
    return "".join(p.replace("\x1b\x1b", "\x1b") for p in pieces)


def test_both_sequences() -> None:
    seq = N.terminal_sequence("Pause over", "Come back to: money", in_tmux=False)
    assert seq == (
        "\x1b]9;Pause over: Come back to: money\x07"
        "\x1b]777;notify;Pause over;Come back to: money\x07"
    )
    assert N.terminal_sequence("", "", in_tmux=False) == ""
    assert N.terminal_sequence("", "20 minutes", in_tmux=False, protocols=("9",)) == (
        "\x1b]9;coach: 20 minutes\x07"  # never `9;<digits>`, a ConEmu command
    )


def test_tmux_passthrough_doubles_inner_escapes() -> None:
    seq = N.terminal_sequence("T", "B", in_tmux=True)
    assert seq.startswith("\x1bPtmux;\x1b\x1b]9;T: B\x07\x1b\\")
    assert unwrap_tmux(seq) == N.terminal_sequence("T", "B", in_tmux=False)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_cannot_escape(text: str) -> None:
    for in_tmux in (False, True):
        seq = N.terminal_sequence(text, text + " body", in_tmux=in_tmux)
        plain = unwrap_tmux(seq) if in_tmux else seq
        found = payloads(plain)
        assert [n for n, _ in found] == ["9", "777"]
        for number, payload in found:
            assert "\x9c" not in payload and "\x9d" not in payload and "\n" not in payload
            if number == "777":
                assert payload.count(";") == 2  # notify ; title ; body, nothing more


@given(st.text(), st.text(), st.booleans())
def test_any_text_gives_well_formed_sequences(title: str, body: str, in_tmux: bool) -> None:
    seq = N.terminal_sequence(title, body, in_tmux=in_tmux)
    if seq:
        found = payloads(unwrap_tmux(seq) if in_tmux else seq)
        assert all(len(p) <= N.TITLE_LIMIT + N.BODY_LIMIT + 20 for _, p in found)
        assert not any(0x80 <= ord(c) <= 0x9F for _, p in found for c in p)


def test_protocol_choice_by_terminal() -> None:
    assert N.terminal_protocols({"TERM_PROGRAM": "iTerm.app"}) == ("9",)
    assert N.terminal_protocols({"TERM": "tmux-256color", "LC_TERMINAL": "iTerm2"}) == ("9",)
    assert N.terminal_protocols({"KITTY_WINDOW_ID": "1"}) == ("9",)
    assert N.terminal_protocols({"TERM_PROGRAM": "WezTerm"}) == ("777",)
    assert N.terminal_protocols({"TERM": "xterm-ghostty"}) == ("777",)
    assert N.terminal_protocols({"TERM": "foot"}) == ("777",)
    assert N.terminal_protocols({"VTE_VERSION": "7600"}) == ("777",)
    assert N.terminal_protocols({"TERM": "xterm-256color"}) == ("9", "777")


def test_notify_terminal_writes_and_wraps_for_tmux() -> None:
    written: list[str] = []
    env = {"TERM": "foot"}
    assert N.notify("terminal", "Pause over", "Welcome back", write=written.append, env=env)
    assert written == ["\x1b]777;notify;Pause over;Welcome back\x07"]
    written.clear()
    assert N.notify("terminal", "T", "B", write=written.append, env={**env, "TMUX": "/t,1,0"})
    assert written[0].startswith("\x1bPtmux;\x1b\x1b]777;")
    assert not N.notify("terminal", "\x07", "\x1b", write=written.append, env={})  # nothing left


def test_system_command_linux_is_an_argument_list() -> None:
    which = {"notify-send": "/usr/bin/notify-send"}.get
    args = N.system_command("-pwn $(rm -rf ~)", "a\x1b]0;x\x07\nb", platform="linux", which=which)
    assert args == [
        "/usr/bin/notify-send", "--app-name=coach", "--", "-pwn $(rm -rf ~)", "a b",
    ]  # fmt: skip
    assert N.system_command("t", "b", platform="linux", which=lambda _: None) is None


def applescript_literal(script: str, start: int) -> tuple[str, int]:
    """Read one AppleScript string literal at ``start``: its value and the index after it."""
    assert script[start] == '"'
    out, i = [], start + 1
    while script[i] != '"':
        if script[i] == "\\":
            assert script[i + 1] in '"\\'
            out.append(script[i + 1])
            i += 2
        else:
            out.append(script[i])
            i += 1
    return "".join(out), i + 1


@pytest.mark.parametrize("text", [*HOSTILE, 'say "hi" \\" & do shell script "x"', "\\"])
def test_system_command_macos_quotes_safely(text: str) -> None:
    args = N.system_command(text, text, platform="darwin", which=lambda _: "/usr/bin/osascript")
    assert args is not None and args[:2] == ["/usr/bin/osascript", "-e"] and len(args) == 3
    script = args[2]
    prefix = "display notification "
    assert script.startswith(prefix)
    body, after = applescript_literal(script, len(prefix))
    assert script[after:].startswith(" with title ")
    title, end = applescript_literal(script, after + len(" with title "))
    assert end == len(script)  # nothing after the title: no statement was injected
    assert body == shorten(text, N.BODY_LIMIT)
    assert title == (shorten(text, N.TITLE_LIMIT) or "coach")


def test_notify_system_runs_and_reports() -> None:
    calls: list[list[str]] = []

    def ok(args: list[str]) -> subprocess.CompletedProcess[bytes]:
        calls.append(args)
        return subprocess.CompletedProcess(args, 0)

    def send(run: N.Run) -> bool:
        which = {"notify-send": "/bin/notify-send"}.get
        return N.notify("system", "Pause over", "Back", write=print, run=run, platform="linux",
                        which=which)  # fmt: skip

    assert send(ok)
    assert calls[0][-2:] == ["Pause over", "Back"]
    assert not send(lambda args: subprocess.CompletedProcess(args, 1))


def test_notify_never_raises() -> None:
    def missing(args: list[str]) -> object:
        raise FileNotFoundError(args[0])

    def hangs(args: list[str]) -> object:
        raise subprocess.TimeoutExpired(args, 10)

    def broken_write(_: str) -> None:
        raise OSError("terminal went away")

    which = {"notify-send": "/bin/notify-send"}.get
    for run in (missing, hangs):
        assert not N.notify("system", "t", "b", write=print, run=run, platform="linux",
                            which=which)  # fmt: skip
    assert not N.notify("system", "t", "b", write=print, platform="linux", which=lambda _: None)
    assert not N.notify("terminal", "t", "b", write=broken_write, env={})
    assert not N.notify("none", "t", "b", write=broken_write)
    assert not N.notify("carrier-pigeon", "t", "b", write=broken_write)


def test_available_methods() -> None:
    assert N.available_methods(platform="linux", which=lambda _: None) == ["terminal", "none"]
    found = N.available_methods(platform="darwin", which=lambda n: f"/usr/bin/{n}")
    assert found == ["terminal", "system", "none"]
    assert set(N.available_methods()) <= set(N.METHODS)
