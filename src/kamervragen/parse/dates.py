"""Dates as documents of the procedure write them → ``YYYY-MM-DD``.

Public API::

    parse_dutch_date(s: str) -> str | None      # the first date in ``s``, or None
    find_dates(s: str) -> list[str]              # every date in ``s``, in order
    DATE_PATTERN: str                            # regex source matching one written date

Understood: "7 februari 2024", "22 mrt 2023", "1e maart 2020", "zeven februari 2024",
"11 July 2019" (English month names on some sites), "2024-11-12", "21/04/2016", "21-04-2016",
"12.03.2013". Impossible dates (31 februari) give None.
"""

from __future__ import annotations

import datetime as _dt
import re

MONTHS: dict[str, int] = {}
for _n, _names in enumerate(
    (
        ("januari", "jan", "january"),
        ("februari", "feb", "febr", "february"),
        ("maart", "mrt", "mar", "march"),
        ("april", "apr"),
        ("mei", "may"),
        ("juni", "jun", "june"),
        ("juli", "jul", "july"),
        ("augustus", "aug", "august"),
        ("september", "sep", "sept"),
        ("oktober", "okt", "oct", "october"),
        ("november", "nov"),
        ("december", "dec"),
    ),
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _n

DAY_WORDS: dict[str, int] = {
    w: i
    for i, w in enumerate(
        "een twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien "
        "zestien zeventien achttien negentien twintig eenentwintig tweeëntwintig drieëntwintig "
        "vierentwintig vijfentwintig zesentwintig zevenentwintig achtentwintig negenentwintig "
        "dertig eenendertig".split(),
        start=1,
    )
}
DAY_WORDS["één"] = 1

_month_alt = "|".join(sorted(MONTHS, key=len, reverse=True))
_dayword_alt = "|".join(sorted(DAY_WORDS, key=len, reverse=True))

DATE_PATTERN = (
    rf"(?:(?P<d>\d{{1,2}})(?:e|ste|de)?|(?P<dw>{_dayword_alt}))\s*(?P<m>{_month_alt})\.?,?\s+(?P<y>(?:19|20)\d\d)\b"
    r"|(?P<iy>(?:19|20)\d\d)-(?P<im>\d\d)-(?P<id>\d\d)\b"
    r"|\b(?P<nd>\d{1,2})[/.-](?P<nm>\d{1,2})[/.-](?P<ny>(?:19|20)\d\d)\b"
)
_DATE_RE = re.compile(rf"(?<![\w-])(?:{DATE_PATTERN})", re.IGNORECASE)


def _build(y: int, m: int, d: int) -> str | None:
    try:
        return _dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _from_match(mt: re.Match[str]) -> str | None:
    g = mt.groupdict()
    if g["m"]:
        day = int(g["d"]) if g["d"] else DAY_WORDS[g["dw"].lower()]
        return _build(int(g["y"]), MONTHS[g["m"].lower()], day)
    if g["iy"]:
        return _build(int(g["iy"]), int(g["im"]), int(g["id"]))
    return _build(int(g["ny"]), int(g["nm"]), int(g["nd"]))


def find_dates(s: str) -> list[str]:
    """Every valid date written in ``s``, in order of appearance."""
    out = []
    for mt in _DATE_RE.finditer(s):
        iso = _from_match(mt)
        if iso:
            out.append(iso)
    return out


def parse_dutch_date(s: str) -> str | None:
    """The first valid date written in ``s`` as ``YYYY-MM-DD``, or None."""
    if not s:
        return None
    for mt in _DATE_RE.finditer(s):
        iso = _from_match(mt)
        if iso:
            return iso
    return None
