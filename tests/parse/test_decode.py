"""Recognising the form of raw bytes, decoding text, refusing what is not a document."""

from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import Path

import pytest

from kamervragen.model import ParseError
from kamervragen.parse import ParserBug, parse_bytes
from kamervragen.parse.decode import MAX_BYTES, MAX_CHARS, decode, decode_text, sniff_form, sniff_text_form

CONSTRUCTED = Path(__file__).resolve().parents[1] / "fixtures" / "constructed"
TEXT = "Vragen van het lid Van Weyenberg (D66) aan de Minister van Financiën over «het bericht» (ingezonden 16 februari 2021).\n\nVraag 1\n\nBent u bekend met het bericht dat de Belastingdienst op zijn kop werd gezet?\n"


@pytest.mark.parametrize(
    ("data", "form"),
    [
        (b"%PDF-1.7\n...", "pdf"),
        (b"\n\n  %PDF-1.4 junk before the header is allowed", "pdf"),
        (b'<?xml version="1.0" encoding="UTF-8"?>\n<officiele-publicatie/>', "xml"),
        (b"<kamervragen><vraag/></kamervragen>", "xml"),
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        (b'<?xml version="1.0"?><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"/>', "html"),
        (b"<div><p>Vragen van het lid</p></div>", "html"),
        (b"## 2024Z01911\n\nVragen van de leden <sup>1</sup>", "text"),
        (TEXT.encode(), "text"),
        (codecs.BOM_UTF16_LE + "<html><body>x</body></html>".encode("utf-16-le"), "html"),
    ],
)
def test_sniff_form(data: bytes, form: str) -> None:
    assert sniff_form(data) == form


def test_sniff_fixtures() -> None:
    assert sniff_form((CONSTRUCTED / "kv-tk-2024Z01911.pdf").read_bytes()) == "pdf"
    assert sniff_form((CONSTRUCTED / "kv-tk-2024Z01911.docx").read_bytes()) == "docx"
    assert sniff_form((CONSTRUCTED / "kv-tk-2024Z01911.xml").read_bytes()) == "xml"
    assert sniff_form((CONSTRUCTED / "kv-tk-2024Z01911.html").read_bytes()) == "html"
    assert sniff_text_form("   \n<p>text</p>") == "html"


def _zip(names: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, content in names.items():
            zf.writestr(name, content)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"   \n\t \r\n", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG image"),
        (b"\x1f\x8b\x08\x00" + bytes(50), "gzip"),
        (b"\x7fELF\x02\x01\x01" + bytes(100), "program"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "not DOCX"),
        (_zip({"a.txt": b"hello"}), "zip archive"),
        (_zip({"content.xml": b"<x/>", "mimetype": b"application/vnd.oasis.opendocument.text"}), "OpenDocument"),
        (b"PK\x03\x04 truncated zip", "damaged zip"),
        (bytes(range(256)) * 8, "binary"),
        (b"Vragen van het lid\x00\x01\x02\x03\x04\x05\x06" * 50, "binary"),
        (b"{\\rtf1\\ansi hello}", "RTF"),
    ],
)
def test_refusals_are_one_sentence(data: bytes, words: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_bytes(data, "x")
    message = str(info.value)
    assert words in message
    assert not isinstance(info.value, ParserBug)
    assert message.endswith(".") and "\n" not in message


def test_size_cap() -> None:
    with pytest.raises(ParseError, match="larger than any document"):
        sniff_form(b"a" * (MAX_BYTES + 1))
    with pytest.raises(ParseError, match="characters"):
        decode(("Vraag 1 " * (MAX_CHARS // 8 + 10)).encode())


@pytest.mark.parametrize(
    "encoded",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-16"),
        TEXT.encode("utf-16-le"),  # no byte order mark
        TEXT.encode("utf-16-be"),
        TEXT.encode("utf-32"),
        TEXT.encode("cp1252"),
        TEXT.encode("latin-1"),
    ],
)
def test_encodings_decode_to_the_same_text(encoded: bytes) -> None:
    text, warnings = decode(encoded)
    assert text == TEXT
    assert warnings == []


def test_cp1252_punctuation_and_latin1_fallback() -> None:
    assert decode_text("memo’s – «x» Financiën".encode("cp1252")) == "memo’s – «x» Financiën"
    # 0x81 is undefined in cp1252: the bytes are read as latin-1 instead of failing
    assert decode_text(b"caf\xe9 \x81 ok") == "caf\xe9 \x81 ok"


def test_damaged_utf8_keeps_utf8_with_a_warning() -> None:
    data = ("Financiën, «bericht», ’s-Gravenhage, één " * 5).encode() + b"\xff\xfe broken"
    text, warnings = decode(data)
    assert "Financiën" in text and "\ufffd" in text
    assert warnings and "UTF-8" in warnings[0]


def test_newlines_and_controls_normalised() -> None:
    assert decode_text(b"a\r\nb\rc\x0cd\x07e") == "a\nb\nc\nde"


def test_every_refusal_is_a_parse_error_never_another_exception() -> None:
    for data in (b"\x00", b"\xff", b"\xfe\xff", b"\xff\xfe", b"\xef\xbb\xbf", b"<", b"%PDF-", b"PK\x03\x04", b"<?xml"):
        try:
            parse_bytes(data, "x")
        except ParseError as exc:
            assert not isinstance(exc, ParserBug), exc


def test_read_limited_never_reads_more_than_the_cap() -> None:
    from kamervragen.parse.decode import read_limited

    assert read_limited(io.BytesIO(b"Vraag 1")) == b"Vraag 1"
    with open("/dev/zero", "rb") as endless, pytest.raises(ParseError, match="larger than any document"):
        read_limited(endless)
