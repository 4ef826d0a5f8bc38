"""``kamervragen serve`` as a user starts it: two worker processes, token and "today" from the command
line, the sample corpus loaded by ``--sample``."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.web.conftest import _free_port


def test_serve_with_workers(tmp_path):
    port = _free_port()
    exe = Path(sys.executable).parent / "kamervragen"
    proc = subprocess.Popen([str(exe), "serve", "--db", str(tmp_path / "kv.sqlite3"), "--sample", "--port", str(port),
                             "--workers", "2", "--token", "s3cret", "--today", "2024-03-01"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "serve did not start"
            assert proc.poll() is None, proc.stdout.read()
            time.sleep(0.2)
        case = httpx.get(base + "/api/cases/2024Z01911").json()
        assert case["status"] == "overdue" and case["today"] == "2024-03-01"
        assert "28 februari 2024" in httpx.get(base + "/zaak/2024Z01911").text
        assert httpx.post(base + "/api/alerts/follows", json={"kind": "party", "value": "VVD"}).status_code == 401
        ok = httpx.post(base + "/api/alerts/follows", json={"kind": "party", "value": "VVD"},
                        headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 201
        # every worker sees the write (each keeps its own response cache, dropped on any commit)
        for _ in range(6):
            assert httpx.get(base + "/api/alerts").json()["follows"]
    finally:
        proc.terminate()
        proc.wait(15)


def test_serve_rejects_bad_options(tmp_path):
    exe = Path(sys.executable).parent / "kamervragen"
    out = subprocess.run([str(exe), "serve", "--db", str(tmp_path / "kv.sqlite3"), "--today", "gisteren"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "not a date" in out.stderr


def test_serve_explains_a_port_in_use_and_a_bad_log_level(tmp_path):
    import socket

    exe = Path(sys.executable).parent / "kamervragen"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        out = subprocess.run([str(exe), "serve", "--db", str(tmp_path / "kv.sqlite3"), "--port", str(port)],
                             capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and out.stderr.startswith("kamervragen: Cannot listen on 127.0.0.1:"), out.stderr
    assert "Kamervragen on" not in out.stdout  # nothing claims to be serving
    out = subprocess.run([str(exe), "serve", "--db", str(tmp_path / "kv.sqlite3"), "--log-level", "luid"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "--log-level must be one of" in out.stderr and "Traceback" not in out.stderr
