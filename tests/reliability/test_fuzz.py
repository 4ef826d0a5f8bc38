"""Fuzzing the parser and the loader with mutated real documents (short CI runs; the long runs are
``benchmarks/reliability/fuzz.py``), and external entities: never resolved, whatever the form.

The parser's own property tests are ``tests/parse/test_properties.py`` (hypothesis: arbitrary text and
bytes, byte flips, truncation, splicing, other encodings, huge and pathological inputs, deep markup).
"""

from __future__ import annotations

import io
import json
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kamervragen.model import LoadItem, ParseError
from kamervragen.parse import ParserBug, parse_bytes
from kamervragen.store import open_store
from kamervragen.store.loader import load_items
from tests.reliability.support import CONSTRUCTED, SAMPLE, assert_sound, canonical_dump, fuzz_loader

pytestmark = pytest.mark.timeout(300)
LIMIT_S = 2.0


def test_parser_short_fuzz_run(tmp_path):
    from parse import fuzz  # benchmarks/parse.py: the long run is --fuzz 1000000

    assert fuzz(400, seed=11, out=tmp_path) == 0, list(tmp_path.iterdir())


def test_loader_short_fuzz_run(tmp_path):
    db = str(tmp_path / "fuzz.sqlite3")
    figures = fuzz_loader(db, 200, seed=5, batch_size=40)
    assert figures["total"] == 200, figures
    assert figures["parser_bugs"] == 0 and figures["store_errors"] == 0, figures["bug_examples"]
    assert figures["slowest_parse_s"] < 2 * LIMIT_S, figures  # re-timing is the parser run's job
    assert_sound(db)
    dump = canonical_dump(db)
    assert len(dump["raw"]) == len({r[0] for r in dump["raw"]})  # each distinct content once
    assert all((r[3] is None) != (r[5] is None) for r in dump["raw"])  # parsed, or kept with its error


def test_long_header_line_without_closing_parenthesis_is_fast():
    """Found by the fuzzing run (input 20,698 of seed 10): an openkamer header line of 40,000 characters
    with an unclosed parenthesis took 5–20 s in the respondent pattern."""
    text = (SAMPLE / "ok-2012Z12661.txt").read_text(encoding="utf-8")
    line = "Beantwoord door Uri Rosenthal (minister buitenlandse zaken) (VVD)"
    assert line in text
    slow = text.replace(line, "Beantwoord door Uri Rosenthal (minister" + " deze maatregel is in strijd met" * 1200)
    start = time.perf_counter()
    try:
        parse_bytes(slow.encode(), "x")
    except ParseError as exc:
        assert not isinstance(exc, ParserBug), exc
    assert time.perf_counter() - start < 0.5


def test_many_short_lines_after_a_question_without_question_mark_are_fast():
    """Found by the fuzzing run (input 91,379 of seed 10): a numbered question without "?" followed by
    thousands of short menu-like lines was scanned again at each of them (2.8 s for 3,000 lines)."""
    text = (SAMPLE / "web-opennieuwsbank-069fcf.txt").read_text(encoding="utf-8")
    i = text.index("\n2. ") + 1
    j = text.index("\n", i)
    slow = text[:i] + text[i:j].rstrip("?") + "\n\n" + "Vragen van de leden\n\n" * 3000 + text[j:]
    start = time.perf_counter()
    doc = parse_bytes(slow.encode(), "x")
    assert time.perf_counter() - start < 0.5
    assert doc.kind == "questions" and len(doc.questions) == 5


# --- external entities -----------------------------------------------------------------------------


class _Recorder(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        type(self).hits.append(self.path)
        body = b'<!ENTITY leak "LEAKED-BY-HTTP">'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def listener():
    _Recorder.hits = []
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}", _Recorder.hits
    srv.shutdown()
    srv.server_close()


_BOMB = '<!ENTITY a0 "ha">' + "".join(f'<!ENTITY a{i + 1} "' + f"&a{i};" * 10 + '">' for i in range(9))


