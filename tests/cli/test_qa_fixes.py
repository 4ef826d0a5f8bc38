"""Read-only commands on a database that does not exist, --json of follow / unfollow / search-vectors,
queries starting with "-" and the answer kit's line for an answered case."""

from __future__ import annotations

import json
import socket

import pytest
from typer.testing import CliRunner

from kamervragen.cli import app
from kamervragen.errors import UserError


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("cli") / "kv.sqlite3")
    assert CliRunner().invoke(app, ["load", "--sample", "--db", path]).exit_code == 0
    return path


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("args", [
    ["status"], ["status", "--json"], ["show", "2024Z01911"], ["search", "douane"], ["similar", "2024Z01911"],
    ["stats"], ["export", "--format", "csv", "--out", "OUT"], ["feed", "all"], ["failed"], ["links"],
    ["alerts", "list"], ["alerts", "check"], ["alerts", "delete", "douane"], ["unfollow", "party", "VVD"],
    ["serve", "--port", "PORT"],
])
def test_a_reading_command_on_a_missing_database_says_so_and_creates_nothing(tmp_path, args):
    db = str(tmp_path / "nothing" / "kv.sqlite3")
    args = [str(tmp_path / "out") if a == "OUT" else str(_free_port()) if a == "PORT" else a for a in args]
    result = invoke(*args, "--db", db)
    assert isinstance(result.exception, UserError), (result.output, result.exception)
    assert str(result.exception) == f"No database at {db}: load documents first (kamervragen load --db {db} …)."
    assert result.stdout == "" and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args", [
    ["alerts", "save", "douane", "douane"],
    ["follow", "party", "VVD"],
    ["reparse"],
    ["load", "--sample"],
])
def test_a_writing_command_creates_the_database(tmp_path, args):
    db = tmp_path / "new" / "kv.sqlite3"
    result = invoke(*args, "--db", str(db))
    assert result.exit_code == 0, (result.output, result.exception)
    assert db.is_file()
    assert invoke("status", "--db", str(db), "--json").exit_code == 0  # and then it can be read


def test_follow_unfollow_and_search_vectors_print_json(db):
    follow = invoke("follow", "case", "2024Z01911", "--db", db, "--json")
    assert follow.exit_code == 0, (follow.output, follow.exception)
    assert json.loads(follow.stdout) == {"following": "case:2024Z01911", "kind": "case", "value": "2024Z01911"}
    unfollow = invoke("unfollow", "case", "2024Z01911", "--db", db, "--json")
    assert unfollow.exit_code == 0, (unfollow.output, unfollow.exception)
    assert json.loads(unfollow.stdout) == {"unfollowed": "case:2024Z01911", "kind": "case", "value": "2024Z01911"}
    vectors = invoke("search-vectors", "--db", db, "--json")
    assert vectors.exit_code == 0, (vectors.output, vectors.exception)
    data = json.loads(vectors.stdout)
    assert data["model"] == "lsa" and isinstance(data["documents"], int)


@pytest.mark.parametrize("before, after", [([], ["--json"]), (["--json"], []), (["--limit", "3", "--json"], [])])
def test_a_query_starting_with_a_minus_is_the_query(db, before, after):
    result = invoke("search", *before, "-douane fraude", "--db", db, *after)
    assert result.exit_code == 0, (result.output, result.exception)
    data = json.loads(result.stdout)
    assert data["query"] == "-douane fraude" and data["hits"]
    alone = invoke("search", "-douane", "--db", db)  # only a NOT: the query language says so
    assert isinstance(alone.exception, UserError) and "not only words to exclude" in str(alone.exception)


def test_a_mistyped_search_option_is_still_an_error(db):
    result = invoke("search", "douane", "--limt", "3", "--db", db)
    assert isinstance(result.exception, UserError), (result.output, result.exception)
    assert "no option --limt (did you mean --limit?)" in str(result.exception)
    assert "kamervragen search -- --limt" in str(result.exception)
    quoted = invoke("search", "--db", db, "--json", "--", "--douane")
    assert quoted.exit_code == 0 and json.loads(quoted.stdout)["query"] == "--douane"


def test_the_answer_kit_of_an_answered_case_says_when_it_was_answered(db, tmp_path):
    # 2023Z11786: submitted 2023-06-23, due 2023-07-14, answered 2023-09-28
    result = invoke("answer-kit", "2023Z11786", "--db", db, "--out", str(tmp_path), "--today", "2026-01-01")
    assert result.exit_code == 0, (result.output, result.exception)
    assert "answered 2023-09-28 in 97 days (76 days late; due 2023-07-14)" in result.stdout
    assert "days left" not in result.stdout and "due 2023-07-14 (" not in result.stdout
    before = invoke("answer-kit", "2023Z11786", "--db", db, "--out", str(tmp_path), "--today", "2023-07-01")
    assert "due 2023-07-14 (13 days left)" in before.stdout


@pytest.mark.parametrize("events, today, line", [
    ({"answered": "2024-02-20"}, "2024-03-01", "answered 2024-02-20 in 13 days (on time; due 2024-02-28)"),
    ({"answered": "2024-02-29"}, "2024-03-01", "answered 2024-02-29 in 22 days (1 day late; due 2024-02-28)"),
    ({"withdrawn": "2024-02-10"}, "2024-03-01", "withdrawn 2024-02-10 (was due 2024-02-28)"),
    ({"answered": "2024-02-28"}, "2024-02-27", "due 2024-02-28 (1 day left)"),  # not answered yet that day
    ({}, "2024-03-03", "due 2024-02-28 (4 days late)"),
])
def test_the_answer_kit_line_per_state_of_the_clock(events, today, line):
    from datetime import date

    from kamervragen.commands.answerkit import _clock_state
    from kamervragen.procedure.clock import compute_clock

    clock = compute_clock("2024-02-07", today=today, **events)
    assert _clock_state(clock, (clock.due - date.fromisoformat(today)).days) == line
