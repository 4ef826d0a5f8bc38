"""Fixtures of the sync tests: a fake server factory and a sync runner against it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kamervragen.fetch.http import HttpSettings
from kamervragen.fetch.sync import SyncOptions, SyncStats, sync
from kamervragen.store import open_store
from tests.support.fakeserver import FakeData, FakeServer, Faults

ZAKEN = 120  # small enough for seconds, large enough for several pages at PAGE_SIZE
PAGE_SIZE = 40


@pytest.fixture
def make_server() -> Iterator:
    started: list[FakeServer] = []

    def make(zaken: int = ZAKEN, faults: Faults | None = None, seed: int = 7, page_size: int = PAGE_SIZE,
             data: FakeData | None = None) -> FakeServer:
        srv = FakeServer(data or FakeData(zaken, seed=seed), faults, page_size=page_size).start()
        started.append(srv)
        return srv

    yield make
    for srv in started:
        srv.stop()


def options(srv: FakeServer, cache: Path, **kw) -> SyncOptions:
    http = HttpSettings(rate=0, backoff=0.005, max_backoff=0.05, timeout=kw.pop("timeout", 10.0),
                        retries=kw.pop("retries", 8))
    return SyncOptions(cache_dir=cache, tk_url=srv.tk_url, ob_url=srv.ob_url, sru_url=srv.sru_url, http=http, **kw)


def run_sync(srv: FakeServer, folder: Path, **kw) -> tuple[SyncStats, dict]:
    """Sync from ``srv`` into ``db`` (a store location; default a SQLite file in ``folder``)."""
    store = open_store(kw.pop("db", None) or str(folder / "db.sqlite3"))
    cache = kw.pop("cache", folder / "cache")
    try:
        stats = sync(store, options(srv, cache, **kw))
        return stats, store.sync_snapshot()
    finally:
        store.close()


def snapshot(folder: Path) -> dict:
    store = open_store(str(folder / "db.sqlite3"))
    try:
        return store.sync_snapshot()
    finally:
        store.close()
