"""The PostgreSQL side of search: a tsvector + GIN index in place of FTS5, PostgreSQL's own ``dutch``
text search configuration doing the stemming.

The index tables and their upkeep are the SQLite mixin's (``index_document`` writes the stems of
``kamervragen.search.analysis`` — Snowball ``dutch_porter`` — into the columns of ``search_doc_fts``, which
``similar``, LSA and the field lengths read), run through ``postgres_dialect``. The tsvector is PostgreSQL's:
``to_tsvector('dutch', <accent-folded original text>)`` per column, the columns as weights, built from the
document's units by a trigger (migration postgres/016). PostgreSQL's ``dutch`` stemmer is Snowball's
Porter-style Dutch stemmer, the one Snowball 3 calls ``dutch_porter``, so its lexemes are our stems; it
also drops its stop words (positions kept).

``kamervragen.search`` hands the store FTS5 MATCH expressions over those stems (``search.query.to_fts5``,
``"a" OR "b"`` lists and ``("a" AND "b") OR …`` pairs from ``similar``), not the words as typed.
``fts5_to_tsquery`` reads that small grammar (quoted phrases, ``*`` prefixes, ``+`` joins, ``AND`` / ``OR`` /
``NOT``, parentheses, ``{column} :``) and writes the tsquery that ``to_tsquery('dutch', …)`` /
``phraseto_tsquery('dutch', …)`` give for the words: each stem is the lexeme PostgreSQL makes of its word,
phrases ``<->``, prefixes ``:*``, a column filter restricts every lexeme to the column's weight. Stop words:
a stem that is one of PostgreSQL's Dutch stop words or the stem of one (``STOP_STEMS``) is a gap in a phrase
(``'minist' <2> 'financien'``, as ``phraseto_tsquery`` writes it); alone it is dropped (as ``to_tsquery``
drops it) unless the index holds it as a lexeme (``overheid`` → ``over``, also a stop word: the stem cannot
tell which word was typed); a query of stop words only finds nothing (no error). Only the methods that use FTS5
(or SQLite-only SQL) are overridden here; ranking is ``ts_rank`` with weights in the proportions of the
SQLite BM25 column weights.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from kamervragen.errors import UserError
from kamervragen.search.analysis import stem
from kamervragen.search.filters import SearchFilters
from kamervragen.store.sqlite_search import SQLiteSearchMixin, _filter_sql, _unit_row

#: FTS5 column → tsvector weight (migration postgres/010)
WEIGHT = {"subject": "A", "questions": "B", "notes": "C", "answers": "D"}
#: ts_rank weights {D, C, B, A}: answers 0.6, notes 1.0, questions 1.5, subject 4.0 (sqlite/011), / 4
RANK_WEIGHTS = "{0.15,0.25,0.375,1.0}"
EQUAL_WEIGHTS = "{1,1,1,1}"
_TOKEN = re.compile(r"[^\W_]+")

#: PostgreSQL's Dutch stop words (``tsearch_data/dutch.stop``, Snowball's list): ``to_tsvector('dutch', …)``
#: leaves them out (tests/postgres/test_search_dutch.py checks this list against the server)
STOP_WORDS = frozenset("""
de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar om hem dan zou of wat
mijn men dit zo door over ze zich bij ook tot je mij uit der daar haar naar heb hoe heeft hebben deze u want nog
zal me zij nu ge geen omdat iets worden toch al waren veel meer doen toen moet ben zonder kan hun dus alles onder
ja eens hier wie werd altijd doch wordt wezen kunnen ons zelf tegen na reeds wil kon niets uw iemand geweest
andere""".split())
#: the stems a stop word gives in a query (``kamervragen.search.query`` stems every word)
STOP_STEMS = STOP_WORDS | {stem(w) for w in STOP_WORDS}


def fts_tokens(text: str) -> list[str]:
    """The words of a quoted FTS5 string (letters and digits; the stems are folded already), split as
    PostgreSQL's parser splits the indexed stems."""
    return _TOKEN.findall(text.lower())


def _lexeme(s: str) -> str:
    return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'"


# -- FTS5 expression → tsquery -------------------------------------------------------------------------

_FTS_TOKEN = re.compile(r'\s*(?:(?P<string>"(?:[^"]|"")*")|(?P<col>\{\s*\w+\s*\})|(?P<op>[()*+:])|(?P<word>[^\s()"*+:{}]+))')


