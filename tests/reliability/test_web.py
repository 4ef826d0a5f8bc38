"""The web UI and the REST API in-process (FastAPI TestClient) against the sample corpus: writes only with
the token, request size limits (declared and chunked bodies), malformed bodies never a server error.

Not repeated here (the web stage's own tests): ≥ 50 XSS payloads in the browser (``tests/web/test_browser.py``
with ``tests/web/xss.py``), malformed GET parameters (``tests/web/test_fuzz.py``, 1,500 in CI; 10,000
in-process: ``benchmarks/reliability/web_fuzz.py``), the OpenAPI schema fuzzed by schemathesis
(``tests/web/test_schema.py``).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator

import pytest

from tests.reliability.support import canonical_dump

pytestmark = pytest.mark.timeout(300)
TOKEN = "reliability-token-0123456789"
TODAY = "2024-03-01"
MAX_BODY = 256 * 1024
QUESTIONS = ("Vragen van het lid Omtzigt (CDA) aan de Minister van Financiën over «x» (ingezonden 7 februari "
             "2024).\n\nVraag 1\n\nBent u bekend met het bericht?\n").encode()


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    from kamervragen.store import open_store
    from kamervragen.store.loader import load_sample

    path = str(tmp_path_factory.mktemp("web") / "kv.sqlite3")
    with open_store(path) as store:
        load_sample(store)
    return path


@pytest.fixture(scope="module")
def client(db) -> Iterator:
    from fastapi.testclient import TestClient

    from kamervragen.api.deps import Settings
    from kamervragen.web.app import create_app

    with TestClient(create_app(Settings(db=db, token=TOKEN, today=TODAY, max_body=MAX_BODY)),
                    raise_server_exceptions=False) as c:
        yield c


def user_data(db: str) -> str:
    """A hash of everything a user could write: cases, documents, sources, saved searches, follows."""
    dump = canonical_dump(db)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        for table in ("alert_saved_search", "alert_follow"):
            dump[table] = sorted(tuple(r) for r in conn.execute(f"SELECT * FROM {table}"))
    finally:
        conn.close()
    return hashlib.sha256(json.dumps(dump, sort_keys=True, default=str).encode()).hexdigest()


# Every route that writes, with a body it would accept (the token is all it lacks).
WRITES = [
    ("POST", "/api/documents?source=x.md", {"content": QUESTIONS}),
    ("POST", "/api/alerts/searches", {"json": {"name": "douane", "query": "douane"}}),
    ("DELETE", "/api/alerts/searches/douane", {}),
    ("POST", "/api/alerts/follows", {"json": {"kind": "party", "value": "CDA"}}),
    ("DELETE", "/api/alerts/follows/party/CDA", {}),
]


def test_every_write_route_is_listed(client):
    """Every non-GET route of the app is either a listed write or one that stores nothing."""
    stores_nothing = {"/api/parse", "/api/similar", "/api/answer-kit", "/nieuwe-vragen",
                      "/nieuwe-vragen/antwoordkit.md", "/nieuwe-vragen/antwoordkit.docx"}
    listed = {path.split("?")[0].replace("/douane", "/{name}").replace("/party/CDA", "/{kind}/{value}")
              for _, path, _ in WRITES}
    for route in client.app.routes:
        methods = set(getattr(route, "methods", None) or ()) - {"GET", "HEAD", "OPTIONS"}
        if methods:
            assert route.path in listed | stores_nothing, f"{methods} {route.path}: not covered"


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"},
                                     {"Authorization": "Bearer"}, {"Authorization": f"Bearer {TOKEN}x"},
                                     {"X-Token": TOKEN}], ids=["none", "wrong", "basic", "empty", "longer", "other-header"])
def test_writes_need_the_token(client, db, headers):
    before = user_data(db)
    for method, path, kw in WRITES:
        r = client.request(method, path, headers=headers, **kw)
        assert r.status_code in (401, 403), (method, path, r.status_code, r.text[:200])
        assert "detail" in r.json()
    assert user_data(db) == before  # nothing written


def test_with_the_token_the_writes_happen(client, db):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    before = user_data(db)
    r = client.post("/api/alerts/searches", json={"name": "rel-x", "query": "douane"}, headers=auth)
    assert r.status_code == 201, r.text
    assert user_data(db) != before
    assert client.delete("/api/alerts/searches/rel-x", headers=auth).status_code == 200
    assert user_data(db) == before


def _post_routes() -> list[tuple[str, dict]]:
    return [("/api/documents?source=big.md", {"Authorization": f"Bearer {TOKEN}"}), ("/api/parse", {}),
            ("/api/similar", {}), ("/api/answer-kit", {}), ("/api/alerts/searches", {"Authorization": f"Bearer {TOKEN}"}),
            ("/nieuwe-vragen", {}), ("/nieuwe-vragen/antwoordkit.md", {})]


def test_bodies_over_the_limit_are_refused_with_413(client, db):
    before = user_data(db)
    big = b"Vraag 1\n" * (MAX_BODY // 8 + 10)
    for path, headers in _post_routes():
        r = client.post(path, content=big, headers=headers)  # declared length
        assert r.status_code == 413, (path, r.status_code)

        def chunks() -> Iterator[bytes]:  # no Content-Length: the limit counts what arrives
            for i in range(0, len(big), 64 * 1024):
                yield big[i:i + 64 * 1024]

        if path.startswith("/nieuwe-vragen"):  # a form route reads the body only when it is a form
            headers = {**headers, "Content-Type": "application/x-www-form-urlencoded"}
        r = client.post(path, content=chunks(), headers=headers)
        assert r.status_code == 413, (path, "chunked", r.status_code)
    for bad in ("-1", "abc", "99999999999999999999999"):
        r = client.post("/api/parse", content=b"x", headers={"Content-Length": bad})
        assert 400 <= r.status_code < 500, (bad, r.status_code)
    assert user_data(db) == before


BAD_BODIES = [b"", b"\x00" * 100, b"\xff\xfe\x00<", b"{", b'{"name": ', b"[]", b"null", b'{"name": 1, "query": []}',
              b'{"kind": "x", "value": "y"}', b'{"name": "' + b"a" * 5000 + b'", "query": "q"}', b"<?xml version='1.0'?>",
              "é".encode("latin-1"), b"%PDF-1.4\n" + b"0" * 1000, b"PK\x03\x04" + b"\x00" * 100, QUESTIONS]


def test_malformed_bodies_never_give_a_server_error(client):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    content_types = ["application/json", "text/plain", "application/octet-stream", "multipart/form-data",
                     "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "text/html; charset=utf-99"]
    seen = set()
    for path, _ in _post_routes():
        for body in BAD_BODIES:
            for ctype in content_types:
                r = client.post(path, content=body, headers={**auth, "Content-Type": ctype})
                seen.add(r.status_code)
                assert r.status_code < 500, (path, body[:40], ctype, r.status_code, r.text[:300])
    assert seen & {200, 201} and seen & {400, 422}, seen
