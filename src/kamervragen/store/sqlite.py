"""The SQLite backend of the store: one file, WAL, numbered migrations, batched writes.

Writing (``write_batch``) happens here; reading lives in ``sqlite_core_read.py``; search index upkeep
in ``sqlite_search.py`` (its ``index_document`` / ``unindex_document`` are called inside the transaction
that writes a document's rows). A batch is first written whole in one transaction; if anything in it
fails, it is written again with every outcome under its own SAVEPOINT, so an unexpected error in one
document never leaves half a record.

Speed (``benchmarks/load.py``): what depends on a parse alone (hashes, linking features, stems, entities:
``document_payload``) is computed by the loader's parse workers and arrives as ``outcome.payload``; the
writer only looks up and inserts. In a whole batch, rows nothing reads meanwhile (questions, answers,
footnotes, addressees, respondents, the search index) are written at its end with one ``executemany`` per
table, and a new raw row is inserted once, complete, after its document (foreign keys deferred to the
commit) instead of inserted and then updated with its large content rewritten.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from kamervragen.errors import UserError
from kamervragen.model import (
    IdentifierHints,
    LinkIssue,
    LoadItem,
    LoadReport,
    ParsedDocument,
    ParseOutcome,
)
from kamervragen.procedure import linking
from kamervragen.store.base import Store
from kamervragen.store.sqlite_alerts import SQLiteAlertsMixin
from kamervragen.store.sqlite_core_read import SQLiteReadMixin
from kamervragen.store.sqlite_search import IndexPayload, SQLiteSearchMixin, index_payload
from kamervragen.store.sqlite_sync import SQLiteSyncMixin

_URL = re.compile(r"https?://\S+")
_SUMMARY_FIELDS = ("kind", "supplementary", "zaak", "publication", "document_number", "subject", "submitted",
                   "received", "promised_date")


# SQLite result codes that say the database cannot be written now (full, read-only, locked, I/O, corrupt),
# not that a document is bad: such an error stops the batch instead of being recorded as a failed document
_CANNOT_WRITE = {5, 6, 7, 8, 10, 11, 13, 14, 26}


def cannot_write(exc: BaseException) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    return isinstance(exc, sqlite3.Error) and code is not None and code & 0xFF in _CANNOT_WRITE


_NOW: list = [0, ""]  # the last second formatted (a batch asks for the time thousands of times)


def utcnow() -> str:
    second = int(time.time())
    if second != _NOW[0]:
        _NOW[:] = [second, datetime.fromtimestamp(second, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")]
    return _NOW[1]


#: the parsed rows ``_write_parts`` may collect per batch, in the order of its tuples
_PART_SQL = (
    "INSERT INTO question (document_id, position, number, text, footnotes) VALUES (?,?,?,?,?)",
    "INSERT INTO answer (document_id, position, questions, text, footnotes) VALUES (?,?,?,?,?)",
    "INSERT INTO footnote (document_id, position, number, text, url) VALUES (?,?,?,?,?)",
    "INSERT INTO document_addressee (document_id, position, office) VALUES (?,?,?)",
    "INSERT INTO respondent (document_id, position, role, name, on_behalf) VALUES (?,?,?,?,?)",
)


def _dumps(value: Any) -> str:
    """JSON of a short list; an empty one (most footnote lists) without the encoder."""
    return json.dumps(value) if value else "[]"


def source_rank(url: str | None) -> int:
    """Which rendering is shown when a document has several sources: the official publication first,
    then the Tweede Kamer's own pages, then everything else."""
    if not url:
        return 0
    if "officielebekendmakingen.nl" in url:
        return 3
    if "tweedekamer.nl" in url and "sgp.nl" not in url:
        return 2
    return 1


def parse_summary(parsed: ParsedDocument) -> dict[str, Any]:
    """Small fields as they are, the parts as short hashes: enough to say what a reparse changed."""
    summary: dict[str, Any] = {f: getattr(parsed, f) for f in _SUMMARY_FIELDS}
    parts = {
        "askers": [(a.name, a.party) for a in parsed.askers],
        "addressees": parsed.addressees,
        "respondents": [(r.role, r.name, r.on_behalf) for r in parsed.respondents],
        "questions": [(q.number, q.text, q.footnotes) for q in parsed.questions],
        "answers": [(a.questions, a.text, a.footnotes) for a in parsed.answers],
        "footnotes": [(f.number, f.text) for f in parsed.footnotes],
        "references": parsed.references,
    }
    for name, value in parts.items():
        summary[name] = hashlib.sha1(repr(value).encode()).hexdigest()[:12]
    summary["warnings"] = len(parsed.warnings)
    summary["form"] = parsed.form
    return summary


