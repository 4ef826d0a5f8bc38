"""The SQLite side of search: index maintenance and the queries of the search stage.

``SQLiteStore`` inherits ``SQLiteSearchMixin`` and calls ``index_document`` / ``unindex_document``
inside the transaction that writes a document. All SQL of search lives here; ranking logic lives in
``kamervragen.search``.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from kamervragen.model import ParsedDocument
from kamervragen.search.analysis import stemmed_texts
from kamervragen.search.entities import extract
from kamervragen.search.filters import SearchFilters

# Whole documents: BM25 with column weights (subject, questions, answers, notes); the subject names the
# matter, answers are long and repeat the question's words. Migration 011 sets the same for ``rank``,
# but an explicit bm25() in ORDER BY is about twice as fast as FTS5's rank column here.
DOC_BM25 = "bm25(search_doc_fts, 4.0, 1.5, 0.6, 1.0)"
UNIT_SHIFT = 12  # search_unit.id = document_id << 12 | ordinal
MAX_UNITS = 1 << UNIT_SHIFT


_UNIT_STEMS: dict[str, str] = {}  # unit text → stemmed text: an answers document repeats its questions word for word


def _unit_stems(texts: list[str]) -> list[str]:
    """``stemmed_text`` of each unit text of a document; the texts not seen lately stemmed together."""
    cache = _UNIT_STEMS
    out = list(map(cache.get, texts))
    if None in out:
        new = [t for t, s in zip(texts, out, strict=True) if s is None]
        if len(cache) > 65_536:
            cache.clear()
            new = texts
        cache.update(zip(new, stemmed_texts(new), strict=True))
        out = list(map(cache.__getitem__, texts))
    return out


def _bar(values: list[str | None]) -> str:
    items = [v for v in values if v]
    return "|" + "|".join(dict.fromkeys(items)) + "|" if items else ""


def index_units(parsed: ParsedDocument) -> list[tuple[str, int | None, str | None, str]]:
    """(kind, number, numbers, text) for each index unit of a document, in order."""
    units: list[tuple[str, int | None, str | None, str]] = []
    if parsed.subject:
        units.append(("subject", None, None, parsed.subject))
    for q in parsed.questions:
        if q.text.strip():
            units.append(("question", q.number, None, q.text))
    for a in parsed.answers:
        if a.text.strip():
            numbers = ",".join(str(n) for n in a.questions)
            units.append(("answer", a.questions[0] if a.questions else None, numbers or None, a.text))
    for f in parsed.footnotes:
        if f.text.strip():
            units.append(("footnote", f.number, None, f.text))
    return units[:MAX_UNITS]


@dataclass
class IndexPayload:
    """What indexing a document needs that depends on its parse alone: computed by ``index_payload`` in
    the loader's parse workers, so that the writer only inserts rows."""

    stems: list[str]  # stemmed text of each unit of index_units(parsed) (the texts stay in the parse)
    entities: dict[str, str]  # extract(matter)
    bars: tuple[str, str, str, str]  # askers, parties, offices, respondents as '|a|b|'
    refs: list[str]  # reference_keys without the document's own zaak and publication


def index_payload(parsed: ParsedDocument) -> IndexPayload:
    """The CPU-heavy, database-independent part of indexing one document (a pure function)."""
    units = index_units(parsed)
    offices = list(parsed.addressees) + [r.role for r in parsed.respondents]
    matter = "\n".join([parsed.subject or ""] + [q.text for q in parsed.questions]
                       + [f.text for f in parsed.footnotes])
    return IndexPayload(
        _unit_stems([text for _, _, _, text in units]), extract(matter),
        (_bar([a.name for a in parsed.askers]), _bar([a.party for a in parsed.askers]), _bar(offices),
         _bar([r.role for r in parsed.respondents if not r.on_behalf])),
        reference_keys(parsed.references, own=(parsed.zaak, parsed.publication)))


