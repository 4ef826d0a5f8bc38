"""Fixtures of the web tests: the sample corpus (plus a constructed document full of XSS payloads) in a
temporary SQLite file, the app in-process (TestClient), and a real uvicorn server on 127.0.0.1 for the
browser tests (Playwright driving the Debian chromium)."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

from tests.web.xss import document_text, opening_document_text

TODAY = "2024-03-01"
TOKEN = "test-token-0123456789"
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "web"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="session")
def web_db(tmp_path_factory) -> str:
    """The bundled sample corpus and the constructed XSS document in a fresh SQLite file."""
    from kamervragen.model import LoadItem
    from kamervragen.store import open_store
    from kamervragen.store.loader import load_items, load_sample

    path = str(tmp_path_factory.mktemp("web") / "kv.sqlite3")
    store = open_store(path)
    load_sample(store)
    load_items(store, [LoadItem(data=document_text().encode(), source_path="xss-constructed.md"),
                       LoadItem(data=opening_document_text().encode(), source_path="xss-opening-constructed.md")],
               total=2)
    store.close()
    return path


@pytest.fixture(scope="session")
def app(web_db):
    from kamervragen.api.deps import Settings
    from kamervragen.web.app import create_app

    return create_app(Settings(db=web_db, token=TOKEN, today=TODAY))


@pytest.fixture(scope="session")
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="session")
def readonly_client(web_db):
    from fastapi.testclient import TestClient

    from kamervragen.api.deps import Settings
    from kamervragen.web.app import create_app

    with TestClient(create_app(Settings(db=web_db, today=TODAY)), raise_server_exceptions=False) as c:
        yield c


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(web_db):
    """uvicorn in a thread on a free loopback port. The Content-Security-Policy is switched off here, so
    the browser tests prove that escaping alone keeps payloads from running."""
    import uvicorn

    from kamervragen.api.deps import Settings
    from kamervragen.web.app import create_app

    port = _free_port()
    app = create_app(Settings(db=web_db, today=TODAY), csp=False)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium binary at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    yield pg
    context.close()
