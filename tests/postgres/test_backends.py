"""The same behaviour on SQLite and PostgreSQL: loading, showing a case, searching, similar.

Each test runs on both backends (``store_url`` / ``sample_backend_store`` in tests/conftest.py); the
parity tests compare the two stores directly and need the PostgreSQL test server.
"""

from __future__ import annotations

import dataclasses

import pytest

from kamervragen.search.lexical import search
from kamervragen.search.similar import find_similar
from kamervragen.store import open_store
from kamervragen.store.loader import load_sample

QUERIES = [
    "scanners",
    "Nuctech",
    '"nationale veiligheid"',
    '"Chinese scanners"',
    "douane AND nuctech",
    "douane nuctech",
    "nuctech OR zwembad",
    "douane NOT nuctech",
    "minister -financiën",
    "scan*",
    "minister*",
    "gemeenten",
    "(belasting OR toeslagen) AND NOT douane",
    "covid-19",
    "België",
]


def test_load_twice_is_idempotent(store_url):
    with open_store(store_url) as store:
        first = load_sample(store)
        counts = store.counts()
        second = load_sample(store)
        assert first.inserted == 110 and first.failed == 1
        assert (second.inserted, second.updated, second.failed) == (0, 0, 0)
        assert second.unchanged == first.total
        assert store.counts() == counts
        assert counts["documents"] == 110 and counts["cases"] == 110


def test_show_a_case(sample_backend_store):
    case = sample_backend_store.get_case("2024Z01911")
    assert case is not None and case.zaak == "2024Z01911"
    assert case.submitted == "2024-02-07"
    assert "Chinese scanners" in (case.subject or "")
    assert len(case.questions) >= 5
    assert sample_backend_store.get_case("kv-tk-2024Z01911").key == case.key
    assert sample_backend_store.get_case("2099Z99999") is None
    raw = sample_backend_store.get_raw(case.documents[0].id)
    assert raw is not None and raw.data


@pytest.mark.parametrize("query", ["Nuctech scanners", '"nationale veiligheid"', "scan*", "douane NOT nuctech"])
def test_search_works(sample_backend_store, query):
    result = search(sample_backend_store, query, limit=20)
    assert all(h.case_key for h in result.hits)


def test_similar_seed_ranks_nuctech_first(sample_backend_store):
    result = find_similar(sample_backend_store, "2024Z01911", k=5)
    assert {c.case_key for c in result.cases[:2]} == {"2023Z11786", "2023Z11492"}
    assert all(c.submitted is None or c.submitted < "2024-02-07" for c in result.cases)


# -- parity: both stores loaded with the sample corpus, compared ----------------------------------------


def _case(case):
    data = dataclasses.asdict(case)
    for doc in data["documents"]:
        doc.pop("id")
        doc.pop("fetched_at")
    data["flags"] = [{k: v for k, v in f.items() if k != "document_id"} for f in data["flags"]]
    return data


def test_same_cases_on_both(both):
    sq, pg = both
    assert sq.counts() == pg.counts()
    assert [dataclasses.asdict(c) for c in sq.iter_cases()] == [dataclasses.asdict(c) for c in pg.iter_cases()]
    for summary in sq.iter_cases():
        assert _case(sq.get_case(summary.key)) == _case(pg.get_case(summary.key)), summary.key
    assert [f.checksum for f in sq.list_failed()] == [f.checksum for f in pg.list_failed()]


@pytest.mark.parametrize("query", QUERIES)
def test_same_hits_on_both(both, query):
    sq, pg = both
    a = search(sq, query, limit=200)
    b = search(pg, query, limit=200)
    assert sorted(h.case_key for h in a.hits) == sorted(h.case_key for h in b.hits)
    # the same parts of each case are shown (snippets are built from the same original words)
    parts_a = {h.case_key: sorted((p.kind, p.number or 0, repr(p.snippet)) for p in h.parts) for h in a.hits}
    parts_b = {h.case_key: sorted((p.kind, p.number or 0, repr(p.snippet)) for p in h.parts) for h in b.hits}
    assert parts_a == parts_b


def test_same_hits_per_unit_kind_and_filters(both):
    from kamervragen.search.filters import SearchFilters

    sq, pg = both
    for flt in (SearchFilters(unit_kind="question"), SearchFilters(unit_kind="answer"),
                SearchFilters(doc_kind="answers"), SearchFilters(date_from="2020-01-01", date_to="2023-12-31"),
                SearchFilters(parties=["VVD"]), SearchFilters(offices=["Financiën"]), SearchFilters(members=["jansen"]),
                SearchFilters(status="answered", today="2025-06-01"), SearchFilters(status="overdue", today="2025-06-01")):
        for query in ("minister", "scanners", "douane*"):
            a = {h.case_key for h in search(sq, query, flt, limit=200).hits}
            b = {h.case_key for h in search(pg, query, flt, limit=200).hits}
            assert a == b, (query, flt)


def test_same_similar_on_both(both):
    sq, pg = both
    a = find_similar(sq, "2024Z01911", k=5)
    b = find_similar(pg, "2024Z01911", k=5)
    assert [c.case_key for c in a.cases[:2]] == [c.case_key for c in b.cases[:2]]
    assert {c.case_key for c in a.cases} == {c.case_key for c in b.cases}
