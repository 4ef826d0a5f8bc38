"""Lexical search over the index: ranking per case, snippets in the original words, filters, limits."""

from __future__ import annotations

import pytest

from kamervragen.errors import UserError
from kamervragen.search.filters import ministry_names, party_spellings, resolve_filters
from kamervragen.search.lexical import search
from kamervragen.store.sqlite_search import QueryTimeout, time_limit


def test_results_are_grouped_per_case_with_original_words_highlighted(store):
    result = search(store, "scanner douane")
    assert [h.case_key for h in result.hits] == ["2023Z11492"]
    hit = result.hits[0]
    assert hit.kinds == ["answers", "questions"]
    marked = [p.snippet.marked() for p in hit.parts]
    assert "het bericht «Chinese [scanners] van Nuctech bij de [douane]»" in marked


def test_prefix_and_phrase(store):
    assert {h.case_key for h in search(store, "minister*").hits} == {"2024Z00001", "2022Z01000"}
    assert [h.case_key for h in search(store, '"Chinese scanners"').hits] == ["2023Z11492"]
    assert search(store, '"scanners Chinese"').hits == []


def test_not_excludes_documents(store):
    assert search(store, "(ameland OR begroting) -zwembad").hits[0].case_key == "2024Z00001"
    assert len(search(store, "(ameland OR begroting) -zwembad").hits) == 1


def test_filters(store):
    def cases(query, **kw):
        return [h.case_key for h in search(store, query, resolve_filters(**kw)).hits]

    assert cases("minister*", party="GroenLinks") == ["2022Z01000"]
    assert cases("minister*", member="jans") == ["2024Z00001"]
    assert cases("scanner", ministry="Fin", status="answered_late") == ["2023Z11492"]
    assert cases("scanner", status="answered") == []
    assert cases("minister*", date_from="2023-01-01") == ["2024Z00001"]
    assert cases("tno", kind="answer") == ["2023Z11492"]
    assert cases("tno", kind="question") == []
    assert cases("zwembad", status="overdue", today="2022-03-01") == ["2022Z01000"]
    assert cases("zwembad", status="open", today="2022-01-12") == ["2022Z01000"]


def test_sort_by_date_and_paging(store):
    result = search(store, "minister* OR scanner", sort="date", limit=2)
    assert [h.case_key for h in result.hits] == ["2024Z00001", "2023Z11492"]
    assert result.more
    assert [h.case_key for h in search(store, "minister* OR scanner", sort="date", offset=2).hits] == ["2022Z01000"]


def test_filter_values_are_checked_and_expanded():
    assert "GL" in party_spellings("groenlinks")
    assert set(ministry_names("JenV")) >= {"Justitie en Veiligheid", "Veiligheid en Justitie"}
    for bad in ({"status": "late"}, {"kind": "memo"}, {"date_from": "7 februari"}):
        with pytest.raises(UserError):
            resolve_filters(**bad)


def test_time_limit_interrupts_a_long_query(store):
    with pytest.raises(QueryTimeout):
        with store.transaction() as conn, time_limit(conn, 0.05):
            conn.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n").fetchone()


def test_reindex_and_unindex(store):
    from kamervragen.model import ParsedDocument, Question

    doc = ParsedDocument(source="x", kind="questions", zaak="2024Z00002", subject="walvissen",
                         questions=[Question(1, "Hoeveel walvissen zijn er?")])
    doc_id = store.add(doc)
    with store.transaction() as conn:
        store.index_document(conn, doc_id, "2024Z00002", doc)  # again: no duplicates
    assert [len(h.document_ids) for h in search(store, "walvissen").hits] == [1]
    with store.transaction() as conn:
        store.unindex_document(conn, doc_id)
    assert search(store, "walvissen").hits == []


def test_common_terms_are_ranked_over_a_bounded_set(store, monkeypatch):
    import kamervragen.search.lexical as lexical

    monkeypatch.setattr(lexical, "COMMON_MATCHES", 0)
    monkeypatch.setattr(lexical, "BOUNDED_CANDIDATES", 2)
    hits = search(store, "minister*").hits + search(store, "de").hits
    assert hits and all(h.parts for h in hits)
