"""Recognise the form of raw bytes and decode text.

Every refusal is a ``ParseError`` with one clear sentence; nothing else is ever raised. The checks are
cheap and bounded: the size cap comes first, the form is sniffed from the first few kilobytes, and the
encoding guess scans the bytes once.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from typing import BinaryIO

from kamervragen.model import ParseError

MAX_BYTES = 20 * 1024 * 1024
"""Largest file accepted (a PDF with images can be big; a text of the procedure never is)."""

MAX_CHARS = 1_000_000
"""Longest decoded text accepted: the longest real answer documents are a few hundred kilobytes, and the
text parser's time grows with the length."""

FORMS = ("pdf", "docx", "xml", "html", "text")

_BINARY_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ", "an xz archive"),
    (b"7z\xbc\xaf", "a 7-zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "a program"),
    (b"MZ", None),  # a Windows program, but "MZ" also starts ordinary words: only with NUL bytes
    (b"\xd0\xcf\x11\xe0", "an old Word or Excel file (not DOCX)"),
    (b"SQLite format 3\x00", "a SQLite database"),
)

_MAGIC_FIRST = {magic[:1] for magic, _ in _BINARY_MAGIC}

# C0 controls other than tab, newline, vertical tab, form feed, carriage return; plus DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes(range(0x00, 0x09)) + bytes(range(0x0E, 0x20)) + b"\x7f"  # deleted to count them
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
_BLANK_RUN = re.compile(r"\n(?:[ \t\u00a0]*\n){2,}")
_XML_DECLARATION = re.compile(r"<\?xml[^<>]*>")
_XML_START = re.compile(r"<(!DOCTYPE\s+)?([A-Za-z_][\w.:-]*)")
_HTML_TAG = re.compile(r"<(?:html|head|body|div|p|table|span|a\s|br|meta|title|script|h[1-6])\b", re.I)
_OB_ROOTS = {"officiele-publicatie", "kamervragen", "aanhangsel", "handelingen", "vragen", "kamerstuk"}

BINARY_MESSAGE = "The file is binary, not a document of the procedure."


