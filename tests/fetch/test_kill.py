"""``kill -9`` during a sync (a subprocess), then a normal sync: the identical result, nothing lost or doubled."""

from __future__ import annotations

import sqlite3

import pytest

from kamervragen.store import open_store
from tests.conftest import drop_store_url, new_store_url
from tests.fetch.conftest import run_sync
from tests.support.fakeserver import Faults, diff_state, kill_after, start_sync_process


def test_kill_9_then_resume(make_server, tmp_path):
    # every answer a little slow, so the kills land mid-run: on metadata pages and among the files
    srv = make_server(zaken=80, page_size=20, faults=Faults(rate=1.0, kinds=("slow",), slow_seconds=0.02))
    killed = 0
    for n, at in enumerate((2, 9, 40, 90)):
        folder = tmp_path / f"kill{n}"
        proc = start_sync_process(srv, folder)
        killed += kill_after(srv, proc, at)
        stats, snap = run_sync(srv, folder)
        assert stats.resumed
        assert diff_state(srv.data.expected(), snap) == []
        for did, d in snap["documents"].items():
            assert d["file_state"] == "done", did
        store = open_store(str(folder / "db.sqlite3"))
        try:
            assert store.counts()["sources"] == len(snap["documents"])  # each file loaded once
        finally:
            store.close()
        with sqlite3.connect(folder / "db.sqlite3") as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert killed == 4


@pytest.mark.postgres
def test_kill_9_then_resume_on_postgres(make_server, tmp_path):
    """The same on PostgreSQL: what a killed sync committed stays, the next run completes it."""
    srv = make_server(zaken=60, page_size=20, faults=Faults(rate=1.0, kinds=("slow",), slow_seconds=0.02))
    killed = 0
    for n, at in enumerate((5, 60)):
        folder = tmp_path / f"kill{n}"
        db = new_store_url("postgres", folder)
        try:
            killed += kill_after(srv, start_sync_process(srv, folder, db=db), at)
            stats, snap = run_sync(srv, folder, db=db)
            assert stats.resumed
            assert diff_state(srv.data.expected(), snap) == []
            assert all(d["file_state"] == "done" for d in snap["documents"].values())
            store = open_store(db)
            try:
                assert store.counts()["sources"] == len(snap["documents"])  # each file loaded once
            finally:
                store.close()
        finally:
            drop_store_url(db)
    assert killed == 2
