"""Report schedules and due dates (R23, R24)."""

import datetime as dt

from samordna.reporting.schedule import add_months, annual_accounts_due, calendar_periods, final_report_due


def test_knivsta_final_report_is_due_one_month_after_the_end():
    assert final_report_due(dt.date(2021, 12, 31)) == dt.date(2022, 1, 31)
    assert final_report_due(dt.date(2021, 1, 31)) == dt.date(2021, 2, 28)
    assert final_report_due(dt.date(2021, 6, 15)) == dt.date(2021, 7, 15)


def test_annual_accounts_due_31_march():
    assert annual_accounts_due(2015) == dt.date(2016, 3, 31)


def test_calendar_periods_cover_the_insats():
    tertials = calendar_periods(dt.date(2018, 2, 10), dt.date(2018, 12, 31), 4)
    assert tertials == [
        (dt.date(2018, 1, 1), dt.date(2018, 4, 30)),
        (dt.date(2018, 5, 1), dt.date(2018, 8, 31)),
        (dt.date(2018, 9, 1), dt.date(2018, 12, 31)),
    ]
    assert len(calendar_periods(dt.date(2021, 1, 1), dt.date(2023, 12, 31), 1)) == 36
    assert add_months(dt.date(2020, 2, 29), 12) == dt.date(2021, 2, 28)