class _FtsParser:
    """FTS5 query syntax, as far as ``kamervragen.search`` writes it. NOT binds tighter than AND, AND
    (explicit or implied) tighter than OR."""

    def __init__(self, text: str, indexed: Collection[str] = ()) -> None:
        self.indexed = indexed
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

    # Each part is a tsquery text, or None for stop words only: dropped from AND / OR / NOT as
    # ``to_tsquery('dutch', …)`` drops them.

    def parse(self) -> str | None:
        out = self.or_expr()
        if self.peek() is not None:
            raise UserError("The search expression has an unexpected part.")
        return out

    def or_expr(self) -> str | None:
        items = [self.and_expr()]
        while self.peek() and self.peek()[0] == "OR":  # type: ignore[index]
            self.take()
            items.append(self.and_expr())
        return _join(" | ", items)

    def and_expr(self) -> str | None:
        items = [self.not_expr()]
        while (t := self.peek()) is not None and (t[0] in ("AND", "string", "word", "col") or t == ("op", "(")):
            if t[0] == "AND":
                self.take()
            items.append(self.not_expr())
        return _join(" & ", items)

    def not_expr(self) -> str | None:
        out = self.primary()
        while (t := self.peek()) is not None and t[0] == "NOT":
            self.take()
            excluded = self.primary()
            if out is not None and excluded is not None:  # excluding a stop word excludes nothing
                out = f"({out} & !{excluded})"
        return out

    def primary(self) -> str | None:
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

    def phrase(self, kind: str, value: str) -> str | None:
        """``"a b" + "c"*``: one phrase, the last token of a ``*`` string a prefix. Stop words are gaps
        (``phraseto_tsquery``); a single one is dropped unless the index holds it as a lexeme."""
        tokens: list[tuple[str, str]] = []  # (stem, ":*" for a prefix)
        while True:
            text = value[1:-1].replace('""', '"') if kind == "string" else value
            toks = fts_tokens(text)
            prefix = (t := self.peek()) is not None and t == ("op", "*")
            if prefix:
                self.take()
            tokens.extend((tok, ":*" if prefix and n == len(toks) - 1 else "") for n, tok in enumerate(toks))
            if (t := self.peek()) is not None and t == ("op", "+"):
                self.take()
                kind, value = self.take()
                if kind not in ("string", "word"):
                    raise UserError("A “+” in the search expression needs a phrase after it.")
                continue
            break
        if not tokens:
            return "''"  # matches nothing, like an empty FTS5 phrase
        if len(tokens) == 1:
            tok, star = tokens[0]
            if not star and tok in STOP_STEMS and tok not in self.indexed:
                return None
            return self.lexeme(tok, star)
        out, gap = "", 0
        for tok, star in tokens:
            gap += 1
            if not star and tok in STOP_STEMS:
                continue
            out += (f" <{gap}> " if gap > 1 else " <-> ") if out else ""
            out += self.lexeme(tok, star)
            gap = 0
        if not out:
            return None
        return out if " " not in out else "(" + out + ")"

    def lexeme(self, tok: str, star: str) -> str:
        if self.weight:
            return _lexeme(tok) + (star or ":") + self.weight
        return _lexeme(tok) + star


def _join(op: str, items: list[str | None]) -> str | None:
    kept = [i for i in items if i is not None]
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else "(" + op.join(kept) + ")"


def stop_candidates(match: str) -> list[str]:
    """The stems of an FTS5 expression that may be stop words (``STOP_STEMS``): the store asks the index
    which of them it holds as lexemes."""
    out = [tok for m in _FTS_TOKEN.finditer(match) if m.lastgroup in ("string", "word")
           for tok in fts_tokens(m.group(m.lastgroup or ""))]
    return list(dict.fromkeys(t for t in out if t in STOP_STEMS))


def fts5_to_tsquery(match: str, column: str | None = None, indexed: Collection[str] = ()) -> str | None:
    """The tsquery literal for an FTS5 MATCH expression (optionally limited to one column); None when it
    holds stop words only. ``indexed``: the stop-word stems the index holds as lexemes (of other words)."""
    if column:
        match = f"{{{column}}} : ({match})"
    return _FtsParser(match, indexed).parse()


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
    return _filter_sql(f, param="%s", like="ILIKE", status=(_STATUS_SQL, [f.today, f.status]))


_FTS_COLUMN = {"subject": "subject", "question": "questions", "answer": "answers", "footnote": "notes"}
_BEFORE = "(%s::text IS NULL OR d.date IS NULL OR d.date < %s::text) AND d.zaak_key IS DISTINCT FROM %s::text"


def _native(conn, sql: str, params: Sequence[object] = ()):
    """Run PostgreSQL SQL on the store's dialect connection (a statement timeout raises what SQLite's
    interrupted query raises, for ``sqlite_search.time_limit``)."""
    return conn.native(sql, params)


