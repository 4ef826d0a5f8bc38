"""The PostgreSQL backend of the store, for shared deployments (several ``kamervragen serve`` workers,
loads running beside readers).

One behaviour on both backends: the identity, linking and merging rules are the SQLite store's own
methods (``sqlite.py``, ``sqlite_core_read.py``, the alerts and sync mixins), run on PostgreSQL through
``postgres_dialect.PgConnection``. What differs lives here and in ``postgres_search.py``:

- numbered migrations from ``migrations/postgres/`` (same numbers as the SQLite ones), recorded in
  ``schema_migration``, applied under an advisory lock so that workers starting together apply each once;
- connections: one psycopg connection per thread and process (opened on first use; a forked worker
  opens its own), autocommit outside ``transaction()``;
- concurrency: every write transaction first takes a transaction-level advisory lock, so writers (two
  loaders, a sync and a load) apply their batches one after the other exactly as SQLite's
  ``BEGIN IMMEDIATE`` does, while readers never wait: reads of one case / list run in one
  ``REPEATABLE READ`` snapshot and see a batch wholly or not at all;
- search: tsvector + GIN (``postgres_search.py``).
"""

from __future__ import annotations

import os
import threading
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from typing import Any

import psycopg

from kamervragen.errors import UserError
from kamervragen.model import (
    Case,
    CaseSummary,
    FailedDocument,
    LinkIssue,
    LoadReport,
    ParseOutcome,
    RawDocument,
    StoredDocument,
)
from kamervragen.store.postgres_dialect import PgConnection
from kamervragen.store.postgres_search import PostgresSearchMixin
from kamervragen.store.sqlite import SQLiteStore, utcnow

#: advisory lock keys (per database): the writers' lock and the migrations' lock
WRITE_LOCK = zlib.crc32(b"kamervragen:write")
MIGRATE_LOCK = zlib.crc32(b"kamervragen:migrate")


class _Conn(PgConnection):
    """A thread's connection with its transaction state."""

    def __init__(self, conn: psycopg.Connection[Any], pid: int) -> None:
        super().__init__(conn, on_write=_take_write_lock)
        self.pid = pid
        self.depth = 0
        self.eager = False  # the next transaction takes the writers' lock at once


