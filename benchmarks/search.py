"""Latency of search and similar at 10,000 and 100,000 question sets, beside raw FTS5.

The corpus is the bundled sample plus the retrieval development set, parsed once and replicated with
varied ids: each copy keeps the subject, a random subset of the questions (and their answers) and one
question borrowed from another document, and gets a random date from 2008 to 2025, so the term
statistics are not those of exact duplicates. Index units go through ``SQLiteSearchMixin.index_document``
(timed: the index's share of load speed). The raw FTS5 baseline is ``bm25()`` top-10 with ``snippet()``
over the same whole-document FTS table and the same query mix.

    .venv/bin/python benchmarks/search.py [--sizes 10000 100000] [--db-dir /tmp] [--runs 200]
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import statistics
import sys
import time
from pathlib import Path

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
    dev = Path("/work/shared/corpus/retrieval-dev/docs.jsonl")
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
    took = time.perf_counter() - started
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


def run(size: int, db_dir: Path, runs: int, seeds: list[ParsedDocument], reuse: bool = False) -> dict:
    print(f"{size:,} question sets", flush=True)
    store, keys, took = build(db_dir / f"bench-search-{size}.sqlite3", size, seeds, reuse)
    if took is not None:
        print(f"  indexed in {took:.1f} s ({size / took:,.0f} documents/s)", flush=True)
    out: dict = {"size": size, "index_s": round(took, 1) if took is not None else None}
    mixed = QUERIES
    matches = {q: to_fts5(parse_query(q)) for q in QUERIES + COMMON}
    it = iter(range(10**9))

    def one_search(queries):
        q = queries[next(it) % len(queries)]
        search(store, q, limit=10)

    def one_raw(queries):
        raw_fts(store, matches[queries[next(it) % len(queries)]])

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
    args = ap.parse_args()
    seeds = seed_documents()
    print(f"{len(seeds)} real documents as seeds", flush=True)
    results = [run(size, args.db_dir, args.runs, seeds, args.reuse) for size in args.sizes]
    print(json.dumps(results))


if __name__ == "__main__":
    main()
