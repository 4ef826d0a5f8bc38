"""Page text and markdown → ParsedDocument. (Stub: to be written by the parser work.)"""

from __future__ import annotations

from kamervragen.model import ParsedDocument, ParseError


def parse_page_text(text: str, source: str) -> ParsedDocument:
    raise ParseError("The text parser is not written yet.")