def read_limited(stream: BinaryIO) -> bytes:
    """Read a whole document from a binary stream (a file, standard input), but never more than the size
    cap: ``/dev/zero`` or an endless pipe gives a ``ParseError`` instead of exhausting memory."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ParseError(
            f"The file is larger than any document of the procedure (the limit is {MAX_BYTES // (1024 * 1024)} MB)."
        )
    return data


def check_size(data: bytes) -> None:
    if len(data) > MAX_BYTES:
        raise ParseError(
            f"The file is {len(data) // (1024 * 1024)} MB, larger than any document of the procedure "
            f"(the limit is {MAX_BYTES // (1024 * 1024)} MB)."
        )
    if not data or data.isspace():
        raise ParseError("The file is empty.")


def sniff_form(data: bytes) -> str:
    """One of ``FORMS``: the form the bytes are in. Raises ``ParseError`` for empty, oversized or binary
    files that are none of them."""
    check_size(data)
    head = data[:4096]
    if b"%PDF-" in head[:1024]:
        return "pdf"
    stripped = head.lstrip()
    if stripped.startswith(b"PK\x03\x04") or stripped.startswith(b"PK\x05\x06"):
        return _sniff_zip(data)
    first = stripped[:1]
    if first.isalnum() and first not in _MAGIC_FIRST or first in (b"#", b"*", b"-", b"["):
        return "text"  # plain text or markdown: the common case, decided without decoding
    for magic, what in _BINARY_MAGIC:
        if stripped.startswith(magic):
            if what is None:
                if b"\x00" in head:
                    raise ParseError("The file is a program, not a document of the procedure.")
                continue
            raise ParseError(f"The file is {what}, not a document of the procedure.")
    if stripped.startswith(b"{\\rtf"):
        raise ParseError("The file is an RTF document; save it as DOCX, PDF or text first.")
    text = _decode_head(head)
    return sniff_text_form(text)


def sniff_text_form(text: str) -> str:
    """``xml``, ``html`` or ``text`` for decoded text (looks at the start only)."""
    start = text[:4096].lstrip("\ufeff \t\r\n")
    if not start.startswith("<"):
        return "text"
    xml_declared = start.startswith("<?xml")
    declaration = _XML_DECLARATION.match(start)
    if declaration:
        start = start[declaration.end() :].lstrip()
    while start.startswith("<!--"):  # comments before the root (a loop: no regex backtracking)
        end = start.find("-->")
        if end < 0:
            break
        start = start[end + 3 :].lstrip()
    m = _XML_START.match(start)
    if m:
        doctype, root = m.group(1), m.group(2).lower()
        if root == "html" or (doctype and root.lower() == "html"):
            return "html"
        if xml_declared or root in _OB_ROOTS or ":" in root:
            return "xml"
    if _HTML_TAG.search(start):
        return "html"
    return "text"


def _sniff_zip(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise ParseError("The file is a damaged zip archive, not a document of the procedure.") from exc
    if "word/document.xml" in names:
        return "docx"
    if "content.xml" in names:
        raise ParseError("The file is an OpenDocument file; save it as DOCX, PDF or text first.")
    raise ParseError("The file is a zip archive, not a document of the procedure.")


def _decode_head(head: bytes) -> str:
    """A best-effort decoding of the first bytes, for sniffing only (never raises)."""
    enc = _bom_encoding(head)
    if enc:
        return head.decode(enc, errors="replace")
    if b"\x00" in head and _looks_utf16(head):
        return head.decode(_utf16_order(head), errors="replace")
    return head.decode("utf-8", errors="replace")


def _bom_encoding(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith(codecs.BOM_UTF32_LE) or data.startswith(codecs.BOM_UTF32_BE):
        return "utf-32"
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return "utf-16"
    return None


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a byte order mark: mostly ASCII text with a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    nul_even, nul_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    return max(nul_even, nul_odd) > 0.6 and min(nul_even, nul_odd) < 0.05


def _utf16_order(data: bytes) -> str:
    sample = data[:4096]
    return "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"


MAX_MARKUP_CHARS = 2 * MAX_CHARS
"""Longest HTML or XML accepted: markup takes room beside the text it holds."""


def decode(data: bytes, max_chars: int = MAX_CHARS) -> tuple[str, list[str]]:
    """Decode bytes to text with newlines normalised; returns ``(text, warnings)``.

    UTF-8 (with or without a byte order mark), UTF-16/32 with a byte order mark (or UTF-16 that is
    plainly ASCII-range), else Windows-1252 (which covers Latin-1 text). Mostly-UTF-8 text with a few
    damaged bytes keeps its UTF-8 and gets a warning. Binary data raises ``ParseError``.
    """
    check_size(data)
    warnings: list[str] = []
    enc = _bom_encoding(data)
    if enc is None and b"\x00" in data[:4096] and _looks_utf16(data):
        enc = _utf16_order(data)
    if enc is not None:
        text = data.decode(enc, errors="replace")
        if "\ufffd" in text:
            warnings.append(f"The file is not valid {enc.upper().replace('-SIG', '')}; damaged bytes were replaced.")
        text = text.lstrip("\ufeff")
        _refuse_binary_text(text)
    else:  # single-byte controls are the same bytes in UTF-8 and cp1252: checked before decoding
        controls = _refuse_binary_bytes(data)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text, warning = _decode_not_utf8(data)
            if warning:
                warnings.append(warning)
    if "\r" in text or "\x0b" in text or "\x0c" in text or "\x85" in text or "\u2028" in text or "\u2029" in text:
        text = _NEWLINES.sub("\n", text)
    if enc is not None or controls:
        text = _CONTROL.sub("", text)
    text = collapse_blank_lines(text)
    if not text.strip():
        raise ParseError("The file holds no text.")
    if len(text) > max_chars:
        raise ParseError(
            f"The text has {len(text):,} characters, more than any document of the procedure "
            f"(the limit is {max_chars:,})."
        )
    return text, warnings


def collapse_blank_lines(text: str) -> str:
    """Runs of blank lines become one blank line: they carry no meaning, and long runs of them would make
    line-anchored patterns (``^\\s*…$``) slow."""
    if "\n\n\n" in text or "\n \n" in text or "\n\t\n" in text:
        return _BLANK_RUN.sub("\n\n", text)
    return text


def decode_text(data: bytes) -> str:
    """Decoded text only (see ``decode``)."""
    return decode(data)[0]


def _decode_not_utf8(data: bytes) -> tuple[str, str | None]:
    """Bytes that are not valid UTF-8: damaged UTF-8, or a single-byte encoding."""
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd")
    good = sum(1 for ch in replaced if ord(ch) > 127) - bad
    if good > 0 and good >= 2 * bad:
        return replaced, "The file is not valid UTF-8; damaged bytes were replaced."
    try:
        return data.decode("cp1252"), None
    except UnicodeDecodeError:
        return data.decode("latin-1"), None


def _refuse_binary_bytes(data: bytes) -> int:
    """Refuse bytes with many control characters; returns how many the whole file holds."""
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if not controls:
        return 0
    sample = data[:65536]
    in_sample = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if sample.count(0) > 0 and in_sample > max(2, len(sample) // 1000):
        raise ParseError(BINARY_MESSAGE)
    if in_sample > max(2, len(sample) // 100):
        raise ParseError(BINARY_MESSAGE)
    return controls


def _refuse_binary_text(text: str) -> None:
    sample = text[:65536]
    if _CONTROL.search(sample) is None:
        return
    controls = len(_CONTROL.findall(sample))
    if controls > max(2, len(sample) // 100):
        raise ParseError(BINARY_MESSAGE)
