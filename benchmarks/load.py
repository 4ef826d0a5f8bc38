"""Loading speed: documents/s, CPU and peak memory for N documents (default 100,000) into a fresh SQLite file.

The documents are the real ones of the bundled sample corpus, replicated with varied identifiers: in
replica k every zaak number, document number and Aanhangsel number, in the file name and in the text,
is replaced by a fresh one, and long lower-case words get a replica suffix, so each replica is a distinct
document with its own text and identity (and does not collide with its siblings when linking). Items are
built in memory (no 100,000 files on disk); parsing is the real parser, writing the real store,
search indexing included.

    .venv/bin/python benchmarks/load.py [--count 100000] [--workers N] [--batch 1000] [--db PATH]
        [--from memory|files] [--backend sqlite|postgres|both] [--pg ADMIN_URL]

``--from files`` first writes the replicas as files (1,000 per folder, each folder with its
``sources.jsonl``; not timed), then times ``load_paths`` over the folders — what ``kamervragen load DIR``
does: the loading process reads the files instead of making the replicas.

Printed (one JSON line, then the goal): documents, wall seconds, documents/s; CPU seconds of the
writer (the loading process's main thread: unpacking parse results, SQL), of the feeder thread (making
the replicas, as reading files would, and asking which are known) and of the parse workers; the
writer's CPU per document in the first and the last tenth of the load (does writing slow down as the
database grows?); peak memory (ru_maxrss of the loading process and of the largest worker); the
database size; the load average of the machine before and after (others share it).

``--backend postgres`` loads into a fresh PostgreSQL database made on the server of ``--pg`` (default
``$KAMERVRAGEN_TEST_PG``; ``scripts/pg.sh start`` prints one) and drops it afterwards; ``both`` runs
SQLite, then PostgreSQL, and prints a side-by-side line.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from kamervragen.model import LoadItem
from kamervragen.store import open_store
from kamervragen.store.loader import BATCH_SIZE, SAMPLE_DIR, load_items, load_paths, make_item, read_sources

_ZAAK = re.compile(rb"(\d{4})Z\d{5}")
_DOCNR = re.compile(rb"(\d{4})D\d{5}")
_AH = re.compile(rb"ah-tk-(\d{8})-\d+")


_WORD = re.compile(r"(?<![\w-])([a-zäëïöüéèç]{5,})(?![\w-])")
# words the opening-sentence grammar and the labels rely on stay as they are
_KEEP = {"ingezonden", "ontvangen", "antwoorden", "staatssecretaris", "staatssecretarissen", "mededeling",
         "ingetrokken", "aanhangsel", "handelingen", "vergaderjaar", "beantwoord", "kamervragen", "kamervraag",
         "schriftelijke", "toelichting", "beantwoording", "september", "president", "aanvullend",
         "aanvullende", "uitstelbericht", "ministerie", "minister", "ministers", "leden", "allen", "beiden",
         "vragen", "namens", "antwoord", "januari", "februari", "maart", "april", "augustus", "oktober",
         "november", "december", "indieners", "ingediend", "bijlage", "mededelingen", "vraag", "nader"}


def _letters(n: int) -> str:
    out = ""
    while True:
        n, r = divmod(n, 26)
        out = "abcdefghijklmnopqrstuvwxyz"[r] + out
        if n == 0:
            return out


def replicas(n: int) -> Iterator[LoadItem]:
    """The sample documents, then replicas: identifiers renumbered (per replica), and long lower-case
    words given a replica suffix so that every replica has its own text (subject, questions, answers)."""
    folder = SAMPLE_DIR / "docs"
    sources = read_sources(folder)
    originals = [make_item(f, sources) for f in sorted(folder.iterdir()) if f.is_file()]
    templates = [_template(o.data) for o in originals]
    for k in range(n):
        base = originals[k % len(originals)]
        copy = k // len(originals)
        if copy == 0:
            yield LoadItem(base.data, base.source_path, base.source_url, base.hints, base.fetched_at,
                           base.content_type)
            continue
        path, url, data = _replica(base, templates[k % len(originals)], k % 100_000, k, "q" + _letters(copy))
        if path == base.source_path:
            path = f"{path}#copy{copy}"
        yield make_hints(LoadItem(data, path, url, fetched_at=base.fetched_at, content_type=base.content_type))


def write_files(root: Path, n: int, per_folder: int = 1000) -> list[Path]:
    """The first ``n`` replicas as files, ``per_folder`` to a folder with its ``sources.jsonl``."""
    folders: list[Path] = []
    sources: list[str] = []
    for k, item in enumerate(replicas(n)):
        if k % per_folder == 0:
            if sources:
                (folders[-1] / "sources.jsonl").write_text("".join(sources), encoding="utf-8")
            folders.append(root / f"{k // per_folder:04d}")
            folders[-1].mkdir(parents=True)
            sources = []
        name = f"{k:06d}-{Path(item.source_path.split('#')[0]).name}"
        (folders[-1] / name).write_bytes(item.data)
        if item.source_url:
            sources.append(json.dumps({"file": name, "url": item.source_url, "fetched_at": item.fetched_at}) + "\n")
    if sources:
        (folders[-1] / "sources.jsonl").write_text("".join(sources), encoding="utf-8")
    return folders


def _template(data: bytes) -> bytes:
    """The text with a NUL after every word that gets the replica suffix (made once per original, so
    that making a replica costs about what reading a file would, not a regular-expression callback per
    word). Identifiers are renumbered in place, which changes no word boundary."""
    text = data.decode("utf-8", "surrogateescape")
    text = _WORD.sub(lambda m: m.group(1) if m.group(1) in _KEEP else m.group(1) + "\x00", text)
    return text.encode("utf-8", "surrogateescape")


def _replica(base: LoadItem, template: bytes, serial: int, k: int, suffix: str) -> tuple[str, str | None, bytes]:
    def swap(data: bytes) -> bytes:
        data = _ZAAK.sub(lambda m: m.group(1) + b"Z%05d" % serial, data)
        data = _DOCNR.sub(lambda m: m.group(1) + b"D%05d" % serial, data)
        return _AH.sub(lambda m: b"ah-tk-" + m.group(1) + b"-%d" % (100_000 + k), data)

    url = swap(base.source_url.encode()).decode() if base.source_url else None
    return swap(base.source_path.encode()).decode(), url, swap(template).replace(b"\x00", suffix.encode())


def make_hints(item: LoadItem) -> LoadItem:
    from kamervragen.store.loader import identifiers_in, merge_hints

    name = identifiers_in(Path(item.source_path).name)
    name.origin = "the file name"
    if item.source_url:
        url = identifiers_in(item.source_url)
        url.origin = "the source URL"
        name = merge_hints(url, name)
    item.hints = name
    return item


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", "--docs", dest="docs", type=int, default=100_000, help="documents to load")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                    help="parser processes (default: the number of cores; 1: parse in the loading process)")
    ap.add_argument("--batch", type=int, default=BATCH_SIZE, help="documents per transaction (the loader's default)")
    ap.add_argument("--db", default=None, help="SQLite file to create (default: a temporary folder)")
    ap.add_argument("--from", dest="source", choices=("memory", "files"), default="memory",
                    help="replicas made while loading (memory) or written to folders first and loaded "
                         "from there as `kamervragen load DIR` does (files)")
    ap.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="sqlite")
    ap.add_argument("--pg", default=os.environ.get("KAMERVRAGEN_TEST_PG"),
                    help="PostgreSQL admin URL for --backend postgres/both (default $KAMERVRAGEN_TEST_PG)")
    args = ap.parse_args()
    if args.backend == "postgres":
        print(json.dumps(load_postgres(args)))
        return
    tmp = tempfile.TemporaryDirectory(prefix="kv-bench-")
    db = args.db or str(Path(tmp.name) / "bench.sqlite3")
    if Path(db).exists():
        sys.exit(f"{db} exists; the benchmark loads into a fresh file")
    folders = write_files(Path(tmp.name) / "corpus", args.docs) if args.source == "files" else []
    store = open_store(db)
    batches = _time_batches(store)
    load_before = os.getloadavg()[0]
    started, cpu0, thread0 = time.perf_counter(), time.process_time(), time.thread_time()
    if folders:
        report = load_paths(store, folders, batch_size=args.batch, workers=args.workers)
    else:
        report = load_items(store, replicas(args.docs), total=args.docs, batch_size=args.batch,
                            workers=args.workers)
    elapsed = time.perf_counter() - started
    cpu, writer = time.process_time() - cpu0, time.thread_time() - thread0
    counts = store.counts()
    store.close()
    size = sum(p.stat().st_size for p in Path(db).parent.glob(Path(db).name + "*"))
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    tenth = max(1, len(batches) // 10)
    first, last = batches[:tenth], batches[-tenth:]
    result = {
        "documents": args.docs, "seconds": round(elapsed, 1), "docs_per_s": round(args.docs / elapsed),
        "cpu_writer_s": round(writer, 1), "cpu_feeder_s": round(cpu - writer, 1),
        "cpu_workers_s": round(children.ru_utime + children.ru_stime, 1),
        "writer_ms_per_doc": round(1000 * writer / args.docs, 3),
        "write_batch_ms_per_doc_first_tenth": round(1000 * sum(t for t, _ in first) / max(1, sum(n for _, n in first)), 3),
        "write_batch_ms_per_doc_last_tenth": round(1000 * sum(t for t, _ in last) / max(1, sum(n for _, n in last)), 3),
        "peak_rss_mb": round(own.ru_maxrss / 1024), "peak_rss_worker_mb": round(children.ru_maxrss / 1024),
        "db_mb": round(size / 1e6), "workers": args.workers, "batch": args.batch, "from": args.source,
        "load_avg_before": round(load_before, 1), "load_avg_after": round(os.getloadavg()[0], 1),
        "cores": os.cpu_count(), **report.to_json(), "stored": counts, "goal_s": 60,
    }
    print(json.dumps(result))
    verdict = "met" if elapsed <= 60 else "not met"
    print(f"goal: {args.docs:,} documents in at most 60 s on this machine — {verdict}: {elapsed:.1f} s, "
          f"{result['docs_per_s']:,} documents/s (writer CPU {writer:.1f} s, workers CPU "
          f"{result['cpu_workers_s']} s, load average {load_before:.1f} on {os.cpu_count()} cores)")
    if args.backend == "both":
        pg = load_postgres(args)
        print(json.dumps(pg))
        print(f"side by side, {args.docs:,} documents: SQLite {result['docs_per_s']:,} documents/s "
              f"({result['seconds']} s), PostgreSQL {pg['docs_per_s']:,} documents/s ({pg['seconds']} s)")


def _time_batches(store) -> list[tuple[float, int]]:
    """Wrap the store's ``write_batch`` to record (CPU seconds, documents) of every batch."""
    times: list[tuple[float, int]] = []
    write = store.write_batch

    def timed(outcomes, **kwargs):
        t = time.thread_time()
        out = write(outcomes, **kwargs)
        times.append((time.thread_time() - t, len(outcomes)))
        return out

    store.write_batch = timed
    return times


