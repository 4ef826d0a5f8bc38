"""Latency of search and similar at 10,000 and 100,000 question sets, beside raw FTS5.

The corpus is the bundled sample plus the retrieval development set, parsed once and replicated with
varied ids: each copy keeps the subject, a random subset of the questions (and their answers) and one
question borrowed from another document, and gets a random date from 2008 to 2025, so the term
statistics are not those of exact duplicates. Index units go through ``SQLiteSearchMixin.index_document``
(timed: the index's share of load speed). The raw FTS5 baseline is ``bm25()`` top-10 with ``snippet()``
over the same whole-document FTS table and the same query mix.

    .venv/bin/python benchmarks/search.py [--sizes 10000 100000] [--db-dir /tmp] [--runs 200]
        [--backend sqlite|postgres|both] [--pg ADMIN_URL]

``--backend postgres`` indexes the same documents into a fresh PostgreSQL database on the server of
``--pg`` (default ``$KAMERVRAGEN_TEST_PG``), through ``PostgresStore.index_document``; its raw baseline is
``ts_rank`` top-10 with ``ts_headline`` over the same tsvector. ``both`` runs each size on both backends.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kamervragen.errors import UserError  # noqa: E402
from kamervragen.model import ParsedDocument  # noqa: E402
from kamervragen.search.lexical import search  # noqa: E402
from kamervragen.search.query import parse_query, to_fts5  # noqa: E402
from kamervragen.search.similar import find_similar  # noqa: E402
from kamervragen.store.sqlite_search import SearchOnlyStore  # noqa: E402

QUERIES = ["nuctech", "douane scanners", '"Chinese scanners"', "containers Waddenzee", "Q-koorts tegemoetkoming",
           "Lelystad Airport", "biomassa subsidie", "jeugdzorg*", "Marokko -corona", "Afghaanse tolken",
           "Sint Maarten wederopbouw", "Greenpeace OR stenen"]
# "minister" is in about one document in ten here (the index holds subjects, questions, answers and
# notes, not the opening sentence); "Nederland" is in more than half of them.
COMMON = ["minister", "Nederland"]


def seed_documents() -> list[ParsedDocument]:
    from kamervragen.model import ParseError
    from kamervragen.parse import parse_bytes
    from kamervragen.search.evaluate import parse_any

    docs = []
    for f in sorted((ROOT / "src" / "kamervragen" / "sample" / "docs").iterdir()):
        try:
            docs.append(parse_bytes(f.read_bytes(), f.name))
        except ParseError:
            pass
    dev = ROOT.parent / "shared" / "corpus" / "retrieval-dev" / "docs.jsonl"  # beside the repository
    if dev.is_file():
        for line in dev.read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            docs.append(parse_any(d["text"], d["id"]))
    return [d for d in docs if d.questions or d.subject]


def variant(doc: ParsedDocument, other: ParsedDocument, n: int, rng: random.Random) -> ParsedDocument:
    v = copy.copy(doc)
    keep = [q for q in doc.questions if rng.random() < 0.75] or doc.questions[:1]
    borrowed = [copy.copy(q) for q in other.questions[:1]]
    for q in borrowed:
        q.number = max((x.number for x in keep), default=0) + 1
    v.questions = keep + borrowed
    numbers = {q.number for q in keep}
    v.answers = [a for a in doc.answers if set(a.questions) & numbers]
    v.zaak = f"{rng.randint(2008, 2025)}Z{n:05d}"[:10] if n < 100000 else f"{rng.randint(2008, 2025)}Z{n:06d}"
    year = int(v.zaak[:4])
    v.submitted = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    v.received = None
    return v


def fill(store, size: int, seeds: list[ParsedDocument]) -> tuple[list[str], float]:
    """Index ``size`` variants of the seeds (the same ones for every backend: the generator is seeded by
    the size), 1,000 per transaction; the zaak keys and the seconds it took."""
    rng = random.Random(size)
    keys = []
    started = time.perf_counter()
    batch = 1000
    for start in range(0, size, batch):
        with store.transaction() as conn:
            for n in range(start, min(size, start + batch)):
                doc = variant(seeds[n % len(seeds)], rng.choice(seeds), n, rng)
                store.index_document(conn, n + 1, doc.zaak, doc)
                keys.append(doc.zaak)
    return keys, time.perf_counter() - started


def build(path: Path, size: int, seeds: list[ParsedDocument], reuse: bool = False,
          ) -> tuple[SearchOnlyStore, list[str], float | None]:
    if reuse and path.exists():
        store = SearchOnlyStore(str(path))
        keys = [r[0] for r in store.conn.execute("SELECT zaak_key FROM search_doc")]
        if len(keys) == size:
            return store, keys, None
        store.close()
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if p.exists():
            p.unlink()
    store = SearchOnlyStore(str(path))
    keys, took = fill(store, size, seeds)
    store.conn.execute("ANALYZE")
    return store, keys, took


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def raw_fts(store: SearchOnlyStore, match: str) -> None:
    store.conn.execute(
        "SELECT rowid, snippet(search_doc_fts, 1, '[', ']', '…', 12) FROM search_doc_fts "
        "WHERE search_doc_fts MATCH ? ORDER BY bm25(search_doc_fts) LIMIT 10", (match,)).fetchall()


def report(name: str, values: list[float]) -> dict[str, float]:
    row = {"p50_ms": round(statistics.median(values), 1), "p95_ms": round(pct(values, 95), 1)}
    print(f"  {name:34} p50 {row['p50_ms']:7.1f} ms   p95 {row['p95_ms']:7.1f} ms", flush=True)
    return row


def run(size: int, db_dir: Path, runs: int, seeds: list[ParsedDocument], reuse: bool = False,
        backend: str = "sqlite", pg: str | None = None) -> dict:
    print(f"{size:,} question sets" + (f" ({backend})" if backend != "sqlite" else ""), flush=True)
    if backend == "postgres":
        store, keys, took = build_pg(pg, size, seeds)
        raw = raw_pg
    else:
        store, keys, took = build(db_dir / f"bench-search-{size}.sqlite3", size, seeds, reuse)
        raw = raw_fts
    if took is not None:
        print(f"  indexed in {took:.1f} s ({size / took:,.0f} documents/s)", flush=True)
    out: dict = {"backend": backend, "size": size, "index_s": round(took, 1) if took is not None else None}
    mixed = QUERIES
    matches = {q: to_fts5(parse_query(q)) for q in QUERIES + COMMON}
    it = iter(range(10**9))

    def one_search(queries):
        q = queries[next(it) % len(queries)]
        search(store, q, limit=10)

    def one_raw(queries):
        raw(store, matches[queries[next(it) % len(queries)]])

    for label, qs in (("mix", mixed), *((f"common term '{c}'", [c]) for c in COMMON)):
        for fn in (one_search, one_raw):  # warm up
            fn(qs)
        out[f"search {label}"] = report(f"search, {label}", timed(lambda qs=qs: one_search(qs), runs))
        out[f"raw fts5 {label}"] = report(f"raw FTS5 bm25+snippet, {label}", timed(lambda qs=qs: one_raw(qs), runs))
    rng = random.Random(1)
    sample = [rng.choice(keys) for _ in range(max(20, runs // 4))]
    pick = iter(range(10**9))

    def one_similar(per_question: bool):
        key = sample[next(pick) % len(sample)]
        try:
            find_similar(store, key, k=10, per_question=per_question, vectors=False)
        except UserError:
            pass

    one_similar(False)
    # first call per zaak: document frequencies of its words are looked up (fts5vocab walks doclists);
    # a long-running process (web, API) keeps them, so the second pass is the steady state
    out["similar cold"] = report("similar (stored zaak), first call", timed(lambda: one_similar(False), len(sample)))
    out["similar"] = report("similar (stored zaak, whole set)", timed(lambda: one_similar(False), len(sample)))
    out["similar per question"] = report("similar (+ per sub-question)", timed(lambda: one_similar(True), len(sample)))
    store.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--db-dir", type=Path, default=Path("/tmp"))
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--reuse", action="store_true", help="Reuse a database of the same size left by an earlier run.")
    ap.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="sqlite")
    ap.add_argument("--pg", default=os.environ.get("KAMERVRAGEN_TEST_PG"),
                    help="PostgreSQL admin URL for --backend postgres/both (default $KAMERVRAGEN_TEST_PG)")
    args = ap.parse_args()
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    if "postgres" in backends and not args.pg:
        sys.exit("--backend postgres needs --pg or $KAMERVRAGEN_TEST_PG (scripts/pg.sh start prints one)")
    seeds = seed_documents()
    print(f"{len(seeds)} real documents as seeds", flush=True)
    results = [run(size, args.db_dir, args.runs, seeds, args.reuse, b, args.pg) for size in args.sizes for b in backends]
    print(json.dumps(results))
    if len(backends) == 2:
        side_by_side(results)


# -- PostgreSQL (--backend postgres / both) ---------------------------------------------------------------


def side_by_side(results: list[dict]) -> None:
    for sq, pg in zip(results[::2], results[1::2], strict=True):
        print(f"side by side, {sq['size']:,} question sets, p50 / p95 ms (SQLite | PostgreSQL):")
        for k in sq:
            if isinstance(sq[k], dict) and k in pg:
                print(f"  {k:34} {sq[k]['p50_ms']:7.1f} / {sq[k]['p95_ms']:7.1f} | "
                      f"{pg[k]['p50_ms']:7.1f} / {pg[k]['p95_ms']:7.1f}")



class _PgSearchStore:
    """A ``PostgresStore`` in a database of its own on the ``--pg`` server, dropped when closed."""

    def __init__(self, admin: str, name: str) -> None:
        import psycopg

        from kamervragen.store.postgres import PostgresStore

        self.admin, self.name = admin, name
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]
            conn.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
        self.store = PostgresStore(urlsplit(admin)._replace(path=f"/{name}").geturl())
        self.store.migrate()

    def __getattr__(self, name: str):
        return getattr(self.store, name)

    def close(self) -> None:
        import psycopg

        self.store.close()
        with psycopg.connect(self.admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')  # type: ignore[arg-type]


def build_pg(admin: str | None, size: int, seeds: list[ParsedDocument]) -> tuple[_PgSearchStore, list[str], float]:
    """As ``build``, into PostgreSQL: the same documents (the same random generator)."""
    assert admin
    wrapper = _PgSearchStore(admin, f"kv_bench_search_{size}_{os.getpid()}")
    store = wrapper.store
    keys, took = fill(store, size, seeds)
    store._conn.raw.execute("ANALYZE")
    return wrapper, keys, took


def raw_pg(store: _PgSearchStore, match: str) -> None:
    """The PostgreSQL baseline: ts_rank top-10 with ts_headline over the stems (as FTS5's snippet)."""
    from kamervragen.store.postgres_search import RANK_WEIGHTS, fts5_to_tsquery

    q = fts5_to_tsquery(match)
    store._conn.raw.execute(
        "SELECT rowid, ts_headline('simple', questions, %s::tsquery, 'MaxWords=12, MinWords=6') FROM"
        " (SELECT rowid, questions FROM search_doc_fts WHERE tsv @@ %s::tsquery"
        "  ORDER BY ts_rank(%s, tsv, %s::tsquery, 1) DESC LIMIT 10) AS top", (q, q, RANK_WEIGHTS, q)).fetchall()


if __name__ == "__main__":
    main()
