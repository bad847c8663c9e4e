"""Which year a page shows: the one asked for, else the latest with data up to this year, else this year."""

import datetime as dt

from samordna.lib.years import latest_up_to, parse_year, shown_year

TODAY = dt.date(2026, 12, 2)


def test_only_plain_years_in_range_are_years():
    assert parse_year("2015") == 2015 and parse_year(" 2015 ") == 2015
    for bad in ("abc", "2 015", "2\u00a0015", "99999", "1999", "-2015", "2015.0", "٢٠١٥", "", None):
        assert parse_year(bad) is None, bad


def test_a_chosen_year_is_shown_as_it_is_without_looking_for_data():
    def latest():
        raise AssertionError("no lookup needed")

    assert shown_year("2015", latest, TODAY) == shown_year(2015, latest, TODAY)
    assert shown_year("2015", latest, TODAY).message == ""


def test_without_a_year_the_latest_with_data_is_shown_and_named():
    shown = shown_year(None, lambda: 2018, TODAY)

    assert shown.year == 2018 and shown.message == "Visar 2018, det senaste året med uppgifter."


def test_without_data_this_year_is_shown():
    assert shown_year("", lambda: None, TODAY).year == 2026
    assert shown_year("", lambda: 2030, TODAY).year == 2026


def test_a_year_that_cannot_be_shown_says_why_and_gives_the_default():
    shown = shown_year("99999", lambda: 2018, TODAY)

    assert shown.year == 2018
    assert shown.message.startswith("”99999” är inget år som kan visas; ange ett år mellan 2004 och 2100.")


def test_the_latest_year_ignores_years_after_this_one():
    assert latest_up_to([2015, None, 2027], TODAY) == 2015
    assert latest_up_to([None], TODAY) is None
