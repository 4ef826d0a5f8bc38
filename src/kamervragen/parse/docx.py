"""DOCX as the Tweede Kamer serves it → page text → model.

python-docx opens the package; the body is then read in document order (paragraphs and tables), runs
joined, tabs and breaks kept, Word's automatic list numbers written out ("1."), and each footnote
reference written as its number glued to the text, as a page shows it. Footnote texts come from the
footnotes part and are appended as officielebekendmakingen-style "X Noot" blocks, which the text parser
reads. All XML is parsed without resolving entities or loading DTDs (python-docx's own parser does the
same); the uncompressed size is checked first, so a zip bomb is refused before anything is inflated.
"""

from __future__ import annotations

import io
import zipfile

import lxml.etree as etree

from kamervragen.model import ParsedDocument, ParseError

MAX_UNCOMPRESSED = 200 * 1024 * 1024
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FOOTNOTES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


def parse_docx(data: bytes, source: str) -> ParsedDocument:
    """Parse a DOCX document of the procedure (raises ``ParseError`` otherwise)."""
    from kamervragen.parse import parse_text

    text = docx_to_text(data)
    doc = parse_text(text, source)
    doc.form = "docx"
    return doc


def docx_to_text(data: bytes) -> str:
    """The text of a DOCX file, one paragraph per block separated by blank lines, footnotes at the end."""
    import docx

    _check_zip(data)
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        notes_blob = next(
            (rel.target_part.blob for rel in document.part.rels.values()
             if rel.reltype == _FOOTNOTES_RT and not rel.is_external),
            None,
        )
    except ParseError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged package fails in many ways inside python-docx
        raise ParseError(f"The DOCX file is damaged and cannot be read ({type(exc).__name__}).") from exc
    note_texts = _footnotes(notes_blob) if notes_blob else {}
    numbering: dict[str, int] = {}
    shown: dict[str, int] = {}  # footnote id → the number it shows (Word numbers by order of reference)
    blocks: list[str] = []
    stack = list(reversed(body))
    while stack:  # paragraphs and tables in order, also inside content controls (w:sdt) and custom XML
        child = stack.pop()
        if child.tag == W + "p":
            blocks.append(_paragraph(child, numbering, shown))
        elif child.tag == W + "tbl":
            for row in child.iter(W + "tr"):
                cells = ["\n".join(_paragraph(p, numbering, shown) for p in tc.iter(W + "p")) for tc in row.iter(W + "tc")]
                blocks.append("\t".join(c.strip() for c in cells))
        elif child.tag not in (W + "sectPr", W + "bookmarkStart", W + "bookmarkEnd"):
            stack.extend(reversed(child))
    text = "\n\n".join(b.strip() for b in blocks if b.strip())
    for note_id, number in shown.items():
        note = note_texts.get(note_id, "").strip()
        if note:
            text += f"\n\nX Noot\n{number}\n\n{note}"
    if not text.strip():
        raise ParseError("The DOCX file holds no text.")
    return text + "\n"


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            total = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ParseError("The DOCX file is a damaged zip archive.") from exc
    if total > MAX_UNCOMPRESSED:
        raise ParseError(
            f"The DOCX file unpacks to more than {MAX_UNCOMPRESSED // (1024 * 1024)} MB, "
            "far more than any document of the procedure."
        )


def _paragraph(p: etree._Element, numbering: dict[str, int], shown: dict[str, int]) -> str:
    parts: list[str] = []
    num = p.find(f"{W}pPr/{W}numPr")
    if num is not None:
        num_id = num.find(f"{W}numId")
        level = num.find(f"{W}ilvl")
        key = f"{num_id.get(W + 'val') if num_id is not None else ''}/{level.get(W + 'val') if level is not None else '0'}"
        if not key.startswith("0/"):  # numId 0 switches numbering off
            numbering[key] = numbering.get(key, 0) + 1
            parts.append(f"{numbering[key]}. ")
    for el in p.iter(W + "t", W + "tab", W + "br", W + "cr", W + "footnoteReference", W + "noBreakHyphen"):
        tag = el.tag
        if tag == W + "t":
            parts.append(el.text or "")
        elif tag == W + "tab":
            parts.append("\t")
        elif tag in (W + "br", W + "cr"):
            parts.append("\n")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
        else:
            note_id = el.get(W + "id") or ""
            number = shown.setdefault(note_id, len(shown) + 1)
            parts.append(str(number))
    return "".join(parts)


def _footnotes(blob: bytes) -> dict[str, str]:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True,
        recover=True,
    )
    try:
        root = etree.fromstring(blob, parser=parser)
    except (etree.XMLSyntaxError, ValueError):
        return {}
    if root is None:
        return {}
    notes: dict[str, str] = {}
    for note in root.iter(W + "footnote"):
        if note.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        paragraphs = [
            "".join(t.text or "" for t in p.iter(W + "t")).strip() for p in note.iter(W + "p")
        ]
        notes[note.get(W + "id") or ""] = " ".join(x for x in paragraphs if x)
    return notes
