"""``kill -9`` at random moments during ``kamervragen load`` and ``kamervragen sync`` (against the fake
server), each followed by a normal run: integrity_check passes, nothing half-written, and the final
state is identical to an uninterrupted run (canonical dump of cases, documents, questions, answers, raw
contents and sources). A few kills here; 20 of each: ``benchmarks/reliability/crash.py``.

Existing kill tests: ``tests/store/test_kill.py`` (one kill inside a batch, whole batches only) and
``tests/fetch/test_kill.py`` (four kills at fixed request counts).
"""

from __future__ import annotations

import pytest

from tests.reliability.support import crash_load, crash_sync, variant_folder

pytestmark = pytest.mark.timeout(400)


def test_kill_9_during_load_then_a_normal_load(tmp_path):
    docs = variant_folder(tmp_path / "corpus", 700)
    figures = crash_load(tmp_path, docs, kills=2, seed=1, log=lambda *_: None)
    assert figures["kills"] == 2, figures
    assert figures["mismatches"] == [], figures["mismatches"][:10]


def test_kill_9_during_sync_then_a_normal_sync(tmp_path):
    figures = crash_sync(tmp_path, zaken=40, kills=2, seed=1, log=lambda *_: None)
    assert figures["kills"] == 2, figures
    assert figures["mismatches"] == [], figures["mismatches"][:10]