def tsquery_for(conn, match: str, column: str | None = None) -> str | None:
    """``fts5_to_tsquery`` with the stop-word stems of the expression that the index holds as lexemes
    (one GIN lookup, only when the expression has such stems)."""
    candidates = stop_candidates(match)
    indexed: list[str] = []
    if candidates:
        indexed = [r[0] for r in _native(conn,
            "SELECT t FROM unnest(%s::text[]) AS t"
            " WHERE EXISTS (SELECT 1 FROM search_doc_fts WHERE tsv @@ quote_literal(t)::tsquery)", (candidates,))]
    return fts5_to_tsquery(match, column, indexed)


class PostgresSearchMixin(SQLiteSearchMixin):
    """The search queries of ``PostgresStore`` that differ from SQLite's (migrations postgres/010–019)."""

    def search_documents(self, conn, match: str, filters: SearchFilters | None = None,  # type: ignore[override]
                         *, limit: int = 200, sort: str = "relevance",
                         bounded: int | None = None) -> list[tuple[int, str, float, str | None]]:
        f = filters or SearchFilters()
        q = tsquery_for(conn, match, _FTS_COLUMN[f.unit_kind] if f.unit_kind else None)
        if q is None:  # stop words only: PostgreSQL's index holds none of them
            return []
        conds, args = filter_sql(f)
        extra = "".join(" AND " + c for c in conds)
        if sort == "date":
            rows = _native(conn,
                "SELECT d.document_id, d.zaak_key, d.date FROM search_doc d WHERE d.document_id IN"
                f" (SELECT rowid FROM search_doc_fts WHERE tsv @@ %s::tsquery){extra}"
                " ORDER BY d.date DESC NULLS LAST, d.document_id DESC LIMIT %s", (q, *args, limit)).fetchall()
            return [(d, z, 0.0, dt) for d, z, dt in rows]
        # bounded: rank only the most recently stored matches (as the SQLite side does for common terms)
        inner = (f"SELECT f.rowid, f.tsv FROM search_doc_fts f JOIN search_doc d ON d.document_id = f.rowid"
                 f" WHERE f.tsv @@ %s::tsquery{extra}" + (" ORDER BY f.rowid DESC LIMIT %s" if bounded else ""))
        rows = _native(conn,
            f"SELECT m.rowid, d.zaak_key, ts_rank(%s, m.tsv, %s::tsquery, 1) AS score, d.date FROM ({inner}) AS m"
            " JOIN search_doc d ON d.document_id = m.rowid ORDER BY score DESC, m.rowid LIMIT %s",
            (RANK_WEIGHTS, q, q, *args, *([bounded] if bounded else []), limit)).fetchall()
        return [(d, z, float(s), dt) for d, z, s, dt in rows]

    def units_of_documents(self, conn, document_ids: Sequence[int]) -> list:  # type: ignore[override]
        """As SQLite's (every unit of the documents, in the order given), in one round trip."""
        ids = list(dict.fromkeys(document_ids))
        if not ids:
            return []
        # a LATERAL subquery with a LIMIT (never pulled up into a join) keeps one index range scan per
        # document: as a plain join the planner guessed ~77,000 units per document at 100,000 documents
        # and scanned the whole table in parallel (450 ms against 0.6 ms)
        return [_unit_row(r) for r in _native(conn,
            "SELECT u.id, u.kind, u.number, u.numbers, u.text FROM unnest(%s::bigint[]) WITH ORDINALITY AS d(id, n)"
            " CROSS JOIN LATERAL (SELECT id, kind, number, numbers, text FROM search_unit"
            f" WHERE id BETWEEN d.id << 12 AND ((d.id + 1) << 12) - 1 ORDER BY id LIMIT {1 << 12}) AS u"
            " ORDER BY d.n, u.id", (ids,))]

    def term_doc_freqs(self, conn, terms: Sequence[str]) -> dict[str, int]:  # type: ignore[override]
        """Documents holding each stem, counted through the GIN index, all terms in one round trip (a term
        that is not one word of the index counts 0, as in FTS5's vocabulary)."""
        terms = list(dict.fromkeys(terms))
        words = [t for t in terms if fts_tokens(t) == [t]]
        out = dict.fromkeys(terms, 0)
        if words:
            out.update(_native(conn,
                "SELECT t, (SELECT count(*) FROM search_doc_fts WHERE tsv @@ quote_literal(t)::tsquery)"
                " FROM unnest(%s::text[]) AS t", (words,)).fetchall())
        return out

    def entity_doc_freqs(self, conn, keys: Sequence[str], cap: int = 5000) -> dict[str, int]:  # type: ignore[override]
        keys = list(dict.fromkeys(keys))
        if not keys:
            return {}
        return dict(_native(conn,
            "SELECT k, (SELECT count(*) FROM (SELECT 1 FROM search_entity WHERE entity = k LIMIT %s) AS e)"
            " FROM unnest(%s::text[]) AS k", (cap, keys)).fetchall())

    def documents_with_entities(self, conn, keys: Sequence[str], limit_per_entity: int = 2000,  # type: ignore[override]
                                documents: Sequence[int] | None = None) -> dict[int, list[str]]:
        """As SQLite's, in one round trip: keys in the order given, documents in id order."""
        keys = list(dict.fromkeys(keys))
        out: dict[int, list[str]] = {}
        if not keys:
            return out
        if documents is not None:
            rows = _native(conn,
                "SELECT k.k, e.document_id FROM unnest(%s::text[]) WITH ORDINALITY AS k(k, n)"
                " JOIN search_entity e ON e.entity = k.k AND e.document_id = ANY(%s) ORDER BY k.n, e.document_id",
                (keys, list(documents))).fetchall()
        else:
            rows = _native(conn,
                "SELECT k.k, e.document_id FROM unnest(%s::text[]) WITH ORDINALITY AS k(k, n) CROSS JOIN LATERAL"
                " (SELECT document_id FROM search_entity WHERE entity = k.k ORDER BY document_id LIMIT %s) AS e"
                " ORDER BY k.n, e.document_id", (keys, limit_per_entity)).fetchall()
        for k, d in rows:
            out.setdefault(d, []).append(k)
        return out

    def entity_candidates(self, conn, keys: Sequence[str], *, before: str | None,  # type: ignore[override]
                          exclude_case: str | None, limit: int) -> list[int]:
        if not keys:
            return []
        return [r[0] for r in _native(conn,
            "SELECT e.document_id FROM search_entity e JOIN search_doc d ON d.document_id = e.document_id"
            f" WHERE e.entity = ANY(%s) AND {_BEFORE} GROUP BY e.document_id, d.date"
            " ORDER BY count(*) DESC, d.date DESC NULLS LAST LIMIT %s",
            (list(keys), before, before, exclude_case, limit))]

    def search_field_lengths(self, conn) -> dict[str, float]:  # type: ignore[override]
        n = self.search_doc_count(conn)
        cached = getattr(self, "_search_avg", None)
        if cached and cached[0] * 0.8 <= n <= cached[0] * 1.25 + 10:
            return cached[1]
        row = _native(conn,
            "SELECT avg(length(subject)), avg(length(questions)), avg(length(answers)), avg(length(notes))"
            " FROM (SELECT subject, questions, answers, notes FROM search_doc_fts LIMIT 2000) AS sample").fetchone()
        avg = {c: max(1.0, float(v or 0) / 7.0) for c, v in zip(("subject", "questions", "answers", "notes"), row,
                                                                 strict=True)}
        self._search_avg = (n, avg)
        return avg

    def similar_candidates(self, conn, match: str, *, before: str | None,  # type: ignore[override]
                           exclude_case: str | None, limit: int) -> list[int]:
        q = tsquery_for(conn, match)
        if q is None:
            return []
        return [r[0] for r in _native(conn,
            "SELECT f.rowid FROM search_doc_fts f JOIN search_doc d ON d.document_id = f.rowid"
            f" WHERE f.tsv @@ %s::tsquery AND {_BEFORE}"
            " ORDER BY ts_rank(%s, f.tsv, %s::tsquery, 1) DESC, f.rowid LIMIT %s",
            (q, before, before, exclude_case, RANK_WEIGHTS, q, limit))]

    def plain_bm25(self, conn, match: str, *, before: str | None, exclude_case: str | None,  # type: ignore[override]
                   limit: int) -> list[str]:
        q = tsquery_for(conn, match)
        out: list[str] = []
        if q is None:
            return out
        for (zaak,) in _native(conn,
                "SELECT d.zaak_key FROM search_doc_fts f JOIN search_doc d ON d.document_id = f.rowid"
                f" WHERE f.tsv @@ %s::tsquery AND {_BEFORE}"
                " ORDER BY ts_rank(%s, f.tsv, %s::tsquery, 1) DESC, f.rowid LIMIT %s",
                (q, before, before, exclude_case, EQUAL_WEIGHTS, q, limit * 3)):
            if zaak not in out:
                out.append(zaak)
        return out[:limit]
