"""The procedure clock: due dates and status of a zaak, from plain inputs.

The rule (Reglement van Orde van de Tweede Kamer, chapter on written questions): the government
answers within three weeks of submission; a postponement notice (uitstelbericht) extends that to six
weeks after submission. A date the notice promises is kept beside the due date but does not move it:
the Kamer's weekly list of late answers counts against the three/six-week rule only.

Everything here is pure: "today" is always a parameter, so tests and the CLI can look back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any, Literal

ANSWER_PERIOD = timedelta(weeks=3)
POSTPONED_PERIOD = timedelta(weeks=6)

Status = Literal["open", "postponed", "overdue", "answered", "answered_late", "withdrawn"]
STATUSES: tuple[str, ...] = ("open", "postponed", "overdue", "answered", "answered_late", "withdrawn")
OPEN_STATUSES: frozenset[str] = frozenset({"open", "postponed", "overdue"})
CLOSED_STATUSES: frozenset[str] = frozenset({"answered", "answered_late", "withdrawn"})


def due_date(submitted: date, postponed: bool = False) -> date:
    """Three weeks after submission, or six weeks when a postponement notice came."""
    return submitted + (POSTPONED_PERIOD if postponed else ANSWER_PERIOD)


def as_date(value: date | str | None) -> date | None:
    """Accept a ``date``, an ISO ``YYYY-MM-DD`` string (a longer timestamp is cut) or None."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


@dataclass(frozen=True)
class Clock:
    """The derived procedure facts of one zaak on a given day (JSON-ready via ``to_json``)."""

    status: Status
    submitted: date
    due: date
    original_due: date  # three weeks after submission, whatever happened later
    postponed: bool
    postponed_on: date | None
    promised: date | None  # a date a postponement notice promised, kept beside the due date
    answered: date | None
    withdrawn: date | None
    today: date
    days_taken: int | None  # submission → answer (or withdrawal), for closed cases
    days_waiting: int | None  # submission → today, for open cases
    days_overdue: int | None  # due → today (open) or due → answer (answered late); else None
    on_time: bool | None  # for answered cases: answer on or before the due date

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        for key, value in out.items():
            if isinstance(value, date):
                out[key] = value.isoformat()
        return out


def compute_clock(
    submitted: date | str,
    *,
    today: date | str,
    postponements: Iterable[date | str | None] = (),
    promised: date | str | None = None,
    answered: date | str | None = None,
    withdrawn: date | str | None = None,
) -> Clock:
    """Status, due date and day counts of a zaak from its dates.

    - Only events on or before ``today`` count (looking back in time gives the status of that day).
    - ``postponements``: dates of postponement notices; any notice received before the answer
      (or before today, for an open case) moves the due date to six weeks. A notice without a
      known date counts as received when the case was submitted.
    - ``answered``: the date the (first) answer was received; supplementary answers do not reset it.
    - ``withdrawn``: the date of a withdrawal notice; it closes the case unless an answer came first.
    """
    sub = as_date(submitted)
    now = as_date(today)
    if sub is None or now is None:
        raise ValueError("a clock needs a submitted date and today")
    ans = as_date(answered)
    wd = as_date(withdrawn)
    if ans is not None and ans > now:
        ans = None
    if wd is not None and wd > now:
        wd = None
    if ans is not None and wd is not None:
        # whichever came first closes the case
        if wd < ans:
            ans = None
        else:
            wd = None
    horizon = ans or wd or now
    notices = sorted(d if d is not None else sub for d in (as_date(p) for p in postponements)
                     if d is None or d <= horizon)
    postponed_on = notices[0] if notices else None
    postponed = postponed_on is not None
    prom = as_date(promised) if postponed else None
    due = due_date(sub, postponed)
    original_due = due_date(sub, False)

    days_taken = days_waiting = days_overdue = None
    on_time: bool | None = None
    status: Status
    if wd is not None:
        status = "withdrawn"
        days_taken = (wd - sub).days
    elif ans is not None:
        days_taken = (ans - sub).days
        on_time = ans <= due
        status = "answered" if on_time else "answered_late"
        if not on_time:
            days_overdue = (ans - due).days
    else:
        days_waiting = (now - sub).days
        if now > due:
            status = "overdue"
            days_overdue = (now - due).days
        elif postponed:
            status = "postponed"
        else:
            status = "open"
    return Clock(status=status, submitted=sub, due=due, original_due=original_due, postponed=postponed,
                 postponed_on=postponed_on, promised=prom, answered=ans, withdrawn=wd, today=now,
                 days_taken=days_taken, days_waiting=days_waiting, days_overdue=days_overdue,
                 on_time=on_time)


def turned_overdue_on(submitted: date | str, postponements: Iterable[date | str | None] = ()) -> date:
    """The first day a still-unanswered case counts as overdue (the day after its due date), assuming
    the notices given are all that arrive before it."""
    sub = as_date(submitted)
    if sub is None:
        raise ValueError("a submitted date is needed")
    return due_date(sub, any(True for _ in postponements)) + timedelta(days=1)
