"""Search filters, resolved against the project's data tables into what the index stores.

The index keeps parties, members and offices as the documents write them (``search_doc``). A party
filter expands to every spelling in ``data/parties.json``; a ministry filter to every name the
ministry carried (and, by ``lineage``, its predecessors) in ``data/ministries.json``. Status follows
the rule of ``kamervragen.procedure.clock`` (three weeks, six after a postponement), computed in SQL
by the backend from the documents of each case.

Integration point: when ``kamervragen.procedure.normalise`` stores normalised ministries and
parties per case, ``resolve_filters`` can hand the backend codes instead of spellings.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from kamervragen.errors import UserError
from kamervragen.model import KINDS
from kamervragen.search.analysis import fold

UNIT_KINDS = ("subject", "question", "answer", "footnote")
STATUSES = ("open", "postponed", "overdue", "answered", "answered_late", "withdrawn")


@dataclass
class SearchFilters:
    """What the user asked to narrow to; ``resolve_filters`` fills the ``*_spellings`` lists."""

    date_from: str | None = None
    date_to: str | None = None
    parties: list[str] = field(default_factory=list)  # spellings as documents write them
    members: list[str] = field(default_factory=list)  # name fragments
    offices: list[str] = field(default_factory=list)  # ministry names as offices end ("Financiën")
    status: str | None = None
    doc_kind: str | None = None  # questions | answers | postponement | withdrawal
    unit_kind: str | None = None  # subject | question | answer | footnote
    today: str | None = None  # for status (YYYY-MM-DD)

    def is_empty(self) -> bool:
        return not (self.date_from or self.date_to or self.parties or self.members or self.offices
                    or self.status or self.doc_kind)


@cache
def _table(name: str) -> dict:
    return json.loads((Path(__file__).resolve().parents[1] / "data" / name).read_text(encoding="utf-8"))


def party_spellings(party: str) -> list[str]:
    """Every spelling of the party (or group) named; the name itself when unknown."""
    want = fold(party).replace(" ", "")
    for p in _table("parties.json")["parties"]:
        names = [p["name"], p.get("full") or "", *p.get("aliases", [])]
        if any(fold(n).replace(" ", "") == want for n in names if n):
            return sorted({n for n in names if n})
    return [party]


def ministry_names(ministry: str) -> list[str]:
    """The names a ministry carried (with its predecessors by lineage), e.g. ``JenV`` → Justitie en
    Veiligheid, Veiligheid en Justitie, Justitie; the text itself when no ministry matches."""
    want = fold(ministry).replace("ministerie van ", "").strip()
    rows = _table("ministries.json")["ministries"]
    hit = None
    for m in rows:
        names = [m["code"], m["name"], *m.get("abbreviations", []), *m.get("aliases", [])]
        if any(fold(n) == want for n in names):
            hit = m
            break
    if hit is None:
        return [ministry]
    lineage = hit.get("lineage") or hit["code"]
    out = [m["name"] for m in rows if m["code"] == hit["code"]]
    if hit["code"] == lineage:  # today's ministry: include what it carries on
        out += [m["name"] for m in rows if m.get("lineage") == lineage and m["code"] != lineage]
    for m in rows:
        if m["name"] in out:
            out += m.get("aliases", [])
    return sorted(set(out))


def _iso(value: str | None, what: str) -> str | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        raise UserError(f"The {what} date “{value}” is not a date like 2024-02-07.") from None


def resolve_filters(*, date_from: str | None = None, date_to: str | None = None,
                    party: list[str] | str | None = None, member: list[str] | str | None = None,
                    ministry: list[str] | str | None = None, status: str | None = None,
                    kind: str | None = None, today: str | None = None) -> SearchFilters:
    """Check and expand the user's filter values (raises ``UserError`` on a bad one)."""
    def listify(v: list[str] | str | None) -> list[str]:
        return [v] if isinstance(v, str) else list(v or [])

    f = SearchFilters(date_from=_iso(date_from, "from"), date_to=_iso(date_to, "to"),
                      today=_iso(today, "today") or date.today().isoformat())
    for p in listify(party):
        f.parties.extend(party_spellings(p))
    f.members = [m.strip() for m in listify(member) if m.strip()]
    for m in listify(ministry):
        f.offices.extend(ministry_names(m))
    if status:
        if status not in STATUSES:
            raise UserError(f"Status “{status}” is not one of {', '.join(STATUSES)}.")
        f.status = status
    if kind:
        k = {"questions": "questions", "answers": "answers", "subject": "subject", "question": "question",
             "answer": "answer", "footnote": "footnote", "footnotes": "footnote", "postponement": "postponement",
             "withdrawal": "withdrawal"}.get(kind.lower())
        if k is None:
            raise UserError(f"Kind “{kind}” is not one of {', '.join(KINDS + UNIT_KINDS)}.")
        if k in KINDS:
            f.doc_kind = k
        else:
            f.unit_kind = k
    return f
