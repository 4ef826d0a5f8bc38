"""Requests per second and latency (p50 / p99) of the case page and search under 50 concurrent
connections on loopback, against ``kamervragen serve --workers N`` on the sample corpus.

The load tool is ``wrk`` (Debian package ``wrk``) when installed, else an asyncio httpx loop with the
same number of connections (slower itself, so its figures are a lower bound). The server and the load
tool share the machine's cores.

    .venv/bin/python benchmarks/web.py [--workers 2] [--connections 50] [--duration 15] [--db PATH] [--json]
        [--rate R]  (offer about R requests/s: latency at that load rather than at saturation)
        [--no-response-cache]  (render every request)  [--background-load N]  (load N documents meanwhile)

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


def run_wrk(url: str, connections: int, duration: int, threads: int, rate: float | None = None) -> dict:
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    if rate:  # each connection waits between requests, so about ``rate`` requests/s are offered in all
        script = Path(tempfile.mkdtemp(prefix="kv-wrk-")) / "rate.lua"
        script.write_text(f"function delay()\n  return {connections / rate * 1000:.1f}\nend\n", encoding="utf-8")
        cmd += ["-s", str(script)]
    out = subprocess.run(cmd + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.M))
    latency_max = re.search(r"Latency\s+\S+\s+\S+\s+(\S+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: (.*)", out)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    return {"rps": rps, "p50_ms": _ms(lat.get("50", "")), "p99_ms": _ms(lat.get("99", "")),
            "max_ms": _ms(latency_max.group(1)) if latency_max else float("nan"), "requests": total,
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
                "p99_ms": latencies[int(len(latencies) * 0.99) - 1], "max_ms": latencies[-1],
                "requests": len(latencies), "non_2xx": bad,
                "socket_errors": None, "tool": "httpx"}

    return asyncio.run(main())


def write_variants(n: int) -> Path:
    """``n`` questions documents made from the seed (zaak numbers 2030Z00000…, varied subjects) in a
    temporary folder: the background load of ``--background-load``."""
    seed = (ROOT / "src" / "kamervragen" / "sample" / "docs" / "2024Z01911.md").read_text(encoding="utf-8")
    folder = Path(tempfile.mkdtemp(prefix="kv-bench-load-"))
    words = ["scanners", "havens", "grenzen", "drones", "software", "camera's", "sensoren", "servers"]
    for i in range(n):
        text = seed.replace("2024Z01911", f"2030Z{i:05d}").replace("Chinese scanners", f"{words[i % 8]} nr. {i}")
        (folder / f"2030Z{i:05d}.md").write_text(text, encoding="utf-8")
    return folder


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
    ap.add_argument("--background-load", type=int, default=0, metavar="N",
                    help="while measuring, load N new questions documents into the database (each commit "
                         "invalidates the response cache): readers must never be blocked")
    ap.add_argument("--rate", type=float, help="offer about this many requests/s (wrk only) instead of as many "
                                               "as the server takes: latency at a given load, not at saturation")
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
    loader = None
    try:
        wait_ready(base)
        if args.background_load:
            folder = write_variants(args.background_load)
            loader = subprocess.Popen(kamervragen_cmd() + ["load", str(folder), "--db", db, "--json"],
                                      stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            load_started = time.perf_counter()
        use_wrk = args.tool == "wrk" or (args.tool == "auto" and shutil.which("wrk"))
        import httpx

        for name, path in TARGETS.items():
            if args.only and name not in args.only:
                continue
            for _ in range(2 * args.workers + 2):  # warm every worker's caches
                httpx.get(base + path, timeout=60)
            if use_wrk:
                results[name] = run_wrk(base + path, args.connections, args.duration, args.threads, args.rate)
            else:
                results[name] = run_httpx(base + path, args.connections, args.duration)
            results[name]["path"] = path
        if loader is not None:
            still_loading = loader.poll() is None
            out, _ = loader.communicate()
            results["background load"] = {"documents": args.background_load, "seconds": round(time.perf_counter() - load_started, 1),
                                          "ran_through_measurement": still_loading,
                                          "report": out.strip().splitlines()[-1] if out.strip() else None}
    finally:
        if loader is not None and loader.poll() is None:
            loader.terminate()
        server.terminate()
        server.wait(10)
    if args.json:
        print(json.dumps({"workers": args.workers, "response_cache": not args.no_response_cache, "rate": args.rate, "connections": args.connections, "duration_s": args.duration,
                          "cores": os.cpu_count(), "results": results}, indent=2))
        return 0
    cache = "off" if args.no_response_cache else "on"
    offered = f"about {args.rate:g} requests/s offered" if args.rate else "as many requests as it takes"
    print(f"kamervragen serve --workers {args.workers}; response cache {cache}; {args.connections} connections, "
          f"{offered}; {args.duration} s per target; {os.cpu_count()} cores; sample corpus")
    print(f"{'target':24} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'requests':>9} {'non-2xx':>8}  tool")
    background = results.pop("background load", None)
    for name, r in results.items():
        print(f"{name:24} {r['rps']:8.0f} {r['p50_ms']:8.1f} {r['p99_ms']:8.1f} {r['max_ms']:8.1f} {r['requests']:9d} "
              f"{r['non_2xx']:8d}  {r['tool']}{'  socket errors: ' + r['socket_errors'] if r['socket_errors'] else ''}")
    if background:
        print(f"background load of {background['documents']} documents: {background['seconds']} s, "
              f"{'still running when the measurement ended' if background['ran_through_measurement'] else 'finished during the measurement'}; "
              f"report {background['report']}")
    case = results.get("case page")
    if case:
        ok = case["rps"] >= 400 and case["p99_ms"] <= 200
        print(f"case page goal (≥ 400 req/s, p99 ≤ 200 ms): {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
