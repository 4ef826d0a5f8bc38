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
    from kamervragen.commands._common import today_option as _today
    from kamervragen.errors import UserError

    assert _today("2024-02-20") == date(2024, 2, 20)
    with pytest.raises(UserError):
        _today("20-02-2024")


def test_a_postponement_notice_sets_six_weeks_and_the_answerer(tmp_path, sample_dir):
    """tk-2021D39515.txt: the Tweede Kamer page of a mededeling (Minister Schouten, LNV)."""
    notice = sample_dir / "docs" / "tk-2021D39515.txt"
    result = run(str(notice), "--db", str(tmp_path / "none.sqlite3"), "--out", str(tmp_path), "--today",
                 "2021-11-01", "--json")
    data = json.loads(result.output)
    assert data["clock"]["postponed"] is True and data["clock"]["due"] == "2021-11-26"
    assert data["answer_opening"] == ("Antwoord van Minister Schouten (Landbouw, Natuur en Voedselkwaliteit) "
                                      "(ontvangen [datum]).")
    md = (tmp_path / "tk-2021D39515-antwoordkit.md").read_text(encoding="utf-8")
    assert "Er is al een uitstelbericht ontvangen op" in md
    assert not (tmp_path / "none.sqlite3").exists()  # a missing database is not created


def test_command_with_the_fake_language_model(db, tmp_path, monkeypatch):
    from tests.support.fake_llm import FakeLLM

    monkeypatch.delenv("KAMERVRAGEN_LLM_URL", raising=False)
    reply = "Er zijn ruim 70 Nuctech-scanners in gebruik. [ah-tk-20232024-99, vraag 2]"
    with FakeLLM(reply=reply) as llm:
        monkeypatch.setenv("KAMERVRAGEN_LLM_MODEL", "fake-model")
        result = run(str(SEED), "--db", db, "--out", str(tmp_path), "--today", "2024-02-20",
                     "--llm-url", llm.url, "--llm-timeout", "5")
    assert "drafts:" in result.output
    prompts = [r["messages"][-1]["content"] for r in llm.requests]
    assert any("Hoeveel Nuctech veiligheidsscanners" in p and "ruim 70 van leverancier Nuctech" in p for p in prompts)
    texts = [p.text for p in docx.Document(str(tmp_path / "2024Z01911-antwoord.docx")).paragraphs]
    i = texts.index("Antwoord 2")
    assert texts[i + 1].startswith("CONCEPT")
    assert texts[i + 2] == reply


def test_command_with_a_language_model_that_times_out(db, tmp_path, monkeypatch):
    from tests.support.fake_llm import FakeLLM

    with FakeLLM(delay=5) as llm:
        result = CliRunner().invoke(app, ["answer-kit", str(SEED), "--db", db, "--out", str(tmp_path),
                                          "--llm-url", llm.url, "--llm-model", "m", "--llm-timeout", "0.2"])
    assert result.exit_code == 0
    assert "did not answer within 0.2 seconds. The kit was written without drafts." in result.output
    md = (tmp_path / "2024Z01911-antwoordkit.md").read_text(encoding="utf-8")
    assert "Geen conceptantwoorden" in md and "CONCEPT –" not in md


def test_a_failing_search_leaves_a_kit_without_citations(db, monkeypatch):
    from kamervragen.answerkit import sources
    from kamervragen.errors import UserError

    def too_slow(*args, **kwargs):
        raise UserError("Finding similar questions took longer than 5 s.")

    monkeypatch.setattr(sources, "find_citations", too_slow)
    with open_store(db) as store:
        kit = sources.gather_kit(str(SEED), store, today=date(2024, 2, 20))
    assert all(not q.citations for q in kit.questions)
    assert any("took longer than 5 s" in n for n in kit.notices)


def test_kit_of_an_answered_case_says_how_it_ended(db, tmp_path):
    """A closed case has no days left: the kit says when it was answered, or that the date is unknown
    (the opennieuwsbank letter of 2009Z11179 shows no date of receipt)."""
    dated = json.loads(run("2023Z11786", "--db", db, "--out", str(tmp_path / "a"), "--json").output)
    assert dated["status"] == "answered_late" and dated["days_left"] is None
    md = (tmp_path / "a" / "2023Z11786-antwoordkit.md").read_text(encoding="utf-8")
    assert "beantwoord op 28 september 2023, 76 dagen over de termijn" in md
    undated = json.loads(run("2009Z11179", "--db", db, "--out", str(tmp_path / "b"), "--json").output)
    assert undated["status"] == "answered" and undated["days_left"] is None
    md = (tmp_path / "b" / "2009Z11179-antwoordkit.md").read_text(encoding="utf-8")
    assert "beantwoord, datum onbekend" in md and "over de termijn" not in md
    assert "answered on an unknown date" in run("2009Z11179", "--db", db, "--out", str(tmp_path / "c")).output
