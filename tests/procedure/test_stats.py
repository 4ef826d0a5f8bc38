"""Statistics over the sample corpus equal figures computed by hand.

The store is built from the hand-checked truth files (tests/procedure/support.py), so the figures do not
move when the parser changes; the hand computation is written out beside each assertion (dates from the
truth files, "today" 1 January 2026)."""

from __future__ import annotations

import pytest

from kamervragen.procedure.stats import compute_stats, write_charts

TODAY = "2026-01-01"


def _row(stats, dim, group):
    return next(r for r in stats[dim] if r["group"] == group)


@pytest.fixture(scope="module")
def stats(truth_store):
    return compute_stats(truth_store, TODAY)


def test_year_2013_by_hand(stats):
    # submitted in 2013, from the truth files:
    #   ah-tk-20122013-1558  8 Feb → 12 Mar: 32 days, due 1 Mar: late
    #   ok-2013Z12065       13 Jun → 28 Jun: 15 days, on time
    #   ah-tk-20122013-2844  5 Jul → 12 Jul:  7 days, on time
    #   ah-tk-20132014-208   9 Sep → 11 Oct: 32 days, due 30 Sep: late
    #   ah-tk-20132014-557   1 Nov → 19 Nov: 18 days, on time
    #   kv-tk-2013Z15597, kv-tk-2013Z19264: questions only, no answer in the corpus: overdue
    # days 7, 15, 18, 32, 32 → median 18; decided 7, on time 3 → 3/7; late 4/7
    row = _row(stats, "year", "2013")
    assert (row["cases"], row["answered"], row["answered_late"], row["overdue"]) == (7, 3, 2, 2)
    assert row["median_days"] == 18.0
    assert row["share_on_time"] == round(3 / 7, 4)
    assert row["share_late"] == round(4 / 7, 4)
    assert row["share_postponed"] == 0.0


def test_year_2019_postponed_share_by_hand(stats):
    # 15 cases submitted in 2019 (14 zaken 2019Z…, the notice ah-tk-20182019-2581 of 11 April, and the
    # answer tk-2020D15890 to questions of 11 December 2019); one of them had a postponement notice
    row = _row(stats, "year", "2019")
    assert row["cases"] == 15
    assert row["postponed"] == 1
    assert row["share_postponed"] == round(1 / 15, 4)


def test_ministry_financien_by_hand(stats):
    # lead ministry Financiën: kv-tk-2021Z03230 (overdue), ah-tk-20202021-3219 (19 May → 17 Jun 2021:
    # 29 days, due 9 Jun: late), 2024Z01911 (overdue)
    row = _row(stats, "ministry", "Financiën")
    assert (row["cases"], row["answered_late"], row["overdue"], row["median_days"]) == (3, 1, 2, 29.0)
    assert (row["share_on_time"], row["share_late"]) == (0.0, 1.0)


def test_party_and_member_by_hand(stats):
    # JA21 asked kv-tk-2021Z17400, kv-tk-2022Z02505, kv-tk-2022Z15406: all unanswered in the corpus
    ja21 = _row(stats, "party", "JA21")
    assert (ja21["cases"], ja21["overdue"], ja21["median_days"], ja21["share_late"]) == (3, 3, None, 1.0)
    # the seed zaak counts once for each of its three askers
    for member in ("Michon-Derkzen", "Brekelmans", "Van Eijk-Nagel"):
        assert _row(stats, "member", member)["cases"] == 1


def test_totals_add_up(stats):
    total = stats["total"]
    assert total["cases"] == sum(r["cases"] for r in stats["year"])
    assert total["cases"] == sum(r["cases"] for r in stats["ministry"])
    assert total["cases"] == (total["answered"] + total["answered_late"] + total["open"] + total["overdue"]
                              + total["withdrawn"])


def test_charts_png_and_svg(stats, tmp_path):
    files = write_charts(stats, tmp_path)
    assert {f.name for f in files} == {f"{d}.{e}" for d in ("ministry", "party", "member", "year")
                                       for e in ("png", "svg")}
    assert (tmp_path / "year.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in (tmp_path / "year.svg").read_bytes()[:2000]


def test_ministry_today_joins_renamed_ministries(truth_store):
    # lead ministry Justitie (ah-tk-20082009-185, web-pvv-e28633), Veiligheid en Justitie
    # (ah-tk-20112012-1893, 2016Z01095) and Justitie en Veiligheid (8 cases: 2018Z15104, 2019Z16943,
    # 2020Z04215, ah-tk-20192020-3062, tk-2020D35286, 2021Z11182, 2022Z15406, 2023Z01827)
    stats = compute_stats(truth_store, TODAY, dimensions=["ministry", "ministry_today"])
    assert [_row(stats, "ministry", m)["cases"] for m in
            ("Justitie", "Veiligheid en Justitie", "Justitie en Veiligheid")] == [2, 2, 8]
    assert _row(stats, "ministry_today", "Justitie en Veiligheid")["cases"] == 12
