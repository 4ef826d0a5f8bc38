"""Offices → ministries and party spellings → parties, from the tables in ``kamervragen/data``.

The name as written is always kept beside the normalised one. Dates matter: "Minister van Economische
Zaken" is a different ministry in 2011 (then EL&I, written out in full) than in 2013, and GroenLinks and
PvdA sit as one fractie from 6 December 2023. Where a date is not known the name alone decides.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from kamervragen.procedure.clock import as_date


def _key(text: str) -> str:
    """Compare names without case, accents, punctuation and extra spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("&", " en ")
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def _load(name: str) -> dict[str, Any]:
    return json.loads(resources.files("kamervragen.data").joinpath(name).read_text(encoding="utf-8"))


def _in_period(on: date | None, start: str | None, end: str | None) -> bool:
    if on is None:
        return True
    return (start is None or on >= date.fromisoformat(start)) and (end is None or on < date.fromisoformat(end))


# --------------------------------------------------------------------------------------------------
# ministries and offices
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ministry:
    code: str
    name: str
    lineage: str  # code of today's ministry carrying the main task on


@dataclass(frozen=True)
class Office:
    """One addressed office: "Staatssecretaris van Financiën – Toeslagen en Douane"."""

    written: str
    role: str | None  # Minister, Staatssecretaris, Minister-president
    portfolio: str | None  # what follows "van"/"voor", without a suffix after a dash
    ministry: str | None  # the ministry's name, None when not recognised
    ministry_code: str | None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@lru_cache(maxsize=1)
def _ministry_tables() -> tuple[dict[str, Ministry], dict[str, list[tuple[str, str | None, str | None]]],
                                dict[str, list[tuple[str, str | None, str | None]]]]:
    by_code: dict[str, Ministry] = {}
    by_name: dict[str, list[tuple[str, str | None, str | None]]] = {}
    for m in _load("ministries.json")["ministries"]:
        by_code[m["code"]] = Ministry(m["code"], m["name"], m["lineage"])
        for label in [m["name"], *m.get("aliases", []), *m.get("abbreviations", [])]:
            for start, end in m["periods"]:
                by_name.setdefault(_key(label), []).append((m["code"], start, end))
    portfolios: dict[str, list[tuple[str, str | None, str | None]]] = {}
    for o in _load("offices.json")["offices"]:
        portfolios.setdefault(_key(o["portfolio"]), []).append((o["ministry"], o.get("from"), o.get("to")))
    return by_code, by_name, portfolios


def ministries() -> list[Ministry]:
    """Every ministry in the table."""
    return list(_ministry_tables()[0].values())


def ministry_by_code(code: str) -> Ministry | None:
    return _ministry_tables()[0].get(code)


def _pick(candidates: list[tuple[str, str | None, str | None]], on: date | None) -> str | None:
    if not candidates:
        return None
    for code, start, end in candidates:
        if _in_period(on, start, end):
            return code
    return candidates[0][0]  # outside every known period: the name still says which one


_ROLE = re.compile(r"^\s*(?:de\s+)?(?P<role>minister[\s-]*president|vice[\s-]*minister[\s-]*president|"
                   r"ministers?|staatssecretaris(?:sen)?)\b(?P<rest>.*)$", re.IGNORECASE | re.DOTALL)
_SUFFIX = re.compile(r"\s+[–—-]\s+.*$|\s*\(.*\)\s*$")


@lru_cache(maxsize=65_536)
def normalise_office(written: str, on: date | str | None = None) -> Office:
    """The ministry of an office as written ("Minister voor Klimaat en Energie" → Economische Zaken en
    Klimaat; "Minister-president" → Algemene Zaken; "staatssecretaris van VWS" → VWS)."""
    day = as_date(on)
    by_code, by_name, portfolios = _ministry_tables()
    text = " ".join(written.split())
    m = _ROLE.match(text)
    role = None
    rest = text
    if m:
        raw_role = m.group("role").lower()
        rest = m.group("rest")
        if "president" in raw_role:
            role = "Minister-president"
            code = "AZ"
            portfolio = None
            minister = by_code.get(code)
            return Office(written, role, portfolio, minister.name if minister else None, code)
        role = "Staatssecretaris" if raw_role.startswith("staats") else "Minister"
    rest = rest.strip().rstrip(".,;")
    bracket = re.search(r"\(([^()]+)\)\s*$", rest)
    if bracket and not re.match(r"^(van|voor)\s", rest, re.IGNORECASE):
        rest = bracket.group(1)  # an answer's "Staatssecretaris Teeven (Veiligheid en Justitie)"
    prep = re.match(r"^(van|voor)\s+(.*)$", rest, re.IGNORECASE)
    preposition = prep.group(1).lower() if prep else None
    portfolio = prep.group(2) if prep else rest
    portfolio = _SUFFIX.sub("", portfolio).strip() or None
    code = None
    if portfolio:
        k = _key(portfolio)
        if preposition == "voor":
            code = _pick(portfolios.get(k, []), day) or _pick(by_name.get(k, []), day)
        else:
            code = _pick(by_name.get(k, []), day) or _pick(portfolios.get(k, []), day)
        if code is None and m is None:  # an answer's "(Veiligheid en Justitie)" or a bare ministry name
            code = _pick(by_name.get(k, []), day)
    ministry = by_code.get(code) if code else None
    return Office(written, role, portfolio, ministry.name if ministry else None, code)


