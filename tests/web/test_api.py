"""The REST API in-process (TestClient) on the sample corpus: reads, parse / similar / answer kit of a
new document, writes only with the token, request size limits, clear 4xx for bad parameters."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from tests.web.conftest import TODAY, TOKEN
from tests.web.xss import XSS_ZAAK

SEED = Path(__file__).resolve().parents[2] / "src" / "kamervragen" / "sample" / "docs" / "2024Z01911.md"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_case_with_clock_and_answers(client):
    data = client.get("/api/cases/2024Z01911").json()
    assert data["zaak"] == "2024Z01911" and data["due"] == "2024-02-28" and data["due_nl"] == "28 februari 2024"
    assert data["status"] == "overdue" and data["today"] == TODAY
    assert [q["number"] for q in data["questions"]] == list(range(1, 10))
    assert data["documents"][0]["url"] == "https://zoek.officielebekendmakingen.nl/kv-tk-2024Z01911.html"
    answered = client.get("/api/cases/2023Z11786/questions").json()
    assert answered[0]["answers"][0]["text"] == "Ja."
    # the same case by one of its public identifiers; "today" as a parameter
    assert client.get("/api/cases/kv-tk-2024Z01911?today=2024-02-20").json()["status"] == "open"


def test_lists_search_similar_stats(client):
    cases = client.get("/api/cases", params={"party": "VVD", "limit": 5}).json()
    assert cases["total"] >= 3 and len(cases["cases"]) == 5
    assert all("VVD" in [a["party"] for a in c["askers"]] for c in cases["cases"])
    hits = client.get("/api/search", params={"q": "nuctech douane"}).json()["hits"]
    keys = [h["case"] for h in hits]
    assert "2023Z11786" in keys and "2024Z01911" in keys
    part = hits[0]["parts"][0]
    s, e = part["snippet"]["highlights"][0]
    assert part["snippet"]["text"][s:e].lower().startswith(("nuctech", "douane"))
    filtered = client.get("/api/search", params={"q": "douane", "party": "VVD", "from": "2023-01-01",
                                                 "sort": "date"}).json()["hits"]
    assert filtered and all((h["date"] or "") >= "2023-01-01" for h in filtered)
    similar = client.get("/api/cases/2024Z01911/similar").json()
    assert "2023Z11492" in [c["case"] for c in similar["cases"]]
    stats = client.get("/api/stats").json()
    assert stats["total"]["cases"] >= 100 and stats["ministry"] and stats["answer_times"]
    group = client.get("/api/groups/party/VVD").json()
    assert group["stats"]["cases"] == len(group["cases"]) >= 3


def test_documents_raw_feeds_exports(client):
    docs = client.get("/api/documents", params={"identifier": "kv-tk-2024Z01911"}).json()
    assert len(docs) == 1 and docs[0]["kind"] == "questions"
    doc = client.get(f"/api/documents/{docs[0]['id']}").json()
    assert len(doc["questions"]) == 9
    raw = client.get(f"/api/documents/{docs[0]['id']}/raw")
    assert raw.headers["content-type"] == "application/octet-stream"
    assert raw.headers["content-disposition"].startswith("attachment")
    assert raw.content == SEED.read_bytes()
    feed = client.get("/api/feed", params={"target": "case:2024Z01911"})
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/atom+xml")
    root = etree.fromstring(feed.content)
    assert root.tag == "{http://www.w3.org/2005/Atom}feed" and len(root.findall("{*}entry")) >= 2
    csv_ = client.get("/api/export", params={"table": "cases", "format": "csv", "party": "VVD"})
    assert csv_.text.splitlines()[0].startswith("case_key,zaak")
    ics = client.get("/api/export", params={"format": "ics"})
    assert ics.text.startswith("BEGIN:VCALENDAR")


def test_parse_similar_and_kit_of_a_new_document(client):
    body = SEED.read_bytes()
    parsed = client.post("/api/parse", content=body, headers={"content-type": "text/plain"}).json()
    assert parsed["zaak"] == "2024Z01911" and len(parsed["questions"]) == 9
    similar = client.post("/api/similar", content=body).json()
    assert "2023Z11492" in [c["case"] for c in similar["cases"]]
    md = client.post("/api/answer-kit?format=md", content=body)
    assert md.status_code == 200 and "Antwoord 1" in md.text
    docx = client.post("/api/answer-kit?format=docx", content=body)
    assert docx.content[:2] == b"PK"
    assert client.get("/api/cases/2023Z11786/answer-kit?format=docx").content[:2] == b"PK"
    bad = client.post("/api/parse", content=b"\x00\x01 geen document")
    assert bad.status_code == 400 and bad.json()["detail"]
    assert client.post("/api/parse", content=b"").status_code == 400


def test_writes_need_the_token(client, readonly_client):
    doc = SEED.read_bytes().replace(b"2024Z01911", b"2024Z99902")
    assert readonly_client.post("/api/documents", content=doc).status_code == 403
    assert readonly_client.post("/api/documents", content=doc, headers=AUTH).status_code == 403
    assert client.post("/api/documents", content=doc).status_code == 401
    assert client.post("/api/documents", content=doc, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.post("/api/documents", content=doc, headers={"Authorization": TOKEN}).status_code == 401
    assert client.get("/api/cases/2024Z99902").status_code == 404
    loaded = client.post("/api/documents?source=test-2024Z99902.md", content=doc, headers=AUTH)
    assert loaded.status_code == 200 and loaded.json()["inserted"] == 1
    assert client.get("/api/cases/2024Z99902").status_code == 200  # the response cache saw the change
    again = client.post("/api/documents?source=test-2024Z99902.md", content=doc, headers=AUTH).json()
    assert again["unchanged"] == 1
    # saved searches and follows
    assert client.post("/api/alerts/searches", json={"name": "douane", "query": "douane"}).status_code == 401
    assert readonly_client.post("/api/alerts/follows", json={"kind": "party", "value": "VVD"}).status_code == 403
    saved = client.post("/api/alerts/searches", json={"name": "douane", "query": "douane"}, headers=AUTH)
    assert saved.status_code == 201 and saved.json()["feed"] == "search:douane"
    assert client.post("/api/alerts/follows", json={"kind": "party", "value": "VVD"}, headers=AUTH).status_code == 201
    listed = client.get("/api/alerts").json()
    assert [s["name"] for s in listed["searches"]] == ["douane"] and listed["follows"][0]["kind"] == "party"
    assert client.get("/api/feed", params={"target": "search:douane"}).status_code == 200
    assert client.delete("/api/alerts/searches/douane").status_code == 401
    assert client.delete("/api/alerts/searches/douane", headers=AUTH).status_code == 200
    assert client.delete("/api/alerts/follows/party/VVD", headers=AUTH).status_code == 200


def test_request_size_limit(client):
    big = b"x" * (5 * 1024 * 1024 + 1)
    r = client.post("/api/parse", content=big)
    assert r.status_code == 413 and "te groot" in r.json()["detail"]

    def chunks():  # no Content-Length: the limit holds while reading
        for _ in range(6):
            yield b"y" * (1024 * 1024)

    r = client.post("/api/parse", content=chunks())
    assert r.status_code == 413
    page = client.post("/nieuwe-vragen", files={"bestand": ("groot.txt", big, "text/plain")})
    assert page.status_code == 413 and "te groot" in page.text
    assert client.post("/api/documents", content=big, headers=AUTH).status_code == 413


def test_bad_parameters_give_clear_4xx(client):
    for path in ("/api/search?q=%22", "/api/search?q=x&from=2024-13-01", "/api/search?q=x&status=nee",
                 "/api/search?q=x&kind=nee", "/api/cases?status=nee", "/api/cases?ministry=Ministerie%20van%20Niets",
                 "/api/cases?since=2024-02-01&until=2024-01-01", "/api/feed?target=nee", "/api/cases?today=morgen",
                 "/api/search?q=" + "a" * 600, "/api/cases?limit=0", "/api/documents/0", "/api/search?page=0"):
        r = client.get(path)
        assert 400 <= r.status_code < 500, (path, r.status_code)
        assert r.json()["detail"], path
    for path in ("/zoeken?q=%22", "/zoeken?q=x&van=gisteren", "/zoeken?pagina=nul", "/zaak/2099Z00000", "/nergens",
                 "/ministerie/Niets"):
        r = client.get(path)
        assert 400 <= r.status_code < 500, (path, r.status_code)
        assert "<h1>" in r.text and "lang=\"nl\"" in r.text


def test_pages_render_in_dutch(client):
    for path, words in (("/", ["Recente vragen", "Open en te late zaken per ministerie"]),
                        ("/zoeken?q=nuctech", ["<mark>", "Filters"]),
                        ("/zaak/2024Z01911", ["Eerder gevraagd", "Uiterste antwoorddatum", "28 februari 2024"]),
                        ("/statistiek", ["<svg", "Aandeel te laat", "Vragen per partij"]),
                        ("/partij/VVD", ["Te laat", "Mediaan dagen tot antwoord", "Atom-feed"]),
                        ("/lid/Michon-Derkzen", ["2024Z01911"]),
                        ("/ministerie/Financi%C3%ABn", ["Financiën"]),
                        ("/zoeken?partij=VVD&status=overdue", ["zaken met deze filters"]),
                        ("/nieuwe-vragen", ["Plak de tekst"])):
        r = client.get(path)
        assert r.status_code == 200, path
        for w in words:
            assert w in r.text, (path, w)
    assert "<script" not in client.get("/").text
    headers = client.get("/").headers
    assert "script-src" not in headers["content-security-policy"] and "default-src 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_payload_document_is_escaped_in_html(client):
    html = client.get(f"/zaak/{XSS_ZAAK}").text
    assert "<script>window.__xss" not in html and "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html
    assert "<img" not in html and "<svg onload" not in html
    hits = client.get("/zoeken", params={"q": "onveilige website"}).text
    assert "<mark>" in hits and "<script>window" not in hits


def test_search_facets_count_cases(client):
    data = client.get("/api/search", params={"q": "nuctech"}).json()
    assert data["total"] >= 3
    facets = data["facets"]
    assert sum(n for _, n in facets["year"]) == data["total"]
    assert dict(facets["party"]).get("VVD", 0) >= 2
    narrowed = client.get("/api/search", params={"q": "nuctech", "party": "VVD"}).json()
    assert narrowed["total"] == dict(facets["party"])["VVD"]


def test_postponed_case_on_its_page(web_db, tmp_path):
    """The seed zaak with the constructed postponement notice (tests/fixtures/procedure), on a copy of the
    database: six weeks instead of three, the notice listed, the original due date kept."""
    import sqlite3

    from fastapi.testclient import TestClient

    from kamervragen.api.deps import Settings
    from kamervragen.web.app import create_app

    src, dst = sqlite3.connect(web_db), sqlite3.connect(tmp_path / "kv.sqlite3")
    src.backup(dst)
    src.close()
    dst.close()
    notice = Path(__file__).resolve().parents[1] / "fixtures" / "procedure" / "postponement-2024Z01911.txt"
    with TestClient(create_app(Settings(db=str(tmp_path / "kv.sqlite3"), token=TOKEN, today=TODAY))) as c:
        loaded = c.post("/api/documents?source=postponement-2024Z01911.txt", content=notice.read_bytes(), headers=AUTH)
        assert loaded.json()["inserted"] == 1
        case = c.get("/api/cases/2024Z01911").json()
        assert case["status"] == "postponed" and case["due"] == "2024-03-20"
        assert [p["received"] for p in case["postponements"]] == ["2024-02-26"]
        html = c.get("/zaak/2024Z01911").text
        assert "20 maart 2024" in html and "oorspronkelijk 28 februari 2024" in html
        assert "Uitstelbericht" in html and "ontvangen 26 februari 2024" in html


def test_follow_and_save_search_from_the_pages(client, readonly_client):
    form = {"soort": "ministry", "waarde": "Financiën", "token": TOKEN}
    assert 'name="token"' in client.get("/ministerie/Financi%C3%ABn").text
    assert 'name="token"' not in readonly_client.get("/ministerie/Financi%C3%ABn").text
    assert readonly_client.post("/volgen", data=form).status_code == 403
    assert client.post("/volgen", data=dict(form, token="fout")).status_code == 401
    done = client.post("/volgen", data=form, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/volgen"
    saved = client.post("/volgen/zoekvraag", data={"naam": "scanners", "q": "scanners", "token": TOKEN},
                        follow_redirects=False)
    assert saved.status_code == 303
    page = client.get("/volgen").text
    assert "Financiën" in page and "scanners" in page and "/api/feed?target=search%3Ascanners" in page
    assert client.delete("/api/alerts/searches/scanners", headers=AUTH).status_code == 200
    assert client.delete("/api/alerts/follows/ministry/Financi%C3%ABn", headers=AUTH).status_code == 200


def test_every_internal_link_works(client):
    """Links on the main pages (names with "/" and accents included) lead to pages, not to errors."""
    import re

    seen: set[str] = set()
    broken = []
    for start in ("/", "/statistiek", "/zoeken?q=douane", "/zaak/2023Z11786", "/partij/VVD", "/volgen"):
        for href in re.findall(r'href="(/[^"]*)"', client.get(start).text):
            href = href.replace("&amp;", "&")
            if href in seen or href.startswith("/api/docs"):
                continue
            seen.add(href)
            status = client.get(href).status_code
            if status != 200:
                broken.append((href, status))
    assert len(seen) > 50 and not broken, broken


def test_cached_responses_are_kept_per_host(client):
    """A forged Host header must not reach other clients through the response cache (feeds print it)."""
    url = "/api/feed?target=case%3A2024Z01911"
    forged = client.get(url, headers={"Host": "evil.example"})
    assert forged.status_code == 200 and b"evil.example" in forged.content
    plain = client.get(url)
    assert plain.status_code == 200 and b"evil.example" not in plain.content
