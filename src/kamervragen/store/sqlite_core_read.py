"""The read side of the SQLite store: cases, documents, raw contents, failures, link issues."""

from __future__ import annotations

import json
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterator

from kamervragen.model import (
    Answer,
    Asker,
    Case,
    CaseFlag,
    CaseSummary,
    DocumentSource,
    FailedDocument,
    Footnote,
    IdentifierHints,
    LinkIssue,
    Question,
    RawDocument,
    Respondent,
    StoredDocument,
)
from kamervragen.procedure.linking import fold

_DOC_COLUMNS = ("d.id, d.key, c.key, c.zaak, d.kind, d.supplementary, d.publication, d.document_number, d.subject,"
                " d.submitted, d.received, d.promised_date, d.refs, d.warnings, d.form, d.hint_zaak,"
                " d.hint_publication, d.hint_document_number, d.zaak_text, d.link, d.removed_at, d.raw_id,"
                " d.parser_version")
_ZAAK = re.compile(r"^\d{4}Z\d{5}$")


class SQLiteReadMixin:
    _conn: sqlite3.Connection

    # -- documents -------------------------------------------------------------------------------
    def _read_document(self, conn: sqlite3.Connection, doc_id: int) -> StoredDocument | None:
        row = conn.execute(f"SELECT {_DOC_COLUMNS} FROM document d JOIN zaak_case c ON c.id = d.case_id"
                           " WHERE d.id = ?", (doc_id,)).fetchone()
        if row is None:
            return None
        (did, key, case_key, zaak, kind, supp, pub, docnr, subject, submitted, received, promised, refs,
         warnings, form, h_zaak, h_pub, h_docnr, zaak_text, link, removed_at, raw_id, version) = row
        doc = StoredDocument(
            id=did, key=key, case_key=case_key, zaak=zaak, kind=kind, supplementary=bool(supp), publication=pub,
            document_number=docnr, subject=subject, submitted=submitted, received=received,
            promised_date=promised, references=json.loads(refs), warnings=json.loads(warnings), form=form,
            hints=IdentifierHints(h_zaak, h_pub, h_docnr), text_zaak=zaak_text, link=link,
            removed=removed_at is not None, parser_version=version)
        doc.askers = [Asker(n, p) for n, p in conn.execute(
            "SELECT name, party FROM document_asker WHERE document_id = ? ORDER BY position", (did,))]
        doc.addressees = [r[0] for r in conn.execute(
            "SELECT office FROM document_addressee WHERE document_id = ? ORDER BY position", (did,))]
        doc.respondents = [Respondent(r, n, bool(b)) for r, n, b in conn.execute(
            "SELECT role, name, on_behalf FROM respondent WHERE document_id = ? ORDER BY position", (did,))]
        doc.questions = [Question(n, t, json.loads(f)) for n, t, f in conn.execute(
            "SELECT number, text, footnotes FROM question WHERE document_id = ? ORDER BY position", (did,))]
        doc.answers = [Answer(json.loads(q), t, json.loads(f)) for q, t, f in conn.execute(
            "SELECT questions, text, footnotes FROM answer WHERE document_id = ? ORDER BY position", (did,))]
        doc.footnotes = [Footnote(n, t) for n, t in conn.execute(
            "SELECT number, text FROM footnote WHERE document_id = ? ORDER BY position", (did,))]
        sources = conn.execute(
            "SELECT s.url, s.path, s.fetched_at, s.content_type, r.checksum, s.removed_at, r.id FROM source s"
            " JOIN raw r ON r.id = s.raw_id WHERE r.document_id = ? ORDER BY r.id = ? DESC, s.id",
            (did, raw_id)).fetchall()
        doc.sources = [DocumentSource(u, p, f, ct, ck, rm, rid == raw_id) for u, p, f, ct, ck, rm, rid in sources]
        if sources:
            primary = doc.sources[0]
            doc.source_url, doc.source_path, doc.fetched_at = primary.url, primary.path, primary.fetched_at
            doc.checksum, doc.content_type = primary.checksum, primary.content_type
            doc.removed = doc.removed or all(s.removed_at for s in doc.sources)
        raw = conn.execute("SELECT checksum, content_type FROM raw WHERE id = ?", (raw_id,)).fetchone()
        if raw:
            doc.checksum = raw[0]
            doc.content_type = raw[1] or doc.content_type
        return doc

    def get_document(self, document_id: int) -> StoredDocument | None:
        return self._read_document(self._conn, document_id)

    def find_documents(self, identifier: str) -> list[StoredDocument]:
        with self.read() as conn:  # type: ignore[attr-defined]
            return self._find_documents(conn, identifier)

    def _find_documents(self, conn: sqlite3.Connection, identifier: str) -> list[StoredDocument]:
        ident = identifier.strip()
        ids: list[int] = []
        for alias in (f"pub:{ident}", f"doc:{ident}", ident):
            ids += [r[0] for r in conn.execute("SELECT document_id FROM document_alias WHERE alias = ?", (alias,))]
        ids += [r[0] for r in conn.execute(
            "SELECT d.id FROM document d JOIN zaak_case c ON c.id = d.case_id WHERE c.zaak = ? OR c.key = ?",
            (ident, ident))]
        ids += [r[0] for r in conn.execute(
            "SELECT r.document_id FROM source s JOIN raw r ON r.id = s.raw_id WHERE (s.url = ? OR s.path = ?)"
            " AND r.document_id IS NOT NULL", (ident, ident))]
        docs = [self._read_document(conn, i) for i in dict.fromkeys(ids)]
        return [d for d in docs if d is not None]

    def get_raw(self, document_id: int) -> RawDocument | None:
        row = self._conn.execute(
            "SELECT r.id, r.checksum, r.content, r.content_type FROM document d JOIN raw r ON r.id = d.raw_id"
            " WHERE d.id = ?", (document_id,)).fetchone()
        if row is None:
            return None
        src = self._conn.execute("SELECT url, path, fetched_at FROM source WHERE raw_id = ? ORDER BY url IS NULL, id"
                                 " LIMIT 1", (row[0],)).fetchone() or (None, None, None)
        return RawDocument(row[1], bytes(row[2]), row[3], src[0], src[1], src[2])

    # -- cases -----------------------------------------------------------------------------------
    def _resolve_case(self, key: str) -> int | None:
        conn = self._conn
        key = key.strip()
        for sql, arg in (("SELECT id FROM zaak_case WHERE key = ?", key),
                         ("SELECT id FROM zaak_case WHERE zaak = ?", key.upper() if _ZAAK.match(key.upper()) else key),
                         ("SELECT case_id FROM case_alias WHERE alias = ?", key),
                         ("SELECT d.case_id FROM document_alias a JOIN document d ON d.id = a.document_id"
                          " WHERE a.alias = ?", f"pub:{key}"),
                         ("SELECT d.case_id FROM document_alias a JOIN document d ON d.id = a.document_id"
                          " WHERE a.alias = ?", f"doc:{key}")):
            row = conn.execute(sql, (arg,)).fetchone()
            if row:
                return int(row[0])
        return None

    def get_case(self, key: str) -> Case | None:
        with self.read():  # type: ignore[attr-defined]
            return self._get_case(key)

    def _get_case(self, key: str) -> Case | None:
        case_id = self._resolve_case(key)
        if case_id is None:
            return None
        conn = self._conn
        ckey, zaak, subject, submitted = conn.execute(
            "SELECT key, zaak, subject, submitted FROM zaak_case WHERE id = ?", (case_id,)).fetchone()
        doc_ids = [r[0] for r in conn.execute(
            "SELECT id FROM document WHERE case_id = ? ORDER BY COALESCE(received, submitted, ''),"
            " kind != 'questions', id", (case_id,))]
        docs = [d for d in (self._read_document(conn, i) for i in doc_ids) if d is not None]
        case = Case(ckey, zaak, subject, submitted, documents=docs)
        case.flags = [CaseFlag(f, d, doc) for f, d, doc in conn.execute(
            "SELECT flag, detail, document_id FROM case_flag WHERE case_id = ? ORDER BY flag, detail", (case_id,))]
        case.aliases = [r[0] for r in conn.execute("SELECT alias FROM case_alias WHERE case_id = ?", (case_id,))]
        main = self._main_document(docs)
        if main is not None:
            case.askers, case.addressees = main.askers, main.addressees
        with_questions = [d for d in docs if d.questions]
        with_questions.sort(key=lambda d: (d.kind != "questions", d.supplementary))
        if with_questions:
            case.questions = with_questions[0].questions
            shown = [fold(q.text) for q in case.questions]
            for other in with_questions[1:]:
                if [fold(q.text) for q in other.questions] != shown:
                    case.flags.append(CaseFlag("questions-differ",
                                               f"the questions in {other.key} differ from those shown", other.id))
        return case

    @staticmethod
    def _main_document(docs: list[StoredDocument]) -> StoredDocument | None:
        """The document whose opening sentence speaks for the case: the questions, else any with askers."""
        for d in docs:
            if d.kind == "questions" and (d.askers or d.addressees):
                return d
        for d in docs:
            if d.askers or d.addressees:
                return d
        return docs[0] if docs else None

    def iter_cases(self) -> Iterator[CaseSummary]:
        with self.read() as conn:  # type: ignore[attr-defined]
            rows = self._case_rows(conn)
        yield from self._summaries(*rows)

    def _case_rows(self, conn: sqlite3.Connection) -> tuple:
        docs_by_case: dict[int, list[tuple]] = defaultdict(list)
        for row in conn.execute("SELECT case_id, id, kind, supplementary, received, promised_date, removed_at"
                                " FROM document ORDER BY case_id, kind != 'questions', id"):
            docs_by_case[row[0]].append(row[1:])
        askers: dict[int, list[Asker]] = defaultdict(list)
        for doc_id, name, party in conn.execute(
                "SELECT document_id, name, party FROM document_asker ORDER BY document_id, position"):
            askers[doc_id].append(Asker(name, party))
        offices: dict[int, list[str]] = defaultdict(list)
        for doc_id, office in conn.execute(
                "SELECT document_id, office FROM document_addressee ORDER BY document_id, position"):
            offices[doc_id].append(office)
        respondents: dict[int, list[Respondent]] = defaultdict(list)
        for doc_id, role, name, behalf in conn.execute(
                "SELECT document_id, role, name, on_behalf FROM respondent ORDER BY document_id, position"):
            respondents[doc_id].append(Respondent(role, name, bool(behalf)))
        flags: dict[int, list[str]] = defaultdict(list)
        for case_id, flag in conn.execute("SELECT DISTINCT case_id, flag FROM case_flag ORDER BY case_id, flag"):
            flags[case_id].append(flag)
        cases = conn.execute("SELECT id, key, zaak, subject, submitted FROM zaak_case ORDER BY key").fetchall()
        return cases, docs_by_case, askers, offices, respondents, flags

    def _summaries(self, cases: list, docs_by_case: dict, askers: dict, offices: dict, respondents: dict,
                   flags: dict) -> Iterator[CaseSummary]:
        for case_id, key, zaak, subject, submitted in cases:
            docs = docs_by_case.get(case_id, [])
            summary = CaseSummary(key, zaak, subject, submitted, document_count=len(docs), flags=flags.get(case_id, []))
            main = next((d for d in docs if d[1] == "questions" and (askers.get(d[0]) or offices.get(d[0]))), None)
            main = main or next((d for d in docs if askers.get(d[0]) or offices.get(d[0])), None)
            if main is not None:
                summary.askers, summary.addressees = askers.get(main[0], []), offices.get(main[0], [])
            for doc_id, kind, supp, received, promised, _removed in docs:
                if kind == "questions":
                    summary.has_questions_document = True
                elif kind == "answers":
                    (summary.supplementary_answered if supp else summary.answered).append(received or "")
                elif kind == "postponement":
                    summary.postponed.append(received or "")
                    if promised:
                        summary.promised_dates.append(promised)
                elif kind == "withdrawal":
                    summary.withdrawn = received or ""
                if kind != "questions":
                    summary.respondents.extend(respondents.get(doc_id, []))
            summary.removed = bool(docs) and all(d[5] is not None for d in docs)
            yield summary

    # -- failures and issues ---------------------------------------------------------------------
    def list_failed(self) -> list[FailedDocument]:
        rows = self._conn.execute(
            "SELECT r.id, r.checksum, r.parse_error, r.parser_version FROM raw r WHERE r.parse_error IS NOT NULL"
            " ORDER BY r.updated_at DESC, r.id DESC").fetchall()
        failed = []
        for raw_id, checksum, error, version in rows:
            src = self._conn.execute("SELECT path, url, fetched_at FROM source WHERE raw_id = ? ORDER BY id LIMIT 1",
                                     (raw_id,)).fetchone() or (None, None, None)
            failed.append(FailedDocument(checksum, src[0], src[1], error, version, src[2]))
        return failed

    def list_link_issues(self) -> list[LinkIssue]:
        issues = []
        for doc_id, key, reason, candidates in self._conn.execute(
                "SELECT i.document_id, d.key, i.reason, i.candidates FROM link_issue i"
                " JOIN document d ON d.id = i.document_id ORDER BY i.document_id").fetchall():
            src = self._conn.execute("SELECT s.path, s.url FROM source s JOIN raw r ON r.id = s.raw_id"
                                     " WHERE r.document_id = ? ORDER BY s.id LIMIT 1", (doc_id,)).fetchone()
            issues.append(LinkIssue(doc_id, key, (src[0] or src[1]) if src else None, reason, json.loads(candidates)))
        return issues

    def counts(self) -> dict[str, int]:
        q = self._conn.execute
        return {
            "cases": q("SELECT COUNT(*) FROM zaak_case").fetchone()[0],
            "local_cases": q("SELECT COUNT(*) FROM zaak_case WHERE zaak IS NULL").fetchone()[0],
            "documents": q("SELECT COUNT(*) FROM document").fetchone()[0],
            "raw": q("SELECT COUNT(*) FROM raw").fetchone()[0],
            "sources": q("SELECT COUNT(*) FROM source").fetchone()[0],
            "failed": q("SELECT COUNT(*) FROM raw WHERE parse_error IS NOT NULL").fetchone()[0],
            "link_issues": q("SELECT COUNT(*) FROM link_issue").fetchone()[0],
        }
