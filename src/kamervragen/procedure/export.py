"""Exports for analysis: cases, questions and answers as CSV, JSON Lines or Parquet, and a calendar
(iCalendar) of the due dates of open cases.

Every row carries stable public identifiers: the case key (the zaak number, or the local ``L…`` key while
it is unknown), the zaak number, and for answers the publication (``ah-tk-…``) and document number.
Row identifiers: ``<case>#q<n>`` for a question, ``<document>#a<i>`` for the i-th answer block of a
document (``<document>`` is the publication, else the document number, else the store's document key).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from kamervragen.errors import UserError
from kamervragen.model import Case, StoredDocument
from kamervragen.procedure.cases import CaseFilter, CaseStatus, case_status, case_statuses
from kamervragen.store.base import Store

FORMATS = ("csv", "jsonl", "parquet", "ics")
TABLES = ("cases", "questions", "answers")

CASE_COLUMNS = [
    "case_key", "zaak", "questions_publication", "questions_document_number", "answer_publications",
    "subject", "submitted", "due", "status", "postponed", "promised", "answered", "withdrawn",
    "days_taken", "days_waiting", "days_overdue", "on_time", "lead_ministry", "ministries", "addressees",
    "askers", "parties_written", "parties", "requested_dates", "question_count", "url",
]
QUESTION_COLUMNS = ["question_id", "case_key", "zaak", "questions_publication", "number", "text", "footnotes"]
ANSWER_COLUMNS = [
    "answer_id", "case_key", "zaak", "publication", "document_number", "supplementary", "received",
    "questions", "text", "footnotes", "respondents",
]
_LIST_COLUMNS = {"answer_publications", "ministries", "addressees", "askers", "parties_written", "parties",
                 "requested_dates", "footnotes", "questions", "respondents"}


def _doc_id(doc: StoredDocument) -> str:
    return doc.publication or doc.document_number or doc.key


def _questions_doc(case: Case) -> StoredDocument | None:
    return next((d for d in case.documents if d.kind == "questions"), None)


def case_url(case: Case | CaseStatus) -> str | None:
    """The Tweede Kamer page of a zaak, when its number is known."""
    zaak = case.zaak
    return f"https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?id={zaak}" if zaak else None


def case_row(case: Case, cs: CaseStatus) -> dict[str, Any]:
    qdoc = _questions_doc(case)
    answers = [d for d in case.documents if d.kind == "answers"]
    return {
        "case_key": case.key, "zaak": case.zaak,
        "questions_publication": qdoc.publication if qdoc else None,
        "questions_document_number": qdoc.document_number if qdoc else None,
        "answer_publications": [_doc_id(d) for d in answers],
        "subject": case.subject, "submitted": _iso(cs.submitted), "due": _iso(cs.due), "status": cs.status,
        "postponed": cs.postponed, "promised": _iso(cs.promised), "answered": _iso(cs.answered),
        "withdrawn": _iso(cs.withdrawn), "days_taken": cs.days_taken, "days_waiting": cs.days_waiting,
        "days_overdue": cs.days_overdue, "on_time": cs.on_time, "lead_ministry": cs.lead_ministry,
        "ministries": cs.ministries, "addressees": list(case.addressees),
        "askers": [a.name for a in cs.askers], "parties_written": [a.party_written or "" for a in cs.askers],
        "parties": [a.party or "" for a in cs.askers],
        "requested_dates": [_iso(r.date) or (r.event or "") for r in cs.requested],
        "question_count": len(case.questions), "url": case_url(case),
    }


def question_rows(case: Case) -> list[dict[str, Any]]:
    qdoc = _questions_doc(case)
    return [{"question_id": f"{case.key}#q{q.number}", "case_key": case.key, "zaak": case.zaak,
             "questions_publication": qdoc.publication if qdoc else None, "number": q.number, "text": q.text,
             "footnotes": list(q.footnotes)} for q in case.questions]


def answer_rows(case: Case) -> list[dict[str, Any]]:
    rows = []
    for doc in case.documents:
        if doc.kind != "answers":
            continue
        respondents = [r.role + (f" ({r.name})" if r.name else "") for r in doc.respondents]
        for i, a in enumerate(doc.answers, start=1):
            rows.append({"answer_id": f"{_doc_id(doc)}#a{i}", "case_key": case.key, "zaak": case.zaak,
                         "publication": doc.publication, "document_number": doc.document_number,
                         "supplementary": doc.supplementary, "received": doc.received,
                         "questions": list(a.questions), "text": a.text, "footnotes": list(a.footnotes),
                         "respondents": respondents})
    return rows


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def export_tables(store: Store, today: date | str, flt: CaseFilter | None = None) -> dict[str, list[dict[str, Any]]]:
    """The three tables (cases, questions, answers) of the cases matching ``flt``, as lists of rows."""
    tables: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    for cs in case_statuses(store, today, flt):
        case = store.get_case(cs.key)
        if case is None:
            continue
        full = case_status(case, today)  # with requested dates from the question texts
        tables["cases"].append(case_row(case, full))
        tables["questions"].extend(question_rows(case))
        tables["answers"].extend(answer_rows(case))
    return tables


def _columns(table: str) -> list[str]:
    return {"cases": CASE_COLUMNS, "questions": QUESTION_COLUMNS, "answers": ANSWER_COLUMNS}[table]


def write_csv(rows: list[dict[str, Any]], columns: list[str], path: Path) -> None:
    """CSV (UTF-8, header row); list values joined with " | "."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: (" | ".join(str(x) for x in v) if isinstance(v, list) else v)
                             for k, v in row.items()})


