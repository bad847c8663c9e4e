"""Calendar arithmetic in whole months, as the rules count them ("every third month", "six months after")."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day when it is shorter (2021-12-31 + 1 = 2022-01-31)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def periods(start: dt.date, end: dt.date, months: int) -> Iterator[tuple[dt.date, dt.date]]:
    """Calendar periods of `months` months (1, 3, 4, 6, 12) aligned to the year, clipped to [start, end]."""
    first_month = (start.month - 1) // months * months + 1
    cursor = dt.date(start.year, first_month, 1)
    while cursor <= end:
        period_end = month_end(add_months(cursor, months - 1))
        yield max(cursor, start), min(period_end, end)
        cursor = add_months(cursor, months)
