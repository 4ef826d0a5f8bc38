"""Exports of the sample corpus round-trip through pyarrow, csv, json and the icalendar parser."""

from __future__ import annotations

import csv
import json
from datetime import date

import pyarrow.parquet as pq
from icalendar import Calendar

from kamervragen.procedure.cases import CaseFilter, open_cases
from kamervragen.procedure.export import export_tables, write_export

TODAY = "2024-02-20"


def test_parquet_round_trip(sample_store, tmp_path):
    tables = export_tables(sample_store, TODAY)
    files = write_export(sample_store, "parquet", tmp_path, TODAY)
    assert [f.name for f in files] == ["cases.parquet", "questions.parquet", "answers.parquet"]
    for name in ("cases", "questions", "answers"):
        back = pq.read_table(tmp_path / f"{name}.parquet").to_pylist()
        assert back == tables[name]
    cases = {r["case_key"]: r for r in tables["cases"]}
    seed = cases["2024Z01911"]
    assert (seed["zaak"], seed["due"], seed["status"], seed["question_count"]) == ("2024Z01911", "2024-02-28", "open", 9)
    assert seed["questions_publication"] is None or seed["questions_publication"].endswith("2024Z01911")
    questions = [r for r in tables["questions"] if r["case_key"] == "2024Z01911"]
    assert [r["question_id"] for r in questions][:2] == ["2024Z01911#q1", "2024Z01911#q2"]
    answer_ids = [r["answer_id"] for r in tables["answers"]]
    assert len(answer_ids) == len(set(answer_ids))
    assert all(r["case_key"] for name in tables for r in tables[name])


def test_jsonl_and_csv_round_trip(sample_store, tmp_path):
    tables = export_tables(sample_store, TODAY)
    write_export(sample_store, "jsonl", tmp_path / "j", TODAY)
    write_export(sample_store, "csv", tmp_path / "c", TODAY)
    for name in ("cases", "questions", "answers"):
        lines = (tmp_path / "j" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        assert [json.loads(x) for x in lines] == tables[name]
        with (tmp_path / "c" / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert len(rows) == len(tables[name])
        key = "question_id" if name == "questions" else "answer_id" if name == "answers" else "case_key"
        assert [r[key] for r in rows] == [r[key] for r in tables[name]]


def test_ics_due_dates_of_open_cases(sample_store, tmp_path):
    files = write_export(sample_store, "ics", tmp_path / "due.ics", TODAY)
    cal = Calendar.from_ical(files[0].read_bytes())
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    expected = {f"{c.key}@kamervragen": c.due for c in open_cases(sample_store, TODAY) if c.due}
    assert set(events) == set(expected)
    seed = events["2024Z01911@kamervragen"]
    assert seed.decoded("dtstart") == date(2024, 2, 28)
    assert "Financiën" in [str(c) for c in seed.get("categories").cats]


def test_ics_ministry_filter(sample_store, tmp_path):
    files = write_export(sample_store, "ics", tmp_path / "bz.ics", "2025-08-01", CaseFilter(ministry="BZ"))
    cal = Calendar.from_ical(files[0].read_bytes())
    uids = {str(e["uid"]) for e in cal.walk("VEVENT")}
    assert uids
    expected = {f"{c.key}@kamervragen" for c in open_cases(sample_store, "2025-08-01", CaseFilter(ministry="BZ"))
                if c.due}
    assert uids == expected
