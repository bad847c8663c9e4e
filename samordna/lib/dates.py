"""Dates that record something that has happened: the one check that they do not lie after today.

Actions call it, so that pages, the API and imports refuse the same dates; the error is keyed by field, so that
a form shows it beside the date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils import timezone


def _as_date(day: dt.date | dt.datetime) -> dt.date:
    if isinstance(day, dt.datetime):
        return timezone.localdate(day) if timezone.is_aware(day) else day.date()
    return day


def is_future(day: dt.date | dt.datetime | None, today: dt.date | None = None) -> bool:
    """Whether `day` lies after today (a missing date does not)."""
    return day is not None and _as_date(day) > (today or timezone.localdate())


def future_problems(
    checks: Iterable[tuple[str, dt.date | dt.datetime | None, str]], today: dt.date | None = None
) -> list[tuple[str, str]]:
    """The (field, message) of every check whose date lies after today, for rules that collect problems."""
    return [(field, message) for field, day, message in checks if is_future(day, today)]


def refuse_future(field: str, day: dt.date | dt.datetime | None, message: str, *, today: dt.date | None = None) -> None:
    """Raise a ValidationError on `field` with `message` when `day` lies after today."""
    if is_future(day, today):
        raise ValidationError({field: message})


def _easter_sunday(year: int) -> dt.date:
    """Easter Day in the Gregorian calendar (the anonymous algorithm of 1876)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return dt.date(year, month, day + 1)


def _days_off(year: int) -> set[dt.date]:
    """Public holidays and the eves the law on reckoning statutory time treats like them (SFS 1930:173)."""
    easter = _easter_sunday(year)
    fixed = [(1, 1), (1, 6), (5, 1), (6, 6), (12, 24), (12, 25), (12, 26), (12, 31)]
    days = {dt.date(year, month, day) for month, day in fixed}
    days |= {easter - dt.timedelta(days=2), easter + dt.timedelta(days=1), easter + dt.timedelta(days=39)}
    # Midsummer Eve is the Friday between 19 and 25 June.
    days |= {dt.date(year, 6, d) for d in range(19, 26) if dt.date(year, 6, d).weekday() == 4}
    return days


def working_day_on_or_after(day: dt.date) -> dt.date:
    """A time limit that ends on a Saturday, Sunday, public holiday or such an eve ends on the next working day."""
    while day.weekday() >= 5 or day in _days_off(day.year):
        day += dt.timedelta(days=1)
    return day
