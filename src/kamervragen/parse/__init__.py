"""Text or bytes of any form → ``ParsedDocument``. Never touches the network or the database.

One module per input form; they all end in the same model:
- ``text``: page text and markdown (officielebekendmakingen, tweedekamer.nl, openkamer, tweedemonitor,
  berthub, party websites, markdown renderings);
- ``xml`` / ``html``: officielebekendmakingen XML and HTML;
- ``pdf`` / ``docx``: files as the Tweede Kamer serves them (text extracted, then ``text``).
Shared by every form: ``opening`` (the opening-sentence grammar) and ``dates`` (Dutch dates).
"""

from __future__ import annotations

from kamervragen.model import ParsedDocument
from kamervragen.parse.decode import decode_text, sniff_form

# Bump when the parser's output may change, so stored documents can be re-parsed (``kamervragen reparse``).
PARSER_VERSION = "1"


def parse_bytes(data: bytes, source: str = "-") -> ParsedDocument:
    """Parse one document; raises ``ParseError`` (one clear sentence) when it is not one of the procedure."""
    form = sniff_form(data)
    if form == "pdf":
        from kamervragen.parse.pdf import parse_pdf

        return parse_pdf(data, source)
    if form == "docx":
        from kamervragen.parse.docx import parse_docx

        return parse_docx(data, source)
    text = decode_text(data)
    if form == "xml":
        from kamervragen.parse.xml import parse_xml

        return parse_xml(text, source)
    if form == "html":
        from kamervragen.parse.html import parse_html

        return parse_html(text, source)
    return parse_text(text, source)


def parse_text(text: str, source: str = "-") -> ParsedDocument:
    from kamervragen.parse.text import parse_page_text

    return parse_page_text(text, source)
