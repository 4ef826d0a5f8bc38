"""Parse throughput on one core: documents/s over the real sample documents (replicated), read from disk.

    .venv/bin/python benchmarks/parse.py [--docs 10000] [--runs 3] [--forms]
    .venv/bin/python benchmarks/parse.py --fuzz 1000000 [--seed 1]     # the long fuzzing run (not in CI)

Beside it, the time to merely read the same documents and regex-split them into paragraphs and labels
(the floor any parser of these texts stands on). Both are CPU time of this process (``time.process_time``),
the best of ``--runs`` runs, so that other work on a shared machine does not count against the parser.
``--forms`` also times the constructed XML, HTML, PDF and DOCX fixtures. The last line is
``parse: N docs/s CPU (read+split baseline: M docs/s CPU, ratio R)``.

``--fuzz N`` instead feeds N mutated real documents (byte flips, truncation, splices, cp1252 / latin-1 /
UTF-16 re-encodings, repetition up to the size cap, deep HTML nesting, XML entity bombs, constructed
XML/HTML/PDF/DOCX included) through ``parse_bytes`` and reports crashes (any exception but a plain
``ParseError``, including ``ParserBug``), the slowest input and the time bound (exit 1 on a crash or an
input over 2 s; the offending inputs are written to ``--out``).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kamervragen.model import ParseError  # noqa: E402
from kamervragen.parse import ParserBug, parse_bytes  # noqa: E402

SAMPLE = ROOT / "src" / "kamervragen" / "sample" / "docs"
CONSTRUCTED = ROOT / "tests" / "fixtures" / "constructed"
_SPLIT = re.compile(r"\n\s*\n")
_LABEL = re.compile(r"^(?:Vraag|Antwoord)\s+\d+", re.MULTILINE)


def one_core() -> str:
    try:
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    except (AttributeError, OSError):
        return "not pinned (no sched_setaffinity)"


def corpus(n: int) -> list[Path]:
    files = [p for p in sorted(SAMPLE.iterdir()) if p.is_file()]
    return [files[i % len(files)] for i in range(n)]


def baseline(paths: list[Path]) -> float:
    """Read each file and regex-split it into paragraphs and labels: the floor under any parser (CPU s)."""
    start = time.process_time()
    pieces = 0
    for path in paths:
        text = path.read_bytes().decode("utf-8")
        pieces += len(_SPLIT.split(text)) + len(_LABEL.findall(text))
    return time.process_time() - start


def parse_files(paths: list[Path]) -> tuple[float, int, int, int]:
    """Read each file and parse it, as ``kamervragen parse`` does (without the JSON output); CPU s."""
    start = time.process_time()
    seconds, errors, bugs, questions = parse_all([(p.name, p.read_bytes()) for p in paths], start)
    return seconds, errors, bugs, questions


def parse_all(docs: list[tuple[str, bytes]], start: float | None = None) -> tuple[float, int, int, int]:
    """Parse each document; returns (CPU seconds, error objects, parser bugs, questions)."""
    errors = bugs = questions = 0
    start = time.process_time() if start is None else start
    for name, data in docs:
        try:
            doc = parse_bytes(data, name)
            questions += len(doc.questions)
        except ParserBug:
            bugs += 1
        except ParseError:
            errors += 1
    return time.process_time() - start, errors, bugs, questions


LIMIT_S = 2.0


def mutate(rng: random.Random, seeds: list[bytes]) -> bytes:
    data = rng.choice(seeds)
    # cheap mutations most of the time; the expensive ones (near the size cap, 100,000 levels) rarely
    op = rng.choices(range(10), weights=[30, 20, 15, 10, 0.5, 1, 0.5, 10, 8, 5])[0]
    if op == 0:
        raw = bytearray(data)
        for _ in range(rng.randint(1, 30)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        return bytes(raw)
    if op == 1:
        return data[: rng.randint(0, len(data))]
    if op == 2:
        other = rng.choice(seeds)
        return data[: rng.randint(0, len(data))] + other[rng.randint(0, len(other)) :]
    if op == 3:
        text = data.decode("utf-8", errors="replace")
        return text.encode(rng.choice(["cp1252", "latin-1", "utf-16", "utf-16-le", "utf-32"]), errors="replace")
    if op == 4:
        return data * rng.randint(2, max(2, 900_000 // max(1, len(data))))
    if op == 5:
        depth = rng.choice([10, 1000, 100_000])
        return b"<html><body>" + b"<div>" * depth + data + b"</div>" * rng.randint(0, depth)
    if op == 6:
        bomb = b"".join(b'<!ENTITY e%d "&e%d;&e%d;&e%d;&e%d;&e%d;&e%d;&e%d;&e%d;">' % ((i + 1,) + (i,) * 8) for i in range(12))
        return (b'<?xml version="1.0"?><!DOCTYPE kamervragen [<!ENTITY e0 "ha">' + bomb
                + b'<!ENTITY x SYSTEM "file:///etc/passwd">]><kamervragen><vraag><nr>1</nr><al>&e12;&x;</al></vraag>'
                + data[:2000].replace(b"<", b"") + b"</kamervragen>")
    if op == 7:
        raw = bytearray(data)
        start = rng.randrange(len(raw))
        del raw[start : start + rng.randint(1, 200)]
        return bytes(raw)
    if op == 8:
        chunk = data[rng.randrange(len(data)) :][: rng.randint(1, 50)]
        pos = rng.randrange(len(data))
        return data[:pos] + chunk * rng.randint(1, 2000) + data[pos:]
    return bytes(rng.randrange(256) for _ in range(rng.randint(0, 300)))


def fuzz(n: int, seed: int, out: Path) -> int:
    rng = random.Random(seed)
    seeds = [p.read_bytes() for p in sorted(SAMPLE.iterdir()) if p.is_file()]
    seeds += [p.read_bytes() for p in sorted(CONSTRUCTED.iterdir()) if p.suffix in (".xml", ".html", ".pdf", ".docx")]
    seeds = [s for s in seeds if s]
    crashes = slow = documents = errors = 0
    worst = (0.0, b"")
    start = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    for i in range(1, n + 1):
        data = mutate(rng, seeds)
        t0 = time.perf_counter()
        try:
            parse_bytes(data, "fuzz")
            documents += 1
        except ParserBug as exc:
            crashes += 1
            (out / f"bug-{i}.bin").write_bytes(data)
            print(f"input {i}: parser bug: {exc}", file=sys.stderr)
        except ParseError:
            errors += 1
        except Exception as exc:  # noqa: BLE001 - what the fuzzing looks for
            crashes += 1
            (out / f"crash-{i}.bin").write_bytes(data)
            print(f"input {i}: {type(exc).__name__}: {exc}", file=sys.stderr)
        elapsed = time.perf_counter() - t0
        if elapsed > LIMIT_S:  # on a shared machine a pause is not a hang: time the input once more
            t0 = time.perf_counter()
            try:
                parse_bytes(data, "fuzz")
            except ParseError:
                pass
            elapsed = min(elapsed, time.perf_counter() - t0)
        if elapsed > worst[0]:
            worst = (elapsed, data[:64])
        if elapsed > LIMIT_S:
            slow += 1
            (out / f"slow-{i}.bin").write_bytes(data)
        if i % 10_000 == 0:
            rate = i / (time.perf_counter() - start)
            print(f"{i:,} inputs, {rate:,.0f}/s, {documents:,} documents, {errors:,} error objects, "
                  f"{crashes} crashes, {slow} over {LIMIT_S:.0f} s, slowest {worst[0]:.3f} s", flush=True)
    total = time.perf_counter() - start
    print(f"fuzz: {n:,} inputs in {total:,.0f} s ({n / total:,.0f}/s): {documents:,} documents, {errors:,} error "
          f"objects, {crashes} crashes, {slow} over {LIMIT_S:.0f} s; slowest {worst[0]:.3f} s (starts {worst[1][:40]!r})")
    return 1 if crashes or slow else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=10_000, help="documents to parse (the sample replicated)")
    ap.add_argument("--runs", type=int, default=3, help="timed runs of each; the best (least CPU time) counts")
    ap.add_argument("--forms", action="store_true", help="also time the XML, HTML, PDF and DOCX fixtures")
    ap.add_argument("--fuzz", type=int, default=0, help="instead: feed this many mutated documents to the parser")
    ap.add_argument("--seed", type=int, default=1, help="random seed of the fuzzing run")
    ap.add_argument("--out", type=Path, default=Path("fuzz-findings"), help="where inputs that crash or hang go")
    args = ap.parse_args()
    where = one_core()
    if args.fuzz:
        print(f"fuzzing {args.fuzz:,} inputs, seed {args.seed}, {where}")
        return fuzz(args.fuzz, args.seed, args.out)
    docs = corpus(args.docs)
    size = sum(p.stat().st_size for p in docs)
    distinct = len(set(docs))
    runs = max(1, args.runs)
    print(f"{len(docs):,} documents ({distinct} distinct real ones replicated), {size / 1e6:.1f} MB, {where}; "
          f"CPU time of this process (time.process_time), best of {runs} runs")
    parse_files(docs[: min(500, len(docs))])  # warm up: imports, compiled patterns, the page cache
    split_s = min(baseline(docs) for _ in range(runs))
    parse_s, errors, bugs, questions = min(parse_files(docs) for _ in range(runs))
    split_rate, parse_rate = len(docs) / split_s, len(docs) / parse_s
    print(f"read+split : {split_s:7.3f} s CPU  {split_rate:10,.0f} docs/s  {size / split_s / 1e6:7.1f} MB/s")
    print(f"parse      : {parse_s:7.3f} s CPU  {parse_rate:10,.0f} docs/s  {size / parse_s / 1e6:7.1f} MB/s"
          f"  ({questions:,} questions, {errors:,} error objects, {bugs} parser bugs)")
    print(f"per document: {parse_s / len(docs) * 1e6:.0f} µs parse vs {split_s / len(docs) * 1e6:.0f} µs read+split "
          f"(parse takes {parse_s / split_s:.1f}x the baseline's CPU time)")
    if args.forms:
        for suffix in ("xml", "html", "pdf", "docx"):
            files = [(p.name, p.read_bytes()) for p in sorted(CONSTRUCTED.glob(f"*.{suffix}"))]
            reps = 200 if suffix in ("xml", "html") else 20
            seconds, errs, bug, _ = parse_all(files * reps)
            print(f"form {suffix:5}: {len(files) * reps / seconds:8,.0f} docs/s CPU over {len(files) * reps} "
                  f"({errs} errors, {bug} bugs)")
    print(f"parse: {parse_rate:,.0f} docs/s CPU (read+split baseline: {split_rate:,.0f} docs/s CPU, "
          f"ratio {parse_rate / split_rate:.3f})")
    return 1 if bugs else 0


if __name__ == "__main__":
    raise SystemExit(main())
