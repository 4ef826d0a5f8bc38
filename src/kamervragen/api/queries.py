"""The query functions behind both the REST API and the web pages: each takes a store (or a read
view of it) and plain arguments and returns plain, JSON-ready data. Pages render it with Jinja2, the
API returns it as JSON, so the two always show the same thing.

Everything here calls the public functions of the other stages (``procedure``, ``search``,
``answerkit``, ``parse``); no SQL.
"""

from __future__ import annotations

import base64
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from typing import Any

from kamervragen.api.deps import BadInput, parse_day
from kamervragen.api.messages import dutch
from kamervragen.errors import UserError
from kamervragen.model import Case, ParsedDocument, ParseError, StoredDocument
from kamervragen.procedure.cases import (
    CaseFilter,
    CaseStatus,
    answers_of_questions,
    case_status,
    case_statuses,
)
from kamervragen.procedure.clock import STATUSES, compute_clock
from kamervragen.procedure.stats import answer_times_over_time, group_stats, open_per_ministry

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december")
STATUS_NL = {"open": "open", "postponed": "uitgesteld", "overdue": "te laat", "answered": "beantwoord",
             "answered_late": "te laat beantwoord", "withdrawn": "ingetrokken"}
KIND_NL = {"questions": "vragen", "answers": "antwoorden", "postponement": "uitstelbericht",
           "withdrawal": "intrekking"}
SEARCH_KINDS = ("questions", "answers", "postponement", "withdrawal", "subject", "question", "answer", "footnote")
SEARCH_KIND_NL = {**KIND_NL, "subject": "onderwerp", "question": "vraag", "answer": "antwoord", "footnote": "voetnoot"}
OFFICIAL = "https://zoek.officielebekendmakingen.nl/{}.html"
_PUBLICATION = re.compile(r"^(?:kv|ah|h)-tk-[0-9A-Za-z-]{4,40}$")
_MAX_QUERY = 500
_MAX_FILTER = 200
PAGE_SIZE = 10
MAX_OFFSET = 10_000


def dutch_date(value: date | str | None) -> str:
    """``2024-02-28`` → ``28 februari 2024``; empty for None."""
    if not value:
        return ""
    try:
        d = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def plain_text(value: str, what: str) -> str:
    """``value`` unless it holds control characters (which no name, feed or XML can carry)."""
    if _CONTROL.search(value):
        raise BadInput(f"{what} bevat ongeldige tekens.")
    return value


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def official_url(doc: StoredDocument) -> str | None:
    """The official page of a document (officielebekendmakingen) or its stored source URL (http(s) only)."""
    if doc.publication and _PUBLICATION.match(doc.publication):
        return OFFICIAL.format(doc.publication)
    return safe_url(doc.source_url)


def source_label(url: str | None) -> str:
    """How a source link is named on the pages: "officiële bron" for officielebekendmakingen and the
    Tweede Kamer, else the site's host name."""
    from urllib.parse import urlsplit

    host = urlsplit(url or "").hostname or ""
    if host.endswith(("officielebekendmakingen.nl", "tweedekamer.nl")):
        return "officiële bron"
    return host.removeprefix("www.") or "bron"


def safe_url(url: str | None) -> str | None:
    return url if url and url.startswith(("https://", "http://")) else None


# --------------------------------------------------------------------------------------------------
# small caches: results that are costly and change only when the database changes
# --------------------------------------------------------------------------------------------------


