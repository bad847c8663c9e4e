"""The Swedish formats every page, PDF, spreadsheet and CSV uses: amounts, counts, percentages, dates, years."""

import datetime as dt
from decimal import Decimal

from django.template import Context, Template

from samordna.lib.formats import day, decimal, kr, number, percent, share, whole_kronor, year


def test_amounts_are_grouped_with_one_separator_and_kronor():
    assert kr(2750000) == "2 750 000 kr"
    assert kr(405600) == "405 600 kr"
    assert kr(999) == "999 kr"
    assert kr(1_234_567_890) == "1 234 567 890 kr"


def test_negative_amounts_carry_a_real_minus_sign():
    assert kr(-5000) == "−5 000 kr"
    assert number(-1234567) == "−1 234 567"
    assert kr(-1) == "−1 kr"


def test_zero_is_printed_and_nothing_is_a_dash():
    assert kr(0) == "0 kr"
    assert number(0) == "0"
    assert percent(0) == "0,0\u00a0%"
    for missing in (None, ""):
        assert kr(missing) == "–"
        assert number(missing) == "–"
        assert percent(missing) == "–"
        assert share(missing) == "–"
        assert day(missing) == ""
        assert year(missing) == ""


def test_amounts_given_as_decimals_round_half_up_to_whole_kronor():
    assert kr(Decimal("1220000.5")) == "1 220 001 kr"
    assert kr("1499.49") == "1 499 kr"
    assert whole_kronor(Decimal("0.49")) == 0
    assert whole_kronor(Decimal("-2.5")) == -3


def test_percentages_have_a_decimal_comma_one_decimal_and_a_fixed_space():
    assert percent(50) == "50,0\u00a0%"
    assert percent(Decimal("20.00")) == "20,0\u00a0%"
    assert percent(12.25) == "12,3\u00a0%"
    assert percent(12.24) == "12,2\u00a0%"
    assert percent(99.95) == "100,0\u00a0%"
    assert percent(-3.45) == "−3,5\u00a0%"
    assert percent(1234.5) == "1 234,5\u00a0%"


def test_a_ratio_is_shown_as_a_percentage():
    assert share(0.5) == "50,0\u00a0%"
    assert share(1 / 3) == "33,3\u00a0%"
    assert share(0) == "0,0\u00a0%"


def test_decimal_numbers_use_a_comma():
    assert decimal(1.25) == "1,3"
    assert decimal(Decimal("0.5"), places=2) == "0,50"
    assert decimal(-0.04) == "0,0"  # no negative zero


def test_dates_and_years_are_never_grouped():
    assert day(dt.date(2015, 4, 23)) == "2015-04-23"
    assert day(dt.datetime(2015, 4, 23, 14, 5)) == "2015-04-23"
    assert year(2015) == "2015"
    assert year("1990") == "1990"


def test_templates_group_amounts_but_never_years_or_plain_ints():
    html = Template(
        "{% load swedish %}{{ amount|kr }}|{{ count|number }}|{{ p|percent }}|{{ r|share }}|{{ y }}|{{ y|year }}"
        '|<a href="?year={{ y }}">'
    ).render(Context({"amount": 2750000, "count": 12345, "p": 50, "r": 0.25, "y": 2015}))

    assert html == '2 750 000 kr|12 345|50,0\u00a0%|25,0\u00a0%|2015|2015|<a href="?year=2015">'
