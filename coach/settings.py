"""The couple's settings, in ``config.toml`` (read with tomllib, written with tomli-w).

The file is the couple's to edit, so it is untrusted: each value is checked on its own;
one that does not fit is replaced by its default, with a sentence saying so, and keys
coach does not know are kept as they are when the settings are saved again.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from coach import paths
from coach.atomic import write_atomic
from coach.checked import Bool, Float, Int, ListOf, Spec, Text, problems
from coach.files import MiB, read_bounded
from coach.plain import one_line, printable

THEMES = ("coach-calm", "coach-high-contrast", "textual-dark", "textual-light")
NOTIFY_METHODS = ("terminal", "system", "none")
MAX_NAME = 30


@dataclass
class Settings:
    """Everything a couple can set."""

    partner_a: str = ""
    partner_b: str = ""
    reset_minutes: int = 20
    theme: str = "coach-calm"
    bell: bool = True
    #: How the end of a pause reaches you when the terminal is hidden (see README).
    notify: str = "terminal"
    breathe_in: int = 4
    breathe_out: int = 6
    #: Lines the couple adds themselves, e.g. a local helpline; coach ships none.
    help_lines: list[str] = field(default_factory=list)
    #: When coach gently suggests a couples therapist (see README).
    help_min_notes: int = 5
    help_repair_rate: float = 0.5
    help_unrevisited_resets: int = 3
    help_rising_weeks: int = 4
    #: Keys coach does not know (perhaps from a newer coach): kept, never dropped.
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def names(self) -> dict[str, str]:
        return {"a": self.partner_a or "Partner A", "b": self.partner_b or "Partner B"}

    @property
    def has_names(self) -> bool:
        return bool(self.partner_a.strip() and self.partner_b.strip())


#: What each key may hold. A value that does not fit is replaced by the default.
RULES: dict[str, Spec[Any]] = {
    "partner_a": Text(max_len=200),
    "partner_b": Text(max_len=200),
    "reset_minutes": Int(min=1, max=24 * 60),
    "theme": Text(allowed=THEMES),
    "bell": Bool(),
    "notify": Text(allowed=NOTIFY_METHODS),
    "breathe_in": Int(min=1, max=30),
    "breathe_out": Int(min=1, max=30),
    "help_lines": ListOf(Text(max_len=500), max_items=20),
    "help_min_notes": Int(min=1, max=10_000),
    "help_repair_rate": Float(min=0.0, max=1.0),
    "help_unrevisited_resets": Int(min=1, max=10_000),
    "help_rising_weeks": Int(min=2, max=52),
}


class SettingsError(ValueError):
    """The config file exists but cannot be used at all."""


def load(path: Path | None = None) -> Settings:
    """The saved settings, defaults when there is no file. Raises SettingsError."""
    return load_with_warnings(path)[0]


def load_with_warnings(path: Path | None = None) -> tuple[Settings, list[str]]:
    """The settings, and a sentence for every value that had to be replaced."""
    path = path or paths.config_file()
    try:
        raw = read_bounded(path, MiB)
        data = tomllib.loads(raw.decode("utf-8"))
    except FileNotFoundError:
        return Settings(), []
    except (OSError, ValueError, RecursionError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)[:200] or type(exc).__name__
        raise SettingsError(
            f"{path}: the settings file cannot be read ({reason}). Fix it, or move it away "
            "and coach will start fresh."
        ) from exc
    return from_dict(data, str(path))


def from_dict(data: dict[str, Any], where: str = "the settings") -> tuple[Settings, list[str]]:
    """Settings from a table: each known key checked alone; unknown keys kept aside."""
    defaults = Settings()
    kept: dict[str, Any] = {}
    warnings: list[str] = []
    for key, rule in RULES.items():
        if key not in data:
            continue
        value, found = problems(data[key], rule, f"{where}: `{key}`")
        if found:
            import json  # only to word a warning

            default = json.dumps(getattr(defaults, key))  # reads like the TOML value
            warnings.append(f"{found[0]}; coach uses {default} instead.")
        else:
            kept[key] = value
    for key in ("partner_a", "partner_b"):
        if key in kept:
            kept[key] = one_line(kept[key])[:MAX_NAME]
    if "help_lines" in kept:
        kept["help_lines"] = [printable(line) for line in kept["help_lines"]]
    extra = {k: v for k, v in data.items() if k not in RULES and k != "extra"}
    return Settings(**kept, extra=extra), warnings


def to_dict(settings: Settings) -> dict[str, Any]:
    """What is written back: the known keys, then the ones coach does not know."""
    known = {f.name: getattr(settings, f.name) for f in fields(Settings) if f.name != "extra"}
    return {**settings.extra, **known}


def save(settings: Settings, path: Path | None = None) -> None:
    """Write the settings atomically, readable by the owner only."""
    import tomli_w  # only needed when saving

    path = path or paths.config_file()
    paths.ensure_private_dir(path.parent)
    write_atomic(path, tomli_w.dumps(to_dict(settings)))
