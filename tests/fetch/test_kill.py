"""``kill -9`` during a sync (a subprocess), then a normal sync: the identical result, nothing lost or doubled."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from kamervragen.store import open_store
from tests.fetch.conftest import run_sync
from tests.support.fakeserver import Faults, diff_state

ROOT = Path(__file__).resolve().parents[2]


def start_sync(srv, folder: Path) -> subprocess.Popen:
    """``kamervragen sync`` in its own process against the fake server (reusable by other tests)."""
    cmd = [sys.executable, "-c", "from kamervragen.cli import main; main()", "sync",
           "--db", str(folder / "db.sqlite3"), "--cache", str(folder / "cache"), *srv.base_args(),
           "--rate", "0", "--workers", "1", "--backoff", "0.01", "--json"]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")})


def kill_after(srv, proc: subprocess.Popen, requests: int, limit: float = 60.0) -> bool:
    """SIGKILL the process once the server has answered ``requests`` more requests; False if it ended first."""
    target = srv.stats.total + requests
    deadline = time.monotonic() + limit
    while srv.stats.total < target and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    if proc.poll() is not None:
        return False
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return True


def test_kill_9_then_resume(make_server, tmp_path):
    # every answer a little slow, so the kill lands mid-run: on a metadata page, in the files
    srv = make_server(zaken=80, page_size=20, faults=Faults(rate=1.0, kinds=("slow",), slow_seconds=0.02))
    killed = 0
    for n, at in enumerate((2, 9, 40, 90)):
        folder = tmp_path / f"kill{n}"
        proc = start_sync(srv, folder)
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
        assert not list((folder / "cache").rglob("*.tmp"))  # no half-written cache file kept in view
    assert killed == 4
