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
