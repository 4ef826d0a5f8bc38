"""Malformed search strings and parameters for the web UI and the API: none may give a server error.

Used by ``tests/web/test_fuzz.py`` (a quick in-process run) and as a script for the long run against a
running server::

    .venv/bin/python tests/web/fuzz_web.py --base http://127.0.0.1:8000 -n 10000

It prints how many requests were sent, the status codes seen, and every 5xx (exit status 1 if any).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from collections.abc import Iterator
from urllib.parse import quote

PIECES = [
    '"', "'", "(", ")", "*", "-", "NOT", "OR", "AND", "NEAR", "^", ":", "{", "}", "[", "]", "\\", "/", "%",
    "%00", "\x00", "\x01", "\u202e", "\ufeff", "\ud7ff", "🙂", "ß", "é", "ĳ", "douane", "nuctech", "vraag", "*douane",
    "col:", "subject:", "-(", "\"\"", "''", "OR OR", "AND NOT", "a" * 300, "x" * 2000, " " * 50, "\t\n\r",
    "<script>", "</mark>", "&amp;", "&#0;", "${7*7}", "{{7*7}}", "' OR 1=1 --", "; DROP TABLE document; --",
    "NEAR(a b, -1)", "\"unterminated", "a*b*c", "***", "..", "../../etc/passwd", "%2e%2e%2f", "0", "-1",
    "99999999999999999999", "1e309", "NaN", "null", "true", "[]", "{}",
]
DATES = ["", "2024-02-07", "2024-13-45", "0000-00-00", "9999-12-31", "2024-2-7", "yesterday", "2024-02-07T00:00",
         "-1", "\x00", "2024/02/07", "31-12-2024", "20240207", "2024-02-30", "１２３４-05-06"]
STATUSES = ["", "open", "overdue", "answered", "answered_late", "withdrawn", "postponed", "OPEN", "x", "\x00", "open,overdue"]
KINDS = ["", "questions", "answers", "subject", "question", "answer", "footnote", "footnotes", "x", "QUESTIONS", "\ud800"]
SORTS = ["", "relevance", "date", "DATE", "x", "-date", "\x00"]
NUMBERS = ["", "0", "1", "2", "-1", "1000", "1001", "999999999999999999999", "1.5", "a", "1e3", " 1", "\x00", "0x10"]


def text(rng: random.Random) -> str:
    n = rng.randint(0, 6)
    parts = [rng.choice(PIECES) for _ in range(n)]
    if rng.random() < 0.3:
        parts.append("".join(chr(rng.randint(0, 0x2FFF)) for _ in range(rng.randint(1, 30))))
    if rng.random() < 0.2:
        parts.append(bytes(rng.randint(0, 255) for _ in range(rng.randint(1, 20))).decode("latin-1"))
    return rng.choice(["", " ", ""]).join(parts)


def _q(value: str) -> str:
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


def requests(n: int, seed: int = 0) -> Iterator[str]:
    """``n`` GET paths with malformed queries and parameters."""
    rng = random.Random(seed)
    for _ in range(n):
        which = rng.random()
        if which < 0.35:
            params = {"q": text(rng), "van": rng.choice(DATES), "tot": rng.choice(DATES), "partij": text(rng),
                      "lid": text(rng), "ministerie": text(rng), "status": rng.choice(STATUSES),
                      "soort": rng.choice(KINDS), "sorteer": rng.choice(SORTS), "pagina": rng.choice(NUMBERS)}
            keep = {k: v for k, v in params.items() if rng.random() < (0.9 if k == "q" else 0.3)}
            yield "/zoeken?" + "&".join(f"{k}={_q(v)}" for k, v in keep.items())
        elif which < 0.7:
            params = {"q": text(rng), "from": rng.choice(DATES), "to": rng.choice(DATES), "party": text(rng),
                      "member": text(rng), "ministry": text(rng), "status": rng.choice(STATUSES),
                      "kind": rng.choice(KINDS), "sort": rng.choice(SORTS), "page": rng.choice(NUMBERS),
                      "today": rng.choice(DATES)}
            keep = {k: v for k, v in params.items() if rng.random() < (0.9 if k == "q" else 0.3)}
            yield "/api/search?" + "&".join(f"{k}={_q(v)}" for k, v in keep.items())
        elif which < 0.8:
            params = {"status": rng.choice(STATUSES), "ministry": text(rng), "party": text(rng), "member": text(rng),
                      "since": rng.choice(DATES), "until": rng.choice(DATES), "limit": rng.choice(NUMBERS),
                      "offset": rng.choice(NUMBERS), "today": rng.choice(DATES)}
            keep = {k: v for k, v in params.items() if rng.random() < 0.4}
            yield "/api/cases?" + "&".join(f"{k}={_q(v)}" for k, v in keep.items())
        elif which < 0.9:
            prefix = rng.choice(["/zaak/", "/api/cases/", "/lid/", "/partij/", "/ministerie/", "/api/groups/party/"])
            suffix = rng.choice(["", "", "/questions", "/similar?k=" + _q(rng.choice(NUMBERS))]) if prefix == "/api/cases/" else ""
            yield prefix + (_q(text(rng)) or "x") + suffix
        else:
            target = rng.choice(["case:", "member:", "party:", "ministry:", "search:", "", "all", "x:"]) + text(rng)
            yield rng.choice(["/api/feed?target=", "/api/export?ministry=", "/api/documents?identifier="]) + _q(target)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", default="http://127.0.0.1:8000")
    ap.add_argument("-n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    import httpx

    seen: Counter[int] = Counter()
    errors = []
    started = time.perf_counter()
    with httpx.Client(base_url=args.base, timeout=30) as client:
        for path in requests(args.n, args.seed):
            status = client.get(path).status_code
            seen[status] += 1
            if status >= 500:
                errors.append(path)
    took = time.perf_counter() - started
    print(f"{args.n} malformed requests in {took:.1f} s ({args.n / took:.0f}/s); statuses {dict(sorted(seen.items()))}; "
          f"server errors: {len(errors)}")
    for path in errors[:20]:
        print("  5xx:", path)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
