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
            slowest[0] = max(slowest[0], time.perf_counter() - start)

    def items():
        for i in range(n):
            yield LoadItem(data=mutate(rng, pool), source_path=f"fuzz/{seed}/{i}.bin",
                           fetched_at="2024-01-01T00:00:00Z")

    started = time.perf_counter()
    with open_store(db) as store:
        report = load_items(store, items(), total=n, parse=timed, parser_version=PARSER_VERSION,
                            batch_size=batch_size)
    took = time.perf_counter() - started
    failures = [e for _, e in report.failures]
    return {"inputs": n, "seconds": took, "stored": report.inserted + report.updated + report.unchanged,
            "refused": len(failures), "parser_bugs": sum("parser failed" in e or "The parser failed" in e
                                                          for e in failures),
            "store_errors": sum("internal error while storing" in e for e in failures),
            "slowest_parse_s": slowest[0], "total": report.total,
            "bug_examples": [e for e in failures if "failed" in e and "parser" in e or "internal" in e][:5]}