class SQLiteSearchWriter:
    """Search index maintenance for the SQLite store (migrations 010–019).

    Inside ``SQLiteStore.write_batch`` the index rows of a batch are collected (``_index_rows``, by
    document) and written at the end of the batch with one ``executemany`` per table
    (``flush_index``); anywhere else ``index_document`` writes at once."""

    _index_rows: dict[int, tuple] | None = None

    def index_document(self, conn: sqlite3.Connection, document_id: int, zaak_key: str,
                       parsed: ParsedDocument, payload: IndexPayload | None = None) -> None:
        """(Re)index one document; call inside the transaction that writes it. ``payload``: its
        ``index_payload`` when computed already (by a parse worker)."""
        self.unindex_document(conn, document_id)
        p = payload or index_payload(parsed)
        own = zaak_key.lower()
        doc = (document_id, zaak_key, parsed.kind, int(parsed.supplementary),
               parsed.submitted or parsed.received, parsed.submitted, parsed.received, parsed.subject,
               *p.bars, parsed.publication, _bar([k for k in p.refs if k.lower() != own]))
        base = document_id << UNIT_SHIFT
        parts = index_units(parsed)
        units = [(base + i, kind, number, numbers, text, st)
                 for i, ((kind, number, numbers, text), st) in enumerate(zip(parts, p.stems, strict=True))]
        columns: dict[str, list[str]] = {"subject": [], "question": [], "answer": [], "footnote": []}
        for (kind, _, _, _), st in zip(parts, p.stems, strict=True):
            columns[kind].append(st)
        fts = (document_id, *(" ".join(columns[k]) for k in ("subject", "question", "answer", "footnote")))
        vector = None
        lsa = self._search_lsa_model(conn)
        if lsa is not None:
            vec = lsa.passages([(" ".join(columns["subject"]), " ".join(columns["question"]),
                                 " ".join(columns["footnote"]))])[0]
            vector = (document_id, vec.tobytes())
        entities = [(key, document_id, label) for key, label in p.entities.items()]
        rows = (doc, units, fts, vector, entities)
        if self._index_rows is not None:
            self._index_rows[document_id] = rows
        else:
            self._write_index_rows(conn, [rows])

    def flush_index(self, conn: sqlite3.Connection) -> None:
        """Write the index rows collected in this batch (documents in id order)."""
        pending = self._index_rows
        if pending:
            self._write_index_rows(conn, [pending[d] for d in sorted(pending)])
            pending.clear()

    def _write_index_rows(self, conn: sqlite3.Connection, rows: list[tuple]) -> None:
        conn.executemany(
            "INSERT INTO search_doc (document_id, zaak_key, kind, supplementary, date, submitted, received,"
            " subject, askers, parties, offices, respondents, publication, refs)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", [r[0] for r in rows])
        conn.executemany("INSERT INTO search_unit (id, kind, number, numbers, text, stems) VALUES (?,?,?,?,?,?)",
                         [u for r in rows for u in r[1]])
        conn.executemany("INSERT INTO search_doc_fts (rowid, subject, questions, answers, notes) VALUES (?,?,?,?,?)",
                         [r[2] for r in rows])
        vectors = [r[3] for r in rows if r[3] is not None]
        if vectors:
            conn.executemany("INSERT OR REPLACE INTO search_vector (model, document_id, vec) VALUES ('lsa', ?, ?)",
                             vectors)
        conn.executemany("INSERT OR IGNORE INTO search_entity (entity, document_id, label) VALUES (?,?,?)",
                         [e for r in rows for e in r[4]])

    def _search_lsa_model(self, conn: sqlite3.Connection):
        """The stored LSA model, read once per store object (``search-vectors --model lsa`` trains it), so
        documents loaded later get their vector at load time."""
        cached = getattr(self, "_search_lsa_at_load", False)
        if cached is False:
            row = conn.execute("SELECT params FROM search_model WHERE name = 'lsa'").fetchone()
            cached = None
            if row:
                from kamervragen.search.vectors import LSAEmbedder  # numpy: only when there is a model

                cached = LSAEmbedder.load(row[0])
            self._search_lsa_at_load = cached
        return cached

    def unindex_document(self, conn: sqlite3.Connection, document_id: int) -> None:
        """Remove one document from the index (no-op when it is not indexed)."""
        if self._index_rows:
            self._index_rows.pop(document_id, None)  # collected in this batch, not written yet
        lo, hi = document_id << UNIT_SHIFT, ((document_id + 1) << UNIT_SHIFT) - 1
        if conn.execute("SELECT 1 FROM search_doc WHERE document_id = ?", (document_id,)).fetchone() is None:
            return
        conn.execute("DELETE FROM search_unit WHERE id BETWEEN ? AND ?", (lo, hi))
        conn.execute("DELETE FROM search_doc_fts WHERE rowid = ?", (document_id,))
        conn.execute("DELETE FROM search_entity WHERE document_id = ?", (document_id,))
        conn.execute("DELETE FROM search_vector WHERE model IN ('lsa', 'e5') AND document_id = ?", (document_id,))
        conn.execute("DELETE FROM search_doc WHERE document_id = ?", (document_id,))


