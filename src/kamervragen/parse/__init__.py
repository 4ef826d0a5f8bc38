"""Text or bytes of any form → ``ParsedDocument``. Never touches the network or the database.

One module per input form; they all end in the same model:
- ``text``: page text and markdown (officielebekendmakingen, tweedekamer.nl, openkamer, tweedemonitor,
  berthub, party websites, markdown renderings);
- ``xml`` / ``html``: officielebekendmakingen XML and HTML;
- ``pdf`` / ``docx``: files as the Tweede Kamer serves them (text extracted, then ``text``).
Shared by every form: ``opening`` (the opening-sentence grammar) and ``dates`` (Dutch dates).
``decode`` recognises the form of raw bytes and decodes text.

``parse_bytes`` and ``parse_text`` raise only ``ParseError``: a bug inside a parser on strange input
becomes a ``ParserBug`` (a ``ParseError`` subclass), so the command line still prints one JSON line and
no traceback, while the tests can tell such bugs from ordinary refusals.
"""

from __future__ import annotations

from collections.abc import Callable

from kamervragen.model import ParsedDocument, ParseError
from kamervragen.parse.decode import (
    MAX_CHARS,
    MAX_MARKUP_CHARS,
    collapse_blank_lines,
    decode,
    sniff_form,
    sniff_text_form,
)
from kamervragen.parse.text import parse_page_text

# Bump when the parser's output may change, so stored documents can be re-parsed (``kamervragen reparse``).
PARSER_VERSION = "2"


class ParserBug(ParseError):
    """A parser failed in an unforeseen way on this input (a bug to fix, reported as one sentence)."""


def parse_bytes(data: bytes, source: str = "-") -> ParsedDocument:
    """Parse one document in any form; raises ``ParseError`` (one clear sentence) when it is not one
    of the procedure."""
    return _guarded(_parse_bytes, data, source)


def parse_text(text: str, source: str = "-") -> ParsedDocument:
    """Parse already decoded text (page text or markdown; XML and HTML are recognised too)."""
    return _guarded(_parse_text, text, source)


def _parse_bytes(data: bytes, source: str) -> ParsedDocument:
    form = sniff_form(data)
    if form == "pdf":
        from kamervragen.parse.pdf import parse_pdf

        return parse_pdf(data, source)
    if form == "docx":
        from kamervragen.parse.docx import parse_docx

        return parse_docx(data, source)
    text, warnings = decode(data, MAX_MARKUP_CHARS if form in ("html", "xml") else MAX_CHARS)
    doc = _parse_decoded(text, source, form)
    doc.warnings.extend(w for w in warnings if w not in doc.warnings)
    return doc


def _parse_text(text: str, source: str) -> ParsedDocument:
    if not text.strip():
        raise ParseError("The file holds no text.")
    form = sniff_text_form(text)
    if len(text) > (MAX_MARKUP_CHARS if form in ("html", "xml") else MAX_CHARS):
        raise ParseError(f"The text has {len(text):,} characters, more than any document of the procedure.")
    return _parse_decoded(collapse_blank_lines(text), source, form)


def _parse_decoded(text: str, source: str, form: str) -> ParsedDocument:
    if form == "xml":
        from kamervragen.parse.xml import parse_xml

        return parse_xml(text, source)
    if form == "html":
        from kamervragen.parse.html import parse_html

        return parse_html(text, source)
    return parse_page_text(text, source)


def _guarded(fn: Callable[[object, str], ParsedDocument], data: object, source: str) -> ParsedDocument:
    try:
        return fn(data, source)
    except ParseError:
        raise
    except RecursionError as exc:
        raise ParserBug("The document is nested too deeply to be read.") from exc
    except MemoryError as exc:
        raise ParserBug("The document is too large to be read in memory.") from exc
    except Exception as exc:  # noqa: BLE001 - last safety net: bad input must never give a traceback
        raise ParserBug(f"The parser failed on this file ({type(exc).__name__}: {exc}).") from exc
