"""The stored result does not depend on where parsing (and each parse's payload: stems, entities,
hashes, linking features) happens: ``--workers 1`` and ``--workers 2`` give the same database."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from kamervragen.store import open_store
from kamervragen.store.loader import load_items

ROOT = Path(__file__).resolve().parents[2]


def _replicas(n: int):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from load import replicas
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return replicas(n)


def canonical_dump(db: str) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, without the columns that record when something was written."""
    conn = sqlite3.connect(db)
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " AND name NOT LIKE 'search_doc_fts_%' AND name != 'schema_migration' ORDER BY name")]
    dump = {}
    for table in tables:
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")
                if not (r[1].endswith("_at") and r[1] != "fetched_at") and r[1] != "first_seen"]
        if table == "search_doc_fts":
            cols = ["rowid", *cols]
        dump[table] = sorted(conn.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall(), key=repr)
    conn.close()
    return dump


def test_one_worker_and_two_workers_store_the_same(tmp_path: Path) -> None:
    n = 700
    dumps, reports = [], []
    for workers in (1, 2):
        db = str(tmp_path / f"w{workers}.sqlite3")
        with open_store(db) as store:
            reports.append(load_items(store, _replicas(n), total=n, batch_size=100, workers=workers).to_json())
        dumps.append(canonical_dump(db))
    assert reports[0] == reports[1] and reports[0]["inserted"] > n * 0.9
    assert dumps[0]["document"] and dumps[0]["search_doc_fts"] and dumps[0]["search_entity"]
    for table in dumps[0]:
        assert dumps[0][table] == dumps[1][table], table


def test_second_load_with_workers_is_all_unchanged(tmp_path: Path) -> None:
    db = str(tmp_path / "again.sqlite3")
    n = 400
    with open_store(db) as store:
        load_items(store, _replicas(n), total=n, batch_size=100, workers=2)
        before = canonical_dump(db)
        again = load_items(store, _replicas(n), total=n, batch_size=100, workers=2)
    assert again.to_json() == {"inserted": 0, "updated": 0, "unchanged": n, "failed": 0}
    assert canonical_dump(db) == before
