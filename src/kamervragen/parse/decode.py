"""Recognise the form of raw bytes and decode text. (Stub: to be completed by the forms work.)"""

from __future__ import annotations

from kamervragen.model import ParseError


def sniff_form(data: bytes) -> str:
    head = data[:2048].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    return "text"


def decode_text(data: bytes) -> str:
    if not data.strip():
        raise ParseError("The file is empty.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParseError("The file is not text.") from exc
