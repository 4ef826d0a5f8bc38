"""The kit as Markdown and .docx: content, and the answer document's "Vraag N" / "Antwoord N" pairs."""

from __future__ import annotations

import re
from datetime import date

import docx
import pytest

from kamervragen.answerkit import build_kit, render_markdown, write_kit
from kamervragen.answerkit.kit import Draft
from kamervragen.model import Question
from kamervragen.procedure.clock import compute_clock
from kamervragen.procedure.requested import requested_in_questions

from .helpers import NUCTECH_COUNT, OLDER_NUCTECH, SEED_OPENING, seed_doc

TODAY = date(2024, 2, 20)


def make_kit(**kw):
    doc = kw.pop("doc", None) or seed_doc()
    return build_kit(doc, today=TODAY, clock=compute_clock(doc.submitted, today=TODAY),
                     citations={2: [OLDER_NUCTECH, NUCTECH_COUNT]}, **kw)


def paragraphs(path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def pairs(texts: list[str]) -> list[str]:
    return [t for t in texts if re.fullmatch(r"(Vraag|Antwoord) \d+( en \d+)*", t)]


@pytest.fixture
def written(tmp_path):
    kit = make_kit()
    return kit, write_kit(kit, tmp_path)


def test_files_are_written(written):
    _, paths = written
    assert [p.name for p in paths] == ["2024Z01911-antwoordkit.md", "2024Z01911-antwoordkit.docx",
                                       "2024Z01911-antwoord.docx"]
    assert all(p.stat().st_size > 0 for p in paths)


@pytest.mark.parametrize("which", [1, 2])
def test_docx_has_one_pair_per_question_in_order(written, which):
    _, paths = written
    texts = paragraphs(paths[which])
    expected = [f"{w} {n}" for n in range(1, 10) for w in ("Vraag", "Antwoord")]
    assert pairs(texts) == expected
    assert texts.count(SEED_OPENING) >= 1
    opening_at = texts.index(SEED_OPENING)
    assert texts[opening_at + 1] == ("Antwoord van Staatssecretaris [naam] (Financiën), mede namens de Minister "
                                     "van Buitenlandse Zaken (ontvangen [datum]).")
    assert opening_at < texts.index("Vraag 1")
    # question text follows its label; the answer is left empty
    i = texts.index("Vraag 2")
    assert texts[i + 1] == "Hoeveel Nuctech veiligheidsscanners worden momenteel ingezet door de Nederlandse douane?"
    assert texts[texts.index("Antwoord 2") + 1] == ""
    # the footnote marker and the note are kept
    assert texts[texts.index("Vraag 1") + 1].endswith("bovenstaand bericht?1")
    assert any(t.startswith("1 Opinie: Kabinet moet alerter zijn") for t in texts)


def test_docx_kit_holds_overview_citations_and_notice(written):
    _, paths = written
    document = docx.Document(str(paths[1]))
    cells = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert cells["Uiterste antwoorddatum"].startswith("woensdag 28 februari 2024 (nog 8 dagen")
    assert cells["Na een uitstelbericht"] == "woensdag 20 maart 2024"
    assert cells["Eerstverantwoordelijk"] == "Staatssecretaris van Financiën (ministerie: Financiën)"
    texts = [p.text for p in document.paragraphs]
    assert any(t.startswith("ah-tk-20232024-99, vraag 2 (28 september 2023)") for t in texts)
    xml = document.element.xml
    assert "ah-tk-20232024-99, vraag 2" in xml
    rels = [r.target_ref for r in document.part.rels.values() if r.is_external]
    assert "https://zoek.officielebekendmakingen.nl/ah-tk-20232024-99.html" in rels
    assert any(t.startswith("Hierbij deel ik u mede dat de schriftelijke vragen") for t in texts)


def test_markdown_content(written):
    kit, paths = written
    md = paths[0].read_text(encoding="utf-8")
    assert md == render_markdown(kit)
    assert md.startswith("# Antwoordkit 2024Z01911\n")
    assert "| Uiterste antwoorddatum | woensdag 28 februari 2024 (nog 8 dagen, peildatum 20 februari 2024) |" in md
    assert "| Gericht aan | Staatssecretaris van Financiën; Minister van Buitenlandse Zaken |" in md
    # citations with identifier, question number and link, newest first
    newest = md.index("[ah-tk-20232024-99, vraag 2](https://zoek.officielebekendmakingen.nl/ah-tk-20232024-99.html)")
    older = md.index("[ah-tk-20192020-1000, vraag 4](")
    assert md.index("### Bij vraag 2") < newest < older < md.index("### Bij vraag 3")
    assert "Daarvan zijn er ruim 70 van leverancier Nuctech." in md
    assert SEED_OPENING in md
    assert [m.group(0) for m in re.finditer(r"^\*\*(Vraag|Antwoord) \d+\*\*$", md, re.M)] == \
        [f"**{w} {n}**" for n in range(1, 10) for w in ("Vraag", "Antwoord")]
    assert "bovenstaand bericht?<sup>1</sup>" in md
    assert "<sup>1</sup> Opinie: Kabinet moet alerter zijn" in md
    assert "## Mededeling (uitstelbericht)" in md
    assert "niet binnen de gebruikelijke termijn kunnen worden beantwoord" in md
    assert "CONCEPT" not in md


def test_combined_answer_follows_its_last_question(tmp_path):
    kit = make_kit(combine=[[2, 3]])
    texts = paragraphs(write_kit(kit, tmp_path)[2])
    assert pairs(texts)[:6] == ["Vraag 1", "Antwoord 1", "Vraag 2", "Vraag 3", "Antwoord 2 en 3", "Vraag 4"]
    with pytest.raises(ValueError):
        make_kit(combine=[[2, 12]])


def test_overdue_and_requested_dates():
    doc = seed_doc()
    doc.questions.append(Question(10, "Kunt u deze vragen vóór 1 maart 2024 beantwoorden vanwege het "
                                      "commissiedebat over douane?"))
    kit = build_kit(doc, today=date(2024, 3, 1), clock=compute_clock(doc.submitted, today="2024-03-01"),
                    requested=requested_in_questions(doc.questions, date(2024, 2, 7)))
    md = render_markdown(kit)
    assert "(2 dagen over de termijn" in md
    assert "| Gevraagd antwoord vóór | vraag 10: vrijdag 1 maart 2024" in md
    assert kit.days_left == -2


def test_draft_is_marked(tmp_path):
    kit = make_kit()
    kit.groups[1].draft = Draft(["Er zijn ruim 70 Nuctech-scanners. [ah-tk-20232024-99, vraag 2]"],
                                [NUCTECH_COUNT], "fake-model")
    md = render_markdown(kit)
    assert "> **CONCEPT**" in md
    assert "*CONCEPT – opgesteld door een taalmodel (fake-model)" in md
    texts = paragraphs(write_kit(kit, tmp_path)[2])
    i = texts.index("Antwoord 2")
    assert texts[i + 1].startswith("CONCEPT – opgesteld door een taalmodel")
    assert texts[i + 2].endswith("[ah-tk-20232024-99, vraag 2]")


def test_json_shape():
    data = make_kit().to_json()
    assert data["clock"]["due"] == "2024-02-28"
    assert data["days_left"] == 8
    assert data["questions"][1]["citations"][0]["label"] == "ah-tk-20232024-99, vraag 2"
    assert [a["heading"] for a in data["answers"]][:2] == ["Antwoord 1", "Antwoord 2"]


def test_docx_bytes_open_with_python_docx():
    import io

    from kamervragen.answerkit.word import docx_bytes

    data = docx_bytes(make_kit(), answer_only=True)
    texts = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert pairs(texts)[:2] == ["Vraag 1", "Antwoord 1"]
