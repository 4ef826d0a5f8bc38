"""The other stages over both backends: the clock and statistics, alerts, sync state, vectors. The
results on PostgreSQL must equal those on SQLite."""

from __future__ import annotations

import dataclasses
import json

from kamervragen.procedure.alerts import check_alerts, follow, save_search, subscriptions
from kamervragen.procedure.cases import case_statuses
from kamervragen.procedure.stats import compute_stats
from kamervragen.search.similar import find_similar
from kamervragen.search.vectors import build_vectors
from kamervragen.store import open_store
from kamervragen.store.loader import load_sample

TODAY = "2025-06-01"


def _plain(value):
    return json.loads(json.dumps(value, default=lambda o: dataclasses.asdict(o) if dataclasses.is_dataclass(o)
                                 else str(o), sort_keys=True))


def test_clock_and_stats_are_the_same(both):
    sq, pg = both
    a, b = case_statuses(sq, TODAY), case_statuses(pg, TODAY)
    assert len(a) == len(b) > 100
    assert _plain(a) == _plain(b)
    assert _plain(compute_stats(sq, TODAY)) == _plain(compute_stats(pg, TODAY))


def test_alerts_on_both(both):
    outs = []
    for store in both:
        follow(store, "case", "2024Z01911")
        follow(store, "case", "2024Z01911")  # idempotent
        save_search(store, "nuctech", "Nuctech")
        first = check_alerts(store, TODAY)
        again = check_alerts(store, TODAY)
        outs.append((subscriptions(store), _plain(first), _plain(again)))
    assert outs[0] == outs[1]
    assert outs[0][0] and outs[0][1]


def test_sync_state_on_both(backend_store):
    store = backend_store
    store.sync_set("watermark", "2024-01-01T00:00:00Z")
    store.sync_set("watermark", "2024-02-01T00:00:00Z")
    assert store.sync_get("watermark") == "2024-02-01T00:00:00Z"
    run = store.sync_run_start("full", {"a": 1})
    store.sync_run_finish(run, {"zaken": 0})
    assert run > 0
    assert store.sync_counts()["zaken"] == 0


def test_lsa_vectors_on_both(tmp_path):
    """Vectors are float32 bytes in a bytea column, ranked in numpy: the same seed ranking on both."""
    from tests.conftest import drop_store_url, new_store_url

    results = []
    for b in ("sqlite", "postgres"):
        url = new_store_url(b, tmp_path / b)
        (tmp_path / b).mkdir(exist_ok=True)
        with open_store(url) as store:
            load_sample(store)
            assert build_vectors(store, "lsa") == store.counts()["documents"]
            result = find_similar(store, "2024Z01911", k=5, per_question=False)
            assert result.model == "lsa"
            results.append([c.case_key for c in result.cases[:2]])
        drop_store_url(url)
    assert set(results[0]) == {"2023Z11786", "2023Z11492"}
    assert results[0] == results[1]