_SPLIT = re.compile(r"\s*(?:,|\ben\b)\s*(?=(?:de\s+)?(?:minister|staatssecretaris|van\b|voor\b))", re.IGNORECASE)


def split_offices(written: str) -> list[str]:
    """Split a list of offices: "de Ministers van Financiën en van Defensie" → ["Minister van Financiën",
    "Minister van Defensie"]; "de Minister van X en de Staatssecretaris van Y" → two offices."""
    text = " ".join(written.split())
    parts = [p.strip() for p in _SPLIT.split(text) if p and p.strip()]
    out: list[str] = []
    role = "Minister"
    for part in parts:
        part = re.sub(r"^de\s+", "", part, flags=re.IGNORECASE)
        if re.match(r"^minister[\s-]*president\b", part, re.IGNORECASE):
            out.append(part)
            continue
        m = re.match(r"^(ministers?|staatssecretaris(?:sen)?)\b\s*(.*)$", part, re.IGNORECASE)
        if m:
            role = "Staatssecretaris" if m.group(1).lower().startswith("staats") else "Minister"
            if m.group(2):
                out.append(f"{role} {m.group(2)}")
            continue
        if re.match(r"^(van|voor)\b", part, re.IGNORECASE):
            out.append(f"{role} {part}")
        elif out:
            out[-1] = f"{out[-1]} en {part}"  # "Economische Zaken en Klimaat": not a second office
        else:
            out.append(part)
    return out


def ministries_of(addressees: list[str], on: date | str | None = None) -> list[str]:
    """The distinct ministries addressed, in the order addressed (unrecognised offices left out)."""
    return [m.name for m in ministry_records_of(addressees, on)]


def ministry_records_of(addressees: list[str], on: date | str | None = None) -> list[Ministry]:
    """Like ``ministries_of``, with codes and lineage."""
    by_code = _ministry_tables()[0]
    seen: list[Ministry] = []
    for written in addressees:
        for part in _split_cached(written):
            code = normalise_office(part, on).ministry_code
            if code and by_code[code] not in seen:
                seen.append(by_code[code])
    return seen


@lru_cache(maxsize=65_536)
def _split_cached(written: str) -> tuple[str, ...]:
    return tuple(split_offices(written))


def lead_ministry(addressees: list[str], on: date | str | None = None) -> str | None:
    """The lead ministry: that of the first addressed office."""
    found = ministries_of(addressees[:1], on) or ministries_of(addressees, on)
    return found[0] if found else None


# --------------------------------------------------------------------------------------------------
# parties
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Party:
    written: str | None
    name: str | None  # the party as it was then ("GroenLinks" in 2019)
    current: str | None  # what it became through mergers by ``on`` or today ("GroenLinks-PvdA")

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@lru_cache(maxsize=1)
def _party_tables() -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    by_name: dict[str, dict[str, Any]] = {}
    alias: dict[str, str] = {}
    for p in _load("parties.json")["parties"]:
        by_name[p["name"]] = p
        for label in [p["name"], p.get("full") or p["name"], *p.get("aliases", [])]:
            alias.setdefault(_key(label), p["name"])
    return by_name, alias


def party_names() -> list[str]:
    return list(_party_tables()[0])


def party_successor(name: str, on: date | str | None = None) -> str:
    """Follow mergers up to ``on`` (or to the end of the table): GroenLinks → GroenLinks-PvdA."""
    by_name, _ = _party_tables()
    day = as_date(on)
    seen = {name}
    while True:
        merged = (by_name.get(name) or {}).get("merged_into")
        if not merged or (day is not None and day < date.fromisoformat(merged["date"])):
            return name
        name = merged["name"]
        if name in seen:
            return name
        seen.add(name)


@lru_cache(maxsize=65_536)
def normalise_party(written: str | None, on: date | str | None = None) -> Party:
    """A party as written ("GL", "Groen Links", "CU", "FVD") → its name in the table. ``on`` (the date of
    the question) decides whether a merger had happened; ``current`` follows every merger."""
    if not written or not written.strip():
        return Party(written, None, None)
    _, alias = _party_tables()
    k = _key(written)
    name = alias.get(k)
    if name is None:
        # "Groep X/Y" and other groups not in the table: keep as written, tidied
        name = " ".join(written.split())
        return Party(written, name, name)
    day = as_date(on)
    at_time = party_successor(name, day) if day is not None else name
    return Party(written, at_time, party_successor(name))


def normalise_member(name: str) -> str:
    """A member's name for grouping: spaces tidied, a leading tussenvoegsel capitalised as the Kamer
    writes a surname on its own ("van Eijk-Nagel" → "Van Eijk-Nagel")."""
    text = " ".join(name.split())
    return text[:1].upper() + text[1:] if text else text
