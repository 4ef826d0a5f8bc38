"""The PostgreSQL side of search: tsvector + GIN in place of FTS5, the same stems and query language.

``kamervragen.search`` hands the store FTS5 MATCH expressions (``search.query.to_fts5``, or
``"a" OR "b"`` lists from ``similar``); ``fts5_to_tsquery`` reads that small grammar (quoted phrases,
``*`` prefixes, ``+`` joins, ``AND`` / ``OR`` / ``NOT``, parentheses, ``{column} :``) and writes the same
query as a ``tsquery`` literal. The index holds the stems of ``kamervragen.search.analysis`` (Snowball
``dutch_porter``, the stemmer of PostgreSQL's ``dutch`` configuration) as tsvector literals, tokenised
as FTS5's ``unicode61`` tokenises them, so both backends match exactly the same lexemes and a query
finds the same documents. Columns are tsvector weights (subject A, questions B, notes C, answers D):
``{questions} : (…)`` becomes lexemes restricted to weight B. Ranking is ``ts_rank`` with weights in
the proportions of the SQLite BM25 column weights.

Everything not tied to FTS5 (units, entities, vectors, models) is the SQLite mixin's SQL, run through
``postgres_dialect``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from kamervragen.errors import UserError
from kamervragen.model import ParsedDocument
from kamervragen.search.entities import extract
from kamervragen.search.filters import SearchFilters
from kamervragen.store.sqlite_search import (
    _DOC_COLS,
    UNIT_SHIFT,
    SQLiteSearchMixin,
    _bar,
    _doc_row,
    _stems,
    _unit_row,
    index_units,
)

#: FTS5 column → tsvector weight
WEIGHT = {"subject": "A", "questions": "B", "notes": "C", "answers": "D"}
#: ts_rank weights {D, C, B, A}: answers 0.6, notes 1.0, questions 1.5, subject 4.0 (as in sqlite/011), / 4
RANK_WEIGHTS = "{0.15,0.25,0.375,1.0}"
EQUAL_WEIGHTS = "{1,1,1,1}"
MAX_POSITION = 16383
_TOKEN = re.compile(r"[^\W_]+")


def fts_tokens(text: str) -> list[str]:
    """The tokens FTS5's ``unicode61`` makes of stemmed text (letters and digits; the stems are folded)."""
    return _TOKEN.findall(text.lower())


def _lexeme(s: str) -> str:
    return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(columns: Sequence[tuple[str, str]]) -> str:
    """A tsvector literal of (weight, stemmed text) columns; positions run on across columns with a gap,
    so a phrase never spans two columns (as in FTS5)."""
    positions: dict[str, list[str]] = {}
    pos = 0
    for weight, text in columns:
        suffix = "" if weight == "D" else weight
        for tok in fts_tokens(text):
            pos += 1
            if len(tok) > 500:
                continue
            plist = positions.setdefault(tok, [])
            if len(plist) < 255:
                plist.append(f"{min(pos, MAX_POSITION)}{suffix}")
        pos += 1
    return " ".join(f"{_lexeme(t)}:{','.join(p)}" for t, p in positions.items())


# -- FTS5 expression → tsquery -------------------------------------------------------------------------

_FTS_TOKEN = re.compile(r'\s*(?:(?P<string>"(?:[^"]|"")*")|(?P<col>\{\s*\w+\s*\})|(?P<op>[()*+:])|(?P<word>[^\s()"*+:{}]+))')


