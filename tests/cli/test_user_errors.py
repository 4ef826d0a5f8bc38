"""Bad values on the command line are one sentence and a non-zero exit, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kamervragen.cli import app
from kamervragen.errors import UserError


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("cli") / "kv.sqlite3")
    assert CliRunner().invoke(app, ["load", "--sample", "--db", path]).exit_code == 0
    return path


@pytest.mark.parametrize("args, words", [
    (["show", "2024Z01911", "--today", "garbage"], "--today must be a date"),
    (["status", "--today", "2024"], "--today must be a date"),
    (["answer-kit", "2024Z01911", "--today", "x"], "--today must be a date"),
    (["similar", "2024Z01911", "--before", "garbage"], "--before must be a date"),
])
def test_bad_dates_are_one_sentence(db, args, words):
    result = CliRunner().invoke(app, [*args, "--db", db])
    assert isinstance(result.exception, UserError) and words in str(result.exception), result.output


def test_an_output_folder_that_cannot_be_made_is_one_sentence(db, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    command = Path(sys.executable).parent / "kamervragen"
    result = subprocess.run([str(command), "export", "--format", "csv", "--out", str(blocker / "sub"), "--db", db],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("kamervragen: ") and "cannot be used" in result.stderr


@pytest.mark.parametrize("value, words", [
    ("mysql://user@host/db", "neither a SQLite path nor a postgresql:// URL"),
    ("sqlite:///x.sqlite3", "neither a SQLite path nor a postgresql:// URL"),
    ("", "--db is empty"),
])
def test_a_db_that_is_no_sqlite_path_or_postgres_url_is_one_sentence(tmp_path, monkeypatch, value, words):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["status", "--db", value])
    assert isinstance(result.exception, UserError) and words in str(result.exception), result.output
    assert list(tmp_path.iterdir()) == []  # no SQLite file made at a strange path


@pytest.mark.parametrize("args", [
    ["follow", "case", "2024Z01911"],
    ["unfollow", "case", "2024Z01911"],
    ["alerts", "save", "douane", "douane"],
    ["alerts", "delete", "douane"],
    ["alerts", "check"],
])
def test_a_database_that_refuses_writes_is_one_sentence(db, monkeypatch, args):
    """A read-only database (root ignores file modes, so the refusal is simulated at the store)."""
    import sqlite3

    from kamervragen.store.sqlite import SQLiteStore

    def refuse(*_args, **_kwargs):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    # something new to mark as seen for `alerts check`
    assert CliRunner().invoke(app, ["follow", "case", "2024Z01911", "--db", db]).exit_code == 0
    for name in ("add_follow", "remove_follow", "save_search", "delete_saved_search", "mark_seen"):
        monkeypatch.setattr(SQLiteStore, name, refuse)
    result = CliRunner().invoke(app, [*args, "--db", db])
    assert isinstance(result.exception, UserError), (result.output, result.exception)
    assert "refused a write" in str(result.exception)


def test_search_vectors_keeps_stdout_for_the_result(db):
    result = CliRunner().invoke(app, ["search-vectors", "--db", db])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1].endswith("vector.")
    assert "━" not in result.stdout  # the progress bar is not part of the result


def test_eval_retrieval_json_is_one_json_document(tmp_path):
    import json

    seed = (Path(__file__).resolve().parents[2] / "src" / "kamervragen" / "sample" / "docs" / "2024Z01911.md").read_text()
    other = seed.replace("2024Z01911", "2023Z00001").replace("7 februari 2024", "3 maart 2023")
    docs = tmp_path / "docs.jsonl"
    docs.write_text("\n".join(json.dumps({"id": i, "submitted": d, "text": t}) for i, d, t in [
        ("2024Z01911", "2024-02-07", seed), ("2023Z00001", "2023-03-03", other)]) + "\n")
    qrels = tmp_path / "qrels.jsonl"
    qrels.write_text(json.dumps({"query": "2024Z01911", "relevant": ["2023Z00001"]}) + "\n")
    result = CliRunner().invoke(app, ["eval-retrieval", str(qrels), str(docs), "--no-distractors", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["queries"] == 1


def test_a_driver_message_of_several_lines_is_one_line(tmp_path):
    command = Path(sys.executable).parent / "kamervragen"
    result = subprocess.run([str(command), "status", "--db", "postgresql://postgres@127.0.0.1:1/nothing"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("kamervragen: Cannot open the database") and result.stderr.count("\n") == 1
