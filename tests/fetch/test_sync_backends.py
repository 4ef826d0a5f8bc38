"""Sync into each store backend: the same served set, the same incremental changes, actors in API order."""

from __future__ import annotations

from typer.testing import CliRunner

from kamervragen.cli import app
from kamervragen.store import open_store
from tests.fetch.conftest import run_sync
from tests.fetch.test_sync import _check_files
from tests.support.fakeserver import diff_state


def _served_addressees(srv, zaak_id: str) -> list[str]:
    return [a.get("Functie") or a.get("ActorNaam") or "" for a in srv.data.actors.values()
            if a["Zaak_Id"] == zaak_id and a["Relatie"] == "Gericht aan" and not a.get("Verwijderd")]


def test_full_and_incremental_sync_on_each_backend(make_server, store_url, tmp_path):
    srv = make_server(zaken=60)
    stats, snap = run_sync(srv, tmp_path, db=store_url)
    assert stats.mode == "full" and stats.failed == 0
    assert diff_state(srv.data.expected(), snap) == []
    _check_files(srv, snap)
    srv.data.mutate(changes=6, deletes=2, new=2, doc_deletes=1, seed=5)
    stats, snap = run_sync(srv, tmp_path, db=store_url)
    assert stats.mode == "incremental"
    assert diff_state(srv.data.expected(), snap) == []
    _check_files(srv, snap)
    store = open_store(store_url)
    try:
        live = {zid: z["nummer"] for zid, z in srv.data.expected()["zaken"].items() if not z["removed"]}
        assert live
        for zid, nummer in live.items():
            synced = store.api_zaak_by_number(nummer)
            assert synced is not None and synced.addressees == _served_addressees(srv, zid), nummer
    finally:
        store.close()


def test_sync_command_takes_either_backend(make_server, store_url, tmp_path):
    srv = make_server(zaken=20)
    args = ["sync", "--db", store_url, "--cache", str(tmp_path / "cache"), "--rate", "0", "--json",
            "--base-url", f"tk={srv.tk_url}", "--base-url", f"ob={srv.ob_url}", "--base-url", f"sru={srv.sru_url}"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert '"mode": "full"' in result.output and '"failed": 0' in result.output
