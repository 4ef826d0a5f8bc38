"""The answer kit as plain data: built from a parsed questions document, its procedure clock, the
requested dates and the citations; rendered by ``markdown`` and ``word``; filled with drafts by ``llm``.

Building is pure (no store, no network), so every input can be given by hand in tests; ``sources``
fetches the inputs from the parser, the store, the clock and search.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from kamervragen.answerkit import layout
from kamervragen.answerkit.cite import Citation, newest_first
from kamervragen.model import ParsedDocument
from kamervragen.procedure import normalise
from kamervragen.procedure.clock import OPEN_STATUSES, Clock, due_date
from kamervragen.procedure.requested import RequestedDate

DRAFT_MARK = "CONCEPT"


@dataclass
class Draft:
    """A drafted answer from a language model: paragraphs, each ending in its citations."""

    paragraphs: list[str]
    citations: list[Citation]
    model: str


@dataclass
class KitQuestion:
    number: int
    text: str
    footnotes: list[int] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    requested: list[RequestedDate] = field(default_factory=list)


@dataclass
class AnswerGroup:
    """One "Antwoord N" (or "Antwoord 2 en 3") of the skeleton, empty or drafted."""

    questions: list[int]
    draft: Draft | None = None

    @property
    def heading(self) -> str:
        return "Antwoord " + layout.join_nl([str(n) for n in self.questions])

    def citations(self, kit: AnswerKit) -> list[Citation]:
        seen: dict[tuple[str, int | None], Citation] = {}
        for q in kit.questions:
            if q.number in self.questions:
                for c in q.citations:
                    seen.setdefault((c.identifier, c.question), c)
        return newest_first(seen.values())


@dataclass
class AnswerKit:
    document: ParsedDocument
    today: date
    opening: str
    lead_office: str | None
    lead_ministry: str | None
    on_behalf: list[str]
    answer_opening: str
    postponement_opening: str
    postponement: str
    questions: list[KitQuestion]
    groups: list[AnswerGroup]
    clock: Clock | None = None
    #: the case's status on ``today`` (``procedure.cases.case_status``) for a stored case; it knows an
    #: answer whose date is unknown, which the clock cannot count
    case_status: str | None = None
    notices: list[str] = field(default_factory=list)  # what went wrong or was left out, in Dutch

    @property
    def title(self) -> str:
        doc = self.document
        return doc.zaak or doc.publication or doc.document_number or Path(doc.source).stem or "vragen"

    @property
    def status(self) -> str | None:
        """open, postponed, overdue, answered, answered_late or withdrawn; None without a clock or case."""
        return self.case_status or (self.clock.status if self.clock else None)

    @property
    def days_left(self) -> int | None:
        """Days from today to the due date (negative: that many days late); None once the case is closed."""
        if self.clock is None or self.status not in OPEN_STATUSES:
            return None
        return (self.clock.due - self.today).days

    @property
    def postponed_due(self) -> date | None:
        """The due date after a postponement notice (six weeks after submission)."""
        return None if self.clock is None else due_date(self.clock.submitted, postponed=True)

    @property
    def postponement_intro(self) -> str:
        """When to send the notice, or that one was sent already."""
        if self.clock is not None and self.clock.postponed_on is not None:
            return (f"Er is al een uitstelbericht ontvangen op {layout.dutch_date(self.clock.postponed_on)}; "
                    "de termijn is daarmee zes weken na inzending. De tekst staat hieronder ter vergelijking.")
        return ("Te versturen als de vragen niet binnen drie weken beantwoord kunnen worden; de termijn "
                "wordt dan zes weken na inzending.")

    @property
    def has_drafts(self) -> bool:
        return any(g.draft for g in self.groups)

    def question(self, number: int) -> KitQuestion:
        return next(q for q in self.questions if q.number == number)

    def to_json(self) -> dict[str, Any]:
        doc = self.document
        return {
            "zaak": doc.zaak,
            "subject": doc.subject,
            "submitted": doc.submitted,
            "today": self.today.isoformat(),
            "askers": [{"name": a.name, "party": a.party} for a in doc.askers],
            "addressees": list(doc.addressees),
            "lead_office": self.lead_office,
            "lead_ministry": self.lead_ministry,
            "clock": self.clock.to_json() if self.clock else None,
            "status": self.status,
            "days_left": self.days_left,
            "postponed_due": self.postponed_due.isoformat() if self.postponed_due else None,
            "opening": self.opening,
            "answer_opening": self.answer_opening,
            "questions": [
                {"number": q.number, "text": q.text, "footnotes": q.footnotes,
                 "requested": [r.to_json() for r in q.requested],
                 "citations": [c.to_json() for c in q.citations]}
                for q in self.questions
            ],
            "answers": [
                {"questions": g.questions, "heading": g.heading,
                 "draft": None if g.draft is None else {
                     "model": g.draft.model, "paragraphs": g.draft.paragraphs,
                     "citations": [c.label for c in g.draft.citations]}}
                for g in self.groups
            ],
            "footnotes": [{"number": f.number, "text": f.text} for f in doc.footnotes],
            "postponement": {"opening": self.postponement_opening, "text": self.postponement},
            "notices": list(self.notices),
        }


def check_groups(numbers: Sequence[int], combine: Sequence[Sequence[int]]) -> list[AnswerGroup]:
    """One group per question, except the combinations asked for (``[[2, 3]]`` → "Antwoord 2 en 3").

    Raises ValueError when a combination names an unknown question or a question twice."""
    known = list(numbers)
    where: dict[int, int] = {}
    for i, combo in enumerate(combine):
        for n in combo:
            if n not in known:
                raise ValueError(f"question {n} is not in the document")
            if n in where:
                raise ValueError(f"question {n} is combined twice")
            where[n] = i
    groups: list[AnswerGroup] = []
    done: set[int] = set()
    for n in known:
        if n in done:
            continue
        if n in where:
            members = sorted(combine[where[n]], key=known.index)
            groups.append(AnswerGroup(list(members)))
            done.update(members)
        else:
            groups.append(AnswerGroup([n]))
            done.add(n)
    return groups


def build_kit(
    doc: ParsedDocument,
    *,
    today: date,
    clock: Clock | None = None,
    citations: Mapping[int, Sequence[Citation]] | None = None,
    requested: Sequence[RequestedDate] = (),
    lead_office: str | None = None,
    lead_ministry: str | None = None,
    combine: Sequence[Sequence[int]] = (),
    reason: str | None = None,
    answerer: str | None = None,
    case_status: str | None = None,
) -> AnswerKit:
    """The kit for one questions document.

    - ``clock``: the procedure clock of the zaak (``procedure.clock.compute_clock``); None leaves the
      due date out (a document without an "ingezonden" date).
    - ``requested``: answer-before dates found in the questions (``procedure.requested``); those without
      a question number are shown with the first question.
    - ``citations``: per question number, the earlier questions/answers to cite (any order: shown
      newest first).
    - ``lead_office``: the office that answers (default: the first addressee); the other addressees
      become "mede namens". ``lead_ministry``: its ministry (default: ``procedure.normalise``).
    - ``combine``: question numbers answered together ("Antwoord 2 en 3").
    - ``reason``: the reason for the postponement notice (else a placeholder to fill in).
    - ``answerer``: the name of the office holder who answers (else a placeholder).
    - ``case_status``: the stored case's status (``procedure.cases.case_status``), if there is one.
    """
    if not doc.questions:
        raise ValueError("the document holds no questions to answer")
    office = lead_office or (doc.addressees[0] if doc.addressees else None)
    others = [a for a in doc.addressees if a != office]
    by_q: dict[int, list[RequestedDate]] = {}
    for r in requested:
        by_q.setdefault(r.question or doc.questions[0].number, []).append(r)
    cites = citations or {}
    questions = [
        KitQuestion(q.number, q.text, list(q.footnotes), newest_first(cites.get(q.number, ())),
                    by_q.get(q.number, []))
        for q in doc.questions
    ]
    opening = layout.opening_sentence(doc)
    return AnswerKit(
        document=doc,
        today=today,
        opening=opening,
        lead_office=office,
        lead_ministry=lead_ministry or (normalise.lead_ministry([office], doc.submitted) if office else None),
        on_behalf=others,
        answer_opening=layout.answer_opening(office, others, name=answerer),
        postponement_opening=layout.answer_opening(office, others, name=answerer, word="Mededeling"),
        postponement=layout.postponement_text(doc, reason=reason),
        questions=questions,
        groups=check_groups([q.number for q in doc.questions], combine),
        clock=clock,
        case_status=case_status,
    )
