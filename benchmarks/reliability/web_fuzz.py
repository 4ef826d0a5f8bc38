"""≥ 10,000 malformed search strings and parameters against the API and the web pages in-process (FastAPI
TestClient, no network), plus malformed request bodies: prints the status codes seen and every 5xx.

    .venv/bin/python benchmarks/reliability/web_fuzz.py [-n 10000] [--bodies 2000] [--seed 1]

The GET requests are the generator of the web stage (``tests/web/fuzz_web.py``: search page, search API,
case list, case / member / party / ministry pages, feed, export, documents; broken dates, numbers,
statuses, sorts, control characters, surrogates, 2,000-character strings, query-language syntax); the
bodies are mutated real documents and broken JSON / form data sent to every POST route, with the token.
The database is the sample corpus in a temporary file. Exit status 1 on any 5xx.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "src"), str(ROOT / "benchmarks"), str(ROOT / "tests" / "web")]

from fuzz_web import requests, text  # noqa: E402  (tests/web/fuzz_web.py)

from tests.reliability.support import mutate, seeds  # noqa: E402

TOKEN = "web-fuzz-token-0123456789"
POSTS = ["/api/parse", "/api/similar", "/api/answer-kit", "/api/answer-kit?format=docx", "/api/documents?source=fuzz",
         "/api/alerts/searches", "/api/alerts/follows", "/nieuwe-vragen", "/nieuwe-vragen/antwoordkit.md"]


def bodies(n: int, seed: int):
    rng = random.Random(seed)
    pool = seeds()
    for _ in range(n):
        path = rng.choice(POSTS)
        kind = rng.random()
        if kind < 0.5:
            body, ctype = mutate(rng, pool)[:200_000], rng.choice(["text/plain", "application/octet-stream", "application/pdf"])
        elif kind < 0.75:
            body = rng.choice([b"{", b"[]", b"null", b'{"name": %s, "query": %s}', b'{"kind": "%s", "value": "%s"}'])
            if b"%s" in body:
                body = body.replace(b"%s", text(rng).encode("utf-8", "surrogatepass"), 1).replace(
                    b"%s", text(rng).encode("utf-8", "surrogatepass"), 1)
            ctype = "application/json"
        else:
            field = rng.choice(["tekst", "document", "bestand", "x"])
            body = f"{field}={text(rng)}".encode("utf-8", "surrogatepass")
            ctype = rng.choice(["application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=zz"])
        yield path, body, ctype


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=10_000, help="malformed GET requests")
    ap.add_argument("--bodies", type=int, default=2_000, help="malformed POST bodies")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    from fastapi.testclient import TestClient

    from kamervragen.api.deps import Settings
    from kamervragen.store import open_store
    from kamervragen.store.loader import load_sample
    from kamervragen.web.app import create_app

    with tempfile.TemporaryDirectory(prefix="kv-web-fuzz-") as tmp:
        db = str(Path(tmp) / "kv.sqlite3")
        with open_store(db) as store:
            load_sample(store)
        app = create_app(Settings(db=db, token=TOKEN, today="2024-03-01"))
        seen: Counter[int] = Counter()
        errors: list[str] = []
        slowest = (0.0, "")
        started = time.perf_counter()
        with TestClient(app, raise_server_exceptions=False) as client:
            for path in requests(args.n, args.seed):
                t = time.perf_counter()
                status = client.get(path).status_code
                took = time.perf_counter() - t
                slowest = max(slowest, (took, path))
                seen[status] += 1
                if status >= 500:
                    errors.append(f"GET {path}")
            get_s = time.perf_counter() - started
            posted: Counter[int] = Counter()
            for path, body, ctype in bodies(args.bodies, args.seed):
                r = client.post(path, content=body, headers={"Content-Type": ctype, "Authorization": f"Bearer {TOKEN}"})
                posted[r.status_code] += 1
                if r.status_code >= 500:
                    errors.append(f"POST {path} {ctype} {body[:60]!r}")
        total = time.perf_counter() - started
    print(f"web fuzz in-process: {args.n:,} malformed GET requests in {get_s:,.0f} s ({args.n / get_s:,.0f}/s), "
          f"statuses {dict(sorted(seen.items()))}; slowest {slowest[0]:.2f} s ({slowest[1][:80]})")
    print(f"{args.bodies:,} malformed POST bodies, statuses {dict(sorted(posted.items()))}")
    print(f"server errors (5xx): {len(errors)} of {args.n + args.bodies:,} requests ({total:,.0f} s)")
    for line in errors[:20]:
        print("  ", line)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
