"""Search on PostgreSQL with its own ``dutch`` text search configuration (issue 9, migration postgres/016):
the stored vector is ``to_tsvector('dutch', …)`` of the accent-folded original text, PostgreSQL's stemming
makes words of one stem find each other, and stop words behave as ``to_tsquery`` / ``phraseto_tsquery``
treat them."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from kamervragen.errors import UserError
from kamervragen.search.analysis import fold, stem
from kamervragen.search.lexical import search
from kamervragen.search.query import parse_query, to_fts5
from kamervragen.store.postgres_search import STOP_WORDS, fts5_to_tsquery
from tests.search.conftest import PgMiniStore, questions_doc


@pytest.fixture
def pg(tmp_path):
    from tests.conftest import drop_store_url, new_store_url

    url = new_store_url("postgres", tmp_path)
    store = PgMiniStore(url)
    yield store
    store.close()
    drop_store_url(url)


def _sample(store: PgMiniStore) -> int:
    doc = questions_doc(
        "2024Z00001", "Gemeenten in België en de zorg", [
            "Bent u bekend met het bericht dat de gemeente Zoë’s café sluit?",
            "Wat is de rol van de Minister van Financiën bij de corona-crisis?"],
        "2024-01-10", footnotes=["Zie www.rijksoverheid.nl, één keer."])
    return store.add(doc)


def test_stored_vector_is_dutch_of_the_folded_text(pg):
    doc_id = _sample(pg)
    with pg.transaction() as conn:
        units = conn.native("SELECT kind, text FROM search_unit WHERE id >> 12 = %s ORDER BY id", (doc_id,)).fetchall()
        col = {k: fold(" ".join(t for kind, t in units if kind == k)) for k in ("subject", "question", "footnote")}
        stored, expected = conn.native(
            "SELECT tsv, setweight(to_tsvector('dutch', %s), 'A') || setweight(to_tsvector('dutch', %s), 'B')"
            " || setweight(to_tsvector('dutch', %s), 'C') || to_tsvector('dutch', '')"
            " FROM search_doc_fts WHERE rowid = %s",
            (col["subject"], col["question"], col["footnote"], doc_id)).fetchone()
        assert stored == expected
        lexemes = set(conn.native("SELECT lexeme FROM unnest(%s::tsvector)", (stored,)).fetchall())
        assert ("belgie",) in lexemes and ("financien",) in lexemes and ("gemeent",) in lexemes
        assert ("de",) not in lexemes and ("van",) not in lexemes  # stop words dropped


def test_gemeenten_and_gemeente_find_each_other(pg):
    _sample(pg)
    pg.add(questions_doc("2024Z00002", "Een andere gemeente", ["Wat doet deze gemeente?"], "2024-01-11"))
    pg.add(questions_doc("2024Z00003", "Provincies", ["Wat doen de provincies?"], "2024-01-12"))
    with pg.transaction() as conn:
        assert conn.native("SELECT to_tsquery('dutch', 'gemeenten') = to_tsquery('dutch', 'gemeente')").fetchone()[0]
        assert stem("gemeenten") == stem("gemeente") == "gemeent"
    for query in ("gemeenten", "gemeente", "Gemeenten*"):
        assert {h.case_key for h in search(pg, query).hits} == {"2024Z00001", "2024Z00002"}, query


def test_our_stems_are_postgresql_s_dutch_stems(pg, sample_docs):
    """``dutch_porter`` (the SQLite index, the query stems) and PostgreSQL's ``dutch`` give the same stem
    for every word of the sample corpus."""
    from kamervragen.search.analysis import TOKEN_RE

    words = sorted({fold(part) for p in sample_docs for w in TOKEN_RE.findall(p.read_bytes().decode("utf-8", "replace"))
                    for part in w.split("-") if part})
    with pg.transaction() as conn:
        pg_stems = dict(conn.native("SELECT w, ts_lexize('dutch_stem', w) FROM unnest(%s::text[]) AS w", (words,)))
    differ = [(w, stem(w), pg_stems[w]) for w in words if pg_stems[w] not in ([], [stem(w)])]
    assert len(words) > 4000 and differ == []
    assert {w for w in words if pg_stems[w] == []} <= STOP_WORDS


def test_stop_words_are_postgresql_s(pg):
    with pg.transaction() as conn:
        kept = [w for w, v in conn.native("SELECT w, to_tsvector('dutch', w)::text FROM unnest(%s::text[]) AS w",
                                          (sorted(STOP_WORDS),)) if v]
    assert kept == []


def test_stop_words_in_queries(pg):
    _sample(pg)
    pg.add(questions_doc("2024Z00004", "Overheden", ["Wat doet de overheid?"], "2024-01-13"))
    hits = lambda q: {h.case_key for h in search(pg, q).hits}  # noqa: E731
    assert hits('"minister van financiën"') == {"2024Z00001"}  # a stop word in a phrase keeps its position
    assert hits('"minister financiën"') == set()
    assert hits('"de rol van de minister"') == {"2024Z00001"}
    assert hits("minister van financiën") == {"2024Z00001"}
    assert hits("zorg -de") == {"2024Z00001"}
    # "overheid" stems to "over", a stop word: the index holds it as the lexeme of "overheid"
    assert hits("overheid") == {"2024Z00004"}
    assert search(pg, "de van het").hits == []  # stop words only: nothing to find, no error
    assert search(pg, "de OR zorg").hits[0].case_key == "2024Z00001"
    with pytest.raises(UserError):  # as on SQLite
        search(pg, "-zorg")
    assert fts5_to_tsquery(to_fts5(parse_query('"van de"'))) is None


def test_sql_fold_is_python_fold(pg):
    """Migration 016 folds in SQL (NFKD, combining marks removed): the same as ``analysis.fold`` on every
    letter with a mark, apart from letter case (``to_tsvector`` lower-cases)."""
    chars = [chr(c) for c in range(0xA0, 0x2000) if unicodedata.normalize("NFKD", chr(c)) != chr(c)]
    chars += [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.combining(chr(c))][:400]
    text = "x".join(chars)
    with pg.transaction() as conn:
        folded = conn.native("SELECT kv_fold(%s)", (text,)).fetchone()[0]
    assert folded.casefold() == fold(text).casefold()


def test_common_terms_are_ranked_over_a_bounded_set(pg, monkeypatch):
    """tests/search runs this with "de", a stop word on PostgreSQL: here with a word the index holds."""
    import kamervragen.search.lexical as lexical

    _sample(pg)
    pg.add(questions_doc("2024Z00002", "Een andere gemeente", ["Wat doet deze gemeente?"], "2024-01-11"))
    monkeypatch.setattr(lexical, "COMMON_MATCHES", 0)
    monkeypatch.setattr(lexical, "BOUNDED_CANDIDATES", 2)
    calls = []
    original = type(pg).search_documents

    def spy(self, conn, match, filters=None, **kw):
        calls.append(kw.get("bounded"))
        return original(self, conn, match, filters, **kw)

    monkeypatch.setattr(type(pg), "search_documents", spy)
    hits = search(pg, "gemeente").hits
    assert {h.case_key for h in hits} == {"2024Z00001", "2024Z00002"} and all(h.parts for h in hits)
    assert calls and calls[0]
