"""The procedure clock on the seed zaak 2024Z01911 (submitted 7 February 2024, sample/docs/2024Z01911.md)."""

from __future__ import annotations

from datetime import date

import pytest

from kamervragen.procedure.clock import compute_clock, due_date, turned_overdue_on

SEED_SUBMITTED = date(2024, 2, 7)


def test_seed_due_three_weeks():
    assert due_date(SEED_SUBMITTED, postponed=False) == date(2024, 2, 28)


def test_seed_due_six_weeks_with_postponement():
    assert due_date(SEED_SUBMITTED, postponed=True) == date(2024, 3, 20)


@pytest.mark.parametrize(
    ("today", "postponements", "status", "due"),
    [
        ("2024-02-20", [], "open", "2024-02-28"),
        ("2024-02-28", [], "open", "2024-02-28"),
        ("2024-02-29", [], "overdue", "2024-02-28"),
        ("2024-02-27", ["2024-02-26"], "postponed", "2024-03-20"),
        ("2024-03-20", ["2024-02-26"], "postponed", "2024-03-20"),
        ("2024-03-21", ["2024-02-26"], "overdue", "2024-03-20"),
        # a notice that has not arrived yet on "today" does not count
        ("2024-02-20", ["2024-02-26"], "open", "2024-02-28"),
    ],
)
def test_seed_status_over_time(today, postponements, status, due):
    clock = compute_clock("2024-02-07", today=today, postponements=postponements)
    assert clock.status == status
    assert clock.to_json()["due"] == due


def test_open_case_counts_days_waiting():
    clock = compute_clock(SEED_SUBMITTED, today=date(2024, 3, 4))
    assert clock.days_waiting == 26
    assert clock.days_overdue == 5
    assert clock.days_taken is None


def test_answered_on_time_and_late():
    on_time = compute_clock(SEED_SUBMITTED, today="2024-06-01", answered="2024-02-28")
    assert (on_time.status, on_time.days_taken, on_time.on_time) == ("answered", 21, True)
    late = compute_clock(SEED_SUBMITTED, today="2024-06-01", answered="2024-03-13")
    assert (late.status, late.days_taken, late.days_overdue) == ("answered_late", 35, 14)
    saved = compute_clock(SEED_SUBMITTED, today="2024-06-01", answered="2024-03-13",
                          postponements=["2024-02-27"], promised="2024-03-15")
    assert (saved.status, saved.due, saved.promised) == ("answered", date(2024, 3, 20), date(2024, 3, 15))


def test_answer_in_the_future_of_today_is_ignored():
    clock = compute_clock(SEED_SUBMITTED, today="2024-02-10", answered="2024-02-28")
    assert clock.status == "open" and clock.answered is None and clock.days_waiting == 3


def test_withdrawal_closes_the_case():
    clock = compute_clock(SEED_SUBMITTED, today="2024-06-01", withdrawn="2024-02-20")
    assert clock.status == "withdrawn" and not clock.is_open and clock.days_taken == 13


def test_turned_overdue_on():
    assert turned_overdue_on(SEED_SUBMITTED) == date(2024, 2, 29)
    assert turned_overdue_on(SEED_SUBMITTED, ["2024-02-26"]) == date(2024, 3, 21)
