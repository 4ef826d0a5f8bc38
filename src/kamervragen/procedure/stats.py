"""Statistics of the procedure: counts and answer times per ministry, party, member and year.

Definitions (the same for every grouping):

- ``cases``: cases in the group; ``answered`` / ``answered_late`` / ``open`` (open + postponed) /
  ``overdue`` / ``withdrawn``: cases by status on ``today``; ``undated``: cases without a submitted date.
- ``median_days``: median of days from submission to the (first) answer, over answered cases with both
  dates; ``mean_days`` likewise.
- ``decided``: cases whose outcome against the deadline is known on ``today``: answered with both dates
  (on time or late) or still unanswered after the due date (overdue).
- ``share_on_time`` = answered on time / decided; ``share_late`` = (answered late + overdue) / decided;
  the two add up to 1. ``share_postponed`` = cases with a postponement notice / cases with a submitted
  date. Shares are None when their denominator is 0.

Groupings: ``ministry`` is the lead ministry (the first addressed); a case of several askers counts once
for each member and once for each party (the party at the time of the question); ``year`` is the year
of submission.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from kamervragen.errors import UserError
from kamervragen.procedure.cases import CaseFilter, CaseStatus, case_statuses
from kamervragen.procedure.normalise import normalise_party
from kamervragen.store.base import Store

DIMENSIONS: tuple[str, ...] = ("ministry", "party", "member", "year")
#: also available: ``ministry_today`` (the lead ministry's task carried on to today's ministry, so
#: Justitie, Veiligheid en Justitie and Justitie en Veiligheid count as one) and ``party_today`` (after mergers)
EXTRA_DIMENSIONS: tuple[str, ...] = ("ministry_today", "party_today")
UNKNOWN = "(onbekend)"


@dataclass
class GroupStats:
    group: str
    cases: int = 0
    answered: int = 0  # on time or without known timing
    answered_late: int = 0
    open: int = 0
    overdue: int = 0
    withdrawn: int = 0
    postponed: int = 0
    undated: int = 0
    decided: int = 0
    on_time: int = 0
    median_days: float | None = None
    mean_days: float | None = None
    share_on_time: float | None = None
    share_late: float | None = None
    share_postponed: float | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _keys(dimension: str) -> Callable[[CaseStatus], list[str]]:
    if dimension == "ministry":
        return lambda c: [c.lead_ministry or UNKNOWN]
    if dimension == "ministry_today":
        return lambda c: [c.lead_ministry_today or UNKNOWN]
    if dimension == "party":
        return lambda c: c.parties or [UNKNOWN]
    if dimension == "party_today":
        return lambda c: list(dict.fromkeys(normalise_party(a.party_written).current or UNKNOWN
                                            for a in c.askers)) or [UNKNOWN]
    if dimension == "member":
        return lambda c: c.members or [UNKNOWN]
    if dimension == "year":
        return lambda c: [str(c.year) if c.year else UNKNOWN]
    raise UserError(f"unknown grouping {dimension!r}; use one of {', '.join(DIMENSIONS + EXTRA_DIMENSIONS)}.")


def group_stats(group: str, cases: Iterable[CaseStatus]) -> GroupStats:
    """The figures of one group of cases (see the module docstring for the definitions)."""
    g = GroupStats(group)
    days: list[int] = []
    dated = 0
    for c in cases:
        g.cases += 1
        if c.submitted is None:
            g.undated += 1
        else:
            dated += 1
        if c.postponed:
            g.postponed += 1
        if c.status == "answered":
            g.answered += 1
        elif c.status == "answered_late":
            g.answered_late += 1
        elif c.status == "overdue":
            g.overdue += 1
        elif c.status == "withdrawn":
            g.withdrawn += 1
        else:
            g.open += 1
        if c.status in ("answered", "answered_late") and c.days_taken is not None:
            days.append(c.days_taken)
            g.decided += 1
            if c.on_time:
                g.on_time += 1
        elif c.status == "overdue":
            g.decided += 1
    if days:
        g.median_days = float(statistics.median(days))
        g.mean_days = round(statistics.fmean(days), 1)
    if g.decided:
        g.share_on_time = round(g.on_time / g.decided, 4)
        g.share_late = round((g.decided - g.on_time) / g.decided, 4)
    if dated:
        g.share_postponed = round(g.postponed / dated, 4)
    return g


def stats_of(cases: list[CaseStatus], dimensions: Iterable[str] = DIMENSIONS) -> dict[str, Any]:
    """Figures over ``cases``: ``total`` and one list per dimension (largest groups first)."""
    out: dict[str, Any] = {"total": group_stats("total", cases).to_json()}
    for dim in dimensions:
        key_of = _keys(dim)
        groups: dict[str, list[CaseStatus]] = {}
        for c in cases:
            for k in key_of(c):
                groups.setdefault(k, []).append(c)
        rows = [group_stats(k, v) for k, v in groups.items()]
        if dim == "year":
            rows.sort(key=lambda r: r.group)
        else:
            rows.sort(key=lambda r: (-r.cases, r.group))
        out[dim] = [r.to_json() for r in rows]
    return out


def open_per_ministry(cases: Iterable[CaseStatus]) -> list[dict[str, Any]]:
    """Open (incl. postponed and overdue) and overdue cases per lead ministry, most open first."""
    counts: dict[str, dict[str, int]] = {}
    for c in cases:
        if not c.is_open:
            continue
        m = counts.setdefault(c.lead_ministry or UNKNOWN, {"open": 0, "overdue": 0})
        m["open"] += 1
        if c.status == "overdue":
            m["overdue"] += 1
    return [{"ministry": k, **v} for k, v in sorted(counts.items(), key=lambda kv: (-kv[1]["open"], kv[0]))]


def answer_times_over_time(cases: Iterable[CaseStatus]) -> list[dict[str, Any]]:
    """Per lead ministry (most answered first), the median days to an answer per year of submission."""
    days: dict[str, dict[str, list[int]]] = {}
    for c in cases:
        if c.days_taken is None or c.year is None or c.status not in ("answered", "answered_late"):
            continue
        days.setdefault(c.lead_ministry or UNKNOWN, {}).setdefault(str(c.year), []).append(c.days_taken)
    return [{"ministry": m, "points": [{"year": y, "median_days": float(statistics.median(v)), "cases": len(v)}
                                       for y, v in sorted(years.items())]}
            for m, years in sorted(days.items(), key=lambda kv: -sum(len(v) for v in kv[1].values()))]


def compute_stats(store: Store, today: date | str, flt: CaseFilter | None = None,
                  dimensions: Iterable[str] = DIMENSIONS) -> dict[str, Any]:
    """Statistics of the cases in ``store`` matching ``flt``, on ``today``."""
    dims = list(dimensions)
    for d in dims:
        _keys(d)
    result = stats_of(case_statuses(store, today, flt), dims)
    result["today"] = str(today)
    return result


# --------------------------------------------------------------------------------------------------
# charts
# --------------------------------------------------------------------------------------------------


def write_charts(stats: dict[str, Any], out_dir: str | Path, top: int = 20) -> list[Path]:
    """For every dimension in ``stats``: a chart of case counts, median days and share late, as PNG and
    SVG (``<dimension>.png``, ``<dimension>.svg``). Returns the files written."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    names = dict(ministry="ministerie", party="partij", member="lid", year="jaar",
                 ministry_today="ministerie (huidig)", party_today="partij (na fusies)")
    for dim in DIMENSIONS + EXTRA_DIMENSIONS:
        rows = stats.get(dim)
        if not rows:
            continue
        rows = rows if dim == "year" else rows[:top]
        labels = [r["group"] for r in rows]
        fig, axes = plt.subplots(1, 3, figsize=(15, max(3.0, 0.35 * len(rows) + 1.5)))
        titles = ("Aantal zaken", "Mediaan dagen tot antwoord", "Aandeel te laat")
        fields = ("cases", "median_days", "share_late")
        for ax, title, fld in zip(axes, titles, fields, strict=True):
            values = [r[fld] if r[fld] is not None else 0 for r in rows]
            if dim == "year":
                ax.bar(labels, values, color="#2b6cb0")
                ax.tick_params(axis="x", labelrotation=90)
            else:
                ax.barh(labels[::-1], values[::-1], color="#2b6cb0")
            ax.set_title(title)
            if fld == "share_late":
                (ax.set_ylim if dim == "year" else ax.set_xlim)(0, 1)
        fig.suptitle(f"Schriftelijke vragen per {names[dim]}")
        fig.tight_layout()
        for ext in ("png", "svg"):
            path = out / f"{dim}.{ext}"
            fig.savefig(path, format=ext, dpi=100 if ext == "png" else None)
            written.append(path)
        plt.close(fig)
    return written
