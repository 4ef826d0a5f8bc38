"""Full-text search: the user's query over subjects, questions, answers and footnotes, ranked by BM25
over Dutch stems, grouped per case, with snippets in the original words.

Library entry point: ``search(store, "nuctech douane", filters, limit=10)`` → ``SearchResult``.
Documents are ranked whole (subject weighted most, see migration 011), so ``a b`` finds a case whose
question 2 says *a* and question 5 says *b*; the parts shown are the units that hold the query's words.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass, field
from typing import Any

from kamervragen.errors import UserError
from kamervragen.search.filters import SearchFilters
from kamervragen.search.lexicon import Lexicon
from kamervragen.search.query import Node, estimate_matches, parse_query, positive_terms, to_fts5
from kamervragen.search.snippets import Matcher, Snippet, make_snippet
from kamervragen.store.sqlite_search import UnitRow

DEFAULT_TIMEOUT = 2.0
COMMON_MATCHES = 3_000  # a query matching more documents than this (and a twentieth of them) …
BOUNDED_CANDIDATES = 2_000  # … is ranked over this many of its most recently stored matches
PARTS_PER_HIT = 2


@dataclass
class PartHit:
    """A part of a document that holds query words: subject, question N, answer to N, footnote N."""

    document_id: int
    kind: str
    number: int | None
    numbers: list[int]
    snippet: Snippet

    def label(self) -> str:
        if self.kind == "subject":
            return "onderwerp"
        if self.kind == "question":
            return f"vraag {self.number}"
        if self.kind == "answer":
            return "antwoord " + " en ".join(str(n) for n in self.numbers) if self.numbers else "antwoord"
        return f"voetnoot {self.number}"

    def to_json(self) -> dict[str, Any]:
        return {"document_id": self.document_id, "kind": self.kind, "number": self.number,
                "numbers": self.numbers, "label": self.label(), "snippet": self.snippet.to_json(),
                "marked": self.snippet.marked("<mark>", "</mark>")}


@dataclass
class SearchHit:
    """One case with the documents that matched and the best parts to show."""

    case_key: str
    score: float
    subject: str | None
    date: str | None
    kinds: list[str]
    document_ids: list[int]
    parts: list[PartHit] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"case": self.case_key, "score": round(self.score, 4), "subject": self.subject,
                "date": self.date, "kinds": self.kinds, "document_ids": self.document_ids,
                "parts": [p.to_json() for p in self.parts]}


@dataclass
class SearchResult:
    query: str
    hits: list[SearchHit]
    offset: int
    limit: int
    more: bool  # there are further cases after this page
    took_ms: float

    def to_json(self) -> dict[str, Any]:
        return {"query": self.query, "offset": self.offset, "limit": self.limit, "more": self.more,
                "took_ms": round(self.took_ms, 1), "hits": [h.to_json() for h in self.hits]}


_KIND_ORDER = {"subject": 0, "question": 1, "answer": 2, "footnote": 3}


def _best_parts(units: list[UnitRow], matcher: Matcher, probes: list[str]) -> list[PartHit]:
    """The parts to show: a cheap substring test on the lower-cased text picks the likely units (a
    stem is usually a prefix of its words), then snippets are made for a few of them only."""
    seen: set[str] = set()
    likely = []
    for u in units:
        if u.text in seen:  # an answers document repeats the questions
            continue
        seen.add(u.text)
        low = u.text.lower()
        found = sum(1 for p in probes if p in low)
        if found:
            likely.append((-found, _KIND_ORDER.get(u.kind, 9), u))
    likely.sort(key=lambda x: x[:2])
    scored = []
    for _, _, u in likely[:PARTS_PER_HIT + 2]:
        snip, distinct = make_snippet(u.text, matcher, probes=probes)
        if distinct:
            scored.append(((-distinct, _KIND_ORDER.get(u.kind, 9)), u, snip))
            if len(scored) == PARTS_PER_HIT:
                break
    if not scored:  # stems that are no prefix of their words ("raap" → "rap"), accents: look at every unit
        for u in units[:40]:
            snip, distinct = make_snippet(u.text, matcher, probes=probes)
            if distinct:
                scored.append(((-distinct, _KIND_ORDER.get(u.kind, 9)), u, snip))
    scored.sort(key=lambda x: x[0])
    return [PartHit(u.document_id, u.kind, u.number, u.numbers, snip) for _, u, snip in scored[:PARTS_PER_HIT]]


def reading(store: Any) -> Any:
    """A read transaction of the store (no write lock) when the backend has one, else a transaction."""
    read = getattr(store, "read", None)
    return read() if read is not None else store.transaction()


def require_search(store: Any) -> None:
    """A backend without the search methods (see ``kamervragen.search``) gets a clear message."""
    if not hasattr(store, "search_documents"):
        raise UserError(f"Search is not available for this database backend yet ({type(store).__name__}).")


def _group(rows: list[tuple[int, str, float, str | None]]) -> list[tuple[str, float, list[int]]]:
    groups: dict[str, tuple[float, list[int]]] = {}
    for doc, zaak, score, _ in rows:
        if zaak in groups:
            groups[zaak][1].append(doc)
        else:
            groups[zaak] = (score, [doc])
    return [(z, s, docs) for z, (s, docs) in groups.items()]


def search(store: Any, query: str | Node, filters: SearchFilters | None = None, *, limit: int = 10,
           offset: int = 0, sort: str = "relevance", timeout: float | None = DEFAULT_TIMEOUT) -> SearchResult:
    """Search the store. ``query`` is the user's text (or an already parsed ``Node``); ``sort`` is
    ``relevance`` or ``date`` (newest first). Raises ``UserError`` for an unreadable query, a bad
    setting, or a query that runs past ``timeout`` seconds."""
    require_search(store)
    if sort not in ("relevance", "date"):
        raise UserError(f"Sort “{sort}” is not one of relevance, date.")
    if limit < 1 or offset < 0:
        raise UserError("The limit must be at least 1 and the offset not negative.")
    started = time.perf_counter()
    node = parse_query(query) if isinstance(query, str) else query
    match = to_fts5(node)
    filters = filters or SearchFilters()
    need = offset + limit + 1
    from kamervragen.store.sqlite_search import QueryTimeout, time_limit

    try:
        with reading(store) as conn, time_limit(conn, timeout):
            bounded = None
            if sort == "relevance":
                lex = Lexicon(store, conn)
                if estimate_matches(node, lex.df, lex.n) > max(COMMON_MATCHES, lex.n // 20):
                    bounded = max(BOUNDED_CANDIDATES, need * 20)
            fetch = max(30, need * 3)
            while True:
                rows = store.search_documents(conn, match, filters, limit=fetch, sort=sort, bounded=bounded)
                groups = _group(rows)
                if len(groups) >= need or len(rows) < fetch or (bounded and fetch >= bounded):
                    break
                fetch *= 4
            page = groups[offset:offset + limit]
            docs = [d for _, _, ds in page for d in ds]
            info = store.search_docs_info(conn, docs)
            terms = positive_terms(node)
            # parts come from the best document of each case (its questions repeat in the answers)
            units = store.units_of_documents(conn, [ds[0] for _, _, ds in page])
    except QueryTimeout:
        raise UserError(f"The search took longer than {timeout:g} s; add words or filters to narrow it.") from None
    except sqlite3.OperationalError as exc:
        raise UserError(f"The search engine could not run this query ({exc}).") from None

    matcher = Matcher(terms)
    probes = matcher.probes()
    by_doc: dict[int, list[UnitRow]] = {}
    for u in units:
        if filters.unit_kind is None or u.kind == filters.unit_kind:
            by_doc.setdefault(u.document_id, []).append(u)
    hits = []
    for zaak, score, ds in page:
        rows_ = [info[d] for d in ds if d in info]
        main = next((r for r in rows_ if r.kind == "questions"), rows_[0] if rows_ else None)
        hits.append(SearchHit(
            case_key=zaak, score=score, subject=main.subject if main else None,
            date=(main.submitted or main.date) if main else None,
            kinds=sorted({r.kind for r in rows_}), document_ids=ds,
            parts=_best_parts([u for d in ds for u in by_doc.get(d, [])], matcher, probes)))
    return SearchResult(query if isinstance(query, str) else to_fts5(node), hits, offset, limit,
                        more=len(groups) > offset + limit, took_ms=(time.perf_counter() - started) * 1000)
