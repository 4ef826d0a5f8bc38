"""The procedure commands end to end on the sample corpus (typer's CliRunner)."""

from __future__ import annotations

import json

import feedparser
import pytest
from typer.testing import CliRunner

from kamervragen.cli import app


@pytest.fixture(scope="module")
def db(sample_store):
    return sample_store.url


def run(*args):
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result


def test_status_json(db):
    result = run("status", "--db", db, "--today", "2024-03-01", "--since", "2024-01-01", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    seed = next(c for c in data["cases"] if c["zaak"] == "2024Z01911")
    assert (seed["status"], seed["due"], seed["days_waiting"]) == ("overdue", "2024-02-28", 23)
    assert all(c["status"] in ("open", "postponed", "overdue") for c in data["cases"])


def test_status_text_and_bad_input(db):
    result = run("status", "--db", db, "--today", "2024-02-20", "--member", "Brekelmans")
    assert result.exit_code == 0 and "2024Z01911" in result.output
    bad = run("status", "--db", db, "--ministry", "Ministerie van Toverkunst")
    assert bad.exit_code != 0


def test_stats_json_and_charts(db, tmp_path):
    result = run("stats", "--db", db, "--today", "2026-01-01", "--by", "ministry,year", "--out", tmp_path, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["total"]["cases"] == sum(r["cases"] for r in data["year"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ministry.png", "ministry.svg", "year.png", "year.svg"]


def test_export_and_feed(db, tmp_path):
    result = run("export", "--db", db, "--format", "jsonl", "--out", tmp_path / "x", "--today", "2024-03-01")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "x" / "cases.jsonl").exists()
    assert run("follow", "--db", db, "case", "2024Z01911").exit_code == 0
    feed = run("feed", "--db", db, "case:2024Z01911", "--today", "2024-03-01")
    assert feed.exit_code == 0
    parsed = feedparser.parse(feed.stdout_bytes)
    assert [e.id for e in parsed.entries][0] == "urn:kamervragen:event:2024Z01911/overdue"
    check = run("alerts", "check", "--db", db, "--today", "2024-03-01", "--json")
    assert json.loads(check.output)[0]["feed"] == "case:2024Z01911"
    assert run("unfollow", "--db", db, "case", "2024Z01911").exit_code == 0
