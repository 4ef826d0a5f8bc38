"""Where the kit's inputs come from: the parser (a file), the store (a zaak), the procedure clock,
the requested dates, and earlier answers (search, or a scan of the store).

Everything here only gathers; ``kit.build_kit`` does the work, so it can be tested by hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path

from kamervragen.answerkit.cite import Citation, newest_first, rank_for_questions
from kamervragen.answerkit.kit import AnswerKit, build_kit
from kamervragen.errors import UserError
from kamervragen.model import Case, ParsedDocument, ParseError, StoredDocument
from kamervragen.procedure.cases import case_status
from kamervragen.procedure.clock import Clock, as_date, compute_clock
from kamervragen.procedure.normalise import normalise_office
from kamervragen.procedure.requested import RequestedDate, requested_in_questions
from kamervragen.store.base import Store

ANSWER_PUB_RE = re.compile(r"\bah-tk-[0-9]{8}-[0-9]+\b")
ZAAK_RE = re.compile(r"^\d{4}Z\d{5}$")
CASE_KEY_RE = re.compile(r"^(?:\d{4}Z\d{5}|\d{4}D\d{5}|L\w+|(?:ah|kv)-[\w-]+)$")


def parse_file(path: Path) -> ParsedDocument:
    """Parse a questions document (or any document that repeats the questions) from a file."""
    from kamervragen.parse import parse_bytes

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"{path} cannot be read ({exc.strerror or exc}).") from exc
    try:
        doc = parse_bytes(data, source=str(path))
    except ParseError as exc:
        raise UserError(f"{path}: {exc}") from exc
    if not doc.questions:
        raise UserError(f"{path} holds no questions to answer.")
    return doc


def case_document(case: Case) -> ParsedDocument:
    """The questions of a stored case as a ParsedDocument (footnotes from the document the questions
    came from: the questions document when stored, else the first that repeats them)."""
    if not case.questions:
        raise UserError(f"The case {case.key} holds no questions to answer.")
    with_questions = [d for d in case.documents if d.questions and not d.removed]
    source = next((d for d in with_questions if d.kind == "questions"), with_questions[0] if with_questions else None)
    return ParsedDocument(
        source=case.key, kind="questions", zaak=case.zaak, subject=case.subject, submitted=case.submitted,
        askers=list(case.askers), addressees=list(case.addressees), questions=list(case.questions),
        footnotes=list(source.footnotes) if source else [],
        publication=source.publication if source and source.kind == "questions" else None,
        document_number=source.document_number if source and source.kind == "questions" else None,
    )


def load_target(target: str, store: Store | None) -> tuple[ParsedDocument, Case | None]:
    """``FILE`` (parsed) or a case key (``2024Z01911``, ``ah-tk-…``, ``2024D…``) read from the store."""
    path = Path(target)
    if path.is_file():
        return parse_file(path), None
    if not CASE_KEY_RE.match(target):
        raise UserError(f"{target} is neither a file nor a zaak number (like 2024Z01911).")
    if store is None:
        raise UserError(f"{target} is not a file, and there is no database to read the zaak from (--db).")
    case = store.get_case(target)
    if case is None:
        raise UserError(f"The database has no zaak {target}.")
    return case_document(case), case


def clock_for(doc: ParsedDocument, today: date) -> Clock | None:
    """The procedure clock on ``today`` of a file not in the store: a file that is itself a postponement
    notice, an answer or a withdrawal counts as one. None without a submitted date. A stored case's clock
    is the procedure's own (``procedure.cases.case_status``), as ``show`` and the web pages give it."""
    if not doc.submitted:
        return None
    notice = doc.kind == "postponement"
    answered = doc.received if doc.kind == "answers" and not doc.supplementary else None
    return compute_clock(doc.submitted, today=today, postponements=[doc.received] if notice else [],
                         promised=doc.promised_date if notice else None, answered=answered,
                         withdrawn=doc.received if doc.kind == "withdrawal" else None)


