"""Read-side helpers for a SQLite database shared with writers (the web server's readers).

``ReadView``: a store whose ``transaction()`` is a read (deferred) transaction on a read-only
connection, so a reader never takes the write lock and never waits for a running load.
``ChangeCounter``: SQLite's ``data_version``, a number that changes whenever anyone commits.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kamervragen.store.base import Store


class ReadView:
    """A store whose ``transaction()`` is a read transaction (SQLite); everything else is the store's."""

    def __init__(self, store: Store, path: str | None):
        self._store = store
        self._ro: sqlite3.Connection | None = None
        if path is not None:
            uri = Path(path).expanduser().resolve().as_uri() + "?mode=ro"
            self._ro = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False, timeout=30)
            self._ro.execute("PRAGMA busy_timeout = 30000")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        if self._ro is None:
            with self._store.transaction() as conn:
                yield conn
            return
        conn = self._ro
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            conn.execute("ROLLBACK")

    def close(self) -> None:
        if self._ro is not None:
            self._ro.close()


class ChangeCounter:
    """``PRAGMA data_version`` of one SQLite file, read over a connection of its own."""

    def __init__(self, path: str):
        self._conn = sqlite3.connect(str(Path(path).expanduser()), check_same_thread=False)
        self._lock = threading.Lock()

    def value(self) -> int:
        with self._lock:
            return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def close(self) -> None:
        self._conn.close()
