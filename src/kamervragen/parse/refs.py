"""References to other documents, normalised to public identifiers where possible.

Public API::

    find_references(text: str) -> list[str]
        "Aanhangsel Handelingen, vergaderjaar 2021–2022, nr. 3173" → "ah-tk-20212022-3173";
        identifiers written in the text (kv-tk-2023Z11786, ah-tk-20232024-99, kst-36200-V-5)
        as written; URLs as given. Order of first appearance, no duplicates.
    aanhangsel_id(year_text: str, number: str) -> str | None
    ZAAK_RE, DOCNR_RE: compiled patterns for 2024Z01911 / 2024D04567
"""

from __future__ import annotations

import re

ZAAK_RE = re.compile(r"(?<![\w/])((?:19|20)\d\dZ\d{5})(?!\d)")
DOCNR_RE = re.compile(r"(?<![\w/])((?:19|20)\d\dD\d{5})(?!\d)")

_AH_RE = re.compile(
    r"Aanhangsel\s+(?:van\s+de\s+)?Handelingen(?:\s+II)?\s*,?\s*(?:vergaderjaar\s+)?"
    r"(?P<y1>(?:19|20)\d\d)\s*[–—\-/]\s*(?P<y2>(?:19|20)?\d\d)\s*,?\s*(?:nr\.?|nummer)\s*(?P<nr>\d{1,5})",
    re.IGNORECASE,
)
_ID_RE = re.compile(r"(?<![\w-])((?:kv-tk-(?:19|20)\d\dZ\d{5}|ah-tk-\d{8}-\d{1,5}|kv-\d{6,12}|kst-[\w-]{3,40}|h-tk-\d{8}-[\w-]{1,20}))(?![\w-])")
_URL_RE = re.compile(r"https?://[^\s<>\"'()\[\]]{3,500}")


def aanhangsel_id(y1: str, y2: str, number: str) -> str | None:
    """("2021", "2022", "3173") → "ah-tk-20212022-3173"; two-digit second year allowed."""
    if len(y2) == 2:
        y2 = y1[:2] + y2
    if int(y2) != int(y1) + 1:
        return None
    return f"ah-tk-{y1}{y2}-{int(number)}"


def find_references(text: str) -> list[str]:
    found: list[tuple[int, str]] = []
    # each pattern is searched only when a word every match holds is there ("İ", "ı", "ſ" match "i", "s"
    # under re.IGNORECASE without lower-casing to them)
    if "handelingen" in text.lower() or (not text.isascii() and ("İ" in text or "ı" in text or "ſ" in text)):
        for m in _AH_RE.finditer(text):
            ident = aanhangsel_id(m.group("y1"), m.group("y2"), m.group("nr"))
            if ident:
                found.append((m.start(), ident))
    url_spans = []
    for m in _URL_RE.finditer(text):
        url = m.group(0).rstrip(".,;:")
        found.append((m.start(), url))
        url_spans.append((m.start(), m.end()))
    ids = _ID_RE.finditer(text) if "kv-" in text or "kst-" in text or "h-tk-" in text else ()
    for m in ids:
        if any(a <= m.start() < b for a, b in url_spans):
            continue
        found.append((m.start(), m.group(1)))
    out: list[str] = []
    seen: set[str] = set()
    for _, ident in sorted(found):
        if ident not in seen:
            seen.add(ident)
            out.append(ident)
    return out