def summary_hash(summary: dict[str, Any]) -> str:
    return hashlib.sha1(json.dumps(summary, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def summary_diff(old: dict[str, Any] | None, new: dict[str, Any]) -> str:
    if not old:
        return "parsed"
    fields = [k for k in new if old.get(k) != new.get(k)]
    return "changed: " + ", ".join(fields) if fields else "unchanged"


@dataclass
class DocumentPayload:
    """Everything the writer derives from a parse alone (hashes, linking features, the search index's
    stems and entities). ``document_payload`` computes it in the loader's parse workers
    (``ParseOutcome.payload``), so the single writer process only looks up and inserts rows."""

    summary_json: str  # parse_summary as JSON
    phash: str
    text_identity: str | None
    prints: list[str]
    match_key: str | None
    content_key: str
    features: linking.Features
    index: IndexPayload


def document_payload(parsed: ParsedDocument) -> DocumentPayload:
    """The database-independent work of storing one parse (a pure function of ``parsed``)."""
    summary = parse_summary(parsed)
    identity = linking.text_identity(parsed)
    prints = linking.question_prints(parsed.questions)
    return DocumentPayload(
        json.dumps(summary, ensure_ascii=False), summary_hash(summary), identity, prints,
        linking.match_key(parsed.subject, parsed.submitted),
        linking.content_key(parsed, identity or repr(parsed.to_json())[:500]),
        linking.Features.of(parsed, prints), index_payload(parsed))


def zaak_alias(zaak: str, parsed: ParsedDocument) -> str:
    """The identity of a document within its zaak: one questions document, one answer (and dated
    supplementary answers), one notice per date."""
    if parsed.kind == "answers":
        return f"zk:{zaak}:answers" + (f":nader:{parsed.received or ''}" if parsed.supplementary else "")
    if parsed.kind == "postponement":
        return f"zk:{zaak}:postponement:{parsed.received or ''}"
    return f"zk:{zaak}:{parsed.kind}"


class SQLiteStore(SQLiteAlertsMixin, SQLiteSyncMixin, SQLiteSearchMixin, SQLiteReadMixin, Store):
    """The store in one SQLite file (WAL)."""

    #: what the loader's parse workers compute for each parse (``ParseOutcome.payload``)
    document_payload = staticmethod(document_payload)
    _current: tuple[ParsedDocument, DocumentPayload] | None = None
    _raw_next: int | None = None
    _parts: dict[int, tuple[list[tuple], ...]] | None = None
    _late_raw = False

    def __init__(self, path: str) -> None:
        self.url = path
        self._path = path if path == ":memory:" else str(Path(path).expanduser())
        if path != ":memory:":
            try:
                Path(self._path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise UserError(f"The database folder for {path} cannot be created ({exc.strerror or exc}).") from exc
        self._local = threading.local()  # one connection per thread (a web server's threads read at once)
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._fresh: set[int] = set()
        self._case_cache: dict[int, tuple[str, str | None]] = {}
        self._conn  # noqa: B018 - open now, so a bad path fails here

    @property
    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(self._path, isolation_level=None, timeout=60, check_same_thread=False)
                conn.execute("PRAGMA busy_timeout = 60000")
                conn.execute("PRAGMA journal_mode = WAL")
            except sqlite3.Error as exc:
                raise UserError(f"Cannot open the database {self.url}: {exc}.") from exc
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA cache_size = -65536")
            conn.execute("PRAGMA temp_store = MEMORY")
            # a batch of a load writes megabytes: checkpoint every 32 MB of WAL instead of every 4 MB, so
            # that pages written by consecutive batches reach the database file once
            conn.execute("PRAGMA wal_autocheckpoint = 8192")
            self._local.conn, self._local.depth = conn, 0
            with self._lock:
                self._connections.append(conn)
        return conn

    # -- lifecycle ------------------------------------------------------------------------------
    def close(self) -> None:
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn
        local = self._local
        if local.depth:  # nested: part of the outer transaction
            local.depth += 1
            try:
                yield conn
            finally:
                local.depth -= 1
            return
        conn.execute("BEGIN IMMEDIATE")
        local.depth = 1
        try:
            yield conn
        except BaseException:
            local.depth = 0
            if conn.in_transaction:  # SQLite rolls back by itself on a full disk or an I/O error
                conn.execute("ROLLBACK")
            raise
        local.depth = 0
        try:
            conn.execute("COMMIT")
        except BaseException:  # e.g. a deferred foreign key still violated: nothing of it is kept
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection in a read transaction (a consistent snapshot, no write lock)."""
        conn = self._conn
        local = self._local
        if local.depth or conn.in_transaction:
            yield conn
            return
        conn.execute("BEGIN")
        local.depth = 1
        try:
            yield conn
        finally:
            local.depth = 0
            if conn.in_transaction:
                conn.execute("COMMIT")

    def migrate(self) -> list[str]:
        conn = self._conn
        conn.execute("CREATE TABLE IF NOT EXISTS schema_migration (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        folder = resources.files("kamervragen.store") / "migrations" / "sqlite"
        files = sorted((f for f in folder.iterdir() if f.name.endswith(".sql")), key=lambda f: f.name)
        applied = []
        for f in files:
            if self._migration_done(f.name):
                continue
            script = (f"BEGIN IMMEDIATE;\n{f.read_text(encoding='utf-8')}\n;"
                      f"INSERT INTO schema_migration (name, applied_at) VALUES ('{f.name}', '{utcnow()}');\nCOMMIT;")
            try:
                conn.executescript(script)
            except sqlite3.Error as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if self._migration_done(f.name):  # another process applied it meanwhile
                    continue
                raise UserError(f"Migration {f.name} failed on {self.url}: {exc}.") from exc
            applied.append(f.name)
        return applied

    def _migration_done(self, name: str) -> bool:
        return self._conn.execute("SELECT 1 FROM schema_migration WHERE name = ?", (name,)).fetchone() is not None

    # -- writing -------------------------------------------------------------------------------
    def known_raw(self, checksums: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        items = list(checksums)
        for i in range(0, len(items), 500):
            chunk = items[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for checksum, version in self._conn.execute(
                    f"SELECT checksum, parser_version FROM raw WHERE checksum IN ({marks})", chunk):
                found[checksum] = version
        return found

    def write_batch(self, outcomes: Sequence[ParseOutcome], *, reparse: bool = False) -> LoadReport:
        try:
            return self._write_batch(outcomes, careful=False)
        except Exception as exc:  # rolled back whole: again, one SAVEPOINT per document, to keep the rest
            if cannot_write(exc):
                raise
            return self._write_batch(outcomes, careful=True)

    def _write_batch(self, outcomes: Sequence[ParseOutcome], *, careful: bool) -> LoadReport:
        report = LoadReport()
        touched: set[int] = set()
        self._fresh = set()  # cases created in this batch, still with their first document only
        self._case_cache = {}
        self._raw_next = None
        self._index_rows = None if careful else {}  # whole batch: index rows written together at its end
        self._parts = None if careful else {}  # and the parsed rows nothing reads meanwhile
        try:
            with self.transaction() as conn:
                # SQLite, whole batch: a new raw row is written once, after its document (see _write_one);
                # one savepoint per document (careful) keeps foreign keys checked at each statement
                self._late_raw = not careful and isinstance(conn, sqlite3.Connection)
                if self._late_raw:
                    conn.execute("PRAGMA defer_foreign_keys = ON")
                self._write_outcomes(conn, outcomes, report, touched, careful)
                self._flush_parts(conn)
                self.flush_index(conn)
                self._refresh_cases(conn, touched)
        finally:
            self._index_rows = self._parts = None
            self._current = None
            self._late_raw = False
        return report

    def _write_outcomes(self, conn: sqlite3.Connection, outcomes: Sequence[ParseOutcome], report: LoadReport,
                        touched: set[int], careful: bool) -> None:
        for n, outcome in enumerate(outcomes):
            if not careful:
                self._write_one(conn, outcome, report, touched)
                continue
            conn.execute(f"SAVEPOINT item{n}")
            try:
                self._write_one(conn, outcome, report, touched)
            except Exception as exc:  # a bug on one document: undo it alone, keep it raw, go on
                if cannot_write(exc):  # not this document's fault: nothing of the batch is kept
                    raise
                conn.execute(f"ROLLBACK TO item{n}")
                conn.execute(f"RELEASE item{n}")
                error = f"internal error while storing ({type(exc).__name__}: {exc})"
                self._write_failure_only(conn, outcome, error)
                report.failed += 1
                report.failures.append((self._label(outcome.item), error))
                continue
            conn.execute(f"RELEASE item{n}")

    @staticmethod
    def _label(item: LoadItem) -> str:
        return item.source_path or item.source_url or item.checksum[:12]

    def _add_source(self, conn: sqlite3.Connection, raw_id: int, item: LoadItem) -> bool:
        locator = item.source_url or f"file:{item.source_path}"
        h = item.hints
        cur = conn.execute(
            "INSERT OR IGNORE INTO source (raw_id, locator, url, path, fetched_at, content_type, hint_zaak,"
            " hint_publication, hint_document_number, hint_origin) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (raw_id, locator, item.source_url, item.source_path, item.fetched_at, item.content_type,
             h.zaak, h.publication, h.document_number, h.origin))
        return cur.rowcount > 0

    def _insert_raw(self, conn: sqlite3.Connection, item: LoadItem, version: str, error: str | None,
                    phash: str | None, summary: str | None, raw_id: int | None = None,
                    document_id: int | None = None) -> int:
        now = utcnow()
        if isinstance(conn, sqlite3.Connection):  # ids from _take_raw_id: a raw may be written after its document
            raw_id = raw_id or self._take_raw_id(conn)
            conn.execute(
                "INSERT INTO raw (id, checksum, content, content_type, size, parser_version, parse_error, parsed_hash,"
                " summary, document_id, first_seen, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (raw_id, item.checksum, item.data, item.content_type, len(item.data), version, error, phash, summary,
                 document_id, now, now))
            return raw_id
        cur = conn.execute(
            "INSERT INTO raw (checksum, content, content_type, size, parser_version, parse_error, parsed_hash,"
            " summary, first_seen, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (item.checksum, item.data, item.content_type, len(item.data), version, error, phash, summary, now, now))
        return int(cur.lastrowid or 0)

    def _take_raw_id(self, conn: sqlite3.Connection) -> int:
        """The id of the next raw row of this transaction (SQLite: the writer holds the lock)."""
        if self._raw_next is None:
            self._raw_next = int(conn.execute("SELECT coalesce(max(id), 0) + 1 FROM raw").fetchone()[0])
        self._raw_next += 1
        return self._raw_next - 1

    def _payload(self, parsed: ParsedDocument) -> DocumentPayload:
        """The payload of the parse being written (from its worker), else computed here."""
        current = self._current
        if current is not None and current[0] is parsed:
            return current[1]
        payload = document_payload(parsed)
        self._current = (parsed, payload)
        return payload

    def _write_failure_only(self, conn: sqlite3.Connection, outcome: ParseOutcome, error: str) -> None:
        row = conn.execute("SELECT id FROM raw WHERE checksum = ?", (outcome.item.checksum,)).fetchone()
        if row is None:
            raw_id = self._insert_raw(conn, outcome.item, outcome.parser_version, error, None, None)
        else:
            raw_id = row[0]
            conn.execute("UPDATE raw SET parse_error = ?, updated_at = ? WHERE id = ?", (error, utcnow(), raw_id))
        self._add_source(conn, raw_id, outcome.item)

    def _write_one(self, conn: sqlite3.Connection, outcome: ParseOutcome, report: LoadReport,
                   touched: set[int]) -> None:
        item, version = outcome.item, outcome.parser_version
        label = self._label(item)
        row = conn.execute("SELECT id, parser_version, parse_error, parsed_hash, document_id FROM raw"
                           " WHERE checksum = ?", (item.checksum,)).fetchone()
        if outcome.parsed is None and outcome.error is None:  # known raw, not re-parsed: a source at most
            if row is None:
                raise ValueError("an unparsed outcome for a raw content the store does not have")
            if self._add_source(conn, row[0], item) and row[4] is not None:
                self._touch_document(conn, row[4], touched)
                report.updated += 1
                report.changes.append((label, "another source"))
            else:
                report.unchanged += 1
            return
        if outcome.error is not None:
            error = outcome.error
            if row is None:
                raw_id = self._insert_raw(conn, item, version, error, None, None)
                self._add_source(conn, raw_id, item)
                report.failed += 1
                report.failures.append((label, error))
                return
            raw_id = row[0]
            new_source = self._add_source(conn, raw_id, item)
            if row[2] == error and row[1] == version and not new_source:
                report.unchanged += 1  # a known failure, listed by ``kamervragen failed``
                return
            # a failure now; a document parsed earlier from this raw is kept as it was
            conn.execute("UPDATE raw SET parse_error = ?, parser_version = ?, updated_at = ? WHERE id = ?",
                         (error, version, utcnow(), raw_id))
            report.failed += 1
            report.failures.append((label, error))
            return
        parsed = outcome.parsed
        assert parsed is not None
        payload = getattr(outcome, "payload", None)
        if isinstance(payload, DocumentPayload):
            self._current = (parsed, payload)
        else:
            payload = self._payload(parsed)
        phash, summary_json = payload.phash, payload.summary_json
        # SQLite: a new raw row is inserted once, complete, after its document (foreign keys deferred):
        # an UPDATE would rewrite the whole row with its content
        late = row is None and self._late_raw
        if row is None:
            raw_id = self._take_raw_id(conn) if late else self._insert_raw(conn, item, version, None, phash,
                                                                           summary_json)
            new_source = self._add_source(conn, raw_id, item)
            previous_doc = None
            old_summary = None
        else:
            raw_id = row[0]
            new_source = self._add_source(conn, raw_id, item)
            previous_doc = row[4]
            if previous_doc is not None and row[3] == phash and row[2] is None and not new_source:
                if row[1] != version:
                    conn.execute("UPDATE raw SET parser_version = ? WHERE id = ?", (version, raw_id))
                report.unchanged += 1
                return
            old = conn.execute("SELECT summary FROM raw WHERE id = ?", (raw_id,)).fetchone()[0]
            old_summary = json.loads(old) if old else None
        hints = self._hints_of_raw(conn, raw_id, item.hints) if row is not None else item.hints
        status, what, doc_id = self._place_document(conn, raw_id, item, hints, parsed, phash, version, previous_doc,
                                            new_source, report, touched)
        if late:
            self._insert_raw(conn, item, version, None, phash, summary_json, raw_id=raw_id, document_id=doc_id)
        else:
            conn.execute("UPDATE raw SET parse_error = NULL, parser_version = ?, parsed_hash = ?, summary = ?,"
                         " document_id = ?, updated_at = ? WHERE id = ?",
                         (version, phash, summary_json, doc_id, utcnow(), raw_id))
        if status == "unchanged" and row is not None and row[3] != phash:
            status = "updated"  # a rendering that is not the one shown parsed differently
        if status == "inserted":
            report.inserted += 1
        elif status == "updated":
            report.updated += 1
            report.changes.append((label, what or summary_diff(old_summary, json.loads(summary_json))))
        else:
            report.unchanged += 1

    def _hints_of_raw(self, conn: sqlite3.Connection, raw_id: int, first: IdentifierHints) -> IdentifierHints:
        """The item's hints, completed by the hints of the other sources of the same raw content."""
        hints = IdentifierHints(first.zaak, first.publication, first.document_number, first.origin)
        if hints.zaak and hints.publication and hints.document_number:
            return hints
        for zaak, pub, docnr, origin in conn.execute(
                "SELECT hint_zaak, hint_publication, hint_document_number, hint_origin FROM source"
                " WHERE raw_id = ? ORDER BY id", (raw_id,)):
            hints.zaak = hints.zaak or zaak
            hints.publication = hints.publication or pub
            hints.document_number = hints.document_number or docnr
            hints.origin = hints.origin or origin
        return hints

    # -- documents -----------------------------------------------------------------------------
    def _aliases(self, parsed: ParsedDocument, zaak: str | None, publication: str | None,
                 docnr: str | None) -> list[str]:
        aliases = []
        if publication:
            aliases.append(f"pub:{publication}")
        if docnr:
            aliases.append(f"doc:{docnr}")
        if zaak:
            aliases.append(zaak_alias(zaak, parsed))
        text = self._payload(parsed).text_identity
        if text:
            aliases.append(text)
        return aliases

    def _find_document(self, conn: sqlite3.Connection, aliases: list[str], parsed: ParsedDocument,
                       zaak: str | None, publication: str | None, docnr: str | None) -> int | None:
        for alias in aliases:
            row = conn.execute("SELECT document_id FROM document_alias WHERE alias = ?", (alias,)).fetchone()
            if row is None:
                continue
            doc = conn.execute(
                "SELECT d.publication, d.document_number, c.zaak, d.kind FROM document d"
                " JOIN zaak_case c ON c.id = d.case_id WHERE d.id = ?", (row[0],)).fetchone()
            if doc is None:
                continue
            d_pub, d_docnr, d_zaak, d_kind = doc
            conflict = ((publication and d_pub and publication != d_pub)
                        or (docnr and d_docnr and docnr != d_docnr)
                        or (zaak and d_zaak and zaak != d_zaak)
                        or d_kind != parsed.kind)
            if not conflict:
                return int(row[0])
        return None

    def _place_document(self, conn: sqlite3.Connection, raw_id: int, item: LoadItem, hints: IdentifierHints,
                        parsed: ParsedDocument, phash: str, version: str, previous_doc: int | None,
                        new_source: bool, report: LoadReport, touched: set[int]) -> tuple[str, str | None, int]:
        """Insert or update the document this parse belongs to; returns (status, what changed, its id)."""
        zaak = parsed.zaak or hints.zaak
        hint_pub = hints.publication
        if hint_pub and hint_pub.startswith("kv-") != (parsed.kind == "questions"):
            hint_pub = None  # a kv- id names the questions, an ah- id an answer or notice: not this kind
        publication = parsed.publication or hint_pub
        docnr = parsed.document_number or hints.document_number
        aliases = self._aliases(parsed, zaak, publication, docnr)
        doc_id = previous_doc
        if doc_id is None:
            doc_id = self._find_document(conn, aliases, parsed, zaak, publication, docnr)
        decision: linking.LinkDecision | None = None
        case_id: int | None = None
        if doc_id is None:
            case_id, link, decision = self._link(conn, parsed, zaak, hints, touched)
            czaak = self._case_info(conn, case_id)[1] if not zaak else None
            if czaak:  # linked by text to a numbered case: the same document met again?
                alias = zaak_alias(czaak, parsed)
                aliases.append(alias)
                doc_id = self._find_document(conn, [alias], parsed, czaak, publication, docnr)
        if doc_id is None:
            assert case_id is not None
            key = aliases[0] if aliases else f"raw:{item.checksum[:24]}"
            now = utcnow()
            insert = (
                "INSERT INTO document (key, case_id, raw_id, kind, supplementary, zaak_text, publication,"
                " document_number, hint_zaak, hint_publication, hint_document_number, subject, submitted,"
                " received, promised_date, form, refs, warnings, match_key, link, parsed_hash,"
                " parser_version, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
            values = [key, case_id, raw_id, parsed.kind, int(parsed.supplementary), parsed.zaak, publication, docnr,
                 hints.zaak, hints.publication, hints.document_number, parsed.subject, parsed.submitted,
                 parsed.received, parsed.promised_date, parsed.form,
                 json.dumps(parsed.references, ensure_ascii=False), json.dumps(parsed.warnings, ensure_ascii=False),
                 self._payload(parsed).match_key, link, phash, version, now, now]
            try:
                cur = conn.execute(insert, values)
            except sqlite3.IntegrityError:  # the key names another document (a conflicting identity)
                key = values[0] = f"raw:{item.checksum[:24]}"
                cur = conn.execute(insert, values)
            doc_id = int(cur.lastrowid or 0)
            self._set_aliases(conn, doc_id, [key, *aliases])
            self._write_parts(conn, doc_id, parsed, new=True)
            self._flag_identifiers(conn, case_id, doc_id, parsed, hints)
            if decision is not None and not decision.certain:
                self._record_issue(conn, doc_id, key, case_id, item, decision, report)
            self._index(conn, doc_id, parsed, case_id)
            if case_id in self._fresh:
                self._fresh.discard(case_id)  # made with this document's subject and date already
            else:
                touched.add(case_id)
            return "inserted", None, doc_id
        # an existing document: a re-parse of its primary raw, a better source, or another rendering
        d = conn.execute("SELECT raw_id, parsed_hash, case_id, key FROM document WHERE id = ?", (doc_id,)).fetchone()
        primary_raw, old_hash, case_id, key = d
        self._set_aliases(conn, doc_id, aliases)
        touched.add(case_id)
        if primary_raw != raw_id and self._better_source(conn, raw_id, primary_raw):
            primary_raw = raw_id
            conn.execute("UPDATE document SET raw_id = ? WHERE id = ?", (raw_id, doc_id))
            if old_hash == phash:
                return "updated", "another source (now shown)", doc_id
        if primary_raw == raw_id:
            if old_hash == phash:
                return ("updated", "another source", doc_id) if new_source else ("unchanged", None, doc_id)
            new_case = case_id
            if zaak and conn.execute("SELECT zaak FROM zaak_case WHERE id = ?", (case_id,)).fetchone()[0] != zaak:
                new_case, link, decision = self._link(conn, parsed, zaak, hints, touched)
                conn.execute("UPDATE document SET case_id = ?, link = ? WHERE id = ?", (new_case, link, doc_id))
                touched.add(new_case)
            conn.execute(
                "UPDATE document SET kind = ?, supplementary = ?, zaak_text = ?, publication = ?,"
                " document_number = ?, hint_zaak = ?, hint_publication = ?, hint_document_number = ?, subject = ?,"
                " submitted = ?, received = ?, promised_date = ?, form = ?, refs = ?, warnings = ?, match_key = ?,"
                " parsed_hash = ?, parser_version = ?, updated_at = ? WHERE id = ?",
                (parsed.kind, int(parsed.supplementary), parsed.zaak, publication, docnr, hints.zaak,
                 hints.publication, hints.document_number, parsed.subject, parsed.submitted, parsed.received,
                 parsed.promised_date, parsed.form, json.dumps(parsed.references, ensure_ascii=False),
                 json.dumps(parsed.warnings, ensure_ascii=False), self._payload(parsed).match_key,
                 phash, version, utcnow(), doc_id))
            self._write_parts(conn, doc_id, parsed)
            conn.execute("DELETE FROM case_flag WHERE document_id = ? AND flag = 'identifier-mismatch'", (doc_id,))
            self._flag_identifiers(conn, new_case, doc_id, parsed, hints)
            self._index(conn, doc_id, parsed, new_case)
            return "updated", None, doc_id
        # a secondary rendering: keep it as a source, flag where it disagrees with the shown one
        self._flag_sources(conn, case_id, doc_id, primary_raw, parsed)
        return ("updated", "another source", doc_id) if new_source else ("unchanged", None, doc_id)

    def _better_source(self, conn: sqlite3.Connection, raw_id: int, primary_raw: int) -> bool:
        def best(rid: int) -> int:
            urls = [r[0] for r in conn.execute("SELECT url FROM source WHERE raw_id = ?", (rid,))]
            return max((source_rank(u) for u in urls), default=0)
        return best(raw_id) > best(primary_raw)

    def _set_aliases(self, conn: sqlite3.Connection, doc_id: int, aliases: list[str]) -> None:
        conn.executemany("INSERT OR IGNORE INTO document_alias (alias, document_id) VALUES (?,?)",
                         [(a, doc_id) for a in dict.fromkeys(aliases)])

    def _prints(self, parsed: ParsedDocument) -> list[str]:
        """Question fingerprints of the document being written."""
        return self._payload(parsed).prints

    def _write_parts(self, conn: sqlite3.Connection, doc_id: int, parsed: ParsedDocument, new: bool = False) -> None:
        """The parsed rows of a document. Within a whole batch the rows nothing reads while the batch is
        written (questions, answers, footnotes, addressees, respondents) are collected and written at its
        end, one ``executemany`` per table (``_flush_parts``); askers and question prints, which linking
        the next documents reads, go in at once."""
        if not new:
            if self._parts:
                self._parts.pop(doc_id, None)
            for table in ("question", "answer", "footnote", "document_asker", "document_addressee", "respondent",
                          "question_print"):
                conn.execute(f"DELETE FROM {table} WHERE document_id = ?", (doc_id,))
        dumps = _dumps
        rows = (
            [(doc_id, i, q.number, q.text, dumps(q.footnotes)) for i, q in enumerate(parsed.questions)],
            [(doc_id, i, dumps(a.questions), a.text, dumps(a.footnotes)) for i, a in enumerate(parsed.answers)],
            [(doc_id, i, f.number, f.text, (m.group(0).rstrip(').,;') if (m := _URL.search(f.text)) else None))
             for i, f in enumerate(parsed.footnotes)],
            [(doc_id, i, o) for i, o in enumerate(parsed.addressees)],
            [(doc_id, i, r.role, r.name, int(r.on_behalf)) for i, r in enumerate(parsed.respondents)],
        )
        if self._parts is not None:
            self._parts[doc_id] = rows
        else:
            for sql, table_rows in zip(_PART_SQL, rows, strict=True):
                conn.executemany(sql, table_rows)
        conn.executemany("INSERT INTO document_asker (document_id, position, name, party) VALUES (?,?,?,?)",
                         [(doc_id, i, a.name, a.party) for i, a in enumerate(parsed.askers)])
        conn.executemany("INSERT OR IGNORE INTO question_print (print, document_id) VALUES (?,?)",
                         [(p, doc_id) for p in self._prints(parsed)])

    def _flush_parts(self, conn: sqlite3.Connection) -> None:
        """Write the parsed rows collected in this batch (documents in id order)."""
        pending = self._parts
        if pending:
            ids = sorted(pending)
            for n, sql in enumerate(_PART_SQL):
                conn.executemany(sql, [row for d in ids for row in pending[d][n]])
            pending.clear()

    def _index(self, conn: sqlite3.Connection, doc_id: int, parsed: ParsedDocument, case_id: int) -> None:
        self.index_document(conn, doc_id, self._case_info(conn, case_id)[0], parsed, self._payload(parsed).index)

    def _case_info(self, conn: sqlite3.Connection, case_id: int) -> tuple[str, str | None]:
        """(key, zaak) of a case, remembered within the batch."""
        info = self._case_cache.get(case_id)
        if info is None:
            row = conn.execute("SELECT key, zaak FROM zaak_case WHERE id = ?", (case_id,)).fetchone()
            info = self._case_cache[case_id] = (row[0], row[1])
        return info

    # -- flags -----------------------------------------------------------------------------------
    def _flag(self, conn: sqlite3.Connection, case_id: int, flag: str, detail: str, doc_id: int | None) -> None:
        conn.execute("INSERT OR IGNORE INTO case_flag (case_id, flag, detail, document_id) VALUES (?,?,?,?)",
                     (case_id, flag, detail, doc_id))

    def _flag_identifiers(self, conn: sqlite3.Connection, case_id: int, doc_id: int, parsed: ParsedDocument,
                          hints: IdentifierHints) -> None:
        where = hints.origin or "the source"
        for name, text_value, hint_value in (("zaak", parsed.zaak, hints.zaak),
                                             ("publication", parsed.publication, hints.publication),
                                             ("document number", parsed.document_number, hints.document_number)):
            if text_value and hint_value and text_value != hint_value:
                self._flag(conn, case_id, "identifier-mismatch",
                           f"the text shows {name} {text_value}, {where} gives {hint_value}", doc_id)

    def _flag_sources(self, conn: sqlite3.Connection, case_id: int, doc_id: int, primary_raw: int,
                      parsed: ParsedDocument) -> None:
        shown = conn.execute("SELECT summary FROM raw WHERE id = ?", (primary_raw,)).fetchone()[0]
        if not shown:
            return
        shown_summary = json.loads(shown)
        for field_name in ("zaak", "subject", "submitted", "received"):
            a, b = shown_summary.get(field_name), getattr(parsed, field_name)
            if a and b and a != b:
                self._flag(conn, case_id, "source-mismatch",
                           f"{field_name}: {a} (shown) but {b} in another rendering", doc_id)

    def _record_issue(self, conn: sqlite3.Connection, doc_id: int, key: str, case_id: int, item: LoadItem,
                      decision: linking.LinkDecision, report: LoadReport) -> None:
        conn.execute("INSERT OR REPLACE INTO link_issue (document_id, reason, candidates, created_at)"
                     " VALUES (?,?,?,?)", (doc_id, decision.reason, json.dumps(decision.candidates), utcnow()))
        self._flag(conn, case_id, "uncertain-link",
                   f"{decision.reason}; candidates: {', '.join(decision.candidates)}", doc_id)
        report.link_issues.append(LinkIssue(doc_id, key, self._label(item), decision.reason, decision.candidates))

    # -- cases and linking -----------------------------------------------------------------------
    def _case_by_key(self, conn: sqlite3.Connection, key: str) -> int | None:
        row = conn.execute("SELECT id FROM zaak_case WHERE key = ?", (key,)).fetchone()
        if row is None:
            row = conn.execute("SELECT case_id FROM case_alias WHERE alias = ?", (key,)).fetchone()
        return int(row[0]) if row else None

    def _new_case(self, conn: sqlite3.Connection, key: str, zaak: str | None, parsed: ParsedDocument) -> int:
        now = utcnow()
        cur = conn.execute("INSERT INTO zaak_case (key, zaak, subject, submitted, created_at, updated_at)"
                           " VALUES (?,?,?,?,?,?)", (key, zaak, parsed.subject, parsed.submitted, now, now))
        case_id = int(cur.lastrowid or 0)
        self._case_cache[case_id] = (key, zaak)
        self._fresh.add(case_id)
        return case_id

    def _link(self, conn: sqlite3.Connection, parsed: ParsedDocument, zaak: str | None, hints: IdentifierHints,
              touched: set[int]) -> tuple[int, str, linking.LinkDecision | None]:
        """The case of a new document: (case id, how linked, the decision when linked by text)."""
        payload = self._payload(parsed)
        features = payload.features
        if zaak:
            case_id = self._case_by_key(conn, zaak)
            if case_id is None:
                case_id = self._new_case(conn, zaak, zaak, parsed)
            # local cases of the same zaak loaded earlier (no number then): merge them in
            decision = linking.choose(features, self._candidates(conn, parsed, local_only=True))
            if decision.certain and decision.case_key:
                self._merge(conn, decision.case_key, case_id, touched)
            return case_id, ("zaak" if parsed.zaak else "hint"), None
        local_key = payload.content_key
        case_id = self._case_by_key(conn, local_key)
        if case_id is not None:
            return case_id, "text", linking.LinkDecision(local_key, True, "same opening sentence")
        decision = linking.choose(features, self._candidates(conn, parsed, local_only=False))
        if decision.certain and decision.case_key:
            found = self._case_by_key(conn, decision.case_key)
            if found is not None:
                return found, "text", decision
        case_id = self._new_case(conn, local_key, None, parsed)
        return case_id, ("new" if decision.certain else "uncertain"), decision

    def _candidates(self, conn: sqlite3.Connection, parsed: ParsedDocument, *, local_only: bool,
                    limit: int = 30) -> list[linking.Candidate]:
        doc_ids: set[int] = set()
        mk = self._payload(parsed).match_key
        if mk:
            doc_ids.update(r[0] for r in conn.execute(
                "SELECT id FROM document WHERE match_key = ? LIMIT 100", (mk,)))
        prints = self._prints(parsed)
        if prints:
            marks = ",".join("?" * len(prints))
            doc_ids.update(r[0] for r in conn.execute(
                f"SELECT document_id FROM question_print WHERE print IN ({marks}) LIMIT 200", prints))
        if parsed.submitted:
            doc_ids.update(r[0] for r in conn.execute(
                "SELECT id FROM document WHERE submitted = ? LIMIT 20", (parsed.submitted,)))
        if not doc_ids:
            return []
        marks = ",".join("?" * len(doc_ids))
        where = " AND c.zaak IS NULL" if local_only else ""
        cases = conn.execute(
            f"SELECT DISTINCT c.id, c.key, c.zaak FROM document d CROSS JOIN zaak_case c ON c.id = d.case_id"
            f" WHERE d.id IN ({marks}){where} LIMIT {limit}", list(doc_ids)).fetchall()
        if not cases:
            return []
        return self._case_features(conn, cases)

    def _case_features(self, conn: sqlite3.Connection, cases: list[tuple[int, str, str | None]]
                       ) -> list[linking.Candidate]:
        """Linking features of every document of the given cases, in four queries."""
        from kamervragen.model import Asker

        case_marks = ",".join("?" * len(cases))
        docs = conn.execute(f"SELECT id, case_id, subject, submitted, parsed_hash FROM document"
                            f" WHERE case_id IN ({case_marks}) LIMIT 2000", [c[0] for c in cases]).fetchall()
        # features of a document stay the same while its parse does: remembered by (id, parse hash)
        cache: dict[tuple[int, str], linking.Features] = self.__dict__.setdefault("_features", {})
        if len(cache) > 50_000:
            cache.clear()
        missing = [d for d in docs if (d[0], d[4]) not in cache]
        ids = [d[0] for d in missing]
        askers: dict[int, list[Asker]] = {}
        prints: dict[int, list[str]] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for doc_id, name in conn.execute(f"SELECT document_id, name FROM document_asker"
                                             f" WHERE document_id IN ({marks})", chunk):
                askers.setdefault(doc_id, []).append(Asker(name))
            for doc_id, p in conn.execute(f"SELECT document_id, print FROM question_print"
                                          f" WHERE document_id IN ({marks})", chunk):
                prints.setdefault(doc_id, []).append(p)
        for doc_id, _, subject, submitted, phash in missing:
            cache[(doc_id, phash)] = linking.Features.build(subject, submitted, askers.get(doc_id, []),
                                                            prints.get(doc_id, []))
        by_case: dict[int, linking.Candidate] = {cid: linking.Candidate(key, zaak) for cid, key, zaak in cases}
        for doc_id, case_id, _, _, phash in docs:
            by_case[case_id].features.append(cache[(doc_id, phash)])
        return list(by_case.values())

    def _merge(self, conn: sqlite3.Connection, local_key: str, case_id: int, touched: set[int]) -> None:
        """Merge a local case into the numbered case ``case_id``; its key stays findable as an alias."""
        local = self._case_by_key(conn, local_key)
        if local is None or local == case_id:
            return
        zaak = conn.execute("SELECT zaak, key FROM zaak_case WHERE id = ?", (case_id,)).fetchone()
        moved = [r[0] for r in conn.execute("SELECT id FROM document WHERE case_id = ?", (local,))]
        conn.execute("UPDATE document SET case_id = ? WHERE case_id = ?", (case_id, local))
        conn.execute("INSERT OR IGNORE INTO case_flag (case_id, flag, detail, document_id)"
                     " SELECT ?, flag, detail, document_id FROM case_flag WHERE case_id = ?", (case_id, local))
        conn.execute("DELETE FROM case_flag WHERE case_id = ?", (local,))
        old_key = conn.execute("SELECT key FROM zaak_case WHERE id = ?", (local,)).fetchone()[0]
        conn.execute("UPDATE case_alias SET case_id = ? WHERE case_id = ?", (case_id, local))
        conn.execute("INSERT OR REPLACE INTO case_alias (alias, case_id) VALUES (?, ?)", (old_key, case_id))
        conn.execute("DELETE FROM zaak_case WHERE id = ?", (local,))
        self._case_cache.pop(local, None)
        self._fresh.discard(local)
        self._fresh.discard(case_id)
        touched.discard(local)
        touched.add(case_id)
        for doc_id in moved:
            conn.execute("UPDATE document SET link = 'text' WHERE id = ? AND link = 'new'", (doc_id,))
            parsed = self._parsed_from_db(conn, doc_id)
            if parsed is not None:
                self._set_aliases(conn, doc_id, [zaak_alias(zaak[0], parsed)])
                self.index_document(conn, doc_id, zaak[1], parsed)

    def _touch_document(self, conn: sqlite3.Connection, doc_id: int, touched: set[int]) -> None:
        row = conn.execute("SELECT case_id FROM document WHERE id = ?", (doc_id,)).fetchone()
        if row:
            touched.add(row[0])

    def _refresh_cases(self, conn: sqlite3.Connection, touched: set[int]) -> None:
        """Subject and submitted date of each touched case from its best document; empty cases removed."""
        now = utcnow()
        for case_id in touched:
            rows = conn.execute(
                "SELECT kind, subject, submitted FROM document WHERE case_id = ?"
                " ORDER BY kind != 'questions', link NOT IN ('zaak', 'hint'), id", (case_id,)).fetchall()
            if not rows:
                conn.execute("DELETE FROM case_flag WHERE case_id = ?", (case_id,))
                conn.execute("DELETE FROM case_alias WHERE case_id = ?", (case_id,))
                conn.execute("DELETE FROM zaak_case WHERE id = ?", (case_id,))
                self._case_cache.pop(case_id, None)
                continue
            subject = next((r[1] for r in rows if r[1]), None)
            submitted = next((r[2] for r in rows if r[2]), None)
            conn.execute("UPDATE zaak_case SET subject = ?, submitted = ?, updated_at = ? WHERE id = ?",
                         (subject, submitted, now, case_id))

    # -- deletions -----------------------------------------------------------------------------
    def mark_removed(self, *, source_url: str | None = None, publication: str | None = None,
                     document_number: str | None = None, zaak: str | None = None,
                     removed_at: str | None = None) -> int:
        when = removed_at or utcnow()
        with self.transaction() as conn:
            doc_ids: set[int] = set()
            if source_url:
                for raw_id, in conn.execute("SELECT raw_id FROM source WHERE url = ?", (source_url,)).fetchall():
                    conn.execute("UPDATE source SET removed_at = COALESCE(removed_at, ?) WHERE url = ?",
                                 (when, source_url))
                    row = conn.execute("SELECT document_id FROM raw WHERE id = ?", (raw_id,)).fetchone()
                    if row and row[0] is not None:
                        live = conn.execute(
                            "SELECT COUNT(*) FROM source s JOIN raw r ON r.id = s.raw_id"
                            " WHERE r.document_id = ? AND s.removed_at IS NULL", (row[0],)).fetchone()[0]
                        if not live:
                            doc_ids.add(row[0])
            for alias in ([f"pub:{publication}"] if publication else []) + (
                    [f"doc:{document_number}"] if document_number else []):
                row = conn.execute("SELECT document_id FROM document_alias WHERE alias = ?", (alias,)).fetchone()
                if row:
                    doc_ids.add(row[0])
            if zaak:
                doc_ids.update(r[0] for r in conn.execute(
                    "SELECT d.id FROM document d JOIN zaak_case c ON c.id = d.case_id WHERE c.zaak = ?", (zaak,)))
            for doc_id in doc_ids:
                conn.execute("UPDATE document SET removed_at = COALESCE(removed_at, ?) WHERE id = ?", (when, doc_id))
                case_id = conn.execute("SELECT case_id FROM document WHERE id = ?", (doc_id,)).fetchone()[0]
                self._flag(conn, case_id, "removed", f"document {doc_id} removed at the source on {when[:10]}", doc_id)
            return len(doc_ids)

    # -- reparse input -------------------------------------------------------------------------
    def iter_raw(self, batch_size: int = 500) -> Iterator[list[ParseOutcome]]:
        last = 0
        while True:
            rows = self._conn.execute(
                "SELECT id, checksum, content, content_type, parser_version FROM raw WHERE id > ? ORDER BY id LIMIT ?",
                (last, batch_size)).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            batch = []
            for raw_id, checksum, content, content_type, version in rows:
                src = self._conn.execute(
                    "SELECT url, path, fetched_at, content_type FROM source WHERE raw_id = ?"
                    " ORDER BY url IS NULL, id LIMIT 1", (raw_id,)).fetchone() or (None, None, None, None)
                item = LoadItem(bytes(content), src[1] or "", src[0], IdentifierHints(), src[2],
                                content_type or src[3], checksum)
                item.hints = self._hints_of_raw(self._conn, raw_id, IdentifierHints())
                batch.append(ParseOutcome(item, None, None, version))
            yield batch

    def _parsed_from_db(self, conn: sqlite3.Connection, doc_id: int) -> ParsedDocument | None:
        self._flush_parts(conn)  # a document of this batch may be among those read
        doc = self._read_document(conn, doc_id)
        if doc is None:
            return None
        return ParsedDocument(
            source=doc.source_path or doc.source_url or "", kind=doc.kind, zaak=doc.text_zaak,  # type: ignore[arg-type]
            publication=doc.publication, references=doc.references, subject=doc.subject, submitted=doc.submitted,
            received=doc.received, askers=doc.askers, addressees=doc.addressees, respondents=doc.respondents,
            questions=doc.questions, answers=doc.answers, footnotes=doc.footnotes, warnings=doc.warnings,
            supplementary=doc.supplementary, document_number=doc.document_number,
            promised_date=doc.promised_date, form=doc.form)