# -- reading ---------------------------------------------------------------------------------------


@dataclass
class DocRow:
    """One indexed document as search needs it."""

    document_id: int
    zaak_key: str
    kind: str
    supplementary: bool
    date: str | None
    submitted: str | None
    received: str | None
    subject: str | None
    askers: list[str]
    parties: list[str]
    offices: list[str]
    respondents: list[str]
    publication: str | None = None
    refs: list[str] = field(default_factory=list)


@dataclass
class UnitRow:
    """One index unit (subject, question, answer, footnote) with its original text."""

    id: int
    document_id: int
    kind: str
    number: int | None
    numbers: list[int]
    text: str
    score: float = 0.0


def pair_question(units: Sequence[UnitRow], number: int) -> tuple[str | None, str | None, int | None]:
    """From a case's units: question ``number`` and the answer covering it (with its document)."""
    question = next((u.text for u in units if u.kind == "question" and u.number == number), None)
    answer = next((u for u in units if u.kind == "answer" and number in u.numbers), None)
    return question, (answer.text if answer else None), (answer.document_id if answer else None)


_REF = re.compile(r"\b(\d{4}Z\d{5})\b|\b(ah-tk-\d{8}-\d+)\b|\bkv-tk-(\d{4}Z\d{5})\b", re.IGNORECASE)


def reference_keys(references: Sequence[str], own: Sequence[str | None] = ()) -> list[str]:
    """Zaak numbers and Aanhangsel ids in a document's references (links included), without its own."""
    out: list[str] = []
    mine = {o.lower() for o in own if o}
    for ref in references:
        for m in _REF.finditer(ref):
            key = m.group(1) or m.group(3)
            key = key.upper() if key else m.group(2).lower()
            if key.lower() not in mine and key not in out:
                out.append(key)
    return out


def _split(bar: str | None) -> list[str]:
    return [x for x in (bar or "").split("|") if x]


def _doc_row(r: tuple) -> DocRow:
    return DocRow(r[0], r[1], r[2], bool(r[3]), r[4], r[5], r[6], r[7], _split(r[8]), _split(r[9]), _split(r[10]),
                  _split(r[11]), r[12], _split(r[13]))


_DOC_COLS = ("document_id, zaak_key, kind, supplementary, date, submitted, received, subject, askers, parties, "
             "offices, respondents, publication, refs")
_FTS_COLUMN = {"subject": "subject", "question": "questions", "answer": "answers", "footnote": "notes"}


def _unit_row(r: tuple) -> UnitRow:
    return UnitRow(r[0], r[0] >> UNIT_SHIFT, r[1], r[2], [int(x) for x in (r[3] or "").split(",") if x], r[4],
                   float(r[5]) if len(r) > 5 else 0.0)