def answerer_for(doc: ParsedDocument, case: Case | None = None) -> str | None:
    """The name of whoever already answered or sent a notice in this case for the lead (first
    addressed) office, e.g. from a postponement notice; None when no document of the case names them."""
    if not doc.addressees:
        return None
    lead = normalise_office(doc.addressees[0], doc.submitted)
    documents: list[StoredDocument | ParsedDocument] = list(case.documents) if case else [doc]
    for d in sorted(documents, key=lambda d: d.received or "", reverse=True):
        for r in d.respondents:
            if r.on_behalf or not r.name:
                continue
            office = normalise_office(r.role, d.received or doc.submitted)
            if office.ministry_code == lead.ministry_code and office.role == lead.role:
                return r.name
    return None


def requested_for(doc: ParsedDocument) -> list[RequestedDate]:
    return requested_in_questions(doc.questions, as_date(doc.submitted))


def answer_identifier(d: StoredDocument | ParsedDocument, zaak: str | None) -> str | None:
    """The public identifier to cite an answer by: its own (``ah-tk-…``), else one it links to as its
    answer source (openkamer's "Bron antwoord"), else the questions' ``kv-tk-<zaak>``."""
    if d.publication:
        return d.publication
    for ref in d.references:
        m = ANSWER_PUB_RE.search(ref)
        if m:
            return m.group(0)
    return f"kv-tk-{zaak}" if zaak else None


def citations_of(d: StoredDocument | ParsedDocument, questions: Sequence | None = None,
                 zaak: str | None = None) -> list[Citation]:
    """One citation per answered question of an answers document (a combined answer is cited under
    each question it answers)."""
    if d.kind != "answers" or not d.answers:
        return []
    zaak = zaak or d.zaak
    identifier = answer_identifier(d, zaak)
    if identifier is None:
        return []
    texts = {q.number: q.text for q in (questions or d.questions)}
    out = []
    for a in d.answers:
        for n in a.questions:
            out.append(Citation(identifier=identifier, question=n, question_text=texts.get(n, ""),
                                answer_text=a.text, date=d.received or d.submitted, zaak=zaak,
                                subject=d.subject))
    return [c for c in out if c.question_text]


def candidates_from_cases(cases: Iterable[Case]) -> list[Citation]:
    """Every answered question of the given cases."""
    out: list[Citation] = []
    for case in cases:
        for d in case.documents:
            if not d.removed:
                out.extend(citations_of(d, d.questions or case.questions, case.zaak))
    return out


def question_identifier(d: StoredDocument, zaak: str | None) -> str | None:
    """The public identifier of an (unanswered) earlier questions document: its own, else ``kv-tk-<zaak>``."""
    return d.publication or d.hints.publication or (f"kv-tk-{zaak}" if zaak else None)


def citations_from_similar(store: Store, per_question: Mapping[int, Sequence], k: int,
                           exclude: str | None = None) -> dict[int, list[Citation]]:
    """``search.similar`` results (``SimilarQuestion``: case, number, question, answer, document ids) as
    citations: an answered question is cited by its answer document (``ah-tk-…``), an unanswered one by
    its questions document (``kv-tk-…``). Keeps search's best ``k`` per question, shown newest first."""
    docs: dict[int, StoredDocument | None] = {}

    def document(document_id: int | None) -> StoredDocument | None:
        if document_id is None:
            return None
        if document_id not in docs:
            docs[document_id] = store.get_document(document_id)
        return docs[document_id]

    out: dict[int, list[Citation]] = {}
    for number, hits in per_question.items():
        chosen: dict[tuple[str, int | None], Citation] = {}
        for hit in hits:
            if len(chosen) >= k:
                break
            if exclude and hit.case_key == exclude:
                continue
            zaak = hit.case_key if ZAAK_RE.match(hit.case_key) else None
            answer_doc = document(hit.answer_document_id) if hit.answer else None
            if answer_doc is not None:
                identifier = answer_identifier(answer_doc, zaak or answer_doc.zaak)
                when = answer_doc.received or hit.date
            else:
                own = document(hit.document_id)
                identifier = question_identifier(own, zaak or own.zaak) if own else None
                when = hit.date
            if identifier is None:
                continue
            chosen.setdefault((identifier, hit.number), Citation(
                identifier=identifier, question=hit.number, question_text=hit.question or "",
                answer_text=hit.answer or "", date=when, zaak=zaak, score=round(hit.score, 4),
                subject=(answer_doc.subject if answer_doc else None)))
        out[number] = newest_first(chosen.values())
    return out


