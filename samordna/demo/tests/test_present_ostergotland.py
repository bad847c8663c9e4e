"""Östra Östergötland in the present: the team's requests at every stage, dated up to the day the demo runs."""

import datetime as dt

import pytest
from django.apps import apps

from samordna.demo.loader import load_demo
from samordna.demo.present import ostergotland
from samordna.openentry import demo as openentry_demo
from samordna.openentry.models import (
    AgendaItem,
    IntakeRequest,
    PrestepFollowUp,
    PrestepStay,
    ReferralStatus,
    RequestState,
    SamsipMeeting,
    SystemGap,
    Team,
)
from samordna.participants.models import Consent, Participation

TODAY = dt.date(2026, 3, 11)  # a Wednesday; the team meets on Tuesdays


@pytest.fixture
def team(db) -> Team:
    load_demo(include_apps=False)
    openentry_demo.load()
    loaded = ostergotland.load(today=TODAY)
    assert loaded is not None
    return loaded


def present_requests(team: Team):
    return IntakeRequest.objects.filter(team=team, received_on__gt=dt.date(2020, 1, 1))


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models(include_auto_created=True)}


def test_every_stage_of_the_teams_work_is_in_the_present(team):
    requests = present_requests(team)
    states = set(requests.values_list("state", flat=True))
    assert states == {
        RequestState.RECEIVED,
        RequestState.ON_AGENDA,
        RequestState.RECOMMENDED,
        RequestState.NOT_RELEVANT,
        RequestState.ANOTHER_MEETING,
    }
    # Received: one on the web, one on paper with the consent recorded before it came in.
    received = requests.filter(state=RequestState.RECEIVED)
    assert set(received.values_list("channel", flat=True)) == {"WEB", "PAPER"}
    assert any(r.consent_given_on < r.received_on for r in received)
    # On the agenda of the next meeting ahead.
    waiting = AgendaItem.objects.get(request__in=requests.filter(state=RequestState.ON_AGENDA))
    assert waiting.meeting.date > TODAY and waiting.outcome == ""
    # Recommended with several parts; not relevant with its motivation and the continued planning.
    assert any(item.parts.count() >= 3 for item in AgendaItem.objects.filter(outcome=RequestState.RECOMMENDED))
    not_relevant = AgendaItem.objects.get(request__in=requests, outcome=RequestState.NOT_RELEVANT)
    assert not_relevant.motivation and not_relevant.continued_planning
    assert AgendaItem.objects.filter(request__in=requests, outcome=RequestState.ANOTHER_MEETING).exists()
    # Referred to the insats: one still waiting, one accepted with the stay started.
    parts = {
        status: list(
            AgendaItem.objects.filter(request__in=requests)
            .values_list("parts__referral_status", flat=True)
            .filter(parts__referral_status=status)
        )
        for status in (ReferralStatus.PENDING, ReferralStatus.ACCEPTED)
    }
    assert parts[ReferralStatus.PENDING] and parts[ReferralStatus.ACCEPTED]
    stay = Participation.objects.get(referral__item__request__in=requests)
    assert stay.intervention.registration_no == "2014:1" and stay.referrer == "FK"
    # A SAMSIP held; pre-steps running, one past its one-year guideline.
    assert SamsipMeeting.objects.filter(request__in=requests).count() == 2
    stays = list(PrestepStay.objects.filter(request__in=requests, ended_on__isnull=True))
    assert sorted(s.is_overrun(TODAY) for s in stays) == [False, True]


def test_the_team_met_every_week_and_meets_again_next_week(team):
    recent = team.meetings.filter(date__gte=TODAY - dt.timedelta(weeks=10))
    held = recent.filter(date__lte=TODAY)
    assert held.count() >= 9
    assert all(m.date.weekday() == team.meeting_weekday for m in recent)
    assert recent.filter(date__gt=TODAY, date__lte=TODAY + dt.timedelta(days=7)).exists()
    # Most of the recent meetings had requests on their agenda.
    assert held.filter(items__isnull=False).distinct().count() >= 6


def test_system_gaps_reported_and_one_answered(team):
    gaps = SystemGap.objects.filter(team=team, found_on__gt=TODAY - dt.timedelta(weeks=10))
    assert gaps.count() == 2
    assert gaps.filter(answered_on__isnull=False).count() == 1


def test_no_fact_is_dated_after_today(team):
    requests = present_requests(team)
    assert requests.count() == len(ostergotland.PEOPLE)
    dates = [
        *requests.values_list("received_on", flat=True),
        *requests.values_list("consent_given_on", flat=True),
        *AgendaItem.objects.filter(request__in=requests).exclude(outcome="").values_list("meeting__date", flat=True),
        *SamsipMeeting.objects.filter(request__in=requests).values_list("held_on", flat=True),
        *PrestepStay.objects.filter(request__in=requests).values_list("started_on", flat=True),
        *PrestepFollowUp.objects.filter(stay__request__in=requests).values_list("held_on", flat=True),
        *SystemGap.objects.filter(team=team).values_list("found_on", flat=True),
        *SystemGap.objects.filter(team=team).values_list("sent_on", flat=True),
        *SystemGap.objects.filter(team=team).exclude(answered_on=None).values_list("answered_on", flat=True),
        *Participation.objects.filter(referral__item__request__in=requests).values_list("enrolment_date", flat=True),
        *Consent.objects.filter(participant__forbund=team.forbund).values_list("given_on", flat=True),
    ]
    assert dates and max(dates) <= TODAY


def test_loading_again_adds_nothing(team):
    before = row_counts()
    assert ostergotland.load(today=TODAY) == team
    assert ostergotland.load(today=TODAY + dt.timedelta(days=1)) == team
    assert row_counts() == before


def test_the_demo_loader_runs_it_after_the_open_entry():
    from samordna.demo.loader import APP_DEMOS

    assert APP_DEMOS.index("samordna.demo.present.ostergotland") > APP_DEMOS.index("samordna.openentry.demo")
