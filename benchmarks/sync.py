"""Sync against the local fake server: HTTP requests per zaak and zaken per second.

    .venv/bin/python benchmarks/sync.py [--zaken 2000] [--fault-rate 0.0] [--workers 4] [--no-load]

The fake server (tests/support/fakeserver.py) runs in its own process so it does not share the
interpreter with the sync. Prints ``requests per zaak: X`` (metadata requests only: the goal is ≤ 0.05),
file requests per document (goal: one, plus one where officielebekendmakingen does not serve the
XML and the Tweede Kamer file is fetched instead), and the rate of a full, then an incremental run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from kamervragen.fetch.http import HttpSettings  # noqa: E402
from kamervragen.fetch.sync import SyncOptions, sync  # noqa: E402
from kamervragen.store import open_store  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--zaken", type=int, default=2000)
    ap.add_argument("--fault-rate", type=float, default=0.0)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--no-load", action="store_true", help="fetch and cache only; do not parse and load")
    args = ap.parse_args()
    server = subprocess.Popen([sys.executable, "-m", "tests.support.fakeserver", "--zaken", str(args.zaken),
                               "--fault-rate", str(args.fault_rate)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        urls = json.loads(server.stdout.readline())
        with tempfile.TemporaryDirectory() as tmp:
            store = open_store(str(Path(tmp) / "db.sqlite3"))
            opts = SyncOptions(cache_dir=Path(tmp) / "cache", tk_url=urls["tk"], ob_url=urls["ob"],
                               sru_url=urls["sru"], workers=args.workers, load=not args.no_load,
                               http=HttpSettings(rate=0, backoff=0.01, max_backoff=0.1))
            t0 = time.perf_counter()
            stats = sync(store, opts)
            seconds = time.perf_counter() - t0
            counts = store.sync_counts()
            t1 = time.perf_counter()
            again = sync(store, opts)
            seconds2 = time.perf_counter() - t1
            store.close()
    finally:
        server.terminate()
        server.wait()
    docs = counts["documents"]
    print(f"zaken: {stats.zaken}  documents: {docs}  files: {stats.files} "
          f"(officielebekendmakingen {stats.files_from_ob}, Tweede Kamer {stats.files_from_tk}, missing {stats.files_missing})")
    print(f"requests per zaak: {stats.metadata_requests / max(1, stats.zaken):.4f}  "
          f"({stats.metadata_requests} metadata requests for {stats.zaken} zaken)")
    print(f"file requests per document: {stats.file_requests / max(1, docs):.3f}  "
          f"({stats.file_requests} requests, {stats.retries} retries in all)")
    print(f"total requests per zaak: {stats.requests / max(1, stats.zaken):.3f}")
    print(f"full sync: {seconds:.1f} s, {stats.zaken / seconds:.1f} zaken/s, {stats.files / seconds:.1f} files/s; "
          f"loaded new {stats.inserted}, updated {stats.updated}, failed {stats.failed}; "
          f"API/text disagreements in {stats.disagreements} documents")
    print(f"incremental sync with nothing changed: {seconds2:.2f} s, {again.requests} requests")


if __name__ == "__main__":
    main()