class _FtsParser:
    """FTS5 query syntax, as far as ``kamervragen.search`` writes it. NOT binds tighter than AND, AND
    (explicit or implied) tighter than OR."""

    def __init__(self, text: str) -> None:
        self.toks: list[tuple[str, str]] = []
        pos = 0
        while pos < len(text):
            m = _FTS_TOKEN.match(text, pos)
            if m is None or m.end() == pos:
                if not text[pos:].strip():
                    break
                raise UserError(f"The search expression cannot be read near “{text[pos:pos + 20]}”.")
            pos = m.end()
            kind = m.lastgroup or ""
            value = m.group(kind)
            if kind == "word" and value in ("AND", "OR", "NOT"):
                kind = value
            self.toks.append((kind, value))
        self.i = 0
        self.weight = ""

    def peek(self) -> tuple[str, str] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> tuple[str, str]:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse(self) -> str:
        out = self.or_expr()
        if self.peek() is not None:
            raise UserError("The search expression has an unexpected part.")
        return out

    def or_expr(self) -> str:
        items = [self.and_expr()]
        while self.peek() and self.peek()[0] == "OR":  # type: ignore[index]
            self.take()
            items.append(self.and_expr())
        return items[0] if len(items) == 1 else "(" + " | ".join(items) + ")"

    def and_expr(self) -> str:
        items = [self.not_expr()]
        while (t := self.peek()) is not None and (t[0] in ("AND", "string", "word", "col") or t == ("op", "(")):
            if t[0] == "AND":
                self.take()
            items.append(self.not_expr())
        return items[0] if len(items) == 1 else "(" + " & ".join(items) + ")"

    def not_expr(self) -> str:
        out = self.primary()
        while (t := self.peek()) is not None and t[0] == "NOT":
            self.take()
            out = f"({out} & !{self.primary()})"
        return out

    def primary(self) -> str:
        kind, value = self.take()
        if kind == "op" and value == "(":
            out = self.or_expr()
            if self.take() != ("op", ")"):
                raise UserError("The search expression has a “(” without its “)”.")
            return out
        if kind == "col":
            column = value.strip("{} ")
            if column not in WEIGHT:
                raise UserError(f"The search column “{column}” does not exist.")
            if self.take() != ("op", ":"):
                raise UserError("A search column needs a “:” after it.")
            outer, self.weight = self.weight, WEIGHT[column]
            try:
                return self.primary()
            finally:
                self.weight = outer
        if kind in ("string", "word"):
            return self.phrase(kind, value)
        raise UserError(f"The search expression has an unexpected “{value}”.")

    def phrase(self, kind: str, value: str) -> str:
        """``"a b" + "c"*``: one phrase, the last token of a ``*`` string a prefix."""
        lexemes: list[str] = []
        while True:
            text = value[1:-1].replace('""', '"') if kind == "string" else value
            toks = fts_tokens(text)
            prefix = (t := self.peek()) is not None and t == ("op", "*")
            if prefix:
                self.take()
            for n, tok in enumerate(toks):
                star = ":*" if prefix and n == len(toks) - 1 else (":" if self.weight else "")
                lexemes.append(_lexeme(tok) + (star + self.weight if self.weight or star else ""))
            if (t := self.peek()) is not None and t == ("op", "+"):
                self.take()
                kind, value = self.take()
                if kind not in ("string", "word"):
                    raise UserError("A “+” in the search expression needs a phrase after it.")
                continue
            break
        if not lexemes:
            return "''"  # matches nothing, like an empty FTS5 phrase
        return lexemes[0] if len(lexemes) == 1 else "(" + " <-> ".join(lexemes) + ")"


def fts5_to_tsquery(match: str, column: str | None = None) -> str:
    """The tsquery literal for an FTS5 MATCH expression (optionally limited to one column)."""
    if column:
        match = f"{{{column}}} : ({match})"
    return _FtsParser(match).parse()


# -- filters -------------------------------------------------------------------------------------------

# A case's status from its documents, by the rule of kamervragen.procedure.clock (sqlite_search._STATUS_SQL).
_STATUS_SQL = """
SELECT zaak_key FROM (
  SELECT zaak_key,
         CASE
           WHEN wd THEN 'withdrawn'
           WHEN ans AND (ar IS NULL OR s IS NULL OR ar <= due) THEN 'answered'
           WHEN ans THEN 'answered_late'
           WHEN s IS NOT NULL AND %s > due THEN 'overdue'
           WHEN pp THEN 'postponed'
           ELSE 'open'
         END AS status
  FROM (SELECT zaak_key, s, ans, ar, pp, wd,
               to_char(s::date + CASE WHEN pp THEN 42 ELSE 21 END, 'YYYY-MM-DD') AS due
        FROM (SELECT zaak_key, MIN(submitted) AS s, bool_or(kind = 'answers') AS ans,
                     MIN(CASE WHEN kind = 'answers' THEN received END) AS ar,
                     bool_or(kind = 'postponement') AS pp, bool_or(kind = 'withdrawal') AS wd
              FROM search_doc GROUP BY zaak_key) AS per_case) AS dated
) AS statuses WHERE status = %s
"""


