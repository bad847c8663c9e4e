"""Report periods and due dates, as pure date arithmetic."""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day `months` later; a month's last day stays the last day (2021-12-31 + 1 → 2022-01-31)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    at_month_end = day.day == calendar.monthrange(day.year, day.month)[1]
    return dt.date(year, month + 1, last if at_month_end else min(day.day, last))


def calendar_periods(start: dt.date, end: dt.date, months: int) -> list[tuple[dt.date, dt.date]]:
    """Calendar periods of `months` months (month, quarter, tertial, half-year, year) that overlap start–end."""
    first_month = (start.month - 1) // months * months + 1
    period_start = dt.date(start.year, first_month, 1)
    out = []
    while period_start <= end:
        next_start = add_months(period_start, months)
        out.append((period_start, next_start - dt.timedelta(days=1)))
        period_start = next_start
    return out


def final_report_due(end: dt.date) -> dt.date:
    """R24: the final report is due one month after the insats ends."""
    return add_months(end, 1)


def annual_accounts_due(year: int) -> dt.date:
    """R23: the annual accounts are due by 31 March of the following year."""
    return dt.date(year + 1, 3, 31)
