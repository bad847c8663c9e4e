"""Reads for the open entry's work views and its statistics. Statistics are grouped and counted by the database."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, DurationField, ExpressionWrapper, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from samordna.stats.queries import EMPTY, cell, counted
from samordna.stats.suppression import Group, Share, publish

from .models import (
    AgendaItem,
    IntakeRequest,
    PartKind,
    PrestepStay,
    RecommendationPart,
    RequestState,
    SystemGap,
    Team,
    TeamMeeting,
)


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


def _days(value) -> int:
    """Whole days of a summed duration (the database gives a timedelta, or microseconds on some backends)."""
    if value is None:
        return 0
    return value.days if isinstance(value, dt.timedelta) else round(float(value) / 86_400_000_000)


OUTCOMES = (RequestState.RECOMMENDED, RequestState.NOT_RELEVANT, RequestState.ANOTHER_MEETING)


def team_statistics(team: Team) -> dict:
    """Requests per month, outcomes, recommendations by kind, waiting times and system gaps for one team.

    The figures come as cell-key counts (`Cell`, each with the sum of its records' keys) in suppression containers
    (`Group`, `Share`), ready for `publish`, which perturbs them for every reader; nothing here is for showing as it
    is.
    """
    requests = IntakeRequest.objects.filter(team=team)
    per_month = {
        f"{row['month']:%Y-%m}": cell(row, "n")
        for row in requests.annotate(month=TruncMonth("received_on"))
        .values("month")
        .annotate(**counted("n"))
        .order_by("month")
    }
    outcomes = {
        row["outcome"]: cell(row, "n")
        for row in AgendaItem.objects.filter(meeting__team=team)
        .exclude(outcome="")
        .values("outcome")
        .annotate(**counted("n"))
        .order_by()
    }
    kinds = {
        row["kind"]: cell(row, "n")
        for row in RecommendationPart.objects.filter(item__meeting__team=team)
        .values("kind")
        .annotate(**counted("n"))
        .order_by()
    }
    first_meeting = (
        AgendaItem.objects.filter(request=OuterRef("pk")).order_by("meeting__date").values("meeting__date")[:1]
    )
    first_start = (
        RecommendationPart.objects.filter(item__request=OuterRef("pk"), participation__isnull=False)
        .order_by("participation__enrolment_date")
        .values("participation__enrolment_date")[:1]
    )
    waits = requests.annotate(first_meeting=Subquery(first_meeting), first_start=Subquery(first_start)).aggregate(
        to_meeting=Sum(ExpressionWrapper(F("first_meeting") - F("received_on"), output_field=DurationField())),
        to_start=Sum(ExpressionWrapper(F("first_start") - F("received_on"), output_field=DurationField())),
        **counted("met", Q(first_meeting__isnull=False)),
        **counted("started", Q(first_start__isnull=False)),
    )
    gaps = SystemGap.objects.filter(team=team).aggregate(
        **counted("open", Q(answered_on__isnull=True)), **counted("answered", Q(answered_on__isnull=False))
    )
    met, started = cell(waits, "met"), cell(waits, "started")
    return {
        "per_month": Group(per_month),
        "outcomes": Group({k: outcomes.get(k, EMPTY) for k in OUTCOMES}),
        "kinds": Group({k: kinds.get(k, EMPTY) for k in PartKind.values}),
        # Mean days: the sum of days over the requests it rests on, hidden with them when they are few.
        "days_to_meeting": Share(_days(waits["to_meeting"]), met, places=1, numerator_is_count=False),
        "days_to_start": Share(_days(waits["to_start"]), started, places=1, numerator_is_count=False),
        "met": met,
        "started": started,
        "gaps": Group({"open": cell(gaps, "open"), "answered": cell(gaps, "answered")}),
    }


def published_team_statistics(team: Team, threshold: int | None) -> dict:
    """The team's statistics as they may be shown: every figure through `publish`, with labels for the page."""
    shown = publish(team_statistics(team), threshold)
    return {
        **shown,
        "per_month": list(shown["per_month"].items()),
        "outcomes": [(RequestState(k).label, v) for k, v in shown["outcomes"].items()],
        "kinds": [(PartKind(k).label, v) for k, v in shown["kinds"].items()],
    }


def my_teams(user, forbund, today: dt.date | None = None):
    """The teams `user` leads or holds a seat in, each with its next meeting (`next_meeting`) and the number of
    requests waiting for a meeting (`waiting`). One query, and no personal data."""
    today = today or timezone.localdate()
    return (
        Team.objects.filter(forbund=forbund)
        .filter(Q(leader=user) | Q(seats__holder=user))
        .distinct()
        .annotate(
            next_meeting=Subquery(
                TeamMeeting.objects.filter(team=OuterRef("pk"), date__gte=today).order_by("date").values("date")[:1]
            ),
            waiting=Coalesce(
                Subquery(
                    IntakeRequest.objects.filter(
                        team=OuterRef("pk"), state__in=[RequestState.RECEIVED, RequestState.ANOTHER_MEETING]
                    )
                    .order_by()
                    .values("team")
                    .annotate(n=Count("pk"))
                    .values("n")[:1]
                ),
                0,
            ),
        )
        .order_by("name")
    )