def _filter_sql(f: SearchFilters, *, param: str = "?", like: str = "LIKE",
                status: tuple[str, list[object]] | None = None) -> tuple[list[str], list[object]]:
    """WHERE conditions on ``d`` (search_doc) for the filters; zaak-level ones look at the whole case.
    ``param``, ``like`` and ``status`` (the status subquery and its arguments) let PostgreSQL share it."""
    conds: list[str] = []
    args: list[object] = []
    if f.date_from:
        conds.append(f"d.date >= {param}")
        args.append(f.date_from)
    if f.date_to:
        conds.append(f"d.date <= {param}")
        args.append(f.date_to)
    if f.doc_kind:
        conds.append(f"d.kind = {param}")
        args.append(f.doc_kind)
    for column, values, pattern in (("parties", f.parties, "%|{}|%"), ("askers", f.members, "%{}%"),
                                    ("offices", f.offices, "% {}|%")):
        if values:
            likes = " OR ".join(f"{column} {like} {param}" for _ in values)
            conds.append(f"d.zaak_key IN (SELECT zaak_key FROM search_doc WHERE {likes})")
            args.extend(pattern.format(v) for v in values)
    if f.status:
        status_sql, status_args = status or (_STATUS_SQL, [f.today, f.today, f.status])
        conds.append(f"d.zaak_key IN ({status_sql})")
        args.extend(status_args)
    return conds, args


_STATUS_SQL = """
SELECT zaak_key FROM (
  SELECT zaak_key, s, ans, ar, pp, wd, date(s, CASE WHEN pp THEN '+42 days' ELSE '+21 days' END) AS due,
         CASE
           WHEN wd THEN 'withdrawn'
           WHEN ans AND (ar IS NULL OR s IS NULL OR ar <= date(s, CASE WHEN pp THEN '+42 days' ELSE '+21 days' END))
             THEN 'answered'
           WHEN ans THEN 'answered_late'
           WHEN s IS NOT NULL AND ? > date(s, CASE WHEN pp THEN '+42 days' ELSE '+21 days' END) THEN 'overdue'
           WHEN pp THEN 'postponed'
           ELSE 'open'
         END AS status, ? AS today
  FROM (SELECT zaak_key, MIN(submitted) AS s, MAX(kind = 'answers') AS ans,
               MIN(CASE WHEN kind = 'answers' THEN received END) AS ar,
               MAX(kind = 'postponement') AS pp, MAX(kind = 'withdrawal') AS wd
        FROM search_doc GROUP BY zaak_key)
) WHERE status = ?
"""


class QueryTimeout(Exception):
    """The query ran longer than its time limit."""


@contextmanager
def time_limit(conn: sqlite3.Connection, seconds: float | None) -> Iterator[None]:
    """Abort the statements run inside the block after ``seconds`` (sqlite progress handler)."""
    if not seconds:
        yield
        return
    deadline = time.monotonic() + seconds
    conn.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 10_000)
    try:
        yield
    except sqlite3.OperationalError as exc:
        if "interrupt" in str(exc):
            raise QueryTimeout(f"The query took longer than {seconds:g} s.") from None
        raise
    finally:
        conn.set_progress_handler(None, 0)


