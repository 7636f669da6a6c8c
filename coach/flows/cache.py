"""The bundled flows, read and validated once: kept in the state folder and used again
while nothing they depend on has changed.

Reading and validating every bundled flow costs more than the rest of home's first frame
data, and the files change only when coach does. What is kept is checked on the way back:
its key must match (the size and times of each bundled flow file and of the code that
reads them, coach's and Python's versions), the catalog they were checked against must be
the one in use, and only coach's own flow classes may be rebuilt from it (never any other
code). A cache that is missing, damaged, out of date or strange in any way is ignored,
and written again.
"""

from __future__ import annotations

import dataclasses
import io
import pickle
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from coach import __version__
from coach.atomic import write_atomic
from coach.files import MiB, read_bounded
from coach.flows.catalog import Catalog
from coach.flows.load import FlowFile

FORMAT = 1
MAX_BYTES = 8 * MiB
#: The code whose results are kept: a change to any of it is a change of the key.
CODE = "catalog diagnostics expr load locate model shape source text validate cache"
#: Where the kept objects' classes may come from (dataclasses only), and paths.
KEPT = "catalog diagnostics expr load model"
_MODULES = frozenset(f"coach.flows.{name}" for name in KEPT.split())
_PATHS = frozenset({("pathlib", "PosixPath"), ("pathlib", "WindowsPath")})

Key = tuple[object, ...]
Loader = Callable[[Path, Catalog], FlowFile]


def key(files: Sequence[Path]) -> Key:
    """What the kept results depend on: each file's and each module's size and times."""
    here = Path(__file__).parent
    stats: list[tuple[object, ...]] = []
    for path in (*files, *(here / f"{name}.py" for name in CODE.split())):
        try:
            st = path.stat()
        except OSError:
            stats.append((str(path),))
            continue
        stats.append((str(path), st.st_size, st.st_mtime_ns, st.st_ctime_ns))
    return (FORMAT, __version__, sys.implementation.cache_tag, tuple(stats))


class _Unpickler(pickle.Unpickler):
    """Rebuilds coach's flow dataclasses and paths, and refuses everything else."""

    def find_class(self, module: str, name: str) -> object:
        if (module, name) in _PATHS:
            return super().find_class(module, name)
        if module in _MODULES:
            found = super().find_class(module, name)
            if isinstance(found, type) and dataclasses.is_dataclass(found):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not kept in a flow cache")


def read(store: Path, wanted: Key, catalog: Catalog) -> list[FlowFile] | None:
    """The kept flows, if they are there, whole and still right; else None."""
    try:
        kept = _Unpickler(io.BytesIO(read_bounded(store, MAX_BYTES))).load()
    except Exception:  # missing, unreadable or damaged: read the flows themselves
        return None
    if not isinstance(kept, tuple) or len(kept) != 3:
        return None
    kept_key, kept_catalog, flows = kept
    if kept_key != wanted or kept_catalog != catalog or not isinstance(flows, list):
        return None
    if not all(isinstance(f, FlowFile) for f in flows):
        return None
    return flows


def write(store: Path, wanted: Key, catalog: Catalog, flows: list[FlowFile]) -> None:
    """Keep the flows for next time; if that fails, they are read again next time."""
    try:
        data = pickle.dumps((wanted, catalog, flows), protocol=pickle.HIGHEST_PROTOCOL)
        write_atomic(store, data, 0o600)
    except Exception:  # a full disk, a folder coach may not write
        pass


def load_all(files: Sequence[Path], catalog: Catalog, store: Path, load: Loader) -> list[FlowFile]:
    """``load(path, catalog)`` for each of ``files``, or the same results kept in ``store``."""
    wanted = key(files)
    flows = read(store, wanted, catalog)
    if flows is None:
        flows = [load(path, catalog) for path in files]
        write(store, wanted, catalog, flows)
    return flows