def scan_citations(store: Store, doc: ParsedDocument, k: int) -> dict[int, list[Citation]]:
    """Without the search index (a backend that has none yet): rank every earlier answered question of
    the store against each question (``cite.rank_for_questions``). Reads every case: small stores only."""
    before = doc.submitted
    keys = [c.key for c in store.iter_cases()
            if c.answered and c.key != doc.zaak and c.key != doc.source and (before is None or not c.submitted or c.submitted < before)]
    cases = [c for c in (store.get_case(key) for key in keys) if c is not None]
    candidates = candidates_from_cases(cases)
    if before:
        candidates = [c for c in candidates if not c.date or c.date <= before]
    return rank_for_questions([(q.number, q.text) for q in doc.questions], candidates, k=k)


def find_citations(store: Store, doc: ParsedDocument, k: int = 3,
                   case_key: str | None = None) -> dict[int, list[Citation]]:
    """Per question, the ``k`` most relevant earlier questions and answers (before the document's
    submission), newest first: from ``search.similar.find_similar``, or a scan where the store has no
    search index. ``case_key``: the stored case of the document (never cited; needed for cases whose
    zaak number is unknown)."""
    if k <= 0:
        return {q.number: [] for q in doc.questions}
    try:
        from kamervragen.search.similar import find_similar

        result = find_similar(store, doc, before=doc.submitted, k=max(k, 10))
    except (ImportError, AttributeError, NotImplementedError):
        return scan_citations(store, doc, k)
    cites = citations_from_similar(store, result.per_question, k, exclude=case_key or doc.zaak)
    return {q.number: cites.get(q.number, []) for q in doc.questions}


def gather_kit(target: str | ParsedDocument, store: Store | None, *, today: date, k: int = 3,
               combine: Sequence[Sequence[int]] = (), reason: str | None = None) -> AnswerKit:
    """The kit of a file path, a zaak in the store, or an already parsed document: every input
    gathered (clock, requested dates, citations, answerer) and ``build_kit`` called. Without a store no
    earlier answers are looked up (the kit says so). For the CLI, the API and the web UI alike."""
    if isinstance(target, ParsedDocument):
        if not target.questions:
            raise UserError(f"{target.source} holds no questions to answer.")
        doc, case = target, None
    else:
        doc, case = load_target(target, store)
    citations: dict[int, list[Citation]] = {}
    search_error = None
    if store is not None:
        try:
            citations = find_citations(store, doc, k=k, case_key=case.key if case else None)
        except UserError as exc:  # e.g. the similarity search ran past its time limit
            search_error = str(exc)
    try:
        status = case_status(case, today) if case else None
        kit = build_kit(doc, today=today, clock=status.clock if status else clock_for(doc, today),
                        citations=citations, requested=requested_for(doc), combine=combine, reason=reason,
                        answerer=answerer_for(doc, case), case_status=status.status if status else None)
    except ValueError as exc:
        raise UserError(f"{str(exc)[:1].upper()}{str(exc)[1:]}.") from exc
    if store is None:
        kit.notices.append("Geen database: eerdere antwoorden zijn niet gezocht.")
    if search_error:
        kit.notices.append(f"Eerdere antwoorden konden niet worden gezocht ({search_error})")
    return kit
