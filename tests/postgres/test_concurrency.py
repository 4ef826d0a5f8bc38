"""PostgreSQL under concurrency: two loads at once, readers during a load, several server workers.

Each loader and reader has its own store (its own connection), as separate workers and processes have.
The results are compared with one plain load of the same documents into SQLite.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from kamervragen.search.lexical import search
from kamervragen.store import open_store
from kamervragen.store.loader import SAMPLE_DIR, iter_files, load_items, load_sample, make_item, read_sources

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]
KAMERVRAGEN = [str(Path(sys.executable).parent / "kamervragen")]


@pytest.fixture
def pg_url(tmp_path):
    from tests.conftest import drop_store_url, new_store_url

    url = new_store_url("postgres", tmp_path)
    yield url
    drop_store_url(url)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The sample corpus loaded once into SQLite: what every concurrent run must end with."""
    with open_store(str(tmp_path_factory.mktemp("ref") / "kv.sqlite3")) as store:
        load_sample(store)
        return store.counts(), _cases(store)


def _cases(store) -> list[tuple]:
    return [(c.key, c.zaak, c.subject, c.submitted, c.document_count, tuple(c.flags)) for c in store.iter_cases()]


def _items(reverse: bool = False):
    folder = SAMPLE_DIR / "docs"
    sources = read_sources(folder)
    files = sorted(iter_files([folder]), reverse=reverse)
    return [make_item(f, sources) for f in files]


def _run_threads(targets) -> list[BaseException]:
    errors: list[BaseException] = []

    def wrap(fn):
        def run():
            try:
                fn()
            except BaseException as exc:  # noqa: BLE001 - reported by the test
                errors.append(exc)
        return run

    threads = [threading.Thread(target=wrap(t)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return errors


def test_two_loads_at_once(pg_url, reference):
    """Two loaders (in opposite file order, small batches so that they interleave) over the same corpus:
    every document once, every case right, nothing failed but the one non-document."""
    reports = []

    def loader(reverse: bool):
        def run():
            with open_store(pg_url) as store:
                reports.append(load_items(store, _items(reverse), batch_size=4))
        return run

    assert _run_threads([loader(False), loader(True)]) == []
    with open_store(pg_url) as store:
        counts, cases = reference
        assert store.counts() == counts
        assert _cases(store) == cases
    for r in reports:
        assert r.failed <= 1 and not [f for f in r.failures if "internal error" in f[1]]
    assert sum(r.inserted for r in reports) == counts["documents"]


def test_two_load_processes_at_once(pg_url, reference):
    """Two ``kamervragen load`` processes at once (separate connections, separate parsers)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    procs = [subprocess.Popen([*KAMERVRAGEN, "load", "--db", pg_url, "--sample", "--json"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outs = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1][-2000:] for o in outs]
    with open_store(pg_url) as store:
        counts, cases = reference
        assert store.counts() == counts
        assert _cases(store) == cases


def test_readers_during_a_load(pg_url, reference):
    """Readers while a load runs: every case they list can be shown with its documents, searching never
    fails, and the number of documents only grows; after the load everything is there."""
    done = threading.Event()
    seen = {"reads": 0, "searches": 0}
    problems: list[str] = []

    def load():
        try:
            with open_store(pg_url) as store:
                load_items(store, _items(), batch_size=3)
        finally:
            done.set()

    def read_cases():
        with open_store(pg_url) as store:
            last = 0
            while not done.is_set():
                n = store.counts()["documents"]
                if n < last:
                    problems.append(f"documents went from {last} to {n}")
                last = n
                for summary in list(store.iter_cases())[-5:]:
                    case = store.get_case(summary.key)
                    if case is None and summary.zaak:
                        problems.append(f"{summary.key} listed but not found")
                    elif case is not None and not case.documents:
                        problems.append(f"{summary.key} without documents")
                    seen["reads"] += 1

    def search_loop():
        with open_store(pg_url) as store:
            while not done.is_set():
                for q in ("scanners", '"nationale veiligheid"', "minister*"):
                    search(store, q, limit=5)
                    seen["searches"] += 1

    assert _run_threads([load, read_cases, search_loop]) == []
    assert problems == []
    assert seen["reads"] > 0 and seen["searches"] > 0
    with open_store(pg_url) as store:
        counts, cases = reference
        assert store.counts() == counts
        assert _cases(store) == cases


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_with_two_workers_during_a_load(pg_url, reference):
    """``kamervragen serve --workers 2`` on PostgreSQL answers while ``kamervragen load`` writes."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    port = _free_port()
    server = subprocess.Popen([*KAMERVRAGEN, "serve", "--db", pg_url, "--workers", "2", "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/api/stats", timeout=5).status_code < 500:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline and server.poll() is None, server.stderr.read().decode()[-2000:] \
                if server.poll() is not None else "server did not start"
            time.sleep(0.3)
        loader = subprocess.Popen([*KAMERVRAGEN, "load", "--db", pg_url, "--sample"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        statuses = []
        with httpx.Client(base_url=base, timeout=30) as client:
            while loader.poll() is None:
                statuses.append(client.get("/api/search", params={"q": "scanners"}).status_code)
                statuses.append(client.get("/api/cases").status_code)
            assert loader.wait(120) == 0, loader.stderr.read().decode()[-2000:]
            assert set(statuses) <= {200}, statuses
            case = client.get("/api/cases/2024Z01911")
            assert case.status_code == 200
            hits = client.get("/api/search", params={"q": '"nationale veiligheid"'}).json()
            assert "2024Z01911" in str(hits)
    finally:
        server.terminate()
        server.wait(30)
