"""Readers under a writer: 50 concurrent clients for 60 s on loopback against the search and case pages of
``kamervragen serve --workers 2`` while ``kamervragen load`` writes new documents into the same SQLite
database the whole time. Prints requests, errors, p50 / p99 / max latency, and the longest stretch
without one completed request (readers blocked by the writer would show as a stretch of seconds).

    .venv/bin/python benchmarks/reliability/load.py [--clients 50] [--duration 60] [--workers 2]
                                                     [--baseline 20] [--db PATH]

The clients (asyncio + httpx, one connection each) draw their next request at random: case pages of the
sample corpus and of the documents being loaded (found or not yet), the search page and the search API
with varied queries (so the response cache, dropped at every commit, rarely answers), the case API.
``--baseline N`` first measures N seconds without the writer, for comparison. Server, writer and clients
share the machine's cores. Exit status 1 on any error (a non-2xx other than 404 for a case not loaded
yet, or a failed request).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "benchmarks")]

from web import free_port, kamervragen_cmd, prepare_db, wait_ready  # noqa: E402  (benchmarks/web.py)

SAMPLE = ROOT / "src" / "kamervragen" / "sample" / "docs"
ZAKEN = ["2024Z01911", "2023Z11786", "2010Z09082", "2011Z09691", "2012Z15085", "2013Z15597", "2016Z01095",
         "2019Z01316", "2017Z09216", "2014Z18493"]
WORDS = ["douane", "scanners", "nuctech", "belastingdienst", "toeslagen", "stikstof", "onderwijs", "zorg",
         "defensie", "politie", "asiel", "woningbouw", "energie", "gas groningen", "china", "spionage",
         "minister", "vraag", "antwoord", "havens", "drones", "software", "grenzen", "sensoren"]


def write_batch(folder: Path, first: int, n: int) -> None:
    """``n`` questions documents made from a real one, zaak numbers 2032Z<first>…"""
    seed = (SAMPLE / "2024Z01911.md").read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(first, first + n):
        zaak = f"2032Z{i:05d}"
        text = seed.replace("2024Z01911", zaak).replace("Chinese scanners", f"{WORDS[i % len(WORDS)]} nr. {i}")
        (folder / f"{zaak}.md").write_text(text, encoding="utf-8")


class Writer(threading.Thread):
    """``kamervragen load`` of batches of new documents, one after the other, until stopped."""

    def __init__(self, db: str, work: Path, batch: int) -> None:
        super().__init__(daemon=True)
        self.db, self.work, self.batch = db, work, batch
        self.stop = threading.Event()
        self.loads = self.documents = self.failed_loads = 0
        self.loaded_upto = 0  # zaak numbers below this are in the database
        self.proc: subprocess.Popen | None = None

    def run(self) -> None:
        first = 0
        while not self.stop.is_set():
            folder = self.work / f"batch-{first}"
            write_batch(folder, first, self.batch)
            self.proc = subprocess.Popen(kamervragen_cmd() + ["load", str(folder), "--db", self.db, "--json"],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            _, err = self.proc.communicate()
            if self.proc.returncode == 0:
                self.loads += 1
                self.documents += self.batch
                self.loaded_upto = first + self.batch
            elif not self.stop.is_set():
                self.failed_loads += 1
                print("load failed:", err.strip()[-300:], file=sys.stderr)
            first += self.batch

    def halt(self) -> None:
        self.stop.set()
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
        self.join(60)


def next_path(rng: random.Random, writer: Writer | None) -> tuple[str, bool]:
    """A request path, and whether a 404 is a fair answer (a case that may not be loaded yet)."""
    r = rng.random()
    if r < 0.3:
        return f"/zaak/{rng.choice(ZAKEN)}", False
    if r < 0.45 and writer is not None:
        upto = max(1, writer.loaded_upto + writer.batch)
        return f"/zaak/2032Z{rng.randrange(upto):05d}", True
    if r < 0.7:
        q = " ".join(rng.sample(WORDS, rng.randint(1, 3))).replace(" ", "+")
        return f"/zoeken?q={q}" + rng.choice(["", "&sorteer=date", f"&pagina={rng.randint(1, 3)}"]), False
    if r < 0.9:
        q = " ".join(rng.sample(WORDS, rng.randint(1, 2))).replace(" ", "+")
        return f"/api/search?q={q}" + rng.choice(["", "&sort=date"]), False
    return f"/api/cases/{rng.choice(ZAKEN)}", False


def measure(base: str, clients: int, duration: float, writer: Writer | None, seed: int, settle: float) -> dict:
    """Requests started in the first ``settle`` seconds (50 connections opening at once, the first
    searches of each worker) count for errors but not for the latency figures."""
    import httpx

    async def main() -> dict:
        latencies: list[float] = []
        settling: list[float] = []
        done_at: list[float] = []
        slowest: list[tuple[float, float, str]] = []  # (ms, started at s, path)
        statuses: Counter[int] = Counter()
        errors: list[str] = []
        started = time.perf_counter()
        stop = started + duration

        async def client(n: int) -> None:
            rng = random.Random(seed * 1000 + n)
            async with httpx.AsyncClient(base_url=base, timeout=60) as c:
                while time.perf_counter() < stop:
                    path, may_404 = next_path(rng, writer)
                    t = time.perf_counter()
                    try:
                        r = await c.get(path)
                        status = r.status_code
                    except httpx.HTTPError as exc:
                        status = 0
                        errors.append(f"{path}: {type(exc).__name__}")
                    end = time.perf_counter()
                    if t - started < settle:
                        settling.append((end - t) * 1000)
                        continue
                    latencies.append((end - t) * 1000)
                    done_at.append(end - started)
                    slowest.append(((end - t) * 1000, t - started, path))
                    if len(slowest) > 200:
                        slowest.sort(reverse=True)
                        del slowest[5:]
                    statuses[status] += 1
                    if status and not (200 <= status < 300 or (status == 404 and may_404)):
                        errors.append(f"{path}: {status}")

        await asyncio.gather(*(client(n) for n in range(clients)))
        took = time.perf_counter() - started
        lat = sorted(latencies)
        done = sorted(done_at)
        gaps = [b - a for a, b in zip(done, done[1:], strict=False)]
        return {"requests": len(lat), "rps": len(lat) / (took - settle), "p50_ms": lat[len(lat) // 2],
                "p99_ms": lat[max(0, int(len(lat) * 0.99) - 1)], "max_ms": lat[-1],
                "longest_gap_ms": max(gaps) * 1000 if gaps else float("nan"), "statuses": dict(sorted(statuses.items())),
                "errors": errors, "seconds": took, "slowest": sorted(slowest, reverse=True)[:5],
                "settling": len(settling), "settling_max_ms": max(settling, default=0.0)}

    return asyncio.run(main())


def report(name: str, r: dict) -> None:
    print(f"{name:16} {r['requests']:8,d} req {r['rps']:7.1f}/s  p50 {r['p50_ms']:7.1f} ms  p99 {r['p99_ms']:7.1f} ms  "
          f"max {r['max_ms']:7.1f} ms  longest gap without a response {r['longest_gap_ms']:6.1f} ms  "
          f"errors {len(r['errors'])}  statuses {r['statuses']}")
    print(f"    (the first seconds: {r['settling']} requests, max {r['settling_max_ms']:.0f} ms, not in the figures)")
    print("    slowest: " + "; ".join(f"{ms:.0f} ms at {at:.1f} s {path}" for ms, at, path in r["slowest"]))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--duration", type=float, default=60)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--baseline", type=float, default=20, help="seconds measured first without the writer (0: none)")
    ap.add_argument("--batch", type=int, default=100, help="documents per background `kamervragen load`")
    ap.add_argument("--no-response-cache", action="store_true",
                    help="render every request (the cache is dropped at every commit: with it, each commit of "
                         "the writer sends a burst of misses to the workers)")
    ap.add_argument("--settle", type=float, default=3, help="first seconds of each phase left out of the latencies")
    ap.add_argument("--db", help="an existing database (default: the sample corpus in a temporary file)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    db = prepare_db(args.db)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, KAMERVRAGEN_TODAY="2024-03-01",
               KAMERVRAGEN_RESPONSE_CACHE="0" if args.no_response_cache else "1")
    server = subprocess.Popen(kamervragen_cmd() + ["serve", "--db", db, "--port", str(port), "--workers",
                                                   str(args.workers)], env=env, stdout=subprocess.DEVNULL)
    writer = None
    results = {}
    try:
        wait_ready(base)
        import httpx

        for z in ZAKEN:  # warm the workers
            httpx.get(f"{base}/zaak/{z}", timeout=60)
        if args.baseline:
            results["without writer"] = measure(base, args.clients, args.baseline, None, args.seed, args.settle)
        with tempfile.TemporaryDirectory(prefix="kv-rel-load-") as tmp:
            writer = Writer(db, Path(tmp), args.batch)
            writer.start()
            time.sleep(1.0)  # the first load is under way
            results["with writer"] = measure(base, args.clients, args.duration, writer, args.seed + 1, args.settle)
            writer.halt()
    finally:
        if writer is not None and writer.is_alive():
            writer.halt()
        server.terminate()
        server.wait(10)
    print(f"kamervragen serve --workers {args.workers}; response cache {'off' if args.no_response_cache else 'on'}; "
          f"{args.clients} clients; {os.cpu_count()} cores; "
          f"search and case pages; sample corpus + documents loaded meanwhile")
    for name, r in results.items():
        report(name, r)
    print(f"writer: {writer.loads} `kamervragen load` runs completed during the measurement "
          f"({writer.documents:,} documents written, {writer.failed_loads} failed loads)")
    errors = [e for r in results.values() for e in r["errors"]]
    for e in errors[:20]:
        print("  error:", e)
    return 1 if errors or writer.failed_loads or writer.loads == 0 else 0


if __name__ == "__main__":
    raise SystemExit(main())
