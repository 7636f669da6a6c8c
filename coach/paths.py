"""Every file location coach uses. Nothing else in the package builds paths.

User files live only under platformdirs' user directories, so ``XDG_CONFIG_HOME``,
``XDG_DATA_HOME`` and ``XDG_STATE_HOME`` relocate them. Bundled scripts and styles are
found both in a source checkout (top-level ``scripts/`` and ``styles/``) and in an
installed wheel (``coach/_data/...``).
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_path, user_data_path, user_state_path

APP = "coach"
_PACKAGE = Path(__file__).resolve().parent

#: Names in ``scripts/`` that are catalogs or word lists rather than flows.
MICRO_HURTS_FILE = "micro-hurts.toml"
GENTLE_PHRASES_FILE = "gentle-phrases.toml"
CATALOG_FILES = frozenset({MICRO_HURTS_FILE, GENTLE_PHRASES_FILE})
#: Question decks: ``<name>.deck.toml``, bundled in ``scripts/`` or beside the couple's flows.
DECK_SUFFIX = ".deck.toml"


def _bundled(name: str) -> Path:
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def bundled_scripts_dir() -> Path:
    """The flow scripts and catalogs shipped with coach."""
    return _bundled("scripts")


def styles_dir() -> Path:
    """The Textual CSS files shipped with coach."""
    return _bundled("styles")


def style(name: str) -> str:
    """A stylesheet in ``styles/``, for a screen's ``CSS_PATH``."""
    return str(styles_dir() / name)


def config_dir() -> Path:
    """Where ``config.toml`` and the couple's own flows live."""
    return user_config_path(APP, appauthor=False)


def config_file() -> Path:
    return config_dir() / "config.toml"


def user_flows_dir() -> Path:
    """The couple's own flow scripts; a flow here overrides a bundled one with the same id."""
    return config_dir() / "flows"


def data_dir() -> Path:
    """Private data: the history database. Created owner-only."""
    return user_data_path(APP, appauthor=False)


def history_file() -> Path:
    return data_dir() / "history.sqlite3"


def state_dir() -> Path:
    """Short-lived state: a flow in progress, a running reset pause."""
    return user_state_path(APP, appauthor=False)


def pause_file() -> Path:
    """The reset pause in progress (its deadline survives closing coach)."""
    return state_dir() / "reset.json"


def flow_cache_file() -> Path:
    """The bundled flows, validated once and kept for a quicker start."""
    return state_dir() / "bundled-flows.cache"


def editing_dir() -> Path:
    """Working copies of flows open in an external editor."""
    return state_dir() / "editing"


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) and make it readable by its owner only."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def catalog_file(name: str) -> Path:
    """A catalog: the couple's own copy if they made one, else the bundled one."""
    own = user_flows_dir() / name
    return own if own.is_file() else bundled_scripts_dir() / name
