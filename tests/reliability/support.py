"""Shared by the reliability tests (``tests/reliability``) and their long runs (``benchmarks/reliability``):
a canonical dump of what a database holds, a soundness check, the CLI as a subprocess, mutated documents.

The canonical dump leaves out row ids and timestamps, so two databases that hold the same cases,
documents, questions, answers, raw contents and sources compare equal however they were written (in one
run, or in a run killed with SIGKILL and then run again).
"""

from __future__ import annotations

import os
import random
import sqlite3
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "src" / "kamervragen" / "sample" / "docs"
CONSTRUCTED = ROOT / "tests" / "fixtures" / "constructed"

if str(ROOT / "benchmarks") not in sys.path:
    sys.path.insert(0, str(ROOT / "benchmarks"))


def cli(*args: str) -> list[str]:
    """The ``kamervragen`` command as a subprocess argument list (the installed script, else ``python -c``)."""
    exe = Path(sys.executable).parent / "kamervragen"
    base = [str(exe)] if exe.exists() else [sys.executable, "-c", "from kamervragen.cli import main; main()"]
    return [*base, *args]


def cli_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def seeds() -> list[bytes]:
    """The real sample documents and the constructed XML / HTML / PDF / DOCX fixtures, as bytes."""
    out = [p.read_bytes() for p in sorted(SAMPLE.iterdir()) if p.is_file()]
    out += [p.read_bytes() for p in sorted(CONSTRUCTED.iterdir()) if p.suffix in (".xml", ".html", ".pdf", ".docx")]
    return [s for s in out if s]


def mutate(rng: random.Random, pool: list[bytes]) -> bytes:
    """One mutated document: the mutations of the parser's fuzzing run (``benchmarks/parse.py --fuzz``)."""
    from parse import mutate as parse_mutate  # benchmarks/parse.py

    return parse_mutate(rng, pool)


def _rows(conn: sqlite3.Connection, sql: str) -> list[tuple[Any, ...]]:
    return sorted(tuple(r) for r in conn.execute(sql).fetchall())


