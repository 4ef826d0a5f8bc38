"""End to end on the seed 2024Z01911 with the bundled sample corpus loaded: the parser, the SQLite store,
search and the clock feed the kit; question 2 cites the earlier answer on the number of Nuctech scanners
at customs (ah-tk-20232024-99, vraag 2, from the openkamer page ok-2023Z11786.txt)."""

from __future__ import annotations

import json
from datetime import date

import docx
import pytest
from typer.testing import CliRunner

from kamervragen.answerkit.sources import find_citations, load_target, scan_citations
from kamervragen.cli import app
from kamervragen.store import open_store
from kamervragen.store.loader import load_sample

from .helpers import SEED, SEED_OPENING

NUCTECH = "ah-tk-20232024-99, vraag 2"
NUCTECH_LINK = f"[{NUCTECH}](https://zoek.officielebekendmakingen.nl/ah-tk-20232024-99.html)"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "sample.sqlite3"
    with open_store(str(path)) as store:
        load_sample(store)
    return str(path)


def run(*args: str):
    result = CliRunner().invoke(app, ["answer-kit", *args])
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def test_question_2_cites_the_earlier_nuctech_answer(db):
    with open_store(db) as store:
        doc, case = load_target(str(SEED), store)
        cites = find_citations(store, doc, k=3)
    assert case is None and len(doc.questions) == 9
    labels = [c.label for c in cites[2]]
    assert NUCTECH in labels
    hit = cites[2][labels.index(NUCTECH)]
    assert "ruim 70 van leverancier Nuctech" in hit.answer_text
    assert hit.date == "2023-09-28" and hit.zaak == "2023Z11786"
    dates = [c.date or "" for c in cites[2]]
    assert dates == sorted(dates, reverse=True)
    # nothing cited is the seed itself or later than its submission
    assert all(c.zaak != "2024Z01911" and (c.date or "") <= "2024-02-07" for cs in cites.values() for c in cs)


def test_scan_without_search_index_finds_it_too(db):
    with open_store(db) as store:
        doc, _ = load_target(str(SEED), store)
        assert NUCTECH in [c.label for c in scan_citations(store, doc, 3)[2]]


def test_command_on_the_seed_file(db, tmp_path):
    out = tmp_path / "kit"
    result = run(str(SEED), "--db", db, "--out", str(out), "--today", "2024-02-20")
    assert "due 2024-02-28 (8 days left)" in result.output
    md = (out / "2024Z01911-antwoordkit.md").read_text(encoding="utf-8")
    section = md[md.index("### Bij vraag 2"):md.index("### Bij vraag 3")]
    assert NUCTECH_LINK in section and "(28 september 2023)" in section
    texts = [p.text for p in docx.Document(str(out / "2024Z01911-antwoord.docx")).paragraphs]
    assert texts.count(SEED_OPENING) == 1
    labels = [t for t in texts if t.startswith(("Vraag ", "Antwoord ")) and len(t) < 14]
    assert labels == [f"{w} {n}" for n in range(1, 10) for w in ("Vraag", "Antwoord")]
    kit_docx = docx.Document(str(out / "2024Z01911-antwoordkit.docx"))
    assert any(p.text.startswith(NUCTECH) for p in kit_docx.paragraphs)


def test_command_on_a_stored_zaak_as_json(db, tmp_path):
    result = run("2024Z01911", "--db", db, "--out", str(tmp_path), "--today", "2024-03-01", "--json")
    data = json.loads(result.output)
    assert data["zaak"] == "2024Z01911" and data["lead_ministry"] == "Financiën"
    assert data["clock"]["due"] == "2024-02-28" and data["days_left"] == -2
    assert data["clock"]["status"] == "overdue"
    assert NUCTECH in [c["label"] for c in data["questions"][1]["citations"]]
    assert data["opening"] == SEED_OPENING
    assert len(data["files"]) == 3 and data["llm_error"] is None


def test_bad_input_is_one_sentence(db, tmp_path):
    runner = CliRunner()
    for target in ("2099Z99999", "no-such-file.txt"):
        result = runner.invoke(app, ["answer-kit", target, "--db", db, "--out", str(tmp_path)])
        assert result.exit_code != 0
        assert result.exception is not None and type(result.exception).__name__ == "UserError"


def test_today_is_checked():
    from kamervragen.commands.answerkit import _today
    from kamervragen.errors import UserError

    assert _today("2024-02-20") == date(2024, 2, 20)
    with pytest.raises(UserError):
        _today("20-02-2024")
