"""Retrieval evaluation: does ``similar`` find the earlier question sets a reader judged relevant?

``evaluate(qrels_path, docs_path)`` loads DOCS into a fresh search index (each line one case, keyed by
its ``id``), runs each query of QRELS against the other documents submitted before it (documents
without a date stay candidates; never the query itself) and scores the system (``find_similar``) and
plain BM25 (FTS5 ``bm25()`` over the query's stems, all columns equal) with recall@5, recall@10, MRR
and nDCG@10.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kamervragen.errors import UserError
from kamervragen.model import ParsedDocument, ParseError, Question
from kamervragen.search.analysis import stems

METRICS = ("recall@5", "recall@10", "MRR", "nDCG@10")


_JSON_KINDS = {list: "an array", str: "a string", int: "a number", float: "a number", bool: "true or false",
               type(None): "null"}


def _read_jsonl(path: str | Path, what: str) -> list[tuple[int, dict[str, Any]]]:
    """(line number, object) of each non-empty line; anything but a JSON object per line is one sentence
    naming the file and the line."""
    p = Path(path)
    if not p.is_file():
        raise UserError(f"The {what} file {path} does not exist.")
    out = []
    with p.open("rb") as f:
        for n, raw in enumerate(f, 1):
            try:
                line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
            except UnicodeDecodeError:
                raise UserError(f"Line {n} of the {what} file {path} is not UTF-8 text "
                                "(JSON Lines expected).") from None
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError:
                raise UserError(f"Line {n} of the {what} file {path} is not JSON.") from None
            if not isinstance(value, dict):
                raise UserError(f"Line {n} of the {what} file {path} is {_JSON_KINDS.get(type(value), 'a value')}, "
                                "not a JSON object.")
            out.append((n, value))
    return out


def _key(value: Any) -> bool:
    """An identifier in QRELS or DOCS: a non-empty string or a number."""
    return (isinstance(value, str) and bool(value.strip())) or (isinstance(value, int | float)
                                                                 and not isinstance(value, bool))


def _check_doc(n: int, path: str | Path, d: dict[str, Any]) -> None:
    where = f"Line {n} of the DOCS file {path}"
    if not _key(d.get("id")) or not isinstance(d.get("text"), str):
        raise UserError(f"{where} needs an “id” (a string or number) and a “text” (a string).")
    submitted = d.get("submitted")
    if submitted is not None:
        from datetime import date

        try:
            date.fromisoformat(submitted)
        except (TypeError, ValueError):
            raise UserError(f"{where} has “submitted” {submitted!r}; give a date as YYYY-MM-DD or null.") from None


def _check_qrel(n: int, path: str | Path, q: dict[str, Any]) -> None:
    where = f"Line {n} of the QRELS file {path}"
    if not _key(q.get("query")):
        raise UserError(f"{where} needs a “query” (the id of a DOCS line).")
    for name in ("relevant", "near_miss"):
        value = q.get(name, [])
        if not isinstance(value, list) or not all(_key(x) for x in value):
            raise UserError(f"{where} has a “{name}” that is not a list of DOCS ids.")


def fallback_parse(text: str, source: str) -> ParsedDocument:
    """A document the parser refuses is still a candidate: its subject when an opening sentence shows
    one, and the whole text as one question."""
    m = re.search(r"\bover\s+(.{5,400}?)\s*\((?:ingezonden|ontvangen)", text, re.S)
    return ParsedDocument(source=source, kind="questions", subject=m.group(1).strip() if m else None,
                          questions=[Question(1, text)], warnings=["parsed as plain text"])


def parse_any(text: str, source: str) -> ParsedDocument:
    from kamervragen.parse import parse_text

    try:
        parsed = parse_text(text, source)
    except ParseError:
        return fallback_parse(text, source)
    if not parsed.questions and not parsed.answers and not parsed.subject:
        return fallback_parse(text, source)
    return parsed


@dataclass
class EvalReport:
    queries: int
    documents: int
    system: dict[str, float]
    bm25: dict[str, float]
    per_query: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"queries": self.queries, "documents": self.documents, "system": self.system, "bm25": self.bm25,
                "per_query": self.per_query}


def score_ranking(ranking: list[str], relevant: set[str]) -> dict[str, float]:
    if not relevant:
        return dict.fromkeys(METRICS, 0.0)
    out = {"recall@5": len(relevant & set(ranking[:5])) / len(relevant),
           "recall@10": len(relevant & set(ranking[:10])) / len(relevant)}
    first = next((i for i, d in enumerate(ranking) if d in relevant), None)
    out["MRR"] = 1.0 / (first + 1) if first is not None else 0.0
    dcg = sum(1.0 / math.log2(i + 2) for i, d in enumerate(ranking[:10]) if d in relevant)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(10, len(relevant))))
    out["nDCG@10"] = dcg / ideal
    return out


def _mean(rows: list[dict[str, float]]) -> dict[str, float]:
    return {m: sum(r[m] for r in rows) / len(rows) if rows else 0.0 for m in METRICS}


def bm25_ranking(store: Any, parsed: ParsedDocument, *, before: str | None, exclude: str, k: int) -> list[str]:
    """Plain BM25: every distinct stem of the query document, OR-ed, FTS5 ``bm25()`` with equal columns."""
    text = "\n".join([parsed.subject or "", *(q.text for q in parsed.questions), *(a.text for a in parsed.answers),
                      *(f.text for f in parsed.footnotes)])
    terms = list(dict.fromkeys(stems(text)))[:500]
    if not terms:
        return []
    match = " OR ".join('"' + t + '"' for t in terms)
    with store.transaction() as conn:
        return store.plain_bm25(conn, match, before=before, exclude_case=exclude, limit=k)


def evaluate(qrels_path: str | Path, docs_path: str | Path, *, extra_dirs: list[Path] | None = None,
             model: str | None = None, progress: Any = None) -> EvalReport:
    """Run the evaluation (see the module docstring). ``extra_dirs``: folders of further documents
    loaded as distractors (undated unless the text gives a date)."""
    from kamervragen.search.similar import find_similar
    from kamervragen.store.sqlite_search import SearchOnlyStore

    qrels = _read_jsonl(qrels_path, "QRELS")
    for n, q in qrels:
        _check_qrel(n, qrels_path, q)
    docs = _read_jsonl(docs_path, "DOCS")
    store = SearchOnlyStore()
    parsed_by_id: dict[str, ParsedDocument] = {}
    dates: dict[str, str | None] = {}
    items: list[tuple[str, ParsedDocument, str | None]] = []
    for n, d in docs:
        _check_doc(n, docs_path, d)
        parsed = parse_any(d["text"], d["id"])
        items.append((str(d["id"]), parsed, d.get("submitted")))
    for folder in extra_dirs or []:
        for f in sorted(Path(folder).iterdir()):
            try:
                from kamervragen.parse import parse_bytes

                parsed = parse_bytes(f.read_bytes(), f.name)
            except ParseError:
                continue
            key = parsed.zaak or parsed.publication or f.name
            items.append((f"extra:{key}", parsed, parsed.submitted))
    with store.transaction() as conn:
        for n, (key, parsed, submitted) in enumerate(items, 1):
            if not key.startswith("extra:"):
                # the DOCS date is the document's date; without one it stays a candidate for every query
                parsed.zaak, parsed.submitted = key, submitted
                if submitted is None:
                    parsed.received = None
            dates[key] = parsed.submitted
            parsed_by_id[key] = parsed
            store.index_document(conn, n, key, parsed)
    if model:
        from kamervragen.search.vectors import build_vectors

        build_vectors(store, model)
    sys_rows, bm_rows, per_query = [], [], []
    for i, (n, q) in enumerate(qrels):
        qid = str(q["query"])
        if qid not in parsed_by_id:
            raise UserError(f"Line {n} of the QRELS file {qrels_path}: query {qid} is not in the DOCS file {docs_path}.")
        parsed = parsed_by_id[qid]
        before = dates.get(qid)
        relevant = {str(r) for r in q.get("relevant", [])}
        result = find_similar(store, parsed, before=before, k=10, per_question=False, timeout=None)
        ranking = [c.case_key for c in result.cases]
        if before is None:  # find_similar uses the target's date; the query's date is the DOCS date
            ranking = [r for r in ranking if r != qid]
        base = bm25_ranking(store, parsed, before=before, exclude=qid, k=10)
        s, b = score_ranking(ranking, relevant), score_ranking(base, relevant)
        sys_rows.append(s)
        bm_rows.append(b)
        per_query.append({"query": qid, "system": s, "bm25": b, "ranking": ranking, "bm25_ranking": base,
                          "relevant": sorted(relevant)})
        if progress:
            progress(i + 1, len(qrels))
    store.close()
    return EvalReport(len(qrels), len(items), _mean(sys_rows), _mean(bm_rows), per_query)
