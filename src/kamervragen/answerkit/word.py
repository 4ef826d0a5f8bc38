"""The kit as .docx (python-docx): the same content as the Markdown, and the answer document alone.

"Vraag N" and "Antwoord N" are bold paragraphs of their own, as in the published documents; footnote
markers are superscript numbers with the notes listed after the last answer (python-docx has no
footnote API; the numbering matches the questions document).
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from kamervragen.answerkit import layout
from kamervragen.answerkit.kit import DRAFT_MARK, AnswerKit, KitQuestion
from kamervragen.answerkit.markdown import (
    NO_ANSWER,
    draft_note,
    excerpt,
    overview_rows,
    skeleton_order,
)

DRAFT_COLOUR = RGBColor(0xB0, 0x00, 0x00)


def _bold(doc: DocxDocument, text: str) -> None:
    doc.add_paragraph().add_run(text).bold = True


def _hyperlink(paragraph, url: str, text: str) -> None:
    """A clickable link (python-docx has no public API for it)."""
    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:u")
    style.set(qn("w:val"), "single")
    props.append(style)
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "0563C1")
    props.append(colour)
    run.append(props)
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def _question(doc: DocxDocument, q: KitQuestion) -> None:
    p = doc.add_paragraph(q.text)
    for n in q.footnotes:
        p.add_run(str(n)).font.superscript = True


def add_answer_document(doc: DocxDocument, kit: AnswerKit) -> None:
    """The answer document in the official layout, appended to ``doc``."""
    _bold(doc, "Aanhangsel van de Handelingen")
    doc.add_paragraph("Vragen gesteld door de leden der Kamer, met de daarop door de regering gegeven antwoorden")
    _bold(doc, "[nummer]")
    doc.add_paragraph(kit.opening)
    doc.add_paragraph(kit.answer_opening)
    for item in skeleton_order(kit):
        if isinstance(item, KitQuestion):
            _bold(doc, f"Vraag {item.number}")
            _question(doc, item)
            continue
        _bold(doc, item.heading)
        if item.draft is None:
            doc.add_paragraph("")
            continue
        note = doc.add_paragraph().add_run(draft_note(kit, item))
        note.italic = True
        note.font.color.rgb = DRAFT_COLOUR
        for text in item.draft.paragraphs:
            doc.add_paragraph(text)
    if kit.document.footnotes:
        doc.add_paragraph("")
        for f in kit.document.footnotes:
            p = doc.add_paragraph()
            p.add_run(str(f.number)).font.superscript = True
            run = p.add_run(" " + f.text)
            run.font.size = Pt(9)


def answer_docx(kit: AnswerKit) -> DocxDocument:
    """Only the answer document, ready to fill in."""
    doc = Document()
    add_answer_document(doc, kit)
    return doc


def kit_docx(kit: AnswerKit) -> DocxDocument:
    """The whole kit: overview, earlier answers per question, answer document, postponement notice."""
    doc = Document()
    doc.add_heading(f"Antwoordkit {kit.title}", level=0)
    if kit.has_drafts:
        run = doc.add_paragraph().add_run(
            f"{DRAFT_MARK} – dit document bevat door een taalmodel opgestelde conceptantwoorden.")
        run.bold = True
        run.font.color.rgb = DRAFT_COLOUR
    for notice in kit.notices:
        doc.add_paragraph(f"Let op: {notice}")
    doc.add_heading("Overzicht", level=1)
    rows = overview_rows(kit)
    table = doc.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for row, (label, value) in zip(table.rows, rows, strict=True):
        row.cells[0].text = label
        row.cells[1].text = value
    doc.add_heading("Vragen en eerdere antwoorden", level=1)
    for q in kit.questions:
        doc.add_heading(f"Bij vraag {q.number}", level=2)
        doc.add_paragraph(excerpt(q.text, 2000), style="Quote")
        if not q.citations:
            doc.add_paragraph("Geen eerdere antwoorden gevonden.")
            continue
        doc.add_paragraph("Eerdere vragen en antwoorden (nieuwste eerst):")
        for c in q.citations:
            p = doc.add_paragraph(style="List Number")
            _hyperlink(p, c.url, c.label)
            if c.date:
                p.add_run(f" ({layout.dutch_date(c.date)})")
            p.add_run("\nVraag: ").italic = True
            p.add_run(excerpt(c.question_text))
            p.add_run("\nAntwoord: ").italic = True
            p.add_run(excerpt(c.answer_text) if c.answer_text else NO_ANSWER)
            p.add_run(f"\n{c.url}").font.size = Pt(8)
    doc.add_page_break()
    doc.add_heading("Antwoorddocument", level=1)
    add_answer_document(doc, kit)
    doc.add_page_break()
    doc.add_heading("Mededeling (uitstelbericht)", level=1)
    doc.add_paragraph().add_run(kit.postponement_intro).italic = True
    doc.add_paragraph(kit.opening)
    doc.add_paragraph(kit.postponement_opening)
    _bold(doc, "Mededeling")
    for text in kit.postponement.split("\n\n"):
        doc.add_paragraph(text)
    return doc






def docx_bytes(kit: AnswerKit, answer_only: bool = False) -> bytes:
    """The .docx file as bytes (for a download in the API or web UI)."""
    buffer = io.BytesIO()
    (answer_docx(kit) if answer_only else kit_docx(kit)).save(buffer)
    return buffer.getvalue()
