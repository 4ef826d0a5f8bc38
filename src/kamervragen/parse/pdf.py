"""PDF as the Tweede Kamer serves it → page text → model.

pypdf extracts each page in layout mode (vertical gaps become blank lines, so paragraphs survive). A second,
cheap pass over the same page records the font size of every text run, which tells the page's furniture
from its body: lines in a smaller font that start with a number are footnotes (moved to the end as
officielebekendmakingen-style "X Noot" blocks, which the text parser reads wherever they are), and lines
that repeat at the top or bottom of most pages (running heads, page numbers) are dropped.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter

from kamervragen.model import ParsedDocument, ParseError

MAX_PAGES = 100  # the longest answer documents run to a few dozen pages; ~20 ms a page keeps time bounded

_SPACES = re.compile(r"[ \t\u00a0]{2,}")
_NOTE_LINE = re.compile(r"^(\d{1,3})\s+(\S.*)$")
_DIGITS = re.compile(r"\d+")
_SQUASH = re.compile(r"\s+")
_LABEL_KEY = re.compile(r"(?:vraag|vragen|antwoord|noot|#)", re.I)


def parse_pdf(data: bytes, source: str) -> ParsedDocument:
    """Parse a PDF document of the procedure (raises ``ParseError`` otherwise)."""
    from kamervragen.parse import parse_text

    text, warnings = pdf_to_text(data)
    doc = parse_text(text, source)
    doc.form = "pdf"
    doc.warnings.extend(w for w in warnings if w not in doc.warnings)
    return doc


def pdf_to_text(data: bytes) -> tuple[str, list[str]]:
    """The text of a PDF, paragraphs separated by blank lines, footnotes at the end; ``(text, warnings)``."""
    import pypdf
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # damaged files make pypdf log; we report instead
    warnings: list[str] = []
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise ParseError("The PDF file is protected by a password.")
            except (PyPdfError, NotImplementedError) as exc:
                raise ParseError("The PDF file is encrypted and cannot be read.") from exc
        count = len(reader.pages)
        if count > MAX_PAGES:
            raise ParseError(f"The PDF file has {count} pages, more than any document of the procedure.")
        pages = [_page(page) for page in reader.pages]
    except ParseError:
        raise
    except RecursionError as exc:
        raise ParseError("The PDF file is damaged (its structure is nested endlessly).") from exc
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds of errors on damaged files
        raise ParseError(f"The PDF file is damaged and cannot be read ({type(exc).__name__}).") from exc
    if not any(lines for lines, _ in pages):
        raise ParseError("The PDF file holds no text (it may be a scan without a text layer).")
    repeated = _repeated_furniture([lines for lines, _ in pages])
    body: list[str] = []
    notes: list[tuple[int, str]] = []
    body_size = _body_size(pages)
    for lines, runs in pages:
        page_body, page_notes = _split_page(lines, _small_lines(runs, body_size), repeated)
        if body and page_body and body[-1].endswith((".", "?", "!", ":", "»", "”", ")")):
            body.append("")  # a page break inside a sentence is no paragraph break
        body.extend(page_body)
        notes.extend(page_notes)
    text = "\n".join(body).strip()
    text = re.sub(r"\n{3,}", "\n\n", text)
    for number, note in notes:
        text += f"\n\nX Noot\n{number}\n\n{note}"
    return text + "\n", warnings


def _page(page: object) -> tuple[list[str], list[tuple[float, str]]]:
    """Layout-mode lines of a page, and its text runs with their font sizes."""
    runs: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text and text.strip():
            scale = abs(tm[3] * cm[3]) or 1.0
            runs.append((size * scale, text))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    layout = page.extract_text(extraction_mode="layout", layout_mode_space_vertically=True)  # type: ignore[attr-defined]
    lines = [_SPACES.sub(" ", line).strip() for line in layout.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines, runs


def _body_size(pages: list[tuple[list[str], list[tuple[float, str]]]]) -> float:
    """The font size most of the document's text is set in."""
    weights: Counter[float] = Counter()
    for _, runs in pages:
        for size, text in runs:
            weights[round(size, 1)] += len(text)
    return weights.most_common(1)[0][0] if weights else 0.0


def _small_lines(runs: list[tuple[float, str]], body_size: float) -> set[str]:
    """The squashed texts of a page's runs set smaller than the body (notes, running heads)."""
    small: set[str] = set()
    for size, text in runs:
        if size < 0.9 * body_size:
            for piece in text.split("\n"):
                squashed = _SQUASH.sub("", piece)
                if squashed and not squashed.isdigit():
                    small.add(squashed)
    return small


def _furniture_key(line: str) -> str:
    return _DIGITS.sub("#", _SQUASH.sub("", line))


def _edges(lines: list[str]) -> set[int]:
    """Indexes of the first two and last two non-empty lines of a page."""
    content = [i for i, line in enumerate(lines) if line]
    return set(content[:2] + content[-2:])


def _repeated_furniture(pages: list[list[str]]) -> set[str]:
    """Running heads and page numbers: lines at the top or bottom of at least half of the pages (two or
    more), numbers ignored; never a question or answer label that happens to open several pages."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_furniture_key(lines[i]) for i in _edges(lines)})
    return {
        k for k, n in counts.items()
        if n >= 2 and n * 2 >= len(pages) and (k == "#" or (len(k) >= 8 and not _LABEL_KEY.match(k)))
    }


def _split_page(lines: list[str], small: set[str], repeated: set[str]) -> tuple[list[str], list[tuple[int, str]]]:
    body: list[str] = []
    notes: list[tuple[int, str]] = []
    in_note = False
    content = [i for i, line in enumerate(lines) if line]
    last = content[-1] if content else -1
    edges = _edges(lines)
    for i, line in enumerate(lines):
        if not line:
            body.append("")
            continue
        if i in edges and _furniture_key(line) in repeated:
            continue
        squashed = _SQUASH.sub("", line)
        is_small = squashed in small or any(squashed.startswith(s) for s in small if len(s) > 8)
        if is_small:
            m = _NOTE_LINE.match(line)
            if m:
                notes.append((int(m.group(1)), m.group(2)))
                in_note = True
                continue
            if i == last and re.search(r"\d\s*$", line):  # a page number line
                continue
            if in_note and notes:
                number, text = notes[-1]
                notes[-1] = (number, f"{text} {line}")
                continue
        in_note = False
        body.append(line)
    while body and not body[-1]:
        body.pop()
    return body, notes
