"""The README's pictures are the current snapshots, and the README shows each one."""

from __future__ import annotations

import re

from tests.conftest import REPO
from tests.pictures import COMMAND, PICTURES, SCREENS, source, stale

FIX = f"run `{COMMAND}` to copy the current snapshots into docs/screens/"


def test_every_picture_has_its_snapshot() -> None:
    missing = [PICTURES[p] for p in PICTURES if not source(p).is_file()]
    assert not missing, f"no snapshot {missing}; PICTURES in tests/pictures.py names them"


def test_pictures_match_their_snapshots() -> None:
    behind = [p for p in stale() if p in PICTURES]
    assert not behind, f"docs/screens/ differs from the snapshots ({', '.join(behind)}): {FIX}"
    strays = [p for p in stale() if p not in PICTURES]
    assert not strays, (
        f"docs/screens/{strays[0]} is no snapshot's copy: remove it, or name its snapshot in"
        f" PICTURES (tests/pictures.py) and {FIX}"
    )


def test_readme_shows_every_picture_with_words_for_it() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.findall(r"!\[([^\]]*)\]\(docs/screens/([\w-]+\.svg)\)", readme)
    shown = {picture: alt for alt, picture in found}
    missing = sorted(set(PICTURES) - set(shown))
    assert not missing, (
        f"README.md does not show {missing}: add `![what the screen shows](docs/screens/NAME)`"
        f" for each ({FIX} first)"
    )
    unknown = sorted(set(shown) - set(PICTURES))
    assert not unknown, f"README.md shows {unknown}, which tests/pictures.py does not make"
    for picture, alt in shown.items():
        assert len(alt.split()) >= 5, f"{picture}: say in the alt text what the screen shows"
        assert (SCREENS / picture).is_file(), f"docs/screens/{picture} is missing: {FIX}"
