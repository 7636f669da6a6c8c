"""Find where a key sits in TOML source, so schema errors can name a line and column.

``tomllib`` gives values but no positions. This scanner walks the source once, tracking
table headers (``[a.b]``, ``[[step]]``, ``[[step.choice]]``) and ``key = value`` lines, and
records a position for every key path it sees, e.g. ``("step", 2, "next")``. Paths inside
inline tables or multi-line arrays fall back to the nearest enclosing key.
"""

from __future__ import annotations

from dataclasses import dataclass, field

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Position:
    line: int
    col: int  # where the key starts
    value_col: int  # where the value starts (for offsets into a string value)
    triple: bool = False  # the value is a triple-quoted string
    below: bool = False  # ...whose text begins on the next line


def _split_key(raw: str) -> list[str]:
    """Split a dotted TOML key, honouring quotes: ``a."b.c".d`` -> [a, b.c, d]."""
    parts: list[str] = []
    buf: list[str] = []
    quote: str | None = None
    for ch in raw:
        if quote:
            if ch == quote:
                quote = None
            else:
                buf.append(ch)
        elif ch in "\"'":
            quote = ch
        elif ch == ".":
            parts.append("".join(buf).strip())
            buf = []
        else:
            buf.append(ch)
    parts.append("".join(buf).strip())
    return parts


@dataclass
class _Scanner:
    positions: dict[KeyPath, Position] = field(default_factory=dict)
    aot_index: dict[KeyPath, int] = field(default_factory=dict)
    table: KeyPath = ()
    open_string: str | None = None  # a multi-line string delimiter still open
    depth: int = 0  # brackets still open from earlier lines

    def resolve(self, keys: list[str]) -> KeyPath:
        """Turn header keys into a path, stepping into the latest element of any array."""
        path: KeyPath = ()
        for key in keys:
            path = (*path, key)
            if path in self.aot_index:
                path = (*path, self.aot_index[path])
        return path

    def header(self, text: str, lineno: int, col: int) -> None:
        if text.startswith("[["):
            keys = _split_key(text[2 : text.find("]]")])
            parent = self.resolve(keys[:-1])
            array = (*parent, keys[-1])
            self.aot_index[array] = self.aot_index.get(array, -1) + 1
            self.table = (*array, self.aot_index[array])
        else:
            self.table = self.resolve(_split_key(text[1 : text.find("]")]))
        self.positions.setdefault(self.table, Position(lineno, col, col))

    def key(self, line: str, lineno: int, indent: int) -> int:
        """Record a ``key = value`` line; return the index where the value starts."""
        eq = _find_equals(line, indent)
        if eq < 0:
            return len(line)
        keys = _split_key(line[indent:eq])
        value_at = eq + 1
        while value_at < len(line) and line[value_at] in " \t":
            value_at += 1
        triple = line.startswith(('"""', "'''"), value_at)
        below = triple and not line[value_at + 3 :].strip()
        path = (*self.table, *keys)
        self.positions[path] = Position(lineno, indent + 1, value_at + 1, triple, below)
        return value_at

    def scan_rest(self, line: str, start: int) -> None:
        """Track strings and brackets from ``start`` so later lines are read correctly."""
        i = start
        n = len(line)
        while i < n:
            if self.open_string:
                end = line.find(self.open_string, i)
                if self.open_string == '"""':
                    while end > 0 and _escaped(line, end):
                        end = line.find('"""', end + 1)
                if end < 0:
                    return
                i = end + 3
                self.open_string = None
                continue
            ch = line[i]
            if ch == "#":
                return
            if line.startswith(('"""', "'''"), i):
                self.open_string = line[i : i + 3]
                i += 3
                continue
            if ch in "\"'":
                i = _skip_string(line, i)
                continue
            if ch in "[{":
                self.depth += 1
            elif ch in "]}":
                self.depth = max(0, self.depth - 1)
            i += 1


def _escaped(line: str, at: int) -> bool:
    backslashes = 0
    j = at - 1
    while j >= 0 and line[j] == "\\":
        backslashes += 1
        j -= 1
    return backslashes % 2 == 1


def _skip_string(line: str, i: int) -> int:
    quote = line[i]
    j = i + 1
    while j < len(line):
        if line[j] == "\\" and quote == '"':
            j += 2
            continue
        if line[j] == quote:
            return j + 1
        j += 1
    return j


def _find_equals(line: str, start: int) -> int:
    i = start
    while i < len(line):
        ch = line[i]
        if ch in "\"'":
            i = _skip_string(line, i)
            continue
        if ch == "=":
            return i
        if ch == "#":
            return -1
        i += 1
    return -1


def _scan(source: str) -> dict[KeyPath, Position]:
    scanner = _Scanner()
    for lineno, line in enumerate(source.splitlines(), start=1):
        if scanner.open_string or scanner.depth:
            scanner.scan_rest(line, 0)
            continue
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("["):
            scanner.header(stripped, lineno, indent + 1)
            continue
        scanner.scan_rest(line, scanner.key(line, lineno, indent))
    return scanner.positions


class Locator:
    """Positions of keys in one TOML source text."""

    def __init__(self, source: str) -> None:
        self._source = source
        self._scanned: dict[KeyPath, Position] | None = None

    @property
    def _positions(self) -> dict[KeyPath, Position]:
        """Scan on first use: a valid file never needs positions."""
        if self._scanned is None:
            self._scanned = _scan(self._source)
        return self._scanned

    def find(self, path: KeyPath) -> Position:
        """The position of ``path``, or of its nearest recorded ancestor (else 1:1)."""
        while path:
            if path in self._positions:
                return self._positions[path]
            path = path[:-1]
        return Position(1, 1, 1)

    def at(self, path: KeyPath) -> tuple[int, int]:
        pos = self.find(path)
        return pos.line, pos.col

    def in_value(self, path: KeyPath, text: str, offset: int) -> tuple[int, int]:
        """Line and column of character ``offset`` inside the string value at ``path``."""
        pos = self.find(path)
        if path not in self._positions:
            return pos.line, pos.col
        before = text[:offset]
        newlines = before.count("\n")
        first = pos.line + 1 if pos.below else pos.line
        if newlines:
            return first + newlines, len(before) - before.rfind("\n")
        if pos.below:
            return first, offset + 1
        return first, pos.value_col + (3 if pos.triple else 1) + offset
