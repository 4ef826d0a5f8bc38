"""Status of real cases loaded from the sample corpus into the SQLite store."""

from __future__ import annotations

import copy
import re
from datetime import date

from support import FIXTURES

from kamervragen.model import StoredDocument
from kamervragen.procedure.cases import CaseFilter, case_clock_json, case_status, case_statuses, open_cases


def test_seed_zaak_due_three_weeks_after_submission(sample_store):
    case = sample_store.get_case("2024Z01911")
    data = case_clock_json(case, "2024-02-20")
    assert data["submitted"] == "2024-02-07"
    assert data["due"] == "2024-02-28"
    assert data["status"] == "open"
    assert data["days_waiting"] == 13
    assert data["lead_ministry"] == "Financiën"
    assert data["ministries"] == ["Financiën", "Buitenlandse Zaken"]
    assert [a["party"] for a in data["askers"]] == ["VVD"] * 3
    assert case_status(case, "2024-03-01").status == "overdue"


def test_seed_zaak_with_a_postponement_notice_is_due_six_weeks_after(postponed_store):
    case = postponed_store.get_case("2024Z01911")
    assert [d.kind for d in case.documents] == ["questions", "postponement"]
    cs = case_status(case, "2024-03-01")
    assert (cs.status, cs.due, cs.postponed) == ("postponed", date(2024, 3, 20), True)
    assert case_status(case, "2024-03-21").status == "overdue"
    # before the notice arrived (26 February) the case was simply open, due 28 February
    assert case_status(case, "2024-02-25").due == date(2024, 2, 28)


def test_answered_case_gets_its_days_right(sample_store):
    # ob-ah-tk-20132014-557: ingezonden 1 november 2013, ontvangen 19 november 2013
    cs = case_status(sample_store.get_case("ah-tk-20132014-557"), "2026-01-01")
    assert (cs.status, cs.days_taken, cs.on_time, cs.due) == ("answered", 18, True, date(2013, 11, 22))
    # ob-ah-tk-20122013-1558: ingezonden 8 februari 2013, ontvangen 12 maart 2013: 32 days, 11 late
    late = case_status(sample_store.get_case("ah-tk-20122013-1558"), "2026-01-01")
    assert (late.status, late.days_taken, late.days_overdue) == ("answered_late", 32, 11)


def _withdrawal_of_seed() -> StoredDocument:
    """The constructed withdrawal notice (tests/fixtures/procedure/withdrawal-2024Z01911.txt), parsed; the
    parser does not know the withdrawal kind yet, so the kind is set from the fixture's wording."""
    from kamervragen.parse import parse_text

    text = (FIXTURES / "withdrawal-2024Z01911.txt").read_text(encoding="utf-8")
    parsed = parse_text(text, "withdrawal-2024Z01911.txt")
    assert "zijn ingetrokken" in text
    received = parsed.received
    if received is None:
        m = re.search(r"\(ontvangen (\d+) februari (\d{4})\)", text)
        received = f"{m.group(2)}-02-{int(m.group(1)):02d}"
    return StoredDocument(id=-1, key="constructed:withdrawal", case_key="2024Z01911", zaak=parsed.zaak,
                          kind="withdrawal", submitted=parsed.submitted, received=received)


def test_withdrawal_closes_the_case(sample_store):
    case = copy.deepcopy(sample_store.get_case("2024Z01911"))
    case.documents.append(_withdrawal_of_seed())
    assert case_status(case, "2024-02-19").status == "open"
    cs = case_status(case, "2024-06-01")
    assert (cs.status, cs.withdrawn, cs.days_taken, cs.is_open) == ("withdrawn", date(2024, 2, 20), 13, False)


def test_requested_date_from_a_real_question(sample_store):
    # kv-tk-2023Z05053: "Kunt u deze vragen beantwoorden voorafgaand aan het commissiedebat van 5 april a.s."
    data = case_clock_json(sample_store.get_case("2023Z05053"), "2023-03-24")
    assert [r["date"] for r in data["requested"]] == ["2023-04-05"]


def test_filters(sample_store):
    today = "2026-01-01"
    bz = case_statuses(sample_store, today, CaseFilter(ministry="BZ"))
    assert bz and all("Buitenlandse Zaken" in c.ministries for c in bz)
    vvd = case_statuses(sample_store, today, CaseFilter(party="VVD", since=date(2024, 1, 1)))
    assert "2024Z01911" in {c.key for c in vvd}
    assert all(c.submitted >= date(2024, 1, 1) for c in vvd)
    member = case_statuses(sample_store, today, CaseFilter(member="michon"))
    assert [c.key for c in member] == ["2024Z01911"]
    # GroenLinks-PvdA includes PvdA and GroenLinks questions (what they became)
    glpvda = {c.key for c in case_statuses(sample_store, today, CaseFilter(party="GroenLinks-PvdA"))}
    assert glpvda >= {c.key for c in case_statuses(sample_store, today, CaseFilter(party="GL"))}
    open_now = open_cases(sample_store, "2024-02-20")
    assert "2024Z01911" in {c.key for c in open_now}
    assert all(c.is_open for c in open_now)


def test_answers_of_questions_pairs_as_every_view_shows_them():
    """Answers before nader antwoorden, a combined answer under each question it covers, an answer to no
    question of the case apart, a document removed at the source left out (CLI, API and web alike)."""
    from kamervragen.model import Answer, Case, Question
    from kamervragen.procedure.cases import answers_of_questions

    def doc(i, supplementary=False, removed=False, answers=()):
        return StoredDocument(id=i, key=f"k{i}", case_key="2024Z00001", zaak="2024Z00001", kind="answers",
                              supplementary=supplementary, removed=removed, answers=list(answers))

    nader = doc(2, supplementary=True, answers=[Answer([1], "Nader antwoord op 1.")])
    first = doc(1, answers=[Answer([1], "Antwoord 1."), Answer([2, 3], "Antwoord 2 en 3."), Answer([9], "Los.")])
    gone = doc(3, removed=True, answers=[Answer([1], "Ingetrokken.")])
    case = Case(key="2024Z00001", zaak="2024Z00001", questions=[Question(n, f"Vraag {n}?") for n in (1, 2, 3)],
                documents=[nader, first, gone])
    by_question, others = answers_of_questions(case)
    assert {n: [a.text for _, a in pairs] for n, pairs in by_question.items()} == {
        1: ["Antwoord 1.", "Nader antwoord op 1."], 2: ["Antwoord 2 en 3."], 3: ["Antwoord 2 en 3."]}
    assert [a.text for _, a in others] == ["Los."]
