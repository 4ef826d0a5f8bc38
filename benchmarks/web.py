"""Requests per second and latency (p50 / p99) of the case page and search under 50 concurrent
connections on loopback, against ``kamervragen serve --workers N`` on the sample corpus.

The load tool is ``wrk`` (Debian package ``wrk``) when installed, else an asyncio httpx loop with the
same number of connections (slower itself, so its figures are a lower bound). The server and the load
tool share the machine's cores.

    .venv/bin/python benchmarks/web.py [--workers 2] [--connections 50] [--duration 15] [--db PATH] [--json]

Goal on a 2-core machine: ≥ 400 requests/s and p99 ≤ 200 ms for the case page.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {
    "case page": "/zaak/2024Z01911",
    "case page (answered)": "/zaak/2023Z11786",
    "search page": "/zoeken?q=nuctech+douane",
    "search API": "/api/search?q=douane+scanners&sort=date",
    "case API": "/api/cases/2024Z01911",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def kamervragen_cmd() -> list[str]:
    exe = Path(sys.executable).parent / "kamervragen"
    return [str(exe)] if exe.exists() else [sys.executable, "-c", "from kamervragen.cli import main; main()"]


def prepare_db(path: str | None) -> str:
    if path:
        return path
    db = str(Path(tempfile.mkdtemp(prefix="kv-bench-web-")) / "kv.sqlite3")
    subprocess.run(kamervragen_cmd() + ["load", "--sample", "--db", db], check=True, stdout=subprocess.DEVNULL)
    return db


def wait_ready(base: str, timeout: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not come up")


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    m = re.match(r"([\d.]+)(us|ms|s)", text)
    return float(m.group(1)) * _UNITS[m.group(2)] if m else float("nan")


def run_wrk(url: str, connections: int, duration: int, threads: int) -> dict:
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: (.*)", out)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    return {"rps": rps, "p50_ms": _ms(lat.get("50", "")), "p99_ms": _ms(lat.get("99", "")), "requests": total,
            "non_2xx": int(errors.group(1)) if errors else 0, "socket_errors": sock.group(1) if sock else None,
            "tool": "wrk"}


def run_httpx(url: str, connections: int, duration: int) -> dict:
    import httpx

    async def main() -> dict:
        latencies: list[float] = []
        bad = 0
        stop = time.perf_counter() + duration
        limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
        async with httpx.AsyncClient(limits=limits, timeout=30) as client:
            async def worker() -> None:
                nonlocal bad
                while time.perf_counter() < stop:
                    t = time.perf_counter()
                    r = await client.get(url)
                    latencies.append((time.perf_counter() - t) * 1000)
                    bad += r.status_code != 200

            started = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(connections)))
            took = time.perf_counter() - started
        latencies.sort()
        return {"rps": len(latencies) / took, "p50_ms": statistics.median(latencies),
                "p99_ms": latencies[int(len(latencies) * 0.99) - 1], "requests": len(latencies), "non_2xx": bad,
                "socket_errors": None, "tool": "httpx"}

    return asyncio.run(main())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--connections", type=int, default=50)
    ap.add_argument("--duration", type=int, default=15, help="seconds per target")
    ap.add_argument("--threads", type=int, default=1, help="wrk threads")
    ap.add_argument("--db", help="an existing database (default: the sample corpus in a temporary file)")
    ap.add_argument("--tool", choices=("auto", "wrk", "httpx"), default="auto")
    ap.add_argument("--only", nargs="*", help="target names to run (default: all)")
    ap.add_argument("--no-response-cache", action="store_true",
                    help="render every request (KAMERVRAGEN_RESPONSE_CACHE=0); similar results stay memoised")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    db = prepare_db(args.db)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, KAMERVRAGEN_TODAY="2024-03-01",
               KAMERVRAGEN_RESPONSE_CACHE="0" if args.no_response_cache else "1")
    server = subprocess.Popen(kamervragen_cmd() + ["serve", "--db", db, "--port", str(port), "--workers",
                                                   str(args.workers)], env=env, stdout=subprocess.DEVNULL)
    results = {}
    try:
        wait_ready(base)
        use_wrk = args.tool == "wrk" or (args.tool == "auto" and shutil.which("wrk"))
        import httpx

        for name, path in TARGETS.items():
            if args.only and name not in args.only:
                continue
            for _ in range(2 * args.workers + 2):  # warm every worker's caches
                httpx.get(base + path, timeout=60)
            if use_wrk:
                results[name] = run_wrk(base + path, args.connections, args.duration, args.threads)
            else:
                results[name] = run_httpx(base + path, args.connections, args.duration)
            results[name]["path"] = path
    finally:
        server.terminate()
        server.wait(10)
    if args.json:
        print(json.dumps({"workers": args.workers, "response_cache": not args.no_response_cache, "connections": args.connections, "duration_s": args.duration,
                          "cores": os.cpu_count(), "results": results}, indent=2))
        return 0
    cache = "off" if args.no_response_cache else "on"
    print(f"kamervragen serve --workers {args.workers}; response cache {cache}; {args.connections} connections; "
          f"{args.duration} s per target; {os.cpu_count()} cores; sample corpus")
    print(f"{'target':24} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'requests':>9} {'non-2xx':>8}  tool")
    for name, r in results.items():
        print(f"{name:24} {r['rps']:8.0f} {r['p50_ms']:8.1f} {r['p99_ms']:8.1f} {r['requests']:9d} {r['non_2xx']:8d}  {r['tool']}")
    case = results.get("case page")
    if case:
        ok = case["rps"] >= 400 and case["p99_ms"] <= 200
        print(f"case page goal (≥ 400 req/s, p99 ≤ 200 ms): {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
