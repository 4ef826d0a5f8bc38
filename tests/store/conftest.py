"""Store tests: real databases (a SQLite file in tmp_path, and PostgreSQL), and a parser built from the
hand-checked truth files.

The truth parser makes these tests independent of the text parser's progress: ``parse(data, source)``
returns the ``ParsedDocument`` the truth file of that sample file describes (``ParseError`` for the
negative case and for files without a truth file).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kamervragen.model import Answer, Asker, Footnote, ParsedDocument, ParseError, Question, Respondent
from kamervragen.store import open_store

TRUTH = Path(__file__).resolve().parents[1] / "fixtures" / "truth"
SAMPLE_DOCS = Path(__file__).resolve().parents[2] / "src" / "kamervragen" / "sample" / "docs"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "store"


def truth_document(name: str, source: str | None = None) -> ParsedDocument:
    stem = Path(name).stem
    path = TRUTH / f"{stem}.json"
    if not path.exists():
        raise ParseError("No truth file for this document.")
    t = json.loads(path.read_text(encoding="utf-8"))
    if t.get("error"):
        raise ParseError("The text is not a document of the procedure.")
    qfoot = t.get("question_footnotes") or {}
    questions = [Question(int(n), text, qfoot.get(n, [])) for n, text in
                 sorted((t.get("question_texts") or {}).items(), key=lambda kv: int(kv[0]))]
    answers = []
    for key, text in (t.get("answer_texts") or {}).items():
        numbers = [int(x) for x in key.split(",") if x.strip().isdigit()]
        answers.append(Answer(numbers, text))
    return ParsedDocument(
        source=source or name, kind=t["kind"], zaak=t.get("zaak"), subject=t.get("subject"),
        submitted=t.get("submitted"), received=t.get("received"),
        askers=[Asker(a["name"], a.get("party")) for a in t.get("askers") or []],
        addressees=list(t.get("addressees") or []),
        respondents=[Respondent(r["role"], r.get("name"), bool(r.get("on_behalf"))) for r in t.get("respondents") or []],
        questions=questions, answers=answers,
        footnotes=[Footnote(int(f["number"]), f["text"]) for f in t.get("footnotes") or []
                   if isinstance(f, dict)],
        supplementary=bool(t.get("supplementary")),
    )


def truth_parse(data: bytes, source: str) -> ParsedDocument:
    """Parse by file name through the truth files (the bytes only decide when no truth file exists)."""
    name = Path(source).name
    if name.startswith("constructed-"):
        return ParsedDocument.from_json(json.loads(data))
    return truth_document(name, source)


@pytest.fixture
def db(store_url: str) -> str:
    """A fresh database of each backend (tests/conftest.py: a SQLite file, and a PostgreSQL database when
    KAMERVRAGEN_TEST_PG is set)."""
    return store_url


@pytest.fixture
def store(db: str):
    s = open_store(db)
    yield s
    s.close()
