"""Cases with their procedure clock, normalised askers and ministries, and the filters every list uses.

The CLI (``kamervragen status``), the API and the web pages call ``case_statuses`` / ``open_cases`` /
``case_clock_json`` with a store and a ``CaseFilter`` and format the plain data they return.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kamervragen.errors import UserError
from kamervragen.model import Answer, Case, CaseSummary, StoredDocument
from kamervragen.procedure.clock import OPEN_STATUSES, STATUSES, Clock, as_date, compute_clock
from kamervragen.procedure.normalise import (
    _key,
    _ministry_tables,
    ministry_by_code,
    ministry_records_of,
    normalise_member,
    normalise_party,
)
from kamervragen.procedure.requested import RequestedDate, requested_in_questions
from kamervragen.store.base import Store


@dataclass
class AskerInfo:
    name: str  # as written
    member: str  # normalised for grouping
    party_written: str | None
    party: str | None  # the party at the time of the question (mergers applied)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "member": self.member, "party_written": self.party_written,
                "party": self.party}


@dataclass
class CaseStatus:
    """One case on a given day: identity, who asked whom, and the clock."""

    key: str
    zaak: str | None
    subject: str | None
    submitted: date | None
    askers: list[AskerInfo]
    addressees: list[str]
    ministries: list[str]
    lead_ministry: str | None
    lead_ministry_today: str | None  # the ministry that carries the lead one's task on today (lineage)
    status: str
    due: date | None
    clock: Clock | None  # None when the submitted date is unknown
    postponed: bool
    promised: date | None
    answered: date | None
    withdrawn: date | None
    days_taken: int | None
    days_waiting: int | None
    days_overdue: int | None
    on_time: bool | None
    requested: list[RequestedDate] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def year(self) -> int | None:
        return self.submitted.year if self.submitted else None

    @property
    def parties(self) -> list[str]:
        return list(dict.fromkeys(a.party for a in self.askers if a.party))

    @property
    def members(self) -> list[str]:
        return list(dict.fromkeys(a.member for a in self.askers))

    def to_json(self) -> dict[str, Any]:
        def iso(d: date | None) -> str | None:
            return d.isoformat() if d else None

        return {
            "key": self.key, "zaak": self.zaak, "subject": self.subject, "submitted": iso(self.submitted),
            "askers": [a.to_json() for a in self.askers], "addressees": self.addressees,
            "ministries": self.ministries, "lead_ministry": self.lead_ministry,
            "lead_ministry_today": self.lead_ministry_today,
            "status": self.status, "due": iso(self.due),
            "original_due": iso(self.clock.original_due) if self.clock else None,
            "postponed": self.postponed, "promised": iso(self.promised), "answered": iso(self.answered),
            "withdrawn": iso(self.withdrawn), "days_taken": self.days_taken,
            "days_waiting": self.days_waiting, "days_overdue": self.days_overdue, "on_time": self.on_time,
            "requested": [r.to_json() for r in self.requested], "flags": self.flags,
        }


def summarise_case(case: Case) -> CaseSummary:
    """The lightweight summary of a full case (the same fields ``Store.iter_cases`` gives)."""
    summary = CaseSummary(key=case.key, zaak=case.zaak, subject=case.subject, submitted=case.submitted,
                          askers=list(case.askers), addressees=list(case.addressees),
                          document_count=len(case.documents), flags=[f.flag for f in case.flags])
    for doc in case.documents:
        if doc.kind == "questions":
            summary.has_questions_document = True
        elif doc.kind == "answers":
            summary.respondents.extend(doc.respondents)
            (summary.supplementary_answered if doc.supplementary else summary.answered).append(doc.received or "")
        elif doc.kind == "postponement":
            summary.respondents.extend(doc.respondents)
            summary.postponed.append(doc.received or doc.submitted or "")
            if doc.promised_date:
                summary.promised_dates.append(doc.promised_date)
        elif doc.kind == "withdrawal":
            summary.withdrawn = doc.received or doc.submitted or ""
    summary.removed = bool(case.documents) and all(d.removed for d in case.documents)
    return summary


def _first(dates: Iterable[str | None]) -> tuple[date | None, bool]:
    """(earliest known date, whether any entry exists at all)."""
    values = list(dates)
    known = sorted(d for d in (as_date(v) for v in values) if d is not None)
    return (known[0] if known else None), bool(values)


def case_status(case: CaseSummary | Case, today: date | str, questions: list[Any] | None = None) -> CaseStatus:
    """The status of one case on ``today``. ``questions`` (or a full ``Case``) adds requested dates."""
    if isinstance(case, Case):
        questions = case.questions if questions is None else questions
        summary = summarise_case(case)
    else:
        summary = case
    now = as_date(today)
    assert now is not None
    submitted = as_date(summary.submitted)
    answered, has_answer = _first(summary.answered)
    if not has_answer and summary.supplementary_answered:  # only a "nader" answer is known
        answered, has_answer = _first(summary.supplementary_answered)
    withdrawn, has_withdrawal = _first([summary.withdrawn] if summary.withdrawn is not None else [])
    promised, _ = _first(summary.promised_dates)
    # undated notices count as received on submission (see compute_clock)
    postponements = [p or None for p in summary.postponed]

    askers = []
    for a in summary.askers:
        party = normalise_party(a.party, submitted)
        askers.append(AskerInfo(a.name, normalise_member(a.name), a.party, party.name))
    records = ministry_records_of(summary.addressees, submitted)
    if not records:  # an answer page without the questions' opening: who answered
        lead = [r.role for r in summary.respondents if not r.on_behalf]
        records = ministry_records_of(lead + [r.role for r in summary.respondents if r.on_behalf], submitted)
    ministries = [m.name for m in records]
    lineage = ministry_by_code(records[0].lineage) if records else None
    requested = requested_in_questions(questions or [], submitted)

    clock = None
    if submitted is not None:
        clock = compute_clock(submitted, today=now, postponements=postponements, promised=promised,
                              answered=answered, withdrawn=withdrawn)
    status: str
    if clock is not None and not clock.is_open:
        status = clock.status
    elif has_withdrawal and withdrawn is None:
        status = "withdrawn"  # withdrawn, but when is unknown
    elif has_answer and answered is None:
        status = "answered"  # answered, but when is unknown: neither on time nor late
    elif clock is not None:
        status = clock.status
    elif has_withdrawal and withdrawn is not None and withdrawn <= now:
        status = "withdrawn"
    elif has_answer and answered is not None and answered <= now:
        status = "answered"
    else:
        status = "open"
    dated = clock is not None and status == clock.status
    return CaseStatus(
        key=summary.key, zaak=summary.zaak, subject=summary.subject, submitted=submitted, askers=askers,
        addressees=list(summary.addressees), ministries=ministries,
        lead_ministry=ministries[0] if ministries else None,
        lead_ministry_today=lineage.name if lineage else None, status=status,
        due=clock.due if clock else None, clock=clock,
        postponed=clock.postponed if clock else bool(summary.postponed),
        promised=clock.promised if clock else promised,
        answered=answered if answered and answered <= now else None,
        withdrawn=withdrawn if withdrawn and withdrawn <= now else None,
        days_taken=clock.days_taken if dated and clock else None,
        days_waiting=clock.days_waiting if dated and clock else None,
        days_overdue=clock.days_overdue if dated and clock else None,
        on_time=clock.on_time if dated and clock else None,
        requested=requested, flags=list(summary.flags),
    )


def case_clock_json(case: Case, today: date | str) -> dict[str, Any]:
    """The procedure fields ``kamervragen show ZAAK --json`` carries: status, ``"due": "YYYY-MM-DD"``,
    days, postponement, promised and requested dates, normalised ministries and parties."""
    data = case_status(case, today).to_json()
    for key in ("key", "zaak", "subject", "addressees"):
        data.pop(key, None)
    return data


def answers_of_questions(case: Case) -> tuple[dict[int, list[tuple[StoredDocument, Answer]]],
                                               list[tuple[StoredDocument, Answer]]]:
    """Each question number of the case → the answers given to it (answers before nader antwoorden),
    and the answers that name no question of the case. Documents removed at the source are left out.
    A combined answer is listed under every question it covers. The CLI, the API and the web pages
    all pair questions and answers through this function."""
    numbers = {q.number for q in case.questions}
    by_question: dict[int, list[tuple[StoredDocument, Answer]]] = {n: [] for n in numbers}
    others: list[tuple[StoredDocument, Answer]] = []
    answer_docs = sorted((d for d in case.documents if d.kind == "answers" and not d.removed),
                         key=lambda d: d.supplementary)
    for d in answer_docs:
        for a in d.answers:
            covered = [n for n in a.questions if n in numbers]
            for n in covered:
                by_question[n].append((d, a))
            if not covered:
                others.append((d, a))
    return by_question, others


# --------------------------------------------------------------------------------------------------
# filters
# --------------------------------------------------------------------------------------------------


def resolve_ministry(text: str) -> str:
    """A ministry filter as typed ("BZ", "buitenlandse zaken", "Minister van Financiën") → its name."""
    from kamervragen.procedure.normalise import normalise_office

    by_code, by_name, _ = _ministry_tables()
    if text in by_code:
        return by_code[text].name
    for code, ministry in by_code.items():
        if _key(code) == _key(text):
            return ministry.name
    hits = by_name.get(_key(text))
    if hits:
        return by_code[hits[0][0]].name
    office = normalise_office(text)
    if office.ministry:
        return office.ministry
    raise UserError(f"unknown ministry {text!r}; use a name such as 'Buitenlandse Zaken' or a code such as BZ.")


@dataclass
class CaseFilter:
    """Filters shared by status, stats, exports and feeds. Empty fields do not filter."""

    ministry: str | None = None  # matches any addressed ministry (or only the lead one, ``lead_only``)
    party: str | None = None  # any asker's party, at the time or what it became
    member: str | None = None  # part of an asker's name, case-insensitive
    since: date | None = None  # submitted on or after
    until: date | None = None  # submitted on or before
    statuses: frozenset[str] | None = None
    lead_only: bool = False
    keys: frozenset[str] | None = None  # only these case keys / zaak numbers

    def __post_init__(self) -> None:
        if self.ministry:
            self.ministry = resolve_ministry(self.ministry)
        if self.statuses:
            unknown = set(self.statuses) - set(STATUSES)
            if unknown:
                raise UserError(f"unknown status {sorted(unknown)[0]!r}; use one of {', '.join(STATUSES)}.")
        if self.since and self.until and self.since > self.until:
            raise UserError("--since is after --until.")

    def matches(self, cs: CaseStatus) -> bool:
        if self.keys is not None and cs.key not in self.keys and (cs.zaak or "") not in self.keys:
            return False
        if self.ministry:
            pool = cs.ministries[:1] if self.lead_only else cs.ministries
            if self.ministry not in pool:
                return False
        if self.party:
            wanted = normalise_party(self.party)
            names = {wanted.name, wanted.current}
            have = set()
            for a in cs.askers:
                p = normalise_party(a.party_written, cs.submitted)
                have.update({p.name, p.current})
            if not names & have:
                return False
        if self.member:
            needle = _key(self.member)
            if not any(needle in _key(a.name) for a in cs.askers):
                return False
        if self.since and (cs.submitted is None or cs.submitted < self.since):
            return False
        if self.until and (cs.submitted is None or cs.submitted > self.until):
            return False
        return not (self.statuses and cs.status not in self.statuses)


def iter_case_statuses(store: Store, today: date | str, flt: CaseFilter | None = None) -> Iterator[CaseStatus]:
    """Every case (not removed at its sources, not submitted after ``today``) with its status on
    ``today``, filtered."""
    flt = flt or CaseFilter()
    now = as_date(today)
    for summary in store.iter_cases():
        if summary.removed:
            continue
        cs = case_status(summary, today)
        if cs.submitted is not None and now is not None and cs.submitted > now:
            continue
        if flt.matches(cs):
            yield cs


def case_statuses(store: Store, today: date | str, flt: CaseFilter | None = None) -> list[CaseStatus]:
    """Cases with their status, ordered by submission date (undated last), then key."""
    return sorted(iter_case_statuses(store, today, flt),
                  key=lambda c: (c.submitted is None, c.submitted or date.min, c.key))


def open_cases(store: Store, today: date | str, flt: CaseFilter | None = None,
               overdue_only: bool = False, with_requested: bool = True) -> list[CaseStatus]:
    """Open cases (open, postponed, overdue), earliest due date first. ``with_requested`` reads each
    open case's questions for dates the askers requested ("vóór 23 maart")."""
    wanted = frozenset({"overdue"}) if overdue_only else OPEN_STATUSES
    rows = [c for c in case_statuses(store, today, flt) if c.status in wanted]
    if with_requested:
        for c in rows:
            case = store.get_case(c.key)
            if case is not None:
                c.requested = requested_in_questions(case.questions, c.submitted)
    return sorted(rows, key=lambda c: (c.due is None, c.due or date.max, c.key))
