"""A database that cannot be written — a full disk, a read-only file — gives ``kamervragen load`` one clear
sentence and a non-zero exit, and loses nothing: the database loaded before passes integrity_check and
holds exactly what it held, and once the fault is gone the same command completes as if nothing happened.

The disk is made full with SQLite's ``PRAGMA max_page_count`` (portable) and, when this runs as root, with
a small tmpfs (a real ENOSPC). Read-only is a file the loading user may not write (as root, who writes any
file: on a read-only tmpfs). Sync under 20 % injected failures and a read-only database is covered by
``tests/fetch/test_sync.py`` (``test_faults_end_identical``, ``test_cli_read_only_database_is_a_clear_error``).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kamervragen.store import open_store
from kamervragen.store.loader import load_paths, load_sample
from tests.reliability.support import ROOT, assert_sound, canonical_dump, cli, cli_env, dump_diff

pytestmark = pytest.mark.timeout(300)
SEED = ROOT / "src" / "kamervragen" / "sample" / "docs" / "2024Z01911.md"


def variants(folder: Path, n: int) -> Path:
    """``n`` questions documents made from a real one (zaak numbers 2031Z…, subjects varied)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = SEED.read_text(encoding="utf-8")
    for i in range(n):
        (folder / f"2031Z{i:05d}.md").write_text(
            text.replace("2024Z01911", f"2031Z{i:05d}").replace("Chinese scanners", f"scanners nr. {i}"),
            encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> str:
    db = str(tmp_path_factory.mktemp("base") / "kv.sqlite3")
    with open_store(db) as store:
        load_sample(store)
    return db


def _copy(db: str, folder: Path) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "kv.sqlite3"
    shutil.copy(db, target)
    return str(target)


def _check_refused(result: subprocess.CompletedProcess, why: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith("kamervragen: The database ") and why in lines[0], lines[0]
    assert "run the same command again" in lines[0]


def test_disk_full_in_the_store_keeps_whole_batches(sample_db, tmp_path):
    db = _copy(sample_db, tmp_path / "full")
    more = variants(tmp_path / "more", 300)
    with open_store(db) as store:
        pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
        store._conn.execute(f"PRAGMA max_page_count = {pages + 600}")
        with pytest.raises(sqlite3.OperationalError, match="full"):
            load_paths(store, [more], batch_size=50)
    assert_sound(db)
    got = canonical_dump(db)
    new = [d for d in got["documents"] if d[0].startswith("zk:2031Z")]
    assert 0 < len(new) < 300 and len(new) % 50 == 0, len(new)  # whole batches only
    # the fault is not recorded as a failure of the documents it hit
    assert not [r for r in got["raw"] if r[3] and "internal error" in r[3]]
    # without the limit, the same load completes: the state of a load that never failed
    with open_store(db) as store:
        load_paths(store, [more])
    clean = _copy(sample_db, tmp_path / "clean")
    with open_store(clean) as store:
        load_paths(store, [more])
    assert dump_diff(canonical_dump(clean), canonical_dump(db)) == []


_FULL_CLI = """
import sys
from kamervragen.store.sqlite import SQLiteStore
EXTRA = int(sys.argv.pop(1))
migrate = SQLiteStore.migrate
def full(self):
    done = migrate(self)
    pages = self._conn.execute("PRAGMA page_count").fetchone()[0]
    self._conn.execute(f"PRAGMA max_page_count = {pages + EXTRA}")
    return done
SQLiteStore.migrate = full
from kamervragen.cli import main
main()
"""


def test_cli_load_on_a_full_database_is_one_sentence(sample_db, tmp_path):
    db = _copy(sample_db, tmp_path / "full")
    before = canonical_dump(db)
    more = variants(tmp_path / "more", 50)
    result = subprocess.run([sys.executable, "-c", _FULL_CLI, "40", "load", "--db", db, str(more)],
                            capture_output=True, text=True, env=cli_env(), timeout=240)
    _check_refused(result, "database or disk is full")
    assert_sound(db)
    assert canonical_dump(db) == before


def _tmpfs(path: Path, size: str) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    path.mkdir(parents=True, exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True).returncode == 0


def test_cli_load_on_a_full_disk_is_one_sentence(sample_db, tmp_path):
    disk = tmp_path / "disk"
    size = os.path.getsize(sample_db)
    if not _tmpfs(disk, f"{(size + 600 * 1024) // 1024}k"):
        pytest.skip("a small tmpfs needs root and mount")
    try:
        db = _copy(sample_db, disk)
        before = canonical_dump(db)
        more = variants(tmp_path / "more", 400)
        result = subprocess.run(cli("load", "--db", db, str(more)), capture_output=True, text=True,
                                env=cli_env(), timeout=240)
        _check_refused(result, "full")
        assert_sound(db)
        after = canonical_dump(db)
        assert set(before["documents"]) <= set(after["documents"])  # nothing lost
        assert all(set(before[t]) <= set(after[t]) for t in before)
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def test_cli_load_on_a_read_only_database_is_one_sentence(sample_db, tmp_path):
    more = variants(tmp_path / "more", 20)
    disk = tmp_path / "ro"
    mounted = _tmpfs(disk, "64m")  # as root a file mode does not stop writing: a read-only file system does
    try:
        db = _copy(sample_db, disk)
        before = canonical_dump(db)
        if mounted:
            subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True, capture_output=True)
        else:
            Path(db).chmod(0o444)
            disk.chmod(0o555)
        result = subprocess.run(cli("load", "--db", db, str(more)), capture_output=True, text=True,
                                env=cli_env(), timeout=240)
        _check_refused(result, "read")
        assert_sound(db)
        assert canonical_dump(db) == before
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(disk)], capture_output=True)
        else:
            disk.chmod(0o755)