def _take_write_lock(conn: PgConnection) -> None:
    conn.native("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
    conn.locked = True


class PostgresStore(PostgresSearchMixin, SQLiteStore):
    """The store in a PostgreSQL database given by a ``postgresql://`` URL."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._pg_local = threading.local()
        self._all: list[_Conn] = []
        self._guard = threading.Lock()
        # what SQLiteStore.__init__ sets up for the write logic (per-batch caches)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._fresh: set[int] = set()
        self._case_cache: dict[int, tuple[str, str | None]] = {}
        self._written = 0  # documents inserted through this store object, and when to ANALYZE next
        self._analyze_at = 200
        self._conn  # noqa: B018 - connect now, so that a wrong URL fails here with a clear message

    # -- connections -----------------------------------------------------------------------------
    @property
    def _conn(self) -> _Conn:  # type: ignore[override]
        conn: _Conn | None = getattr(self._pg_local, "conn", None)
        if conn is None or conn.pid != os.getpid() or conn.raw.closed:
            try:
                raw = psycopg.connect(self.url, autocommit=True, application_name="kamervragen")
                # psycopg prepares a statement run five times; a generic plan cannot see the tsquery (or
                # the key) and scans: plan every execution for its values
                raw.execute("SET plan_cache_mode = force_custom_plan")
                # JIT compiles a query whose estimate is large (the range join of units to their documents
                # is estimated at ~77,000 rows per document at 100,000 documents, for a handful): compiling
                # took 30-400 ms of a 2 ms search. Nothing here scans enough to gain from it.
                raw.execute("SET jit = off")
            except psycopg.Error as exc:
                raise UserError(f"Cannot open the database {_safe(self.url)}: {str(exc).strip()}.") from exc
            conn = _Conn(raw, os.getpid())
            self._pg_local.conn = conn
            with self._guard:
                self._all.append(conn)
        return conn

    def close(self) -> None:
        with self._guard:
            for conn in self._all:
                if conn.pid == os.getpid() and not conn.raw.closed:
                    conn.raw.close()
            self._all.clear()
        self._pg_local = threading.local()

    @contextmanager
    def transaction(self, *, write: bool = False) -> Iterator[PgConnection]:  # type: ignore[override]
        """One transaction on this thread's connection (nested calls join it). Its first INSERT / UPDATE /
        DELETE takes the writers' lock; ``write=True`` takes it at once (before reading what to write)."""
        conn = self._conn
        if conn.depth:
            conn.depth += 1
            try:
                if write and not conn.locked:
                    _take_write_lock(conn)
                yield conn
            finally:
                conn.depth -= 1
            return
        conn.native("BEGIN")
        conn.depth, conn.in_write_tx, conn.locked = 1, True, False
        try:
            if write or conn.eager:
                _take_write_lock(conn)
            yield conn
        except BaseException:
            conn.depth, conn.in_write_tx, conn.locked = 0, False, False
            try:
                if not conn.raw.closed:
                    conn.raw.execute("ROLLBACK")
            except psycopg.Error:  # the connection broke: the server rolled back; reconnect on next use
                conn.raw.close()
            raise
        conn.depth, conn.in_write_tx, conn.locked = 0, False, False
        conn.native("COMMIT")

    @contextmanager
    def read(self) -> Iterator[PgConnection]:  # type: ignore[override]
        """A read-only snapshot for a read of several statements (joins a running transaction)."""
        conn = self._conn
        if conn.depth:
            yield conn
            return
        conn.native("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        conn.depth = 1
        try:
            yield conn
        finally:
            conn.depth = 0
            try:
                if not conn.raw.closed:
                    conn.raw.execute("COMMIT")
            except psycopg.Error:  # the connection broke; reconnect on next use
                conn.raw.close()

    # -- migrations ------------------------------------------------------------------------------
    def migrate(self) -> list[str]:
        folder = resources.files("kamervragen.store") / "migrations" / "postgres"
        files = sorted((f for f in folder.iterdir() if f.name.endswith(".sql")), key=lambda f: f.name)
        applied: list[str] = []
        raw = self._conn.raw
        with raw.transaction():
            raw.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATE_LOCK,))
            raw.execute("CREATE TABLE IF NOT EXISTS schema_migration (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
            done = {r[0] for r in raw.execute("SELECT name FROM schema_migration")}
            for f in files:
                if f.name in done:
                    continue
                try:
                    with raw.transaction():
                        raw.execute(f.read_text(encoding="utf-8"))  # type: ignore[arg-type]
                        raw.execute("INSERT INTO schema_migration (name, applied_at) VALUES (%s, %s)",
                                    (f.name, utcnow()))
                except psycopg.Error as exc:
                    raise UserError(f"Migration {f.name} failed on {_safe(self.url)}: {str(exc).strip()}.") from exc
                applied.append(f.name)
        return applied

    # -- writing: the SQLite store's logic under the writers' lock -------------------------------
    def known_raw(self, checksums: Sequence[str]) -> dict[str, str]:
        items = list(checksums)
        if not items:
            return {}
        return dict(self._conn.native(
            "SELECT checksum, parser_version FROM raw WHERE checksum = ANY(%s)", (items,)).fetchall())

    def write_batch(self, outcomes: Sequence[ParseOutcome], *, reparse: bool = False) -> LoadReport:
        # the SQLite logic may run its transaction twice (whole, then one savepoint per document):
        # each run takes the lock before its first read
        conn = self._conn
        conn.eager = True
        try:
            report = super().write_batch(outcomes, reparse=reparse)
        finally:
            conn.eager = False
        self._written += report.inserted
        if self._written >= self._analyze_at:
            # a load into a new or small database: the planner's statistics say "tiny table" (autovacuum
            # analyses late, under load even later) and every lookup becomes a sequential scan, slower
            # with each batch; refresh them as the tables double
            conn.native("ANALYZE")
            self._analyze_at = 2 * self._written + 500
        return report

    def _write_batch(self, outcomes: Sequence[ParseOutcome], *, careful: bool) -> LoadReport:
        """The first, whole-batch attempt goes in pipeline mode (statements sent without waiting for each
        reply; a read waits): an error anywhere fails the attempt and the SQLite logic retries the batch
        carefully, one savepoint per document, without the pipeline."""
        if careful:
            return super()._write_batch(outcomes, careful=True)  # type: ignore[misc]
        with self.transaction(write=True) as conn:
            with conn.raw.pipeline() as pipeline:
                conn.pipeline = pipeline
                try:
                    return super()._write_batch(outcomes, careful=False)  # type: ignore[misc]
                finally:
                    conn.pipeline = None

    def mark_removed(self, *, source_url: str | None = None, publication: str | None = None,
                     document_number: str | None = None, zaak: str | None = None,
                     removed_at: str | None = None) -> int:
        with self.transaction(write=True):
            return SQLiteStore.mark_removed(self, source_url=source_url, publication=publication,
                                            document_number=document_number, zaak=zaak, removed_at=removed_at)

    # -- reading: one snapshot per call ------------------------------------------------------------
    def get_case(self, key: str) -> Case | None:
        with self.read():
            return super().get_case(key)

    def iter_cases(self) -> Iterator[CaseSummary]:
        with self.read():
            cases = list(super().iter_cases())
        yield from cases

    def get_document(self, document_id: int) -> StoredDocument | None:
        with self.read():
            return super().get_document(document_id)

    def find_documents(self, identifier: str) -> list[StoredDocument]:
        with self.read():
            return super().find_documents(identifier)

    def get_raw(self, document_id: int) -> RawDocument | None:
        with self.read():
            return super().get_raw(document_id)

    def list_failed(self) -> list[FailedDocument]:
        with self.read():
            return super().list_failed()

    def list_link_issues(self) -> list[LinkIssue]:
        with self.read():
            return super().list_link_issues()

    def counts(self) -> dict[str, int]:
        with self.read():
            return super().counts()


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        from psycopg.conninfo import conninfo_to_dict

        info = conninfo_to_dict(url)
        return f"postgresql://{info.get('user', '')}@{info.get('host', '')}:{info.get('port', '')}/{info.get('dbname', '')}"
    except Exception:  # noqa: BLE001 - only for a message
        return "the PostgreSQL database"
