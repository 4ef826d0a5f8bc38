"""Sync against the fake server: exactly the served set, faults, date bounds, sources, incremental, CLI."""

from __future__ import annotations

import hashlib
import json
import math

from typer.testing import CliRunner

from kamervragen.cli import app
from kamervragen.fetch.sync import zaak_filter
from kamervragen.store import open_store
from tests.fetch.conftest import PAGE_SIZE, ZAKEN, run_sync, snapshot
from tests.support.fakeserver import Faults, diff_state
from tests.support.odata_filter import compile_filter


def _sha(data: bytes | None) -> str | None:
    return hashlib.sha256(data).hexdigest() if data is not None else None


def _check_files(srv, snap, source="all"):
    for did, d in snap["documents"].items():
        if d["removed"]:
            continue
        assert d["file_state"] == "done", did
        assert d["file_sha256"] == _sha(srv.data.expected_file(did, source)), did


def _without_urls(snap):
    return {k: {i: {f: v for f, v in row.items() if f != "file_url"} for i, row in rows.items()}
            for k, rows in snap.items()}


def test_full_sync_stores_exactly_the_served_set(make_server, tmp_path):
    srv = make_server()
    stats, snap = run_sync(srv, tmp_path)
    assert stats.mode == "full"
    assert diff_state(srv.data.expected(), snap) == []
    assert len(snap["zaken"]) == ZAKEN
    _check_files(srv, snap)
    # batched: one request per page of zaken with all their relations
    assert stats.metadata_requests == math.ceil(ZAKEN / PAGE_SIZE)
    docs = snap["documents"]
    fallbacks = sum(1 for d in docs.values() if d["identifier"] in srv.data.unpublished)
    assert stats.file_requests == len(docs) + fallbacks
    assert stats.files_from_tk == sum(1 for d in docs.values() if not d["identifier"]) + fallbacks
    # every file is in the store as a source of a document
    store = open_store(str(tmp_path / "db.sqlite3"))
    try:
        for d in docs.values():
            assert store.find_documents(d["file_url"]), d["file_url"]
        assert store.counts()["sources"] == len(docs)
    finally:
        store.close()
    # nothing changed at the source: a second run sends two queries and changes nothing
    again, snap2 = run_sync(srv, tmp_path)
    assert again.mode == "incremental" and again.zaken == 0 and again.files == 0
    assert again.requests == 2
    assert snap2 == snap


def test_faults_end_identical(make_server, tmp_path):
    clean = make_server()
    _, want = run_sync(clean, tmp_path / "clean")
    faults = Faults(rate=0.2, slow_seconds=0.25, repeat_rate=0.5, reorder_rate=0.5, seed=3)
    srv = make_server(faults=faults)
    stats, got = run_sync(srv, tmp_path / "faulty", timeout=0.2)
    assert {"500", "429", "cutoff", "truncate", "slow", "repeat", "reorder"} <= set(srv.stats.faults)
    assert stats.retries > 0
    assert diff_state(srv.data.expected(), got) == []
    _check_files(srv, got)
    assert _without_urls(got) == _without_urls(want), _debug_diff(_without_urls(got), _without_urls(want))


def test_since_until_bound_gestartop(make_server, tmp_path):
    srv = make_server()
    since, until = "2019-03-12", "2021-06-18"  # both are submission dates of template documents
    stats, snap = run_sync(srv, tmp_path, since=since, until=until)
    want = srv.data.expected(since, until)
    assert stats.mode == "range" and want["zaken"]
    assert diff_state(want, snap) == []
    starts = {z["GestartOp"][:10] for z in srv.data.zaken.values() if z["Id"] in want["zaken"]}
    assert since in starts and until in starts


def test_filter_bounds_are_local_days():
    f = compile_filter(zaak_filter("2019-03-12", "2019-03-12", None))
    base = {"Soort": "Schriftelijke vragen", "Verwijderd": False}
    assert f({**base, "GestartOp": "2019-03-12T00:00:00+01:00"})
    assert f({**base, "GestartOp": "2019-03-12T23:00:00+01:00"})
    assert not f({**base, "GestartOp": "2019-03-13T00:00:00+01:00"})
    assert not f({**base, "GestartOp": "2019-03-11T23:59:00+01:00"})


def test_source_tk_and_ob(make_server, tmp_path):
    srv = make_server(zaken=40)
    stats, snap = run_sync(srv, tmp_path / "tk", source="tk")
    assert stats.files_from_ob == 0 and stats.files == len(snap["documents"])
    _check_files(srv, snap, source="tk")
    stats = run_sync(srv, tmp_path / "ob", source="ob")[0]
    published = srv.data.published()
    assert stats.mode == "ob" and stats.files == len(published) and stats.files_from_ob == len(published)
    assert stats.metadata_requests == math.ceil(len(published) / 100)
    again = run_sync(srv, tmp_path / "ob", source="ob")[0]
    assert again.files == 0