def _hostile(url: str, secret: Path) -> list[tuple[str, bytes]]:
    """Real constructed documents with every way XML has to reach outside: external general and parameter
    entities (file and HTTP), an external DTD, XInclude, and an entity bomb."""
    dtd = (f'<!DOCTYPE kamervragen SYSTEM "{url}/external.dtd" [\n'
           f'<!ENTITY file SYSTEM "file://{secret}">\n<!ENTITY web SYSTEM "{url}/entity">\n'
           f'<!ENTITY % remote SYSTEM "{url}/parameter.dtd"> %remote;\n'
           + _BOMB + "\n]>\n")
    uses = f'&file;&web;&leak;&a9;<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file://{secret}" parse="text"/>'
    out = []
    for name in ("kv-tk-2024Z01911.xml", "ah-tk-20132014-557.xml"):
        xml = (CONSTRUCTED / name).read_text(encoding="utf-8")
        body = xml.split("?>", 1)[1] if xml.startswith("<?xml") else xml
        body = body.replace("<al>", "<al>" + uses, 3)
        out.append((name, ('<?xml version="1.0" encoding="UTF-8"?>\n' + dtd + body).encode()))
    html = (CONSTRUCTED / "kv-tk-2024Z01911.html").read_text(encoding="utf-8")
    html = html.replace("<p", f"<p>{uses}</p><p", 3)
    html_dtd = dtd.replace("kamervragen SYSTEM", "html SYSTEM")
    out.append(("kv-tk-2024Z01911.html", (html_dtd + html.split(">", 1)[1] if html.lstrip().startswith("<!")
                                          else html_dtd + html).encode()))
    out.append(("kv-tk-2024Z01911.html (no doctype)", html.encode()))
    for name in ("kv-tk-2024Z01911.docx", "ah-tk-20132014-557.docx"):
        src = zipfile.ZipFile(CONSTRUCTED / name)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for info in src.infolist():
                data = src.read(info)
                if info.filename == "word/document.xml":
                    text = data.decode("utf-8")
                    head, rest = text.split("?>", 1) if text.startswith("<?xml") else ("", text)
                    rest = rest.replace("<w:t>", "<w:t>" + uses, 3).replace("<w:t xml:space=\"preserve\">",
                                                                            "<w:t xml:space=\"preserve\">" + uses, 3)
                    data = ((head + "?>" if head else "") + dtd.replace("kamervragen SYSTEM", "w:document SYSTEM")
                            + rest).encode()
                z.writestr(info, data)
        out.append((name, buf.getvalue()))
    return out


def test_external_entities_are_never_resolved(listener, tmp_path):
    url, hits = listener
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-FILE-CONTENT", encoding="utf-8")
    hostile = _hostile(url, secret)
    for name, data in hostile:
        start = time.perf_counter()
        try:
            doc = parse_bytes(data, name)
            dumped = json.dumps(doc.to_json(), ensure_ascii=False)
        except ParseError as exc:
            assert not isinstance(exc, ParserBug), (name, exc)
            dumped = str(exc)
        assert time.perf_counter() - start < LIMIT_S, name
        assert "SECRET-FILE" not in dumped and "LEAKED" not in dumped, name
        assert "hahahaha" not in dumped, name  # the entity bomb is not expanded
    # through the loader too: nothing of the outside in the database
    db = str(tmp_path / "xxe.sqlite3")
    with open_store(db) as store:
        report = load_items(store, [LoadItem(data=d, source_path=n) for n, d in hostile], total=len(hostile))
    assert report.total == len(hostile)
    assert_sound(db)
    stored = json.dumps(canonical_dump(db), ensure_ascii=False)
    assert "SECRET-FILE" not in stored and "LEAKED" not in stored and "hahahaha" not in stored
    assert hits == [], hits  # not one request left the parser