def filter_sql(f: SearchFilters) -> tuple[list[str], list[object]]:
    """WHERE conditions on ``d`` (search_doc), as ``sqlite_search._filter_sql`` (LIKE there is ILIKE here:
    SQLite's LIKE ignores the case of ASCII letters)."""
    conds: list[str] = []
    args: list[object] = []
    if f.date_from:
        conds.append("d.date >= %s")
        args.append(f.date_from)
    if f.date_to:
        conds.append("d.date <= %s")
        args.append(f.date_to)
    if f.doc_kind:
        conds.append("d.kind = %s")
        args.append(f.doc_kind)
    for column, values, pattern in (("parties", f.parties, "%|{}|%"), ("askers", f.members, "%{}%"),
                                    ("offices", f.offices, "% {}|%")):
        if values:
            likes = " OR ".join(f"{column} ILIKE %s" for _ in values)
            conds.append(f"d.zaak_key IN (SELECT zaak_key FROM search_doc WHERE {likes})")
            args.extend(pattern.format(v) for v in values)
    if f.status:
        conds.append(f"d.zaak_key IN ({_STATUS_SQL})")
        args.extend([f.today, f.status])
    return conds, args


_FTS_COLUMN = {"subject": "subject", "question": "questions", "answer": "answers", "footnote": "notes"}


def _raw(conn: object):  # the psycopg connection behind the store's dialect connection
    return getattr(conn, "raw", conn)