def test_incremental_applies_exactly_the_changes(make_server, tmp_path):
    srv = make_server()
    _, first = run_sync(srv, tmp_path)
    changed = srv.data.mutate(changes=8, deletes=3, new=3, doc_deletes=2, seed=5)
    stats, snap = run_sync(srv, tmp_path)
    assert stats.mode == "incremental"
    assert diff_state(srv.data.expected(), snap) == []
    _check_files(srv, snap)
    live_changed = {z for k in ("subject", "answer", "party", "version", "new") for z in changed[k]}
    assert stats.zaken == len(live_changed)
    assert stats.removed == len(changed["deleted_zaak"]) + len(changed["deleted_document"])
    new_docs = set(snap["documents"]) - set(first["documents"])
    assert stats.files == len(new_docs) + len(changed["version"])
    for zid in changed["deleted_zaak"]:
        assert snap["zaken"][zid]["removed"] and first["zaken"][zid]["nummer"] == snap["zaken"][zid]["nummer"]
    # removed at the source: marked in the store, raw copy kept
    store = open_store(str(tmp_path / "db.sqlite3"))
    try:
        for did in changed["deleted_document"]:
            docs = store.find_documents(snap["documents"][did]["file_url"])
            assert docs and all(d.removed for d in docs)
            assert store.get_raw(docs[0].id) is not None
        assert store.counts()["sources"] == len(snap["documents"]) + len(changed["version"])
    finally:
        store.close()


def test_api_and_text_disagreements_are_flagged(make_server, tmp_path):
    srv = make_server()
    run_sync(srv, tmp_path)
    store = open_store(str(tmp_path / "db.sqlite3"))
    try:
        rows = store.disagreements_list()
    finally:
        store.close()
    snap = snapshot(tmp_path)
    party_flagged = {snap["documents"][r[0]]["zaak"] for r in rows
                     if r[2].startswith("party:") and srv.data.documents[r[0]]["Soort"] == "Schriftelijke vragen"}
    assert srv.data.disagreements and party_flagged == srv.data.disagreements
    store = open_store(str(tmp_path / "db.sqlite3"))
    try:  # the case is flagged in the store, both values named
        for zid in srv.data.disagreements:
            case = store.get_case(snap["zaken"][zid]["nummer"])
            assert any(f.flag == "source-mismatch" and f.detail.startswith("party:") for f in case.flags)
    finally:
        store.close()


def test_cli_json(make_server, tmp_path):
    srv = make_server(zaken=20)
    db = str(tmp_path / "db.sqlite3")
    result = CliRunner().invoke(app, ["sync", "--db", db, *srv.base_args(), "--rate", "0", "--json"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output.strip().splitlines()[-1])
    assert stats["zaken"] == 20 and stats["files"] == stats["documents"]
    bad = CliRunner().invoke(app, ["sync", "--db", db, "--since", "yesterday"])
    assert bad.exit_code != 0


def _debug_diff(a, b):
    for k in a:
        for i in set(a[k]) | set(b[k]):
            if a[k].get(i) != b[k].get(i):
                return k, i, {f: (v, b[k].get(i, {}).get(f)) for f, v in (a[k].get(i) or {}).items() if v != b[k].get(i, {}).get(f)}


def test_offline_rebuild_from_the_cache(make_server, tmp_path):
    srv = make_server(zaken=40)
    stats, snap = run_sync(srv, tmp_path / "online")
    srv.data.mutate(changes=4, deletes=1, new=1, doc_deletes=1, seed=2)
    _, snap = run_sync(srv, tmp_path / "online")
    srv.stop()  # no network from here on
    (tmp_path / "offline").mkdir()
    stats, rebuilt = run_sync(srv, tmp_path / "offline", offline=True, cache=tmp_path / "online" / "cache")
    assert stats.mode == "offline" and stats.requests == 0
    assert _without_urls(rebuilt) == _without_urls(snap), _debug_diff(_without_urls(rebuilt), _without_urls(snap))


def test_api_metadata_read_back(make_server, tmp_path):
    srv = make_server(zaken=10)
    run_sync(srv, tmp_path)
    zid, row = next((z, r) for z, r in srv.data.zaken.items() if r.get("Soort") == "Schriftelijke vragen")
    store = open_store(str(tmp_path / "db.sqlite3"))
    try:
        zaak = store.api_zaak_by_number(row["Nummer"])
    finally:
        store.close()
    assert zaak.id == zid and zaak.started == row["GestartOp"][:10]
    actors = [a for a in srv.data.actors.values() if a["Zaak_Id"] == zid]
    assert [a.name for a in zaak.askers] == [a["ActorNaam"] for a in actors if a["Relatie"] == "Indiener"] + \
        [a["ActorNaam"] for a in actors if a["Relatie"] == "Medeindiener"]
    assert zaak.addressees == [a["Functie"] for a in actors if a["Relatie"] == "Gericht aan"]
    assert {d.id for d in zaak.documents} == set(srv.data.links[zid])


def test_cli_read_only_database_is_a_clear_error(make_server, tmp_path, monkeypatch):
    import kamervragen.store

    srv = make_server(zaken=10)
    db = str(tmp_path / "db.sqlite3")
    assert CliRunner().invoke(app, ["sync", "--db", db, *srv.base_args(), "--rate", "0"]).exit_code == 0
    before = snapshot(tmp_path)
    srv.data.mutate(changes=4, deletes=1, new=1, doc_deletes=0)
    real_open = kamervragen.store.open_store

    def read_only(path, **kw):
        store = real_open(path, **kw)
        store._conn.execute("PRAGMA query_only = 1")  # as a read-only file would
        return store

    monkeypatch.setattr(kamervragen.store, "open_store", read_only)
    result = CliRunner().invoke(app, ["sync", "--db", db, *srv.base_args(), "--rate", "0"])
    assert result.exit_code != 0
    assert "refused a write" in str(result.exception) and "run the same command again" in str(result.exception)
    assert snapshot(tmp_path) == before  # nothing half-written
    monkeypatch.setattr(kamervragen.store, "open_store", real_open)
    assert CliRunner().invoke(app, ["sync", "--db", db, *srv.base_args(), "--rate", "0"]).exit_code == 0
    assert diff_state(srv.data.expected(), snapshot(tmp_path)) == []
