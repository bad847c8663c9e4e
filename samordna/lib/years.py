"""Which year a page shows: the one asked for, else the latest year with data for this user, else this year.

A page that chose the year itself says so ("Visar 2018, det senaste året med uppgifter."), and a year that cannot
be shown (`?year=abc`, `?ar=99999`) gives a message and the default year instead of an error page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

FIRST_YEAR = 2004  # samordningsförbund exist from 2004 (lag 2003:1210)
LAST_YEAR = 2100


@dataclass(frozen=True)
class ShownYear:
    year: int
    note: str = ""  # why this year is shown, when the user did not choose it
    error: str = ""  # what was wrong with the year asked for

    @property
    def message(self) -> str:
        return " ".join(part for part in (self.error, self.note) if part)


def parse_year(raw: object) -> int | None:
    """A plain year in the range a förbund can have data for, or None."""
    text = str(raw).strip() if raw is not None else ""
    if not (text.isascii() and text.isdigit()):
        return None
    year = int(text)
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


def shown_year(raw: object, latest: Callable[[], int | None], today: dt.date | None = None) -> ShownYear:
    """The year to show for the raw query value; `latest` gives the latest year with data up to this year."""
    if raw not in (None, ""):
        year = parse_year(raw)
        if year is not None:
            return ShownYear(year)
        error = _("”%(value)s” är inget år som kan visas; ange ett år mellan %(first)s och %(last)s.") % {
            "value": str(raw)[:20],
            "first": FIRST_YEAR,
            "last": LAST_YEAR,
        }
    else:
        error = ""
    this_year = (today or timezone.localdate()).year
    found = latest()
    if found is not None and found <= this_year:
        note = _("Visar %(year)s, det senaste året med uppgifter.") % {"year": found}
        return ShownYear(found, note=note, error=error)
    note = _("Visar %(year)s, innevarande år; inget år har uppgifter ännu.") % {"year": this_year}
    return ShownYear(this_year, note=note, error=error)


def latest_up_to(years: list[int | None] | set[int | None], today: dt.date | None = None) -> int | None:
    """The latest of the years up to this year: a budget drafted for next year does not move the default."""
    this_year = (today or timezone.localdate()).year
    candidates = [y for y in years if y is not None and y <= this_year]
    return max(candidates) if candidates else None
