"""Malformed search strings and parameters in-process: never a server error (the long run, 10,000+
requests against a real server, is ``tests/web/fuzz_web.py``)."""

from __future__ import annotations

from collections import Counter

from tests.web.fuzz_web import requests

QUICK = 1500


def test_malformed_requests_never_give_a_server_error(client):
    seen: Counter[int] = Counter()
    errors = []
    for path in requests(QUICK, seed=7):
        status = client.get(path).status_code
        seen[status] += 1
        if status >= 500:
            errors.append(path)
    assert not errors, errors[:10]
    assert seen[200] > 100 and sum(v for k, v in seen.items() if 400 <= k < 500) > 100, seen
