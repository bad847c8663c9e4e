import datetime as dt

from samordna.lib.months import add_months, periods


def test_add_months_keeps_the_day_or_takes_the_last_of_a_short_month():
    assert add_months(dt.date(2021, 12, 31), 1) == dt.date(2022, 1, 31)
    assert add_months(dt.date(2022, 8, 31), 6) == dt.date(2023, 2, 28)
    assert add_months(dt.date(2024, 2, 29), -12) == dt.date(2023, 2, 28)


def test_periods_align_to_the_calendar_and_clip_to_the_span():
    spans = list(periods(dt.date(2019, 3, 15), dt.date(2019, 12, 10), 4))
    assert spans == [
        (dt.date(2019, 3, 15), dt.date(2019, 4, 30)),
        (dt.date(2019, 5, 1), dt.date(2019, 8, 31)),
        (dt.date(2019, 9, 1), dt.date(2019, 12, 10)),
    ]