def test_a_file_over_the_size_limit_is_reported_not_read(sample_db, tmp_path):
    """A file of gigabytes in a folder: reported as failed without being read or stored (before, a file over
    SQLite's 1 GB limit failed the whole batch with 'string or blob too big', on every later load too)."""
    folder = variants(tmp_path / "more", 3)
    huge = folder / "huge.txt"
    with open(huge, "wb") as f:  # sparse: 1.5 GB of size, nothing on disk
        f.truncate(1_500_000_000)
    db = _copy(sample_db, tmp_path / "db")
    result = subprocess.run(cli("load", "--db", db, "--json", str(folder)), capture_output=True, text=True,
                            env=cli_env(), timeout=120)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[-1]["inserted"] == 3 and lines[-1]["failed"] == 1, lines[-1]
    assert lines[0]["source"] == str(huge) and "larger than any document" in lines[0]["error"]
    assert_sound(db)
    assert os.path.getsize(db) < 50_000_000


@pytest.mark.parametrize("full", ["cache and database", "database"])
def test_sync_on_a_full_disk_is_one_sentence_and_resumes(tmp_path, full):
    """``kamervragen sync`` with its database (and cache) on a disk that fills up: one sentence, exit 2;
    once there is room, the same command ends with exactly the served set."""
    from tests.support.fakeserver import FakeData, FakeServer, diff_state, start_sync_process

    disk = tmp_path / "disk"
    if not _tmpfs(disk, "1500k"):
        pytest.skip("a small tmpfs needs root and mount")
    try:
        with FakeServer(FakeData(60, seed=3), page_size=20) as srv:
            extra = ["--cache", str(tmp_path / "cache")] if full == "database" else []
            proc = start_sync_process(srv, disk, *extra)
            out, err = proc.communicate(timeout=240)
            lines = err.decode().strip().splitlines()
            assert proc.returncode == 2, err.decode()[-500:]
            assert len(lines) == 1 and "Traceback" not in err.decode(), lines
            assert "run the same command again" in lines[0] and ("full" in lines[0] or "space" in lines[0]), lines[0]
            db = str(disk / "db.sqlite3")
            if os.path.exists(db):
                conn = sqlite3.connect(db)
                assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                conn.close()
            subprocess.run(["mount", "-o", "remount,size=256m", str(disk)], check=True, capture_output=True)
            proc = start_sync_process(srv, disk, *extra)
            out, err = proc.communicate(timeout=240)
            assert proc.returncode == 0, err.decode()[-500:]

            with open_store(db) as store:
                assert diff_state(srv.data.expected(), store.sync_snapshot()) == []
            assert_sound(db)
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)
