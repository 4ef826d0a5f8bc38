"""The long fuzzing runs of issue 10: mutated real documents through the parser and through the loader.

    .venv/bin/python benchmarks/reliability/fuzz.py --loader 10000 [--seed 1]      # the loader run
    .venv/bin/python benchmarks/parse.py --fuzz 1000000 --seed 1                   # the parser run

The parser run is ``benchmarks/parse.py --fuzz`` (byte flips, truncation, splices, cp1252 / latin-1 /
UTF-16 / UTF-32 re-encodings, repetition up to the size cap, deep HTML nesting, XML entity bombs with an
external entity, constructed XML / HTML / PDF / DOCX among the seeds); ``--parser N`` here runs it too.
The loader run feeds the same mutations through ``load_items`` (what ``kamervragen load`` runs) into
SQLite databases of ``--per-db`` inputs each, then checks each database: integrity_check, foreign keys,
no half-written document, each raw content either parsed or kept with its error. It prints the figures
and exits 1 on a parser bug, a store error, an unsound database or a parse over 2 s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "src"), str(ROOT / "benchmarks")]

from tests.reliability.support import assert_sound, canonical_dump, fuzz_loader  # noqa: E402


def loader_run(n: int, seed: int, per_db: int) -> int:
    totals = {"inputs": 0, "stored": 0, "refused": 0, "parser_bugs": 0, "store_errors": 0}
    slowest, unsound, examples = 0.0, 0, []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kv-fuzz-load-") as tmp:
        for part, first in enumerate(range(0, n, per_db)):
            count = min(per_db, n - first)
            db = str(Path(tmp) / f"fuzz-{part}.sqlite3")
            f = fuzz_loader(db, count, seed=seed * 1000 + part)
            for key in totals:
                totals[key] += f[key]
            slowest = max(slowest, f["slowest_parse_s"])
            examples += f["bug_examples"]
            try:
                assert_sound(db)
                raw = canonical_dump(db)["raw"]
                assert all((r[3] is None) != (r[5] is None) for r in raw), "a raw neither parsed nor failed"
            except AssertionError as exc:
                unsound += 1
                examples.append(f"database {part}: {exc}")
            Path(db).unlink()
            rate = totals["inputs"] / (time.perf_counter() - started)
            print(f"{totals['inputs']:,} inputs loaded, {rate:,.0f}/s, {totals['stored']:,} stored as documents, "
                  f"{totals['refused']:,} kept raw with their error, {totals['parser_bugs']} parser bugs, "
                  f"{totals['store_errors']} store errors, {unsound} unsound databases, slowest parse {slowest:.3f} s",
                  flush=True)
    took = time.perf_counter() - started
    print(f"loader fuzz: {totals['inputs']:,} inputs in {took:,.0f} s ({totals['inputs'] / took:,.0f}/s) through "
          f"load_items into {part + 1} SQLite databases: {totals['stored']:,} documents, {totals['refused']:,} kept raw "
          f"with one error sentence, {totals['parser_bugs']} parser bugs, {totals['store_errors']} store errors, "
          f"{unsound} unsound databases; slowest parse {slowest:.3f} s")
    for line in examples[:10]:
        print("  ", line)
    bad = totals["parser_bugs"] or totals["store_errors"] or unsound or slowest > 2.0
    return 1 if bad else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--loader", type=int, default=10_000, help="inputs through the loader (0: none)")
    ap.add_argument("--parser", type=int, default=0, help="inputs through the parser (benchmarks/parse.py --fuzz)")
    ap.add_argument("--per-db", type=int, default=2_000, help="loader inputs per SQLite database")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    status = 0
    if args.parser:
        from parse import fuzz, one_core

        print(f"parser: fuzzing {args.parser:,} inputs, seed {args.seed}, {one_core()}")
        status |= fuzz(args.parser, args.seed, Path("fuzz-findings"))
    if args.loader:
        status |= loader_run(args.loader, args.seed, args.per_db)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
