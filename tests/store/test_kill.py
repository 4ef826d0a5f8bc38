"""A load killed with SIGKILL in the middle leaves a sound database, and the next load completes."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
N_DOCS = 2000

SCRIPT = textwrap.dedent(f"""
    import sys
    sys.path.insert(0, {str(ROOT / 'benchmarks')!r})
    from load import replicas
    from kamervragen.store import open_store
    from kamervragen.store.loader import load_items

    store = open_store(sys.argv[1])
    print("started", flush=True)
    load_items(store, replicas({N_DOCS}), total={N_DOCS}, batch_size=100)
    print("finished", flush=True)
""")


def _check_sound(db: str) -> sqlite3.Connection:
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    one = conn.execute
    # no half records: every raw either parsed into a document or kept with its error
    assert one("SELECT COUNT(*) FROM raw WHERE document_id IS NULL AND parse_error IS NULL").fetchone()[0] == 0
    assert one("SELECT COUNT(*) FROM source s LEFT JOIN raw r ON r.id = s.raw_id WHERE r.id IS NULL").fetchone()[0] == 0
    assert one("SELECT COUNT(*) FROM raw WHERE id NOT IN (SELECT raw_id FROM source)").fetchone()[0] == 0
    assert one("SELECT COUNT(*) FROM document WHERE case_id NOT IN (SELECT id FROM zaak_case)").fetchone()[0] == 0
    for table in ("question", "answer", "footnote", "document_asker", "respondent", "question_print"):
        orphans = one(f"SELECT COUNT(*) FROM {table} WHERE document_id NOT IN (SELECT id FROM document)").fetchone()[0]
        assert orphans == 0, table
    # every document's parts are all there: its question and answer rows hash to what its parse summary
    # recorded when it was written
    for doc_id, summary in one("SELECT d.id, r.summary FROM document d JOIN raw r ON r.id = d.raw_id").fetchall():
        recorded = json.loads(summary)
        questions = [(n, t, json.loads(f)) for n, t, f in one(
            "SELECT number, text, footnotes FROM question WHERE document_id = ? ORDER BY position", (doc_id,))]
        answers = [(json.loads(q), t, json.loads(f)) for q, t, f in one(
            "SELECT questions, text, footnotes FROM answer WHERE document_id = ? ORDER BY position", (doc_id,))]
        assert hashlib.sha1(repr(questions).encode()).hexdigest()[:12] == recorded["questions"]
        assert hashlib.sha1(repr(answers).encode()).hexdigest()[:12] == recorded["answers"]
    docs = one("SELECT COUNT(*) FROM document").fetchone()[0]
    indexed = one("SELECT COUNT(*) FROM search_doc").fetchone()[0] if one(
        "SELECT 1 FROM sqlite_master WHERE name = 'search_doc'").fetchone() else docs
    assert indexed == docs  # the search index is written in the same transaction
    return conn


def test_kill_9_mid_load_leaves_a_sound_database(tmp_path: Path) -> None:
    db = str(tmp_path / "killed.sqlite3")
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT, db], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=ROOT, start_new_session=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == b"started"
    # wait until at least one batch is committed, then a little more: the kill lands inside a batch
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = sqlite3.connect(db)
            if conn.execute("SELECT COUNT(*) FROM raw").fetchone()[0] > 0:
                conn.close()
                break
            conn.close()
        except sqlite3.OperationalError:
            pass
        time.sleep(0.05)
    time.sleep(random.uniform(0.1, 1.0))
    assert proc.poll() is None, "the load finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    conn = _check_sound(db)
    stored = conn.execute("SELECT COUNT(*) FROM source").fetchone()[0]
    assert 0 < stored < N_DOCS and stored % 100 == 0  # whole batches only
    conn.close()

    done = subprocess.run([sys.executable, "-c", SCRIPT, db], capture_output=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert b"finished" in done.stdout
    conn = _check_sound(db)
    assert conn.execute("SELECT COUNT(*) FROM source").fetchone()[0] == N_DOCS
    conn.close()
