"""The couple's settings, in ``config.toml`` (read with tomllib, written with tomli-w)."""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from coach import paths
from coach.atomic import write_atomic

THEMES = ("coach-calm", "coach-high-contrast", "textual-dark", "textual-light")


@dataclass
class Settings:
    """Everything a couple can set. Unknown or malformed values fall back to defaults."""

    partner_a: str = ""
    partner_b: str = ""
    reset_minutes: int = 20
    theme: str = "coach-calm"
    bell: bool = True
    breathe_in: int = 4
    breathe_out: int = 6
    #: Lines the couple adds themselves, e.g. a local helpline; coach ships none.
    help_lines: list[str] = field(default_factory=list)
    #: When the patterns screen gently suggests a couples therapist (see README).
    help_min_notes: int = 5
    help_repair_rate: float = 0.5
    help_unrevisited_resets: int = 3
    help_rising_weeks: int = 4

    @property
    def names(self) -> dict[str, str]:
        return {"a": self.partner_a or "Partner A", "b": self.partner_b or "Partner B"}

    @property
    def has_names(self) -> bool:
        return bool(self.partner_a.strip() and self.partner_b.strip())


class SettingsError(ValueError):
    """The config file exists but cannot be used."""


def load(path: Path | None = None) -> Settings:
    """The saved settings, defaults when there is no file. Raises SettingsError if unreadable."""
    path = path or paths.config_file()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(
            f"{path}: the settings file cannot be read ({exc}). Fix it, or move it away "
            "and coach will start fresh."
        ) from exc
    return from_dict(data)


def from_dict(data: dict[str, Any]) -> Settings:
    defaults = Settings()
    kept: dict[str, Any] = {}
    for f in fields(Settings):
        value = data.get(f.name)
        default = getattr(defaults, f.name)
        if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if isinstance(value, type(default)) and not (
            isinstance(value, bool) and not isinstance(default, bool)
        ):
            kept[f.name] = value
    settings = Settings(**kept)
    settings.reset_minutes = min(max(settings.reset_minutes, 1), 24 * 60)
    settings.breathe_in = min(max(settings.breathe_in, 1), 30)
    settings.breathe_out = min(max(settings.breathe_out, 1), 30)
    if settings.theme not in THEMES:
        settings.theme = defaults.theme
    settings.help_lines = [str(x) for x in settings.help_lines]
    return settings


def save(settings: Settings, path: Path | None = None) -> None:
    """Write the settings atomically, readable by the owner only."""
    import tomli_w  # only needed when saving

    path = path or paths.config_file()
    paths.ensure_private_dir(path.parent)
    write_atomic(path, tomli_w.dumps(asdict(settings)))