def write_jsonl(rows: list[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def _arrow_schema(table: str) -> Any:
    import pyarrow as pa

    types: dict[str, Any] = {
        "days_taken": pa.int32(), "days_waiting": pa.int32(), "days_overdue": pa.int32(),
        "question_count": pa.int32(), "number": pa.int32(), "postponed": pa.bool_(), "on_time": pa.bool_(),
        "supplementary": pa.bool_(), "footnotes": pa.list_(pa.int32()), "questions": pa.list_(pa.int32()),
    }
    fields = []
    for col in _columns(table):
        if col in types:
            fields.append(pa.field(col, types[col]))
        elif col in _LIST_COLUMNS:
            fields.append(pa.field(col, pa.list_(pa.string())))
        else:
            fields.append(pa.field(col, pa.string()))
    return pa.schema(fields)


def write_parquet(rows: list[dict[str, Any]], table: str, path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _arrow_schema(table)
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)


def write_export(store: Store, fmt: str, out: str | Path, today: date | str,
                 flt: CaseFilter | None = None) -> list[Path]:
    """Write ``cases``, ``questions`` and ``answers`` in ``fmt`` (csv, jsonl, parquet) into folder ``out``,
    or, for ``ics``, the calendar of open cases' due dates into file ``out``. Returns the files written."""
    if fmt not in FORMATS:
        raise UserError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}.")
    target = Path(out)
    if fmt == "ics":
        if target.is_dir():
            target = target / "kamervragen.ics"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(due_calendar(store, today, flt))
        return [target]
    target.mkdir(parents=True, exist_ok=True)
    tables = export_tables(store, today, flt)
    written = []
    for table in TABLES:
        path = target / f"{table}.{fmt}"
        if fmt == "csv":
            write_csv(tables[table], _columns(table), path)
        elif fmt == "jsonl":
            write_jsonl(tables[table], path)
        else:
            write_parquet(tables[table], table, path)
        written.append(path)
    return written


def due_calendar(store: Store, today: date | str, flt: CaseFilter | None = None,
                 cases: Iterable[CaseStatus] | None = None) -> bytes:
    """An iCalendar of the due dates of open cases (an all-day event per case on its due date)."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//Kamervragen//procedure clock//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Kamervragen: uiterste antwoorddata")
    stamp = datetime.now(UTC).replace(microsecond=0)
    rows = cases if cases is not None else case_statuses(store, today, flt)
    for cs in rows:
        if not cs.is_open or cs.due is None:
            continue
        ev = Event()
        ev.add("uid", f"{cs.key}@kamervragen")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", cs.due)
        ev.add("summary", f"Antwoord verwacht {cs.zaak or cs.key}: {cs.subject or ''}".strip())
        lines = [f"Zaak: {cs.zaak or cs.key}", f"Status: {cs.status}", f"Ingezonden: {_iso(cs.submitted)}",
                 f"Gericht aan: {'; '.join(cs.addressees)}"]
        if cs.promised:
            lines.append(f"Toegezegde datum: {cs.promised.isoformat()}")
        lines.append(f"Vragenstellers: {'; '.join(f'{a.name} ({a.party_written})' if a.party_written else a.name for a in cs.askers)}")
        ev.add("description", "\n".join(lines))
        if cs.lead_ministry:
            ev.add("categories", [cs.lead_ministry])
        url = case_url(cs)
        if url:
            ev.add("url", url)
        cal.add_component(ev)
    return cal.to_ical()
