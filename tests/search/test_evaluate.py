"""``eval-retrieval`` on input that is not what it expects: one sentence naming the file and the line,
exit 2 (a ``UserError``), never an internal error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kamervragen.cli import app
from kamervragen.errors import UserError

SEED = Path(__file__).resolve().parents[2] / "src" / "kamervragen" / "sample" / "docs" / "2024Z01911.md"
GOOD_DOC = {"id": "2024Z01911", "submitted": "2024-02-07", "text": "x"}
GOOD_QREL = {"query": "2024Z01911", "relevant": []}


def run(tmp_path: Path, qrels: bytes, docs: bytes):
    (tmp_path / "qrels.jsonl").write_bytes(qrels)
    (tmp_path / "docs.jsonl").write_bytes(docs)
    return CliRunner().invoke(app, ["eval-retrieval", str(tmp_path / "qrels.jsonl"), str(tmp_path / "docs.jsonl"),
                                    "--no-distractors"])


def lines(*values: object) -> bytes:
    return "".join((v if isinstance(v, str) else json.dumps(v)) + "\n" for v in values).encode()


@pytest.mark.parametrize("qrels, docs, file, line, words", [
    (lines(GOOD_QREL, {}), lines(GOOD_DOC), "QRELS", 2, "needs a “query”"),
    (lines([1, 2]), lines(GOOD_DOC), "QRELS", 1, "is an array, not a JSON object"),
    (lines("", "42"), lines(GOOD_DOC), "QRELS", 2, "is a number, not a JSON object"),
    (lines({"query": "2024Z01911", "relevant": "2023Z1"}), lines(GOOD_DOC), "QRELS", 1, "not a list of DOCS ids"),
    (lines({"query": "2099Z1"}), lines(GOOD_DOC), "QRELS", 1, "is not in the DOCS file"),
    (lines("{not json"), lines(GOOD_DOC), "QRELS", 1, "is not JSON"),
    (lines(GOOD_QREL), b"\x7fELF\x02\x01\x01\x00\xff\xfe\n\x00\x00", "DOCS", 1, "is not UTF-8 text"),
    (lines(GOOD_QREL), lines(GOOD_DOC, "[]"), "DOCS", 2, "is an array, not a JSON object"),
    (lines(GOOD_QREL), lines({"id": "2024Z01911"}), "DOCS", 1, "needs an “id”"),
    (lines(GOOD_QREL), lines({"id": "2024Z01911", "text": ["a"]}), "DOCS", 1, "needs an “id”"),
    (lines(GOOD_QREL), lines(GOOD_DOC | {"submitted": 2024}), "DOCS", 1, "give a date as YYYY-MM-DD"),
])
def test_bad_qrels_and_docs_are_one_sentence_with_file_and_line(tmp_path, qrels, docs, file, line, words):
    result = run(tmp_path, qrels, docs)
    assert isinstance(result.exception, UserError), (result.output, result.exception)
    message = str(result.exception)
    assert message.startswith(f"Line {line} of the {file} file ") and words in message, message
    assert str(tmp_path / f"{file.lower()}.jsonl") in message and "\n" not in message


def test_a_byte_order_mark_and_numeric_ids_are_accepted(tmp_path):
    seed = SEED.read_text(encoding="utf-8")
    result = run(tmp_path, b"\xef\xbb\xbf" + lines({"query": 1, "relevant": [2]}),
                 lines({"id": 1, "submitted": "2024-02-07", "text": seed},
                       {"id": 2, "submitted": None, "text": seed.replace("2024Z01911", "2023Z00001")}))
    assert result.exit_code == 0, (result.output, result.exception)
    assert "1 queries, 2 documents" in result.output