def load_postgres(args: argparse.Namespace) -> dict:
    """The same load into a fresh PostgreSQL database (created on the ``--pg`` server, dropped after)."""
    import psycopg

    if not args.pg:
        sys.exit("--backend postgres needs --pg or $KAMERVRAGEN_TEST_PG (scripts/pg.sh start prints one)")
    name = f"kv_bench_load_{os.getpid()}"
    with psycopg.connect(args.pg, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')  # type: ignore[arg-type]
        admin.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
    url = urlsplit(args.pg)._replace(path=f"/{name}").geturl()
    try:
        store = open_store(url)
        started = time.perf_counter()
        report = load_items(store, replicas(args.docs), total=args.docs, batch_size=args.batch, workers=args.workers)
        elapsed = time.perf_counter() - started
        counts = store.counts()
        size = _pg_size(store)
        store.close()
    finally:
        with psycopg.connect(args.pg, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]
    return {"backend": "postgres", "documents": args.docs, "seconds": round(elapsed, 1),
            "docs_per_s": round(args.docs / elapsed), "db_mb": round(size / 1e6), "workers": args.workers,
            "batch": args.batch, **report.to_json(), "stored": counts}


def _pg_size(store) -> int:
    with store.read() as conn:
        return int(conn.raw.execute("SELECT pg_database_size(current_database())").fetchone()[0])


if __name__ == "__main__":
    main()
