"""The HTTP client: retries on 429 / 5xx / cut-off bodies / timeouts, 404 as an answer, rate limit."""

from __future__ import annotations

import time

import httpx
import pytest

from kamervragen.fetch.http import USER_AGENT, FetchError, HttpClient, HttpSettings


def _client(handler, **kw) -> HttpClient:
    settings = HttpSettings(rate=kw.pop("rate", 0), backoff=0.001, max_backoff=0.01, **kw)
    return HttpClient(settings, transport=httpx.MockTransport(handler))


def test_retries_then_succeeds():
    answers = iter([httpx.Response(500), httpx.Response(429, headers={"Retry-After": "0"}),
                    httpx.Response(502), httpx.Response(200, content=b"ok")])
    client = _client(lambda request: next(answers))
    assert client.get("http://x/a").content == b"ok"
    assert client.requests == 4 and client.retries == 3


def test_cut_off_body_is_retried():
    answers = iter([httpx.Response(200, headers={"Content-Length": "10"}, content=b"half"),
                    httpx.Response(200, content=b"0123456789")])
    client = _client(lambda request: next(answers))
    assert client.get("http://x/a").content == b"0123456789"


def test_invalid_body_is_retried_through_validate():
    answers = iter([httpx.Response(200, content=b'{"value": ['), httpx.Response(200, content=b'{"value": []}')])
    client = _client(lambda request: next(answers))
    resp = client.get("http://x/a", validate=lambda r: r.content.endswith(b"}"))
    assert resp.content == b'{"value": []}'


def test_timeouts_are_retried_and_give_up():
    def handler(request):
        raise httpx.ReadTimeout("slow", request=request)

    client = _client(handler, retries=2)
    with pytest.raises(FetchError, match="3 attempts"):
        client.get("http://x/a")
    assert client.requests == 3


def test_404_is_an_answer_and_user_agent_is_sent():
    seen = []

    def handler(request):
        seen.append(request.headers["User-Agent"])
        return httpx.Response(404)

    assert _client(handler).get("http://x/a").status == 404
    assert seen == [USER_AGENT] and "kamervragen" in USER_AGENT


def test_client_errors_are_not_retried():
    client = _client(lambda request: httpx.Response(400))
    with pytest.raises(FetchError, match="400"):
        client.get("http://x/a")
    assert client.requests == 1


def test_rate_limit():
    client = _client(lambda request: httpx.Response(200), rate=50)
    t0 = time.monotonic()
    for _ in range(6):
        client.get("http://x/a")
    assert time.monotonic() - t0 >= 5 / 50 * 0.9


def test_truncated_files_fail_the_completeness_look():
    from kamervragen.fetch.http import Response
    from kamervragen.fetch.ob import _looks_complete
    from kamervragen.fetch.sync import _file_complete
    from tests.support.fakeserver import make_docx, make_pdf

    def r(body: bytes) -> Response:
        return Response("u", 200, body, "")

    xml = b'<?xml version="1.0"?>\n<!-- c --><officiele-publicatie a="1"><al>x</al></officiele-publicatie>\n'
    assert _looks_complete(r(xml))
    assert not _looks_complete(r(xml[: xml.index(b"</al>") + 5]))
    # cut just after an inner self-closing tag (what made a faulty sync keep half a publication once)
    meta = b'<officiele-publicatie>\n  <meta name="a" content="b"/>\n  <meta name="c"/>\n</officiele-publicatie>'
    assert _looks_complete(r(meta))
    assert not _looks_complete(r(meta[: meta.index(b"/>") + 2] + b"\n"))
    assert _looks_complete(r(b'\xef\xbb\xbf<?xml version="1.0"?>\n<searchRetrieveResponse n="0"/>\n'))
    for body in (make_pdf("Vraag 1\n\nTekst."), make_docx("Vraag 1\n\nTekst.")):
        assert _file_complete(r(body)) and not _file_complete(r(body[: len(body) // 2]))