class PostgresSearchMixin(SQLiteSearchMixin):
    """Search index upkeep and queries of ``PostgresStore`` (migrations postgres/010–019)."""

    # -- writing ---------------------------------------------------------------------------------------
    def index_document(self, conn, document_id: int, zaak_key: str, parsed: ParsedDocument) -> None:  # type: ignore[override]
        self.unindex_document(conn, document_id)
        offices = list(parsed.addressees) + [r.role for r in parsed.respondents]
        conn.execute(
            "INSERT INTO search_doc (document_id, zaak_key, kind, supplementary, date, submitted, received,"
            " subject, askers, parties, offices) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (document_id, zaak_key, parsed.kind, int(parsed.supplementary),
             parsed.submitted or parsed.received, parsed.submitted, parsed.received, parsed.subject,
             _bar([a.name for a in parsed.askers]), _bar([a.party for a in parsed.askers]), _bar(offices)))
        units = index_units(parsed)
        base = document_id << UNIT_SHIFT
        stems = [_stems(text) for _, _, _, text in units]
        conn.executemany(
            "INSERT INTO search_unit (id, kind, number, numbers, text, stems, tsv) VALUES (?,?,?,?,?,?,?::tsvector)",
            [(base + i, kind, number, numbers, text, s, tsvector_literal([("D", s)]))
             for i, ((kind, number, numbers, text), s) in enumerate(zip(units, stems, strict=True))])
        columns: dict[str, list[str]] = {"subject": [], "question": [], "answer": [], "footnote": []}
        for (kind, _, _, _), s in zip(units, stems, strict=True):
            columns[kind].append(s)
        texts = {_FTS_COLUMN[k]: " ".join(v) for k, v in columns.items()}
        tsv = tsvector_literal([(WEIGHT[c], texts[c]) for c in ("subject", "questions", "notes", "answers")])
        conn.execute("INSERT INTO search_doc_fts (document_id, subject, questions, answers, notes, tsv)"
                     " VALUES (?,?,?,?,?,?::tsvector)",
                     (document_id, texts["subject"], texts["questions"], texts["answers"], texts["notes"], tsv))
        matter = "\n".join([parsed.subject or ""] + [q.text for q in parsed.questions]
                           + [f.text for f in parsed.footnotes])
        entities = extract(matter)
        if entities:
            conn.executemany("INSERT OR IGNORE INTO search_entity (entity, document_id, label) VALUES (?,?,?)",
                             [(key, document_id, label) for key, label in entities.items()])

    def unindex_document(self, conn, document_id: int) -> None:  # type: ignore[override]
        lo, hi = document_id << UNIT_SHIFT, ((document_id + 1) << UNIT_SHIFT) - 1
        if conn.execute("SELECT 1 FROM search_doc WHERE document_id = ?", (document_id,)).fetchone() is None:
            return
        conn.execute("DELETE FROM search_unit WHERE id BETWEEN ? AND ?", (lo, hi))
        conn.execute("DELETE FROM search_doc_fts WHERE document_id = ?", (document_id,))
        conn.execute("DELETE FROM search_entity WHERE document_id = ?", (document_id,))
        conn.execute("DELETE FROM search_vector WHERE model IN ('lsa', 'e5') AND document_id = ?", (document_id,))
        conn.execute("DELETE FROM search_doc WHERE document_id = ?", (document_id,))

    # -- reading ---------------------------------------------------------------------------------------
    def search_documents(self, conn, match: str, filters: SearchFilters | None = None,  # type: ignore[override]
                         *, limit: int = 200, sort: str = "relevance") -> list[tuple[int, str, float, str | None]]:
        f = filters or SearchFilters()
        q = fts5_to_tsquery(match, _FTS_COLUMN[f.unit_kind] if f.unit_kind else None)
        conds, args = filter_sql(f)
        where = " AND ".join(["f.tsv @@ %s::tsquery", *conds])
        order = "score DESC, f.document_id" if sort == "relevance" else "d.date DESC NULLS LAST, score DESC, f.document_id"
        rows = _raw(conn).execute(
            f"SELECT f.document_id, d.zaak_key, ts_rank(%s, f.tsv, %s::tsquery, 1) AS score, d.date"
            f" FROM search_doc_fts f JOIN search_doc d ON d.document_id = f.document_id WHERE {where}"
            f" ORDER BY {order} LIMIT %s", (RANK_WEIGHTS, q, q, *args, limit)).fetchall()
        return [(d, z, float(s), dt) for d, z, s, dt in rows]

    def term_doc_freqs(self, conn, terms: Sequence[str]) -> dict[str, int]:  # type: ignore[override]
        out: dict[str, int] = {}
        cur = _raw(conn)
        for t in dict.fromkeys(terms):
            toks = fts_tokens(t)
            if len(toks) != 1 or toks[0] != t:
                out[t] = 0  # not one token of the index (FTS5's vocabulary would not hold it either)
                continue
            out[t] = cur.execute("SELECT count(*) FROM search_doc_fts WHERE tsv @@ %s::tsquery",
                                 (_lexeme(t),)).fetchone()[0]
        return out

    def entity_doc_freqs(self, conn, keys: Sequence[str], cap: int = 5000) -> dict[str, int]:  # type: ignore[override]
        cur = _raw(conn)
        return {k: cur.execute("SELECT count(*) FROM (SELECT 1 FROM search_entity WHERE entity = %s LIMIT %s) AS e",
                               (k, cap)).fetchone()[0] for k in dict.fromkeys(keys)}

    def similar_candidates(self, conn, match: str, *, before: str | None,  # type: ignore[override]
                           exclude_case: str | None, limit: int) -> list[int]:
        q = fts5_to_tsquery(match)
        return [r[0] for r in _raw(conn).execute(
            "SELECT f.document_id FROM search_doc_fts f JOIN search_doc d ON d.document_id = f.document_id"
            " WHERE f.tsv @@ %s::tsquery AND (%s::text IS NULL OR d.date IS NULL OR d.date < %s::text)"
            " AND d.zaak_key IS DISTINCT FROM %s::text ORDER BY ts_rank(%s, f.tsv, %s::tsquery, 1) DESC,"
            " f.document_id LIMIT %s", (q, before, before, exclude_case, RANK_WEIGHTS, q, limit))]

    def entity_candidates(self, conn, keys: Sequence[str], *, before: str | None,  # type: ignore[override]
                          exclude_case: str | None, limit: int) -> list[int]:
        if not keys:
            return []
        return [r[0] for r in _raw(conn).execute(
            "SELECT e.document_id FROM search_entity e JOIN search_doc d ON d.document_id = e.document_id"
            " WHERE e.entity = ANY(%s) AND (%s::text IS NULL OR d.date IS NULL OR d.date < %s::text)"
            " AND d.zaak_key IS DISTINCT FROM %s::text GROUP BY e.document_id, d.date"
            " ORDER BY count(*) DESC, d.date DESC NULLS LAST LIMIT %s", (list(keys), before, before, exclude_case, limit))]

    def unit_stems(self, conn, document_ids: Sequence[int],  # type: ignore[override]
                   kinds: Sequence[str] = ("subject", "question", "answer", "footnote")) -> list:
        out: list = []
        cur = _raw(conn)
        for doc in document_ids:
            lo, hi = doc << UNIT_SHIFT, ((doc + 1) << UNIT_SHIFT) - 1
            for r in cur.execute("SELECT id, kind, number, numbers, text, stems FROM search_unit"
                                 " WHERE id BETWEEN %s AND %s AND kind = ANY(%s) ORDER BY id", (lo, hi, list(kinds))):
                out.append((_unit_row(r[:5]), (r[5] or "").split()))
        return out

    def document_stems(self, conn, document_ids: Sequence[int],  # type: ignore[override]
                       columns: Sequence[str] = ("subject", "questions", "answers", "notes")) -> dict[int, dict[str, list[str]]]:
        cols = [c for c in columns if c in WEIGHT]
        out: dict[int, dict[str, list[str]]] = {}
        ids = list(document_ids)
        if not ids or not cols:
            return {i: {} for i in ids} if not cols else out
        for r in _raw(conn).execute(f"SELECT document_id, {', '.join(cols)} FROM search_doc_fts"
                                    " WHERE document_id = ANY(%s)", (ids,)):
            out[r[0]] = {c: (v or "").split() for c, v in zip(cols, r[1:], strict=True)}
        return out

    def similar_units(self, conn, match: str, *, before: str | None,  # type: ignore[override]
                      exclude_case: str | None, limit: int) -> list:
        q = fts5_to_tsquery(match)
        cols = ", ".join("d." + c.strip() for c in _DOC_COLS.split(","))
        rows = _raw(conn).execute(
            f"SELECT u.id, u.kind, u.number, u.numbers, u.text, -ts_rank(u.tsv, %s::tsquery, 1) AS rank, {cols}"
            " FROM search_unit u JOIN search_doc d ON d.document_id = (u.id >> 12)"
            " WHERE u.tsv @@ %s::tsquery AND u.kind IN ('question', 'answer')"
            " AND (%s::text IS NULL OR d.date IS NULL OR d.date < %s::text) AND d.zaak_key IS DISTINCT FROM %s::text"
            " ORDER BY rank, u.id LIMIT %s", (q, q, before, before, exclude_case, limit)).fetchall()
        return [(_unit_row(r[:6]), _doc_row(r[6:])) for r in rows]

    def plain_bm25(self, conn, match: str, *, before: str | None, exclude_case: str | None,  # type: ignore[override]
                   limit: int) -> list[str]:
        q = fts5_to_tsquery(match)
        out: list[str] = []
        for (zaak,) in _raw(conn).execute(
                "SELECT d.zaak_key FROM search_doc_fts f JOIN search_doc d ON d.document_id = f.document_id"
                " WHERE f.tsv @@ %s::tsquery AND (%s::text IS NULL OR d.date IS NULL OR d.date < %s::text)"
                " AND d.zaak_key IS DISTINCT FROM %s::text ORDER BY ts_rank(%s, f.tsv, %s::tsquery, 1) DESC,"
                " f.document_id LIMIT %s", (q, before, before, exclude_case, EQUAL_WEIGHTS, q, limit * 3)):
            if zaak not in out:
                out.append(zaak)
        return out[:limit]

    def search_field_lengths(self, conn) -> dict[str, float]:  # type: ignore[override]
        n = self.search_doc_count(conn)
        cached = getattr(self, "_search_avg", None)
        if cached and cached[0] * 0.8 <= n <= cached[0] * 1.25 + 10:
            return cached[1]
        row = _raw(conn).execute(
            "SELECT avg(length(subject)), avg(length(questions)), avg(length(answers)), avg(length(notes))"
            " FROM (SELECT subject, questions, answers, notes FROM search_doc_fts LIMIT 2000) AS sample").fetchone()
        avg = {c: max(1.0, float(v or 0) / 7.0) for c, v in zip(("subject", "questions", "answers", "notes"), row,
                                                                 strict=True)}
        self._search_avg = (n, avg)
        return avg

    def matter_stems(self, conn, document_ids: Sequence[int] | None = None,  # type: ignore[override]
                     ) -> Iterator[tuple[int, str, str, str]]:
        cur = _raw(conn)
        if document_ids is None:
            yield from cur.execute("SELECT document_id, subject, questions, notes FROM search_doc_fts"
                                   " ORDER BY document_id").fetchall()
            return
        ids = list(document_ids)
        if ids:
            yield from cur.execute("SELECT document_id, subject, questions, notes FROM search_doc_fts"
                                   " WHERE document_id = ANY(%s) ORDER BY document_id", (ids,)).fetchall()
