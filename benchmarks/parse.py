"""Parse throughput on one core: documents/s over the real sample documents replicated in memory.

    .venv/bin/python benchmarks/parse.py [--docs 10000] [--forms]

Beside it, the time to merely read the same documents and regex-split them into paragraphs and labels
(the floor any parser of these texts stands on). ``--forms`` also times the constructed XML, HTML, PDF and
DOCX fixtures. The last line is ``parse: N docs/s (read+split baseline: M docs/s)``.
"""

from __future__ import annotations

import argparse
import os
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


def corpus(n: int) -> list[tuple[str, bytes]]:
    files = [(p.name, p.read_bytes()) for p in sorted(SAMPLE.iterdir()) if p.is_file()]
    return [files[i % len(files)] for i in range(n)]


def baseline(docs: list[tuple[str, bytes]]) -> float:
    start = time.perf_counter()
    pieces = 0
    for _, data in docs:
        text = data.decode("utf-8")
        pieces += len(_SPLIT.split(text)) + len(_LABEL.findall(text))
    return time.perf_counter() - start


def parse_all(docs: list[tuple[str, bytes]]) -> tuple[float, int, int, int]:
    errors = bugs = questions = 0
    start = time.perf_counter()
    for name, data in docs:
        try:
            doc = parse_bytes(data, name)
            questions += len(doc.questions)
        except ParserBug:
            bugs += 1
        except ParseError:
            errors += 1
    return time.perf_counter() - start, errors, bugs, questions


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=10_000, help="documents to parse (the sample replicated)")
    ap.add_argument("--forms", action="store_true", help="also time the XML, HTML, PDF and DOCX fixtures")
    args = ap.parse_args()
    where = one_core()
    docs = corpus(args.docs)
    size = sum(len(d) for _, d in docs)
    distinct = len({name for name, _ in docs})
    print(f"{len(docs):,} documents ({distinct} distinct real ones replicated), {size / 1e6:.1f} MB, {where}")
    parse_all(docs[: min(500, len(docs))])  # warm up: imports, compiled patterns
    split_s = min(baseline(docs) for _ in range(3))
    parse_s, errors, bugs, questions = parse_all(docs)
    split_rate, parse_rate = len(docs) / split_s, len(docs) / parse_s
    print(f"read+split : {split_s:7.3f} s  {split_rate:10,.0f} docs/s  {size / split_s / 1e6:7.1f} MB/s")
    print(f"parse      : {parse_s:7.3f} s  {parse_rate:10,.0f} docs/s  {size / parse_s / 1e6:7.1f} MB/s"
          f"  ({questions:,} questions, {errors:,} error objects, {bugs} parser bugs)")
    print(f"per document: {parse_s / len(docs) * 1e6:.0f} µs parse vs {split_s / len(docs) * 1e6:.0f} µs read+split "
          f"({parse_s / split_s:.1f}x)")
    if args.forms:
        for suffix in ("xml", "html", "pdf", "docx"):
            files = [(p.name, p.read_bytes()) for p in sorted(CONSTRUCTED.glob(f"*.{suffix}"))]
            reps = 200 if suffix in ("xml", "html") else 20
            seconds, errs, bug, _ = parse_all(files * reps)
            print(f"form {suffix:5}: {len(files) * reps / seconds:8,.0f} docs/s over {len(files) * reps} "
                  f"({errs} errors, {bug} bugs)")
    print(f"parse: {parse_rate:,.0f} docs/s (read+split baseline: {split_rate:,.0f} docs/s)")
    return 1 if bugs else 0


if __name__ == "__main__":
    raise SystemExit(main())
