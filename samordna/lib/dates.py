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
