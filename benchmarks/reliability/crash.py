"""``kill -9`` at random moments during ``kamervragen load`` and ``kamervragen sync``, each followed by a
normal run; prints how many kills, how many left the database sound, and how many ended identical to an
uninterrupted run (the CI version is ``tests/reliability/test_crash.py``).

    .venv/bin/python benchmarks/reliability/crash.py [--kills 20] [--documents 1000] [--zaken 80] [--seed 1]

The load is the real sample corpus plus ``--documents`` questions documents made from a real one; the
sync runs against the fake Tweede Kamer / officielebekendmakingen server of ``tests/support/fakeserver.py``
on 127.0.0.1. Exit status 1 on any difference.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from tests.reliability.support import crash_load, crash_sync, variant_folder  # noqa: E402


def _left(left: list[int | None]) -> str:
    counts = Counter("no database yet" if n is None else n for n in left)
    return ", ".join(f"{k}: {v}" for k, v in sorted(counts.items(), key=lambda kv: (isinstance(kv[0], int), kv[0])))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kills", type=int, default=20, help="kills of each command")
    ap.add_argument("--documents", type=int, default=1000, help="documents made from a real one, beside the sample")
    ap.add_argument("--zaken", type=int, default=80, help="zaken on the fake server")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", choices=("load", "sync"))
    args = ap.parse_args()
    failed = False
    with tempfile.TemporaryDirectory(prefix="kv-crash-") as tmp:
        work = Path(tmp)
        if args.only != "sync":
            started = time.perf_counter()
            docs = variant_folder(work / "corpus", args.documents)
            (work / "load").mkdir()
            f = crash_load(work / "load", docs, args.kills, args.seed)
            print(f"load: {f['kills']} kill -9 at random moments (0–{f['uninterrupted_s'] * 0.95:.1f} s) of a "
                  f"{f['uninterrupted_s']} s load of {f['documents']} documents; {f['finished_before_kill']} runs "
                  f"ended before their kill moment; left by the kills (documents: kills): {_left(f['left_by_kill'])}; "
                  f"differences from the uninterrupted run after a normal load: {len(f['mismatches'])} "
                  f"({time.perf_counter() - started:.0f} s)")
            failed |= bool(f["mismatches"]) or f["kills"] < args.kills
        if args.only != "load":
            started = time.perf_counter()
            (work / "sync").mkdir()
            f = crash_sync(work / "sync", args.zaken, args.kills, args.seed)
            print(f"sync: {f['kills']} kill -9 after a random number of requests (of {f['requests_per_sync']} per "
                  f"sync of {f['zaken']} zaken): {sorted(f['kill_after_requests'])}; {f['finished_before_kill']} "
                  f"ended before their kill; differences from the uninterrupted run after a normal sync: "
                  f"{len(f['mismatches'])} ({time.perf_counter() - started:.0f} s)")
            failed |= bool(f["mismatches"]) or f["kills"] < args.kills
    for line in (f.get("mismatches") or [])[:20]:
        print("  ", line)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
