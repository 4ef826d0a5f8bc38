"""Sync with 20 % of the requests failing (500, 429, bodies cut off, slow answers beyond the timeout, pages
served twice or reordered): the document store ends identical to a sync without faults — the same cases,
documents, questions, answers, raw contents and sources, nothing lost, nothing doubled.

``tests/fetch/test_sync.py::test_faults_end_identical`` checks the synced API state (``diff_state``) and the
files under the same faults; this adds the store the files were loaded into.
"""

from __future__ import annotations

import random

import pytest

from tests.fetch.conftest import run_sync
from tests.reliability.support import assert_sound, canonical_dump, dump_diff
from tests.support.fakeserver import FakeData, FakeServer, Faults, diff_state

pytestmark = pytest.mark.timeout(300)


def test_twenty_percent_failures_leave_the_store_identical(tmp_path):
    with FakeServer(FakeData(60, seed=11), page_size=20) as srv:
        run_sync(srv, tmp_path / "clean")
        want = canonical_dump(str(tmp_path / "clean" / "db.sqlite3"))
        srv.faults = Faults(rate=0.2, slow_seconds=0.25, repeat_rate=0.3, reorder_rate=0.3, seed=5)
        srv._rng = random.Random(5)
        stats, snap = run_sync(srv, tmp_path / "faulty", timeout=0.2)
        assert sum(srv.stats.faults.values()) > 10 and stats.retries > 0, srv.stats.faults
        assert diff_state(srv.data.expected(), snap) == []
    db = str(tmp_path / "faulty" / "db.sqlite3")
    assert_sound(db)
    got = canonical_dump(db)
    assert dump_diff(want, got) == []
    assert len(got["sources"]) == len(snap["documents"])  # each file stored once
