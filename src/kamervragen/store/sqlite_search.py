"""The SQLite side of search: index maintenance and the queries of the search stage.

``SQLiteStore`` inherits ``SQLiteSearchMixin`` and calls ``index_document`` / ``unindex_document``
inside the transaction that writes a document. All SQL of search lives here; ranking logic lives in
``kamervragen.search``.
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache

from kamervragen.model import ParsedDocument
from kamervragen.search.analysis import stemmed_text
from kamervragen.search.entities import extract

UNIT_SHIFT = 12  # search_unit.id = document_id << 12 | ordinal
MAX_UNITS = 1 << UNIT_SHIFT


@lru_cache(maxsize=65_536)
def _stems(text: str) -> str:
    """Stemmed text, cached: an answers document repeats its questions word for word."""
    return stemmed_text(text)


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


class SQLiteSearchMixin:
    """Search index maintenance for the SQLite store (migrations 010–019)."""

    def index_document(self, conn: sqlite3.Connection, document_id: int, zaak_key: str,
                       parsed: ParsedDocument) -> None:
        """(Re)index one document; call inside the transaction that writes it."""
        self.unindex_document(conn, document_id)
        offices = list(parsed.addressees) + [r.role for r in parsed.respondents]
        conn.execute(
            "INSERT INTO search_doc (document_id, zaak_key, kind, supplementary, date, submitted, received,"
            " subject, askers, parties, offices) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (document_id, zaak_key, parsed.kind, int(parsed.supplementary),
             parsed.submitted or parsed.received, parsed.submitted, parsed.received, parsed.subject,
             _bar([a.name for a in parsed.askers]), _bar([a.party for a in parsed.askers]), _bar(offices)),
        )
        units = index_units(parsed)
        base = document_id << UNIT_SHIFT
        rows = [(base + i, kind, number, numbers, text) for i, (kind, number, numbers, text) in enumerate(units)]
        stems = [_stems(text) for _, _, _, text in units]
        conn.executemany("INSERT INTO search_unit (id, kind, number, numbers, text) VALUES (?,?,?,?,?)", rows)
        conn.executemany("INSERT INTO search_unit_fts (rowid, stems) VALUES (?,?)",
                         [(row[0], s) for row, s in zip(rows, stems, strict=True)])
        columns: dict[str, list[str]] = {"subject": [], "question": [], "answer": [], "footnote": []}
        for (kind, _, _, _), s in zip(units, stems, strict=True):
            columns[kind].append(s)
        conn.execute(
            "INSERT INTO search_doc_fts (rowid, subject, questions, answers, notes) VALUES (?,?,?,?,?)",
            (document_id, *(" ".join(columns[k]) for k in ("subject", "question", "answer", "footnote"))),
        )
        matter = "\n".join([parsed.subject or ""] + [q.text for q in parsed.questions]
                           + [f.text for f in parsed.footnotes])
        entities = extract(matter)
        if entities:
            conn.executemany("INSERT OR IGNORE INTO search_entity (entity, document_id, label) VALUES (?,?,?)",
                             [(key, document_id, label) for key, label in entities.items()])

    def unindex_document(self, conn: sqlite3.Connection, document_id: int) -> None:
        """Remove one document from the index (no-op when it is not indexed)."""
        lo, hi = document_id << UNIT_SHIFT, ((document_id + 1) << UNIT_SHIFT) - 1
        if conn.execute("SELECT 1 FROM search_doc WHERE document_id = ?", (document_id,)).fetchone() is None:
            return
        conn.execute("DELETE FROM search_unit_fts WHERE rowid BETWEEN ? AND ?", (lo, hi))
        conn.execute("DELETE FROM search_unit WHERE id BETWEEN ? AND ?", (lo, hi))
        conn.execute("DELETE FROM search_doc_fts WHERE rowid = ?", (document_id,))
        conn.execute("DELETE FROM search_entity WHERE document_id = ?", (document_id,))
        conn.execute("DELETE FROM search_doc WHERE document_id = ?", (document_id,))
