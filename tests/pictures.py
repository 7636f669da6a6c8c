"""The README's pictures: copies of the screen snapshots, under friendly names.

``python -m tests.pictures`` copies the current snapshot SVGs (made by
``tests/app/test_snapshots.py``; refresh them with ``pytest --snapshot-update``) into
``docs/screens/``. ``tests/core/test_pictures.py`` fails when a copy falls behind.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SNAPSHOTS = REPO / "tests" / "app" / "__snapshots__" / "test_snapshots"
SCREENS = REPO / "docs" / "screens"
COMMAND = "python -m tests.pictures"

#: Each picture in docs/screens/ and the snapshot it is a copy of.
PICTURES = {
    "home.svg": "test_home.svg",
    "reveal.svg": "test_reveal.svg",
    "countdown.svg": "test_countdown.svg",
    "patterns.svg": "test_patterns_screen.svg",
    "editor.svg": "test_editor_with_an_error.svg",
}


def source(picture: str) -> Path:
    """The snapshot a picture is copied from."""
    return SNAPSHOTS / PICTURES[picture]


def stale() -> list[str]:
    """Pictures that are missing or differ from their snapshot, and strays with no snapshot."""
    out = []
    for picture in PICTURES:
        copy = SCREENS / picture
        if not copy.is_file() or copy.read_bytes() != source(picture).read_bytes():
            out.append(picture)
    strays = sorted(p.name for p in SCREENS.glob("*.svg") if p.name not in PICTURES)
    return out + strays


def copy_all() -> list[str]:
    """Copy every snapshot to its picture; return the pictures that changed."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    changed = []
    for picture in PICTURES:
        copy, data = SCREENS / picture, source(picture).read_bytes()
        if not copy.is_file() or copy.read_bytes() != data:
            copy.write_bytes(data)
            changed.append(picture)
    return changed


def main() -> int:
    missing = [PICTURES[p] for p in PICTURES if not source(p).is_file()]
    if missing:
        print(f"no snapshot {', '.join(missing)}: run pytest tests/app/test_snapshots.py first")
        return 1
    changed = copy_all()
    for picture in changed:
        print(f"updated docs/screens/{picture}")
    if not changed:
        print("docs/screens/ is up to date")
    strays = [p for p in stale() if p not in PICTURES]
    for stray in strays:
        print(f"docs/screens/{stray} has no snapshot: remove it or add it to PICTURES")
    return 1 if strays else 0


if __name__ == "__main__":
    sys.exit(main())
