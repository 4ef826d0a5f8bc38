"""The REST API over both backends: the same answers from a SQLite file and a PostgreSQL database."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from kamervragen.api.deps import Settings
from kamervragen.store import open_store
from kamervragen.store.loader import load_sample
from kamervragen.web.app import create_app

TODAY = "2025-06-01"
GETS = [
    "/api/cases/2024Z01911",
    "/api/cases/2024Z01911/questions",
    "/api/cases?limit=200",
    "/api/search?q=Nuctech%20scanners",
    '/api/search?q="nationale%20veiligheid"',
    "/api/search?q=douane%20NOT%20nuctech",
    "/api/search?q=minister*&limit=50",
    "/api/cases/2024Z01911/similar",
    "/api/stats",
    "/api/documents?identifier=kv-tk-2024Z01911",
]


@pytest.fixture(scope="module")
def clients(tmp_path_factory):
    from tests.conftest import drop_store_url, new_store_url

    urls = [new_store_url(b, tmp_path_factory.mktemp(b)) for b in ("sqlite", "postgres")]
    out = []
    for url in urls:
        with open_store(url) as store:
            load_sample(store)
        out.append(TestClient(create_app(Settings(db=url, today=TODAY, token="secret"))))
    yield out
    for c in out:
        c.close()
    for u in urls:
        drop_store_url(u)


def _strip(value):
    """Without what differs by nature between two databases: row ids and timings."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items()
                if k not in ("id", "document_id", "document_ids", "took_ms", "fetched_at")}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


@pytest.mark.parametrize("path", GETS)
def test_same_answers(clients, path):
    sq, pg = (c.get(path) for c in clients)
    assert sq.status_code == pg.status_code == 200, (sq.text[:300], pg.text[:300])
    a, b = _strip(sq.json()), _strip(pg.json())
    if path.startswith("/api/search") or path.endswith("/similar"):
        # scores differ (BM25 in FTS5, ts_rank in PostgreSQL): compare what was found
        assert sorted(map(str, _keys(a))) == sorted(map(str, _keys(b)))
    else:
        assert a == b


def _keys(value) -> list:
    """Every case key in a response."""
    found = []
    if isinstance(value, dict):
        for k, v in value.items():
            if k in ("case_key", "key", "zaak") and isinstance(v, str):
                found.append(v)
            else:
                found.extend(_keys(v))
    elif isinstance(value, list):
        for v in value:
            found.extend(_keys(v))
    return found


def test_writes_through_the_api(clients):
    for c in clients:
        r = c.post("/api/alerts/follows", json={"kind": "case", "value": "2024Z01911"},
                   headers={"Authorization": "Bearer secret"})
        assert r.status_code in (200, 201), r.text
        assert "2024Z01911" in c.get("/api/alerts").text
