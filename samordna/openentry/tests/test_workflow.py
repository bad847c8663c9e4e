"""The intake request from filing to recommendation: every step, who may take it, and that refusals change nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from samordna.audit.models import AuditEvent
from samordna.lib.errors import Refused
from samordna.openentry import actions, workflow
from samordna.openentry.models import AgendaItem, Channel, IntakeRequest, RecommendationPart, RequestState

from .conftest import request_fields


def snapshot():
    return (
        AuditEvent.objects.count(),
        list(IntakeRequest.objects.values_list("state", flat=True).order_by("pk")),
        AgendaItem.objects.count(),
        RecommendationPart.objects.count(),
    )


def test_a_request_without_consent_is_refused_and_nothing_is_stored(world, team):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        actions.file_request(world.people.colleague, world.a, **request_fields(world, team.team, consent_given_on=None))

    assert "samtycka" in str(refused.value)
    assert snapshot() == before
    assert "Tove Testperson" not in [r.person_name for r in IntakeRequest.objects.all()]


def test_consent_after_the_request_arrived_is_refused(world, team):
    with pytest.raises(ValidationError):
        actions.file_request(
            world.people.colleague, world.a, **request_fields(world, team.team, consent_given_on=dt.date(2018, 1, 9))
        )
    assert IntakeRequest.objects.count() == 0


def test_staff_file_on_the_web_and_a_seat_of_the_team_registers_paper(world, team):
    web = actions.file_request(world.people.colleague, world.a, **request_fields(world, team.team))
    paper = actions.file_request(team.seat_fk, world.a, **request_fields(world, team.team, channel="PAPER"))

    assert (web.channel, web.reference, web.state) == (Channel.WEB, "2018-001", RequestState.RECEIVED)
    assert (paper.channel, paper.reference) == (Channel.PAPER, "2018-002")
    assert web.personnummer == "198903029802"
    event = AuditEvent.objects.filter(action="intake.file").last()
    assert event is not None
    assert "Tove" not in str(event.changes) and "19890302" not in str(event.changes)


@pytest.mark.parametrize("persona", ["admin", "office", "board", "auditor", "applicant", "dpo"])
def test_roles_outside_the_members_staff_cannot_file(world, team, persona):
    before = snapshot()
    with pytest.raises(Refused):
        actions.file_request(getattr(world.people, persona), world.a, **request_fields(world, team.team))
    assert snapshot() == before


def test_a_paper_request_is_refused_from_staff_without_a_seat_in_the_team(world, team):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        actions.file_request(world.people.colleague, world.a, **request_fields(world, team.team, channel="PAPER"))

    assert "Bara den som har en plats i teamet" in str(refused.value)
    assert snapshot() == before


@pytest.mark.parametrize("who, allowed", [("office", True), ("leader", True), ("seat", False), ("filer", False)])
def test_who_may_put_a_request_on_the_agenda(world, team, filed, who, allowed):
    actor = {
        "office": world.people.office,
        "leader": team.leader,
        "seat": team.seat_fk,
        "filer": world.people.colleague,
    }[who]
    before = snapshot()

    if allowed:
        actions.put_on_agenda(actor, filed, team.meetings[0])
        filed.refresh_from_db()
        assert filed.state == RequestState.ON_AGENDA
    else:
        with pytest.raises(Refused):
            actions.put_on_agenda(actor, filed, team.meetings[0])
        assert snapshot() == before


def test_another_teams_meeting_or_an_earlier_one_is_refused(world, team, filed):
    other_meeting = actions.schedule_meetings(None, team.other_team, start=dt.date(2018, 1, 8), weeks=1)[0]
    before = snapshot()
    with pytest.raises(ValidationError):
        actions.put_on_agenda(team.leader, filed, other_meeting)
    early = actions.schedule_meetings(None, team.team, start=dt.date(2018, 1, 1), weeks=1)[0]
    with pytest.raises(ValidationError):
        actions.put_on_agenda(team.leader, filed, early)
    assert snapshot()[1:] == before[1:]


@pytest.fixture
def on_agenda(world, team, filed):
    return actions.put_on_agenda(world.people.office, filed, team.meetings[0])


def two_parts(world):
    return [
        {"kind": "ORDINARY", "member": world.members_a["af"], "note": "Vägledning hos Arbetsförmedlingen"},
        {"kind": "INSATS", "intervention": world.insats_a, "track": "Koordinatorstöd"},
    ]


@pytest.mark.parametrize("who", ["leader", "seat"])
def test_the_team_recommends_parallel_supports(world, team, on_agenda, who):
    actor = team.leader if who == "leader" else team.seat_kommun

    item = actions.record_outcome(
        actor, on_agenda, outcome=RequestState.RECOMMENDED, person_present=True, parts=two_parts(world)
    )

    item.request.refresh_from_db()
    assert item.request.state == RequestState.RECOMMENDED
    parts = list(item.parts.order_by("pk"))
    assert [p.kind for p in parts] == ["ORDINARY", "INSATS"]
    assert [p.referral_status for p in parts] == ["", "PENDING"]
    assert item.person_present is True


@pytest.mark.parametrize("who", ["office", "filer", "other_team", "handler", "board"])
def test_only_the_team_may_record_the_outcome(world, team, on_agenda, who):
    actor = {
        "office": world.people.office,
        "filer": world.people.colleague,
        "other_team": team.other,
        "handler": world.people.handler,
        "board": world.people.board,
    }[who]
    before = snapshot()

    with pytest.raises(Refused):
        actions.record_outcome(
            actor, on_agenda, outcome=RequestState.RECOMMENDED, person_present=False, parts=two_parts(world)
        )

    assert snapshot() == before


def test_a_recommendation_needs_a_part(world, team, on_agenda):
    before = snapshot()
    with pytest.raises(ValidationError):
        actions.record_outcome(team.leader, on_agenda, outcome=RequestState.RECOMMENDED, person_present=False)
    with pytest.raises(ValidationError):
        actions.record_outcome(
            team.leader,
            on_agenda,
            outcome=RequestState.RECOMMENDED,
            person_present=False,
            parts=[{"kind": "INSATS", "intervention": world.other_insats_a}],
        )
    with pytest.raises(ValidationError):
        actions.record_outcome(
            team.leader,
            on_agenda,
            outcome=RequestState.RECOMMENDED,
            person_present=False,
            parts=[{"kind": "INSATS", "intervention": world.insats_b}],
        )
    assert snapshot() == before


def test_not_relevant_needs_a_motivation_and_a_recommendation_for_continued_planning(world, team, on_agenda):
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        actions.record_outcome(team.seat_fk, on_agenda, outcome=RequestState.NOT_RELEVANT, person_present=False)
    assert set(refused.value.message_dict) == {"motivation", "continued_planning"}
    assert snapshot() == before

    item = actions.record_outcome(
        team.seat_fk,
        on_agenda,
        outcome=RequestState.NOT_RELEVANT,
        person_present=False,
        motivation="Ordinarie stöd räcker.",
        continued_planning="Fortsätt planeringen med Arbetsförmedlingen.",
    )
    assert item.request.state == RequestState.NOT_RELEVANT


def test_another_meeting_puts_the_request_back_in_line(world, team, on_agenda):
    actions.record_outcome(team.leader, on_agenda, outcome=RequestState.ANOTHER_MEETING, person_present=False)
    request = IntakeRequest.objects.get()
    assert request.state == RequestState.ANOTHER_MEETING

    second = actions.put_on_agenda(team.leader, request, team.meetings[1])
    actions.record_outcome(
        team.leader, second, outcome=RequestState.RECOMMENDED, person_present=True, parts=two_parts(world)
    )

    request.refresh_from_db()
    assert request.state == RequestState.RECOMMENDED
    with pytest.raises(Refused):
        actions.record_outcome(team.leader, on_agenda, outcome=RequestState.ANOTHER_MEETING, person_present=False)


def test_an_outcome_cannot_be_recorded_twice(world, team, on_agenda):
    actions.record_outcome(
        team.leader, on_agenda, outcome=RequestState.RECOMMENDED, person_present=True, parts=two_parts(world)
    )
    before = snapshot()
    with pytest.raises(Refused):
        actions.record_outcome(team.leader, on_agenda, outcome=RequestState.ANOTHER_MEETING, person_present=True)
    assert snapshot() == before


def test_the_filer_withdraws_and_the_personal_data_goes(world, team, filed):
    with pytest.raises(Refused):
        actions.withdraw_request(team.seat_fk, filed)

    actions.withdraw_request(world.people.colleague, filed)

    filed.refresh_from_db()
    assert filed.state == RequestState.WITHDRAWN
    assert (filed.person_name, filed.personnummer, filed.wanted_support) == ("", "", "")
    assert filed.reference == "2018-001"


def test_a_recommended_request_cannot_be_withdrawn(world, team, on_agenda):
    actions.record_outcome(
        team.leader, on_agenda, outcome=RequestState.RECOMMENDED, person_present=True, parts=two_parts(world)
    )
    with pytest.raises(Refused):
        actions.withdraw_request(world.people.office, on_agenda.request)


def test_the_workflow_table_names_every_state_once_as_a_target():
    targets = {step.target for step in workflow.STEPS.values()}
    assert targets == set(RequestState.values) - {RequestState.RECEIVED}


def test_a_team_seat_demands_the_second_factor(world):
    from samordna.openentry.models import Team, TeamSeat
    from samordna.tenancy.permissions import requires_second_factor

    prep = world.people.preparatory
    assert not requires_second_factor(prep)
    team = Team.objects.create(forbund=world.a, name="Alfas team")
    TeamSeat.objects.create(team=team, member=world.members_a["fk"], function="Handläggare", holder=prep)

    assert requires_second_factor(prep)


def test_a_series_starting_past_the_calendar_is_refused_on_the_page(world, team, login_as):
    client = login_as(world.people.office)
    meetings = team.team.meetings.count()

    response = client.post(
        f"/f/alfa/samverkan/team/{team.team.pk}/moten/", {"start": "9999-12-31", "weeks": "4"}, follow=True
    )

    assert response.status_code == 200
    assert "Ange ett startdatum mellan 2004 och 2100." in response.content.decode()
    assert team.team.meetings.count() == meetings
