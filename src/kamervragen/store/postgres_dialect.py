"""SQLite-dialect SQL on a psycopg connection: how the PostgreSQL store reuses the SQLite store's logic.

The write and read logic of the store (identity, linking, merging, flags) lives once, in
``sqlite.py`` / ``sqlite_core_read.py`` and the stage mixins, written in portable SQL plus a few SQLite
idioms. ``PgConnection`` wraps a ``psycopg.Connection`` with the ``sqlite3`` calls those methods use
(``execute`` → cursor with ``fetchone`` / ``fetchall`` / iteration / ``rowcount`` / ``lastrowid``,
``executemany``) and rewrites each statement once (cached):

- ``?`` placeholders → ``%s`` (literal ``%`` doubled);
- ``INSERT OR IGNORE`` → ``INSERT … ON CONFLICT DO NOTHING``;
- ``INSERT OR REPLACE`` → ``INSERT … ON CONFLICT (primary key) DO UPDATE SET`` every other column;
- ``IS NOT ?`` → ``IS DISTINCT FROM %s::text``, ``? IS NULL`` → ``%s::text IS NULL`` (a bare parameter
  has no type in PostgreSQL); ``CROSS JOIN … ON`` (SQLite's join-order hint) → ``JOIN``; ``datetime('now')`` → the UTC time as text;
- ``INSERT`` into a table with a generated ``id`` gets ``RETURNING id`` (for ``lastrowid``); a plain one
  also ``ON CONFLICT DO NOTHING``, and no row back raises ``sqlite3.IntegrityError`` as SQLite would,
  without aborting the PostgreSQL transaction (the store catches it and picks another key).

Anything backend-specific beyond these (full-text search, dates arithmetic, locks) is overridden in
``postgres.py`` / ``postgres_search.py`` instead of rewritten here.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import psycopg

#: primary keys of the tables written with INSERT OR REPLACE (the conflict target)
PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "link_issue": ("document_id",),
    "case_alias": ("alias",),
    "document_alias": ("alias",),
    "search_vector": ("model", "document_id"),
    "search_model": ("name",),
    "api_disagreement": ("document_id", "field"),
    "sync_state": ("key",),
    "case_flag": ("case_id", "flag", "detail"),
    "alert_seen": ("feed", "entry_id"),
}
#: tables whose ``id`` is generated: their INSERTs return it (``cursor.lastrowid``)
GENERATED_ID = {"raw", "source", "zaak_case", "document", "person", "party", "alert_saved_search",
                "alert_follow", "sync_run"}

_INSERT = re.compile(r"^\s*INSERT\s+(?:OR\s+(IGNORE|REPLACE)\s+)?INTO\s+(\w+)\s*(\(([^)]*)\))?", re.I | re.S)
#: INSERT … VALUES (…) [ON CONFLICT DO NOTHING]: rows can go in one statement (DO UPDATE cannot: a key
#: twice in one statement is an error there, while executemany lets the last row win)
_VALUES = re.compile(r"^(INSERT INTO \w+ \([^)]*\) VALUES )(\(.*\))( ON CONFLICT DO NOTHING)?$", re.S)
_WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.I)


@lru_cache(maxsize=4096)
def translate(sql: str) -> tuple[str, bool | str]:
    """(PostgreSQL statement, whether it returns a generated id: ``"strict"`` when a conflict must raise
    ``sqlite3.IntegrityError`` as SQLite does for a plain INSERT)."""
    out = sql.replace("%", "%%")
    out = re.sub(r"\bIS\s+NOT\s+\?", "IS DISTINCT FROM ?::text", out, flags=re.I)
    out = re.sub(r"\?(?=\s+IS\s+(?:NOT\s+)?NULL\b)", "?::text", out, flags=re.I)  # a parameter's type
    out = re.sub(r"\bCROSS\s+JOIN\b(?=[^;]*?\bON\b)", "JOIN", out, flags=re.I)  # SQLite's join-order hint
    out = out.replace("datetime('now')", "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')")
    out = _placeholders(out)
    returns_id: bool | str = False
    m = _INSERT.match(out)
    if m:
        mode, table, cols = (m.group(1) or "").upper(), m.group(2), m.group(4)
        out = out[:m.start()] + f"INSERT INTO {table}" + (f" ({cols})" if cols is not None else "") + out[m.end():]
        out = out.rstrip().rstrip(";")
        if mode == "IGNORE":
            out += " ON CONFLICT DO NOTHING"
        elif mode == "REPLACE":
            keys = PRIMARY_KEYS.get(table)
            if keys is None or cols is None:
                raise ValueError(f"INSERT OR REPLACE into {table}: its primary key is not known to the PostgreSQL dialect")
            rest = [c.strip() for c in cols.split(",") if c.strip() not in keys]
            out += f" ON CONFLICT ({', '.join(keys)}) " + (
                "DO UPDATE SET " + ", ".join(f"{c} = EXCLUDED.{c}" for c in rest) if rest else "DO NOTHING")
        if table in GENERATED_ID and "RETURNING" not in out.upper():
            if not mode and "ON CONFLICT" not in out.upper():
                out += " ON CONFLICT DO NOTHING"  # no row back: sqlite3.IntegrityError, transaction intact
                returns_id = "strict"
            else:
                returns_id = True
            out += " RETURNING id"
    return out, returns_id


def _placeholders(sql: str) -> str:
    """``?`` → ``%s`` outside string literals."""
    parts = sql.split("'")
    for i in range(0, len(parts), 2):  # even parts are outside quotes
        parts[i] = parts[i].replace("?", "%s")
    return "'".join(parts)


@contextmanager
def sqlite_errors() -> Iterator[None]:
    """PostgreSQL's errors where callers expect SQLite's: a cancelled statement (``statement_timeout``) is
    an interrupted query, a lost connection or a full disk ``sqlite3.OperationalError``, so the stages and
    commands that catch ``sqlite3.Error`` (one clear sentence instead of a trace) behave the same."""
    try:
        yield
    except psycopg.errors.QueryCanceled as exc:
        raise sqlite3.OperationalError(f"interrupted: {str(exc).strip()}") from exc
    except psycopg.OperationalError as exc:
        raise sqlite3.OperationalError(str(exc).strip()) from exc


class PgCursor:
    """The part of ``sqlite3.Cursor`` the store uses. In pipeline mode the results come at the next sync."""

    def __init__(self, cur: psycopg.Cursor[Any], lastrowid: int | None = None,
                 pipeline: psycopg.Pipeline | None = None) -> None:
        self._cur = cur
        self.lastrowid = lastrowid
        self._pipeline = pipeline

    def _ready(self) -> None:
        if self._pipeline is not None:
            self._pipeline.sync()
            self._pipeline = None

    @property
    def rowcount(self) -> int:
        self._ready()
        return self._cur.rowcount

    def fetchone(self) -> tuple | None:
        self._ready()
        if self._cur.description is None:
            return None
        return self._cur.fetchone()

    def fetchall(self) -> list[tuple]:
        self._ready()
        if self._cur.description is None:
            return []
        return self._cur.fetchall()

    def __iter__(self) -> Iterator[tuple]:
        return iter(self.fetchall())


class PgConnection:
    """A psycopg connection speaking the store's SQLite dialect (see the module docstring).

    ``on_write`` is called before the first INSERT / UPDATE / DELETE of each transaction: the store takes
    its write lock there."""

    def __init__(self, conn: psycopg.Connection[Any], on_write: Callable[[PgConnection], None] | None = None) -> None:
        self.raw = conn
        self.pipeline: psycopg.Pipeline | None = None  # set while a batch is sent without waiting
        self.on_write = on_write
        self.in_write_tx = False
        self.locked = False

    def execute(self, sql: str, params: Sequence[Any] = ()) -> PgCursor:
        self._before(sql)
        text, returns_id = translate(sql)
        with sqlite_errors():
            cur = self.raw.execute(text, _params(params))  # type: ignore[arg-type]
        if returns_id:
            if self.pipeline is not None:
                self.pipeline.sync()
            row = cur.fetchone()
            if row is None and returns_id == "strict":
                raise sqlite3.IntegrityError(f"UNIQUE constraint failed ({sql.split('(')[0].strip()})")
            return PgCursor(cur, int(row[0]) if row else None)
        return PgCursor(cur, pipeline=self.pipeline)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Like ``sqlite3.Connection.executemany``; a plain ``INSERT … VALUES`` (or one that ignores
        conflicts) is sent as one multi-row statement per chunk: one round trip instead of one per row."""
        rows = [_params(r) for r in rows]
        if not rows:
            return
        self._before(sql)
        text, returns_id = translate(sql)
        if returns_id:
            text = text[:-len(" RETURNING id")]
            if returns_id == "strict":
                text = text[:-len(" ON CONFLICT DO NOTHING")]
        m = _VALUES.match(text)
        with sqlite_errors():
            if m is None or len(rows) == 1:
                with self.raw.cursor() as cur:
                    cur.executemany(text, rows)  # type: ignore[arg-type]
                return
            head, group, tail = m.group(1), m.group(2), m.group(3) or ""
            per = max(1, min(len(rows), 30_000 // max(1, len(rows[0]))))
            for i in range(0, len(rows), per):
                chunk = rows[i:i + per]
                self.raw.execute(head + ",".join([group] * len(chunk)) + tail,  # type: ignore[arg-type]
                                 [v for r in chunk for v in r])

    def _before(self, sql: str) -> None:
        if self.in_write_tx and not self.locked and self.on_write is not None and _WRITE.match(sql):
            self.on_write(self)

    def native(self, sql: str, params: Sequence[Any] = ()) -> psycopg.Cursor[Any]:
        """A statement in PostgreSQL's own dialect (no rewriting), with the same error mapping."""
        with sqlite_errors():
            return self.raw.execute(sql, params)  # type: ignore[arg-type]

    def set_progress_handler(self, handler: Any, n: int) -> None:
        """``sqlite_search.time_limit`` bounds a search by a SQLite progress handler that checks a
        deadline; here the deadline becomes the transaction's ``statement_timeout`` and a cancelled
        statement raises ``sqlite3.OperationalError("interrupted …")`` as SQLite does."""
        if handler is None or self.raw.info.transaction_status != psycopg.pq.TransactionStatus.INTRANS:
            return
        cells = dict(zip(handler.__code__.co_freevars, (c.cell_contents for c in handler.__closure__ or ()),
                         strict=False))
        deadline = cells.get("deadline")
        if isinstance(deadline, float):
            ms = max(1, int((deadline - time.monotonic()) * 1000))
            self.raw.execute(f"SET LOCAL statement_timeout = {ms}")  # type: ignore[arg-type]


def _params(params: Sequence[Any]) -> tuple[Any, ...]:
    """SQLite keeps booleans as integers (and so do these tables); BLOBs may come as memoryview; PostgreSQL
    text cannot hold NUL, which SQLite stores: it becomes U+FFFD (the raw bytes are kept as they came)."""
    return tuple(int(p) if isinstance(p, bool) else bytes(p) if isinstance(p, memoryview)
                 else p.replace("\x00", "\ufffd") if isinstance(p, str) and "\x00" in p else p for p in params)
