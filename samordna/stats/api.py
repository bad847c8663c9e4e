"""Statistics over the API: the same reports and the same suppression as the pages (JSON keys as in issue 4)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja import Router
from ninja.errors import HttpError

from samordna.api.api import answers, forbund_for_api
from samordna.interventions.models import Intervention
from samordna.tenancy.http import AuthenticatedHttpRequest
from samordna.tenancy.permissions import Capability

from . import reports, schemas
from .access import log_exact_read, stats_access

router = Router(tags=["statistik"])


def _scope(request: AuthenticatedHttpRequest, forbund_slug: str, insats: str | None, report: str, **selection):
    """The förbund, the insatser covered and the threshold (None: exact, and then logged as a read)."""
    forbund = forbund_for_api(request, forbund_slug, Capability.VIEW_STATISTICS)
    access = stats_access(request.user, forbund)
    wanted = None
    if insats:
        wanted = (
            Intervention.objects.filter(forbund=forbund, registration_no=insats).values_list("pk", flat=True).first()
        )
        if wanted is None:
            raise HttpError(404, f"Insatsen {insats} finns inte i förbundet.")
    covered = access.restrict(wanted)
    threshold = access.threshold(covered)
    if threshold is None:
        log_exact_read(request.user, forbund, report, covered, api="ja", **selection)
    return forbund, covered, threshold


def _period(date_from: dt.date | None, date_to: dt.date | None) -> tuple[dt.date, dt.date]:
    """The period asked for; without dates, this calendar year. Checked after authorisation, so that an
    outsider learns nothing from the validation."""
    year = timezone.localdate().year
    start, end = date_from or dt.date(year, 1, 1), date_to or dt.date(year, 12, 31)
    if end < start:
        raise HttpError(422, "Periodens slut (date_to) ligger före dess början (date_from).")
    return start, end


def _year(year: int | None) -> int:
    """The year asked for, or this year; checked after authorisation like the period."""
    if year is None:
        return timezone.localdate().year
    if not 1900 <= year <= 2200:
        raise HttpError(422, "Året (year) ska vara mellan 1900 och 2200.")
    return year


@router.get(
    "/forbund/{forbund_slug}/stats/participants",
    response=answers(schemas.ParticipantReport),
    by_alias=True,
    summary="Deltagarrapport för en period",
)
def participants(
    request,
    forbund_slug: str,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    insats: str | None = None,
):
    forbund, covered, threshold = _scope(
        request, forbund_slug, insats, "participants", date_from=date_from, date_to=date_to
    )
    return reports.participants(forbund, *_period(date_from, date_to), covered, threshold)


@router.get(
    "/forbund/{forbund_slug}/stats/monthly",
    response=answers(schemas.MonthlyReport),
    summary="Månadsrapport per insats med summor",
)
def monthly(request, forbund_slug: str, year: int | None = None, insats: str | None = None):
    forbund, covered, threshold = _scope(request, forbund_slug, insats, "monthly", year=year)
    return reports.monthly(forbund, _year(year), covered, threshold)


@router.get(
    "/forbund/{forbund_slug}/stats/goals",
    response=answers(schemas.GoalReport),
    by_alias=True,
    summary="Måluppfyllelse per insats",
)
def goals(
    request,
    forbund_slug: str,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    insats: str | None = None,
):
    forbund, covered, threshold = _scope(request, forbund_slug, insats, "goals", date_from=date_from, date_to=date_to)
    return reports.goals(forbund, *_period(date_from, date_to), covered, threshold)


@router.get(
    "/forbund/{forbund_slug}/stats/finsam",
    response=answers(schemas.FinsamReport),
    summary="Uppföljning Finsam för ett år (exakt)",
)
def finsam(request, forbund_slug: str, year: int | None = None):
    forbund = forbund_for_api(request, forbund_slug, Capability.EXPORT_FINSAM)
    return reports.finsam(forbund, _year(year))
