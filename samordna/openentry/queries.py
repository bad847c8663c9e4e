"""Reads for the open entry's work views and its statistics. Statistics are grouped and counted by the database."""

from __future__ import annotations

import datetime as dt

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .models import AgendaItem, IntakeRequest, PartKind, PrestepStay, RecommendationPart, RequestState, SystemGap, Team


def waiting_requests(team: Team):
    """Requests waiting for a meeting, by reference only: no personal data."""
    return (
        IntakeRequest.objects.filter(team=team, state__in=[RequestState.RECEIVED, RequestState.ANOTHER_MEETING])
        .select_related("filing_member")
        .only("id", "reference", "received_on", "state", "channel", "filing_member__name", "team_id")
        .order_by("received_on", "reference")
    )


def upcoming_meetings(team: Team, today: dt.date | None = None):
    today = today or timezone.localdate()
    return team.meetings.filter(date__gte=today).annotate(items_count=Count("items")).order_by("date")


def prestep_stays(team: Team, today: dt.date | None = None) -> list[PrestepStay]:
    """Running pre-step stays of the team's requests, each flagged when past its guideline."""
    today = today or timezone.localdate()
    stays = list(
        PrestepStay.objects.filter(request__team=team, ended_on__isnull=True)
        .select_related("prestep", "request")
        .order_by("started_on")
    )
    for stay in stays:
        stay.overrun = stay.is_overrun(today)
    return stays


def _days(value) -> float | None:
    if value is None:
        return None
    return round(value.total_seconds() / 86400, 1) if isinstance(value, dt.timedelta) else round(float(value), 1)


def team_statistics(team: Team) -> dict:
    """Requests per month, outcomes, recommendations by kind, waiting times and system gaps for one team."""
    requests = IntakeRequest.objects.filter(team=team)
    per_month = list(
        requests.annotate(month=TruncMonth("received_on")).values("month").annotate(n=Count("pk")).order_by("month")
    )
    outcomes = dict(
        AgendaItem.objects.filter(meeting__team=team)
        .exclude(outcome="")
        .values_list("outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    kinds = dict(
        RecommendationPart.objects.filter(item__meeting__team=team)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    first_meeting = (
        AgendaItem.objects.filter(request=OuterRef("pk")).order_by("meeting__date").values("meeting__date")[:1]
    )
    first_start = (
        RecommendationPart.objects.filter(item__request=OuterRef("pk"), participation__isnull=False)
        .order_by("participation__enrolment_date")
        .values("participation__enrolment_date")[:1]
    )
    waits = requests.annotate(first_meeting=Subquery(first_meeting), first_start=Subquery(first_start)).aggregate(
        to_meeting=Avg(ExpressionWrapper(F("first_meeting") - F("received_on"), output_field=DurationField())),
        to_start=Avg(ExpressionWrapper(F("first_start") - F("received_on"), output_field=DurationField())),
        met=Count("pk", filter=Q(first_meeting__isnull=False)),
        started=Count("pk", filter=Q(first_start__isnull=False)),
    )
    gaps = SystemGap.objects.filter(team=team).aggregate(
        open=Count("pk", filter=Q(answered_on__isnull=True)), answered=Count("pk", filter=Q(answered_on__isnull=False))
    )
    return {
        "per_month": per_month,
        "outcomes": [
            (RequestState(k).label, outcomes.get(k, 0))
            for k in (RequestState.RECOMMENDED, RequestState.NOT_RELEVANT, RequestState.ANOTHER_MEETING)
        ],
        "kinds": [(PartKind(k).label, kinds.get(k, 0)) for k in PartKind.values],
        "days_to_meeting": _days(waits["to_meeting"]),
        "days_to_start": _days(waits["to_start"]),
        "met": waits["met"],
        "started": waits["started"],
        "gaps": gaps,
    }