class SQLiteSearchReader:
    """Read queries of the search stage; mixed into SQLiteStore with SQLiteSearchMixin.

    Every method takes an open connection (``with store.transaction() as conn``) so that a search
    runs in one read transaction and under one time limit.
    """

    def search_documents(self, conn: sqlite3.Connection, match: str, filters: SearchFilters | None = None,
                         *, limit: int = 200, sort: str = "relevance",
                         bounded: int | None = None) -> list[tuple[int, str, float, str | None]]:
        """(document_id, zaak_key, score, date) of documents matching an FTS5 expression, best (or newest)
        first; score is positive, higher is better.

        ``bounded``: for a query that matches most documents, rank only the ``bounded`` most recently
        stored matches (FTS5 walks its doclist backwards and computes BM25 for those rows only) instead
        of scoring every match. ``sort="date"`` takes the matching ids (no scoring) and walks the date
        index."""
        f = filters or SearchFilters()
        if f.unit_kind:
            match = f"{{{_FTS_COLUMN[f.unit_kind]}}} : ({match})"
        conds, args = _filter_sql(f)
        extra = "".join(" AND " + c for c in conds)
        if sort == "date":
            rows = conn.execute(
                f"SELECT d.document_id, d.zaak_key, 0.0, d.date FROM search_doc d WHERE d.document_id IN "
                f"(SELECT rowid FROM search_doc_fts WHERE search_doc_fts MATCH ?){extra} "
                f"ORDER BY d.date DESC NULLS LAST, d.document_id DESC LIMIT ?", (match, *args, limit)).fetchall()
            return [(d, z, 0.0, dt) for d, z, _, dt in rows]
        order = "f.rowid DESC" if bounded else "score"
        rows = conn.execute(
            f"SELECT f.rowid, {DOC_BM25} AS score FROM search_doc_fts f "
            f"{'JOIN search_doc d ON d.document_id = f.rowid ' if conds else ''}"
            f"WHERE search_doc_fts MATCH ?{extra} ORDER BY {order} LIMIT ?",
            (match, *args, bounded or limit)).fetchall()
        if bounded:
            rows = sorted(rows, key=lambda r: r[1])[:limit]
        if not rows:
            return []
        info = {r[0]: (r[1], r[2]) for r in conn.execute(
            f"SELECT document_id, zaak_key, date FROM search_doc WHERE document_id IN ({','.join('?' * len(rows))})",
            [r[0] for r in rows])}
        return [(d, info[d][0], -s, info[d][1]) for d, s in rows if d in info]

    def units_of_documents(self, conn: sqlite3.Connection, document_ids: Sequence[int]) -> list[UnitRow]:
        """Every unit of the given documents, in document order (one rowid range each: an OR of ranges
        in one statement is much slower in SQLite)."""
        out: list[UnitRow] = []
        for doc in dict.fromkeys(document_ids):
            out.extend(self.document_units(conn, doc))
        return out

    def document_units(self, conn: sqlite3.Connection, document_id: int) -> list[UnitRow]:
        """Every unit of one document, in order."""
        lo, hi = document_id << UNIT_SHIFT, ((document_id + 1) << UNIT_SHIFT) - 1
        return [_unit_row(r) for r in conn.execute(
            "SELECT id, kind, number, numbers, text FROM search_unit WHERE id BETWEEN ? AND ? ORDER BY id", (lo, hi))]

    def search_docs_info(self, conn: sqlite3.Connection, document_ids: Sequence[int]) -> dict[int, DocRow]:
        out: dict[int, DocRow] = {}
        ids = list(document_ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            for r in conn.execute(f"SELECT {_DOC_COLS} FROM search_doc WHERE document_id IN "
                                  f"({','.join('?' * len(chunk))})", chunk):
                out[r[0]] = _doc_row(r)
        return out

    def search_case_docs(self, conn: sqlite3.Connection, zaak_keys: Sequence[str]) -> list[DocRow]:
        """Every indexed document of the given cases."""
        keys = list(dict.fromkeys(zaak_keys))
        out: list[DocRow] = []
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            out.extend(_doc_row(r) for r in conn.execute(
                f"SELECT {_DOC_COLS} FROM search_doc WHERE zaak_key IN ({','.join('?' * len(chunk))})", chunk))
        return out

    def search_doc_count(self, conn: sqlite3.Connection) -> int:
        """Number of indexed documents, for corpus statistics: counted at most every 30 seconds per store
        object (a count over 100,000 rows costs milliseconds; the statistics move slowly)."""
        cached = getattr(self, "_search_count", None)
        now = time.monotonic()
        if cached is None or now - cached[1] > 30:
            cached = (conn.execute("SELECT count(*) FROM search_doc").fetchone()[0], now)
            self._search_count = cached
        return cached[0]

    def term_doc_freqs(self, conn: sqlite3.Connection, terms: Sequence[str]) -> dict[str, int]:
        """Number of documents holding each stem (in any column)."""
        out: dict[str, int] = {}
        for t in dict.fromkeys(terms):
            r = conn.execute("SELECT doc FROM search_doc_vocab WHERE term = ?", (t,)).fetchone()
            out[t] = r[0] if r else 0
        return out

    def entity_doc_freqs(self, conn: sqlite3.Connection, keys: Sequence[str], cap: int = 5000) -> dict[str, int]:
        """Number of documents naming each entity key (counted up to ``cap``)."""
        out: dict[str, int] = {}
        for k in dict.fromkeys(keys):
            out[k] = conn.execute("SELECT count(*) FROM (SELECT 1 FROM search_entity WHERE entity = ? LIMIT ?)",
                                  (k, cap)).fetchone()[0]
        return out

    def documents_with_entities(self, conn: sqlite3.Connection, keys: Sequence[str], limit_per_entity: int = 2000,
                                documents: Sequence[int] | None = None) -> dict[int, list[str]]:
        """document_id → the given entity keys it names (only among ``documents`` when given)."""
        out: dict[int, list[str]] = {}
        if documents is not None:
            docs = list(documents)
            for k in dict.fromkeys(keys):
                for i in range(0, len(docs), 500):
                    chunk = docs[i:i + 500]
                    for (d,) in conn.execute(
                            "SELECT document_id FROM search_entity WHERE entity = ? AND document_id IN "
                            f"({','.join('?' * len(chunk))})", (k, *chunk)):
                        out.setdefault(d, []).append(k)
            return out
        for k in dict.fromkeys(keys):
            for (d,) in conn.execute("SELECT document_id FROM search_entity WHERE entity = ? LIMIT ?",
                                     (k, limit_per_entity)):
                out.setdefault(d, []).append(k)
        return out

    def entity_candidates(self, conn: sqlite3.Connection, keys: Sequence[str], *, before: str | None,
                          exclude_case: str | None, limit: int) -> list[int]:
        """Documents naming the most of the given entity keys, dated before ``before`` or undated,
        outside ``exclude_case``; newest first among equals."""
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        return [r[0] for r in conn.execute(
            f"SELECT e.document_id FROM search_entity e JOIN search_doc d ON d.document_id = e.document_id "
            f"WHERE e.entity IN ({marks}) AND (? IS NULL OR d.date IS NULL OR d.date < ?) AND d.zaak_key IS NOT ? "
            f"GROUP BY e.document_id ORDER BY count(*) DESC, d.date DESC LIMIT ?",
            (*keys, before, before, exclude_case, limit))]

    def referred_documents(self, conn: sqlite3.Connection, keys: Sequence[str], *, before: str | None,
                           exclude_case: str | None) -> list[int]:
        """Documents whose case key or publication id is one of ``keys``, dated before ``before`` or
        undated, outside ``exclude_case``."""
        keys = list(dict.fromkeys(keys))
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        return [r[0] for r in conn.execute(
            f"SELECT document_id FROM search_doc WHERE (zaak_key IN ({marks}) OR publication IN ({marks})) "
            "AND (? IS NULL OR date IS NULL OR date < ?) AND zaak_key IS NOT ?",
            (*keys, *keys, before, before, exclude_case))]

    def entities_of(self, conn: sqlite3.Connection, document_ids: Sequence[int]) -> dict[int, dict[str, str]]:
        """document_id → {entity key: label}."""
        out: dict[int, dict[str, str]] = {}
        ids = list(document_ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            for e, d, label in conn.execute(
                    f"SELECT entity, document_id, label FROM search_entity WHERE document_id IN "
                    f"({','.join('?' * len(chunk))})", chunk):
                out.setdefault(d, {})[e] = label
        return out

    def search_field_lengths(self, conn: sqlite3.Connection) -> dict[str, float]:
        """Average length in stems of each column of search_doc_fts (estimated from up to 2,000 rows,
        cached per store while the number of documents stays about the same)."""
        n = self.search_doc_count(conn)
        cached = getattr(self, "_search_avg", None)
        if cached and cached[0] * 0.8 <= n <= cached[0] * 1.25 + 10:
            return cached[1]
        row = conn.execute(
            "SELECT avg(length(subject)), avg(length(questions)), avg(length(answers)), avg(length(notes)) "
            "FROM (SELECT subject, questions, answers, notes FROM search_doc_fts LIMIT 2000)").fetchone()
        # about 7 characters per stem with its space
        avg = {c: max(1.0, (v or 0) / 7.0) for c, v in zip(("subject", "questions", "answers", "notes"), row,
                                                              strict=True)}
        self._search_avg = (n, avg)
        return avg

    def similar_candidates(self, conn: sqlite3.Connection, match: str, *, before: str | None,
                           exclude_case: str | None, limit: int) -> list[int]:
        """Document ids matching an FTS5 expression (BM25 with the column weights), dated before
        ``before`` or undated, outside the case ``exclude_case``; best first."""
        return [r[0] for r in conn.execute(
            "SELECT f.rowid FROM search_doc_fts f JOIN search_doc d ON d.document_id = f.rowid "
            "WHERE search_doc_fts MATCH ? AND (? IS NULL OR d.date IS NULL OR d.date < ?) "
            f"AND d.zaak_key IS NOT ? ORDER BY {DOC_BM25} LIMIT ?", (match, before, before, exclude_case, limit))]

    def document_stems(self, conn: sqlite3.Connection, document_ids: Sequence[int],
                       columns: Sequence[str] = ("subject", "questions", "answers", "notes")) -> dict[int, dict[str, list[str]]]:
        """document_id → column → its stems, as indexed."""
        cols = [c for c in columns if c in ("subject", "questions", "answers", "notes")]
        out: dict[int, dict[str, list[str]]] = {}
        ids = list(document_ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            for r in conn.execute(f"SELECT rowid, {', '.join(cols)} FROM search_doc_fts WHERE rowid IN "
                                  f"({','.join('?' * len(chunk))})", chunk):
                out[r[0]] = {c: (v or "").split() for c, v in zip(cols, r[1:], strict=True)}
        return out

    def unit_stems(self, conn: sqlite3.Connection, document_ids: Sequence[int],
                   kinds: Sequence[str] = ("subject", "question", "answer", "footnote")) -> list[tuple[UnitRow, list[str]]]:
        """The units of the given documents (of the given kinds) with their stems, as indexed."""
        out: list[tuple[UnitRow, list[str]]] = []
        marks = ",".join("?" * len(kinds))
        for doc in document_ids:
            lo, hi = doc << UNIT_SHIFT, ((doc + 1) << UNIT_SHIFT) - 1
            for r in conn.execute(
                    f"SELECT id, kind, number, numbers, text, stems FROM search_unit "
                    f"WHERE id BETWEEN ? AND ? AND kind IN ({marks}) ORDER BY id", (lo, hi, *kinds)):
                out.append((_unit_row(r[:5]), (r[5] or "").split()))
        return out

    def case_units(self, conn: sqlite3.Connection, zaak_key: str) -> list[UnitRow]:
        """The questions and answers of every document of a case, the questions document first."""
        docs = sorted(self.search_case_docs(conn, [zaak_key]), key=lambda d: (d.kind != "questions", d.supplementary))
        return [u for d in docs for u in self.document_units(conn, d.document_id) if u.kind in ("question", "answer")]

    def question_and_answer(self, conn: sqlite3.Connection, zaak_key: str,
                            number: int) -> tuple[str | None, str | None, int | None]:
        """Question ``number`` of a case and the answer given to it: (question, answer, answer document)."""
        return pair_question(self.case_units(conn, zaak_key), number)

    def plain_bm25(self, conn: sqlite3.Connection, match: str, *, before: str | None, exclude_case: str | None,
                   limit: int) -> list[str]:
        """Case keys by plain FTS5 ``bm25()`` (all columns weighted equally), for the evaluation's baseline."""
        out: list[str] = []
        for (zaak,) in conn.execute(
                "SELECT d.zaak_key FROM search_doc_fts f JOIN search_doc d ON d.document_id = f.rowid "
                "WHERE search_doc_fts MATCH ? AND (? IS NULL OR d.date IS NULL OR d.date < ?) "
                "AND d.zaak_key IS NOT ? ORDER BY bm25(search_doc_fts) LIMIT ?",
                (match, before, before, exclude_case, limit * 3)):
            if zaak not in out:
                out.append(zaak)
        return out[:limit]

    # -- vectors (migration 012) --------------------------------------------------------------------

    def vector_models(self, conn: sqlite3.Connection) -> dict[str, int]:
        """Model name → number of stored document vectors."""
        return dict(conn.execute("SELECT model, count(*) FROM search_vector GROUP BY model").fetchall())

    def documents_without_vector(self, conn: sqlite3.Connection, model: str) -> list[int]:
        return [r[0] for r in conn.execute(
            "SELECT document_id FROM search_doc d WHERE NOT EXISTS (SELECT 1 FROM search_vector v "
            "WHERE v.model = ? AND v.document_id = d.document_id) ORDER BY document_id", (model,))]

    def put_vectors(self, conn: sqlite3.Connection, model: str, rows: Sequence[tuple[int, bytes]]) -> None:
        conn.executemany("INSERT OR REPLACE INTO search_vector (model, document_id, vec) VALUES (?,?,?)",
                         [(model, d, v) for d, v in rows])

    def delete_vectors(self, conn: sqlite3.Connection, model: str) -> None:
        conn.execute("DELETE FROM search_vector WHERE model = ?", (model,))

    def all_vectors(self, conn: sqlite3.Connection, model: str) -> list[tuple[int, str, str | None, bytes]]:
        """(document_id, zaak_key, date, vector) of every indexed document with a vector of ``model``."""
        return conn.execute(
            "SELECT v.document_id, d.zaak_key, d.date, v.vec FROM search_vector v JOIN search_doc d "
            "ON d.document_id = v.document_id WHERE v.model = ? ORDER BY v.document_id", (model,)).fetchall()

    def vector_count(self, conn: sqlite3.Connection, model: str) -> int:
        return conn.execute("SELECT count(*) FROM search_vector WHERE model = ?", (model,)).fetchone()[0]

    def get_model_params(self, conn: sqlite3.Connection, name: str) -> tuple[bytes, int] | None:
        """A trained model's parameters and the number of documents it was trained on."""
        row = conn.execute("SELECT params, documents FROM search_model WHERE name = ?", (name,)).fetchone()
        return (row[0], row[1]) if row else None

    def put_model_params(self, conn: sqlite3.Connection, name: str, params: bytes, documents: int) -> None:
        conn.execute("INSERT OR REPLACE INTO search_model (name, params, documents, created_at) "
                     "VALUES (?, ?, ?, datetime('now'))", (name, params, documents))
        self._search_lsa_at_load = False  # read the new model at the next load

    def matter_stems(self, conn: sqlite3.Connection, document_ids: Sequence[int] | None = None,
                     ) -> Iterator[tuple[int, str, str, str]]:
        """(document_id, subject, questions, notes) stems of the given (or all) documents."""
        if document_ids is None:
            yield from conn.execute("SELECT rowid, subject, questions, notes FROM search_doc_fts ORDER BY rowid")
            return
        ids = list(document_ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            yield from conn.execute("SELECT rowid, subject, questions, notes FROM search_doc_fts WHERE rowid IN "
                                    f"({','.join('?' * len(chunk))})", chunk)

    def rekey_case(self, conn: sqlite3.Connection, old_key: str, new_key: str) -> None:
        """A local case merged into a numbered one: move its index rows along."""
        conn.execute("UPDATE search_doc SET zaak_key = ? WHERE zaak_key = ?", (new_key, old_key))


class SQLiteSearchMixin(SQLiteSearchWriter, SQLiteSearchReader):
    """What ``SQLiteStore`` inherits: index maintenance (called inside the store's write transaction)
    and the read queries of ``kamervragen.search``."""


class SearchOnlyStore(SQLiteSearchMixin):
    """Just the search index, in memory or in a file: for ``eval-retrieval`` (every line of DOCS is one
    case of its own, keyed by its id, whatever links the full store would make) and for tests."""

    def __init__(self, path: str = ":memory:") -> None:
        from pathlib import Path

        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode = MEMORY" if path == ":memory:" else "PRAGMA journal_mode = WAL")
        folder = Path(__file__).resolve().parent / "migrations" / "sqlite"
        self.conn.execute("CREATE TABLE IF NOT EXISTS search_only_migration (name TEXT PRIMARY KEY)")
        done = {r[0] for r in self.conn.execute("SELECT name FROM search_only_migration")}
        for f in sorted(folder.glob("01[0-9]_*.sql")):
            if f.name not in done:
                self.conn.executescript(f.read_text(encoding="utf-8"))
                self.conn.execute("INSERT INTO search_only_migration (name) VALUES (?)", (f.name,))

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def get_case(self, key: str) -> None:
        return None

    def close(self) -> None:
        self.conn.close()
