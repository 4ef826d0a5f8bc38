import pytest

from kamervragen.parse.dates import find_dates, parse_dutch_date


@pytest.mark.parametrize(
    "text,want",
    [
        ("(ingezonden 7 februari 2024)", "2024-02-07"),
        ("22 mrt 2023", "2023-03-22"),
        ("1e maart 2020", "2020-03-01"),
        ("zeven februari 2024", "2024-02-07"),
        ("eenendertig december 1999", "1999-12-31"),
        ("11 July 2019", "2019-07-11"),
        ("2024-11-12", "2024-11-12"),
        ("21/04/2016", "2016-04-21"),
        ("ontvangen 26 september\n2024", "2024-09-26"),
        ("31 februari 2024", None),
        ("geen datum", None),
        ("", None),
    ],
)
def test_parse_dutch_date(text, want):
    assert parse_dutch_date(text) == want


def test_find_dates_in_order():
    assert find_dates("van 3 mei 2020 tot 1 juni 2020") == ["2020-05-03", "2020-06-01"]


def test_long_input_is_fast():
    import time

    t = time.perf_counter()
    parse_dutch_date("12 " * 200_000)
    assert time.perf_counter() - t < 2