class Memo:
    """A bounded, thread-safe memo of values per key and database generation. A value computed for an
    older generation is still used while it is younger than ``max_stale`` seconds (so a load running in
    the background does not make every request compute it again). Only one thread computes a missing
    value; the others asking for it meanwhile wait for that result."""

    def __init__(self, size: int = 512, max_stale: float = 0.0):
        self.size = size
        self.max_stale = max_stale
        self._data: OrderedDict[Any, tuple[int, float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[Any, threading.Lock] = {}

    def _fresh(self, key: Any, generation: int) -> tuple[bool, Any]:
        entry = self._data.get(key)
        if entry is None:
            return False, None
        gen, at, value = entry
        if gen == generation or time.monotonic() - at < self.max_stale:
            self._data.move_to_end(key)
            return True, value
        return False, None

    def get(self, key: Any, generation: int | None, make: Callable[[], Any]) -> Any:
        if generation is None:
            return make()
        with self._lock:
            found, value = self._fresh(key, generation)
            if found:
                return value
            flight = self._computing.setdefault(key, threading.Lock())
        with flight:
            with self._lock:
                found, value = self._fresh(key, generation)
                if found:
                    return value
            try:
                value = make()
            finally:
                with self._lock:
                    self._computing.pop(key, None)
            with self._lock:
                self._data[key] = (generation, time.monotonic(), value)
                while len(self._data) > self.size:
                    self._data.popitem(last=False)
        return value


#: earlier cases change only when earlier documents arrive: the "eerder gevraagd" panel may be this old
SIMILAR_MAX_AGE = 300.0
#: lists and figures over all cases (home, statistics, groups) may be this old while the
#: database changes
LIST_MAX_AGE = 5.0


_similar_memo = Memo(1024, max_stale=SIMILAR_MAX_AGE)
_status_memo = Memo(16, max_stale=LIST_MAX_AGE)
_facet_memo = Memo(256)


def all_statuses(store: Any, today: date, generation: int | None = None) -> list[CaseStatus]:
    """Every case with its status on ``today`` (memoised per database generation)."""
    return _status_memo.get(("statuses", today), generation, lambda: case_statuses(store, today))


# --------------------------------------------------------------------------------------------------
# cases
# --------------------------------------------------------------------------------------------------


def status_json(cs: CaseStatus) -> dict[str, Any]:
    data = cs.to_json()
    data["status_nl"] = STATUS_NL.get(cs.status, cs.status)
    data["submitted_nl"] = dutch_date(cs.submitted)
    data["due_nl"] = dutch_date(cs.due)
    data["answered_nl"] = dutch_date(cs.answered)
    return data


def case_filter(*, status: str | None = None, ministry: str | None = None, party: str | None = None,
                member: str | None = None, since: str | None = None, until: str | None = None) -> CaseFilter:
    for name, value in (("ministerie", ministry), ("partij", party), ("lid", member)):
        if value is not None and len(value) > _MAX_FILTER:
            raise BadInput(f"Het filter {name} is te lang (hoogstens {_MAX_FILTER} tekens).")
    statuses = None
    if status:
        if status not in STATUSES:
            raise BadInput(f"Status “{status[:40]}” bestaat niet; kies uit {', '.join(STATUSES)}.")
        statuses = frozenset({status})
    try:
        return CaseFilter(ministry=(ministry or "").strip() or None, party=(party or "").strip() or None,
                          member=(member or "").strip() or None, since=parse_day(since, "begindatum"),
                          until=parse_day(until, "einddatum"), statuses=statuses)
    except UserError as exc:
        raise BadInput(str(exc)) from None


def list_cases(store: Any, today: date, flt: CaseFilter, *, limit: int = 50, offset: int = 0,
               generation: int | None = None) -> dict[str, Any]:
    """Cases matching ``flt``, newest first, one page."""
    rows = [c for c in all_statuses(store, today, generation) if flt.matches(c)]
    rows.sort(key=lambda c: (c.submitted or date.min, c.key), reverse=True)
    return {"total": len(rows), "offset": offset, "limit": limit,
            "cases": [status_json(c) for c in rows[offset:offset + limit]]}


def _answer_rows(case: Case) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Each question beside its answer(s); answers that name no question of the case go to ``others``."""
    by_question, unpaired = answers_of_questions(case)
    rows = []
    for q in case.questions:
        answers = []
        for d, a in by_question.get(q.number, []):
            first = min(a.questions)
            answers.append({"text": a.text if first == q.number else None, "refers_to": None if first == q.number else first,
                            "questions": a.questions, "footnotes": a.footnotes, "document_id": d.id,
                            "supplementary": d.supplementary, "received": d.received,
                            "received_nl": dutch_date(d.received)})
        rows.append({"number": q.number, "text": q.text, "footnotes": q.footnotes, "answers": answers})
    others = [{"text": a.text, "questions": a.questions, "footnotes": a.footnotes, "document_id": d.id,
               "supplementary": d.supplementary, "received_nl": dutch_date(d.received)} for d, a in unpaired]
    return rows, others


def document_json(d: StoredDocument) -> dict[str, Any]:
    return {
        "id": d.id, "kind": d.kind, "kind_nl": KIND_NL.get(d.kind, d.kind) + (" (nader)" if d.supplementary else ""),
        "supplementary": d.supplementary, "publication": d.publication, "document_number": d.document_number,
        "identifier": d.publication or d.document_number, "submitted": d.submitted,
        "received": d.received, "submitted_nl": dutch_date(d.submitted), "received_nl": dutch_date(d.received),
        "promised": d.promised_date, "promised_nl": dutch_date(d.promised_date),
        "url": official_url(d), "url_label": source_label(official_url(d)), "source_url": safe_url(d.source_url),
        "source_label": source_label(d.source_url), "removed": d.removed,
        "respondents": [{"role": r.role, "name": r.name, "on_behalf": r.on_behalf} for r in d.respondents],
        "footnotes": [{"number": f.number, "text": f.text} for f in d.footnotes],
        "warnings": list(d.warnings),
    }


def case_view(store: Any, key: str, today: date) -> dict[str, Any] | None:
    """Everything the case page and ``GET /api/cases/{key}`` show: the case, its clock, each question
    beside its answer, footnotes, postponements and documents."""
    if not key or len(key) > 200:
        return None
    case = store.get_case(key)
    if case is None:
        return None
    cs = case_status(case, today)
    rows, others = _answer_rows(case)
    qdoc = next((d for d in case.documents if d.questions and d.kind == "questions"),
                next((d for d in case.documents if d.questions), None))
    docs = [document_json(d) for d in case.documents]
    clock = cs.clock
    return {
        "key": case.key, "zaak": case.zaak, "local": case.local, "subject": case.subject,
        "submitted": case.submitted, "submitted_nl": dutch_date(case.submitted),
        "askers": [a.to_json() for a in cs.askers], "addressees": list(case.addressees),
        "ministries": cs.ministries, "status": cs.status, "status_nl": STATUS_NL.get(cs.status, cs.status),
        "due": iso(cs.due), "due_nl": dutch_date(cs.due),
        "original_due_nl": dutch_date(clock.original_due) if clock else "",
        "postponed": cs.postponed, "promised_nl": dutch_date(cs.promised),
        "answered": iso(cs.answered), "answered_nl": dutch_date(cs.answered),
        "withdrawn_nl": dutch_date(cs.withdrawn),
        "days_taken": cs.days_taken, "days_waiting": cs.days_waiting, "days_overdue": cs.days_overdue,
        "on_time": cs.on_time, "today": today.isoformat(),
        "requested": [r.to_json() for r in cs.requested],
        "flags": [{"flag": f.flag, "detail": f.detail} for f in case.flags],
        "questions": rows, "other_answers": others,
        "question_footnotes": [{"number": f.number, "text": f.text} for f in (qdoc.footnotes if qdoc else [])],
        "question_document_id": qdoc.id if qdoc else None,
        "postponements": [d for d in docs if d["kind"] == "postponement"],
        "documents": docs,
    }


def why_nl(why: Any) -> str:
    """Why an earlier case is similar, in Dutch: shared names and words."""
    parts = []
    if why.entities:
        parts.append("namen: " + ", ".join(why.entities[:6]))
    if why.terms:
        parts.append("woorden: " + ", ".join(why.terms[:8]))
    return "; ".join(parts)


def _similar_json(c: Any) -> dict[str, Any]:
    return dict(c.to_json(), submitted_nl=dutch_date(c.submitted), answered_nl=dutch_date(c.answered), why_nl=why_nl(c.why))


def similar_cases(reader: Any, key: str, *, k: int = 5, generation: int | None = None) -> dict[str, Any]:
    """The "eerder gevraagd" panel: earlier question sets on the same matter, memoised while the database
    is unchanged, and for up to ``SIMILAR_MAX_AGE`` seconds while it changes (a load running in the
    background would otherwise make every case page compute it again)."""
    from kamervragen.search.similar import find_similar

    def make() -> dict[str, Any]:
        try:
            result = find_similar(reader, key, k=k, per_question=False)
        except UserError as exc:
            return {"cases": [], "error": dutch(str(exc))}
        return {"cases": [_similar_json(c) for c in result.cases], "error": None}

    return _similar_memo.get(("case", key, k), generation, make)


def case_questions(store: Any, key: str, today: date) -> list[dict[str, Any]] | None:
    view = case_view(store, key, today)
    return None if view is None else view["questions"]


# --------------------------------------------------------------------------------------------------
# search
# --------------------------------------------------------------------------------------------------


def search_cases(reader: Any, *, q: str = "", date_from: str | None = None, date_to: str | None = None,
                 party: str | None = None, member: str | None = None, ministry: str | None = None,
                 status: str | None = None, kind: str | None = None, sort: str = "relevance",
                 page: int = 1, today: date, generation: int | None = None) -> dict[str, Any]:
    """A search page: hits with snippets (highlight offsets), or, without words, the cases matching
    the filters. ``page`` counts from 1."""
    from kamervragen.search.filters import resolve_filters
    from kamervragen.search.lexical import search

    q = (q or "").strip()
    if len(q) > _MAX_QUERY:
        raise BadInput(f"De zoekvraag is te lang (hoogstens {_MAX_QUERY} tekens).")
    if sort not in ("relevance", "date"):
        raise BadInput("Sorteer op relevance of date.")
    if page < 1 or (page - 1) * PAGE_SIZE > MAX_OFFSET:
        raise BadInput(f"Pagina {page} bestaat niet.")
    if kind and kind not in SEARCH_KINDS:
        raise BadInput(f"Soort “{kind[:40]}” bestaat niet; kies uit {', '.join(SEARCH_KINDS)}.")
    offset = (page - 1) * PAGE_SIZE
    filters = {"date_from": date_from or None, "date_to": date_to or None, "party": party or None,
               "member": member or None, "ministry": ministry or None, "status": status or None,
               "kind": kind or None}
    out: dict[str, Any] = {"q": q, "filters": filters, "sort": sort, "page": page, "hits": [], "more": False,
                           "cases": None, "took_ms": 0.0}
    if not q:
        if kind:
            raise BadInput("Filteren op soort kan alleen met zoekwoorden.")
        flt = case_filter(status=status, ministry=ministry, party=party, member=member, since=date_from, until=date_to)
        if not any((status, ministry, party, member, date_from, date_to)):
            return out
        listed = list_cases(reader, today, flt, limit=PAGE_SIZE, offset=offset, generation=generation)
        out["cases"] = listed["cases"]
        out["total"] = listed["total"]
        out["more"] = listed["total"] > offset + PAGE_SIZE
        return out
    for name, value in (("partij", party), ("lid", member), ("ministerie", ministry)):
        if value and len(value) > _MAX_FILTER:
            raise BadInput(f"Het filter {name} is te lang (hoogstens {_MAX_FILTER} tekens).")
    parse_day(date_from, "begindatum")
    parse_day(date_to, "einddatum")
    try:
        resolved = resolve_filters(date_from=date_from or None, date_to=date_to or None, party=party or None,
                                   member=member or None, ministry=ministry or None, status=status or None,
                                   kind=kind or None, today=today.isoformat())
        result = search(reader, q, resolved, limit=PAGE_SIZE, offset=offset, sort=sort)
    except UserError as exc:
        raise BadInput(f"Deze zoekvraag kan niet worden uitgevoerd: {exc}") from None
    out["more"] = result.more
    out["took_ms"] = round(result.took_ms, 1)
    out["facets"], out["total"] = search_facets(reader, q, resolved, today, generation)
    for hit in result.hits:
        h = hit.to_json()
        h["date_nl"] = dutch_date(hit.date)
        out["hits"].append(h)
    return out


FACET_DOCUMENTS = 2000


def search_facets(reader: Any, q: str, resolved: Any, today: date,
                  generation: int | None) -> tuple[dict[str, list[tuple[str, int]]] | None, int | None]:
    """Counts of the matching cases per year, party, member, ministry and status (over the first
    ``FACET_DOCUMENTS`` matching documents), and how many cases match; (None, None) when the index
    cannot say."""
    from collections import Counter

    from kamervragen.search.query import parse_query, to_fts5

    def make() -> tuple[dict[str, list[tuple[str, int]]] | None, int | None]:
        try:
            match = to_fts5(parse_query(q))
            with reader.transaction() as conn:
                rows = reader.search_documents(conn, match, resolved, limit=FACET_DOCUMENTS)
        except Exception:  # noqa: BLE001 - facets are an extra: the hits are shown without them
            return None, None
        keys = list(dict.fromkeys(r[1] for r in rows))
        by_key = {c.key: c for c in all_statuses(reader, today, generation)}
        for key in [k for k in keys if k not in by_key][:200]:  # newer than the memoised statuses
            case = reader.get_case(key)
            if case is not None:
                by_key[key] = case_status(case, today)
        counts: dict[str, Counter[str]] = {k: Counter() for k in ("year", "party", "member", "ministry", "status")}
        for key in keys:
            c = by_key.get(key)
            if c is None:
                continue
            if c.year:
                counts["year"][str(c.year)] += 1
            counts["party"].update(c.parties)
            counts["member"].update(c.members)
            if c.lead_ministry:
                counts["ministry"][c.lead_ministry] += 1
            counts["status"][c.status] += 1
        facets = {k: (sorted(v.items(), reverse=True) if k == "year" else v.most_common(12)) for k, v in counts.items()}
        return facets, len(keys)

    return _facet_memo.get(("facets", q, repr(resolved), today), generation, make)


# --------------------------------------------------------------------------------------------------
# home, members, parties, ministries, statistics
# --------------------------------------------------------------------------------------------------


def home_view(store: Any, today: date, generation: int | None = None) -> dict[str, Any]:
    rows = all_statuses(store, today, generation)
    dated = [c for c in rows if c.submitted]
    recent_q = sorted(dated, key=lambda c: (c.submitted, c.key), reverse=True)[:10]
    recent_a = sorted((c for c in rows if c.answered), key=lambda c: (c.answered, c.key), reverse=True)[:10]
    return {"today": today.isoformat(), "today_nl": dutch_date(today), "cases": len(rows),
            "open": sum(1 for c in rows if c.is_open), "overdue": sum(1 for c in rows if c.status == "overdue"),
            "recent_questions": [status_json(c) for c in recent_q],
            "recent_answers": [status_json(c) for c in recent_a], "ministries": open_per_ministry(rows)}


GROUP_KINDS = {"member": "lid", "party": "partij", "ministry": "ministerie"}


def group_view(store: Any, kind: str, value: str, today: date, generation: int | None = None) -> dict[str, Any]:
    """A member's, party's or ministry's page: their cases, open and late counts, answer times."""
    if kind not in GROUP_KINDS:
        raise BadInput(f"Onbekende groep {kind[:20]!r}.")
    value = (value or "").strip()
    if not value:
        raise BadInput("Geef een naam.")
    flt = case_filter(**{kind: value})
    rows = [c for c in all_statuses(store, today, generation) if flt.matches(c)]
    rows.sort(key=lambda c: (c.submitted or date.min, c.key), reverse=True)
    g = group_stats(value, rows).to_json()
    return {"kind": kind, "kind_nl": GROUP_KINDS[kind], "name": flt.ministry if kind == "ministry" else value,
            "stats": g, "late": g["answered_late"] + g["overdue"],
            "cases": [status_json(c) for c in rows]}


def stats_view(store: Any, today: date, generation: int | None = None) -> dict[str, Any]:
    """Figures for the statistics page and ``/api/stats``: per ministry, party and year, and the median
    answer time per ministry per year (answer times over time)."""
    from kamervragen.procedure.stats import stats_of

    rows = all_statuses(store, today, generation)
    figures = stats_of(rows, ("ministry", "party", "year"))
    figures["answer_times"] = answer_times_over_time(rows)
    figures["today"] = today.isoformat()
    return figures


# --------------------------------------------------------------------------------------------------
# a new questions document ("Nieuwe vragen"): parsed, due date, similar cases, answer kit; stores nothing
# --------------------------------------------------------------------------------------------------


def parse_upload(data: bytes, source: str = "upload") -> ParsedDocument:
    from kamervragen.parse import parse_bytes

    if not data.strip():
        raise BadInput("Het document is leeg.")
    try:
        return parse_bytes(data, source[:200] or "upload")
    except ParseError as exc:
        raise BadInput(f"Dit is geen document van de procedure: {exc}") from None


def new_questions_view(reader: Any, data: bytes, source: str, today: date) -> dict[str, Any]:
    """The parsed view of a pasted or uploaded document, its due date, similar earlier cases and the
    answer kit as Markdown."""
    from kamervragen.search.similar import find_similar

    parsed = parse_upload(data, source)
    due = None
    if parsed.submitted:
        try:
            due = compute_clock(parsed.submitted, today=max(today, date.fromisoformat(parsed.submitted))).due
        except ValueError:
            due = None
    try:
        sim = find_similar(reader, parsed, k=5, per_question=False)
        similar = [_similar_json(c) for c in sim.cases]
        similar_error = None
    except UserError as exc:
        similar, similar_error = [], str(exc)
    kit_md, kit_error = None, None
    if parsed.questions:
        try:
            kit_md = kit_markdown(reader, parsed, today)
        except UserError as exc:
            kit_error = str(exc)
    return {
        "parsed": parsed.to_json(), "kind_nl": KIND_NL.get(parsed.kind, parsed.kind),
        "submitted_nl": dutch_date(parsed.submitted), "due": iso(due), "due_nl": dutch_date(due),
        "similar": similar, "similar_error": similar_error, "kit_markdown": kit_md, "kit_error": kit_error,
        "data_b64": base64.b64encode(data).decode("ascii"), "source": source,
    }


def _kit(reader: Any, parsed: ParsedDocument, today: date) -> Any:
    from kamervragen.answerkit.sources import gather_kit

    return gather_kit(parsed, reader, today=today)


def kit_markdown(reader: Any, parsed: ParsedDocument, today: date) -> str:
    from kamervragen.answerkit import render_markdown

    return render_markdown(_kit(reader, parsed, today))


def kit_docx(reader: Any, parsed: ParsedDocument, today: date) -> bytes:
    from kamervragen.answerkit.word import docx_bytes

    return docx_bytes(_kit(reader, parsed, today))


def kit_for_case(reader: Any, key: str, today: date) -> Any:
    """The answer kit of a stored case (``UserError`` when unknown or without questions)."""
    from kamervragen.answerkit.sources import gather_kit

    return gather_kit(key, reader, today=today)


def kit_name(parsed_or_kit: Any) -> str:
    title = getattr(parsed_or_kit, "title", None) or getattr(parsed_or_kit, "zaak", None) or "kamervragen"
    return re.sub(r"[^0-9A-Za-z._-]+", "-", str(title))[:80] or "kamervragen"