def canonical_dump(db: str) -> dict[str, list[tuple[Any, ...]]]:
    """Cases, documents, questions, answers, raw contents and sources, without ids and timestamps."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        doc = "(SELECT key FROM document WHERE id = t.document_id)"
        return {
            "cases": _rows(conn, "SELECT key, zaak, subject, submitted FROM zaak_case"),
            "documents": _rows(conn, "SELECT d.key, c.key, d.kind, d.supplementary, d.zaak_text, d.publication,"
                                     " d.document_number, d.subject, d.submitted, d.received, d.promised_date,"
                                     " d.form, d.refs, d.link, d.parsed_hash, r.checksum, d.removed_at IS NULL"
                                     " FROM document d JOIN zaak_case c ON c.id = d.case_id"
                                     " JOIN raw r ON r.id = d.raw_id"),
            "questions": _rows(conn, f"SELECT {doc}, position, number, text, footnotes FROM question t"),
            "answers": _rows(conn, f"SELECT {doc}, position, questions, text, footnotes FROM answer t"),
            "raw": _rows(conn, "SELECT checksum, size, parser_version, parse_error, parsed_hash,"
                               " (SELECT key FROM document WHERE id = raw.document_id) FROM raw"),
            "sources": _rows(conn, "SELECT r.checksum, s.locator, s.url, s.hint_zaak, s.hint_publication,"
                                   " s.hint_document_number FROM source s JOIN raw r ON r.id = s.raw_id"),
        }
    finally:
        conn.close()


def dump_diff(want: dict[str, list], got: dict[str, list], limit: int = 5) -> list[str]:
    out = []
    for table in want:
        a, b = set(want[table]), set(got.get(table, []))
        out += [f"{table} missing: {row!r}"[:300] for row in sorted(a - b, key=repr)[:limit]]
        out += [f"{table} extra: {row!r}"[:300] for row in sorted(b - a, key=repr)[:limit]]
    return out


def assert_sound(db: str) -> None:
    """integrity_check, foreign keys, no half-written document (the checks of ``tests/store/test_kill.py``)."""
    from tests.store.test_kill import _check_sound

    _check_sound(db).close()


def fuzz_loader(db: str, n: int, seed: int, batch_size: int = 50) -> dict[str, Any]:
    """``n`` mutated real documents through the loader (``load_items``, the code of ``kamervragen load``)
    into the SQLite database ``db``; returns the figures. Never raises for a bad document: a crash of the
    parser or the store is counted (``parser_bugs`` / ``store_errors``), the slowest parse is timed."""
    import time

    from kamervragen.model import LoadItem
    from kamervragen.parse import PARSER_VERSION, parse_bytes
    from kamervragen.store import open_store
    from kamervragen.store.loader import load_items

    rng = random.Random(seed)
    pool = seeds()
    slowest = [0.0]

    def timed(data: bytes, source: str):
        start = time.perf_counter()
        try:
            return parse_bytes(data, source)
        finally:
            elapsed = time.perf_counter() - start
            if elapsed > 1.0:  # a shared machine pauses processes: a slow parse is timed once more
                again = time.perf_counter()
                try:
                    parse_bytes(data, source)
                except Exception:  # noqa: BLE001 - only the time counts here
                    pass
                elapsed = min(elapsed, time.perf_counter() - again)
            slowest[0] = max(slowest[0], elapsed)

    def items():
        for i in range(n):
            yield LoadItem(data=mutate(rng, pool), source_path=f"fuzz/{seed}/{i}.bin",
                           fetched_at="2024-01-01T00:00:00Z")

    started = time.perf_counter()
    with open_store(db) as store:
        # in this process (workers=1), so that each parse can be timed
        report = load_items(store, items(), total=n, parse=timed, parser_version=PARSER_VERSION,
                            batch_size=batch_size, workers=1)
    took = time.perf_counter() - started
    failures = [e for _, e in report.failures]
    return {"inputs": n, "seconds": took, "stored": report.inserted + report.updated + report.unchanged,
            "refused": len(failures), "parser_bugs": sum("parser failed" in e or "The parser failed" in e
                                                          for e in failures),
            "store_errors": sum("internal error while storing" in e for e in failures),
            "slowest_parse_s": slowest[0], "total": report.total,
            "bug_examples": [e for e in failures if "failed" in e and "parser" in e or "internal" in e][:5]}


def variant_folder(folder: Path, n: int) -> Path:
    """The real sample documents (with their ``sources.jsonl``) and ``n`` questions documents made from a
    real one (zaak numbers 2031Z…, subjects varied): a load long enough to be killed in the middle."""
    import shutil

    docs = folder / "docs"
    shutil.copytree(SAMPLE, docs)
    shutil.copy(SAMPLE.parent / "sources.jsonl", folder / "sources.jsonl")
    text = (SAMPLE / "2024Z01911.md").read_text(encoding="utf-8")
    for i in range(n):
        (docs / f"2031Z{i:05d}.md").write_text(
            text.replace("2024Z01911", f"2031Z{i:05d}").replace("Chinese scanners", f"scanners nr. {i}"),
            encoding="utf-8")
    return docs


def _sqlite_ok(db: str) -> bool:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def crash_load(work: Path, docs: Path, kills: int, seed: int, log=print) -> dict[str, Any]:
    """``kamervragen load docs`` uninterrupted, then ``kills`` times: a fresh load killed with SIGKILL at a
    random moment (between its start and the end of an uninterrupted run), integrity_check and the
    soundness checks on what it left, a normal ``kamervragen load``, and its canonical dump compared with
    the uninterrupted one. Returns the figures; ``mismatches`` lists every difference found."""
    import signal
    import subprocess
    import time

    rng = random.Random(seed)
    clean = str(work / "clean.sqlite3")
    started = time.perf_counter()
    subprocess.run(cli("load", "--db", clean, str(docs)), check=True, capture_output=True, env=cli_env())
    duration = time.perf_counter() - started
    want = canonical_dump(clean)
    figures: dict[str, Any] = {"documents": len(want["documents"]), "uninterrupted_s": round(duration, 1),
                               "kills": 0, "finished_before_kill": 0, "mismatches": [], "moments_s": [],
                               "left_by_kill": []}
    attempt = 0
    while figures["kills"] < kills and attempt < 3 * kills:
        attempt += 1
        db = str(work / f"killed-{attempt}.sqlite3")
        moment = rng.uniform(0.0, duration * 0.95)
        proc = subprocess.Popen(cli("load", "--db", db, str(docs)), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=cli_env())
        launched = time.perf_counter()
        time.sleep(moment)
        moment = time.perf_counter() - launched  # as it happened: a busy machine oversleeps
        if proc.poll() is not None:
            figures["finished_before_kill"] += 1
            for suffix in ("", "-wal", "-shm"):
                Path(db + suffix).unlink(missing_ok=True)
            continue
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        figures["kills"] += 1
        figures["moments_s"].append(round(moment, 2))
        problems = []
        if not Path(db).exists():
            figures["left_by_kill"].append(None)  # killed before it made the database
        else:
            if not _sqlite_ok(db):
                problems.append("integrity_check failed after the kill")
            else:
                try:
                    assert_sound(db)
                except AssertionError as exc:
                    problems.append(f"unsound after the kill: {exc}")
            try:
                figures["left_by_kill"].append(len(canonical_dump(db)["documents"]))
            except sqlite3.Error:
                figures["left_by_kill"].append(0)  # killed before the schema was made
        again = subprocess.run(cli("load", "--db", db, str(docs)), capture_output=True, text=True, env=cli_env())
        if again.returncode != 0:
            problems.append(f"the load after the kill failed: {again.stderr.strip()[-300:]}")
        else:
            if not _sqlite_ok(db):
                problems.append("integrity_check failed after the second load")
            try:
                assert_sound(db)
            except AssertionError as exc:
                problems.append(f"unsound after the second load: {exc}")
            problems += dump_diff(want, canonical_dump(db))
        left = figures["left_by_kill"][-1]
        log(f"kill {figures['kills']} at {moment:.2f} s: "
            f"{'no database yet' if left is None else f'{left} documents left'}, "
            f"{'identical after a normal load' if not problems else problems[:3]}")
        figures["mismatches"] += problems
        for suffix in ("", "-wal", "-shm"):
            Path(db + suffix).unlink(missing_ok=True)
    return figures


def crash_sync(work: Path, zaken: int, kills: int, seed: int, log=print) -> dict[str, Any]:
    """``kamervragen sync`` against the fake server (``tests/support/fakeserver.py``) uninterrupted, then
    ``kills`` times: a fresh sync killed with SIGKILL after a random number of answered requests, a normal
    sync, and the result compared with the uninterrupted one: the synced state (``diff_state``), and the
    canonical dump of cases, documents, questions and answers."""
    import subprocess

    from kamervragen.store import open_store
    from tests.support.fakeserver import (
        FakeData,
        FakeServer,
        Faults,
        diff_state,
        kill_after,
        start_sync_process,
    )

    rng = random.Random(seed)
    # every answer a little slow, so kills land among metadata pages and files alike
    faults = Faults(rate=1.0, kinds=("slow",), slow_seconds=0.01)
    figures: dict[str, Any] = {"zaken": zaken, "kills": 0, "finished_before_kill": 0, "mismatches": [],
                               "kill_after_requests": []}
    with FakeServer(FakeData(zaken, seed=7), faults, page_size=20) as srv:
        def run(folder: Path) -> subprocess.CompletedProcess:
            proc = start_sync_process(srv, folder)
            out, err = proc.communicate(timeout=600)
            return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)

        def state(folder: Path) -> dict:
            store = open_store(str(folder / "db.sqlite3"))
            try:
                return store.sync_snapshot()
            finally:
                store.close()

        before = srv.stats.total
        first = run(work / "clean")
        if first.returncode != 0:
            raise RuntimeError(first.stderr.decode()[-500:])
        requests = srv.stats.total - before
        want = canonical_dump(str(work / "clean" / "db.sqlite3"))
        if diff_state(srv.data.expected(), state(work / "clean")):
            raise RuntimeError("the uninterrupted sync does not hold the served set")
        figures["requests_per_sync"] = requests
        attempt = 0
        while figures["kills"] < kills and attempt < 3 * kills:
            attempt += 1
            folder = work / f"killed-{attempt}"
            at = rng.randint(1, max(1, requests - 1))
            proc = start_sync_process(srv, folder)
            if not kill_after(srv, proc, at):
                figures["finished_before_kill"] += 1
                continue
            figures["kills"] += 1
            figures["kill_after_requests"].append(at)
            problems = []
            db = str(folder / "db.sqlite3")
            if Path(db).exists() and not _sqlite_ok(db):
                problems.append("integrity_check failed after the kill")
            again = run(folder)
            if again.returncode != 0:
                problems.append(f"the sync after the kill failed: {again.stderr.decode().strip()[-300:]}")
            else:
                if not _sqlite_ok(db):
                    problems.append("integrity_check failed after the second sync")
                try:
                    assert_sound(db)
                except AssertionError as exc:
                    problems.append(f"unsound after the second sync: {exc}")
                problems += diff_state(srv.data.expected(), state(folder))
                problems += dump_diff(want, canonical_dump(db))
            log(f"sync kill {figures['kills']} after {at} requests: "
                f"{'identical after a normal sync' if not problems else problems[:3]}")
            figures["mismatches"] += problems
    return figures
