"""Honest defaults in the open entry: a team's outcome waits for its meeting, and what has happened (a request
received, a SAMSIP held, a pre-step started, a gap answered) cannot be dated in the future. Nothing changes on a
refusal; the referral's enrolment form assumes nothing about the person."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samordna.audit.models import AuditEvent
from samordna.openentry import actions
from samordna.openentry.models import (
    AgendaItem,
    IntakeRequest,
    PrestepStay,
    RecommendationPart,
    ReferralStatus,
    RequestState,
    SamsipMeeting,
    SystemGap,
)
from samordna.participants.models import Participation

from .conftest import report_gap, request_fields

TODAY = dt.date.today()
TOMORROW = TODAY + dt.timedelta(days=1)


def found(pattern: str, html: str, group: int = 0) -> str:
    """The part of the page that `pattern` matches; the test fails when the page lacks it."""
    match = re.search(pattern, html, re.S)
    assert match is not None, pattern
    return match.group(group)


def counts():
    return tuple(
        model.objects.count()
        for model in (IntakeRequest, AgendaItem, RecommendationPart, SamsipMeeting, SystemGap, Participation)
    ) + (AuditEvent.objects.count(),)


@pytest.fixture
def ahead(team):
    """The team's next meeting, after today."""
    return actions.schedule_meetings(None, team.team, start=TOMORROW, weeks=1)[0]


def test_an_outcome_for_a_meeting_not_yet_held_is_refused_and_nothing_changes(world, team, filed, ahead):
    item = actions.put_on_agenda(world.people.office, filed, ahead)
    before = counts()

    with pytest.raises(ValidationError) as excinfo:
        actions.record_outcome(
            team.leader,
            item,
            outcome=RequestState.RECOMMENDED,
            person_present=True,
            parts=[{"kind": "ORDINARY", "member": world.members_a["af"]}],
        )

    assert "har inte hållits än" in excinfo.value.message_dict["outcome"][0]
    assert counts() == before
    item.refresh_from_db()
    filed.refresh_from_db()
    assert (item.outcome, filed.state) == ("", RequestState.ON_AGENDA)


def test_the_review_page_shows_why_the_outcome_must_wait(world, team, filed, ahead, login_as):
    item = actions.put_on_agenda(world.people.office, filed, ahead)
    client = login_as(team.leader)
    before = counts()

    response = client.post(
        reverse("openentry:review", args=["alfa", item.pk]),
        {
            "outcome": "ANOTHER_MEETING",
            "part-TOTAL_FORMS": "0",
            "part-INITIAL_FORMS": "0",
            "part-MIN_NUM_FORMS": "0",
            "part-MAX_NUM_FORMS": "8",
        },
    )

    assert response.status_code == 400
    assert "har inte hållits än" in response.content.decode()
    assert counts() == before


def test_a_request_received_in_the_future_is_refused_and_nothing_is_stored(world, team):
    before = counts()

    with pytest.raises(ValidationError) as excinfo:
        actions.file_request(
            world.people.colleague,
            world.a,
            **request_fields(world, team.team, received_on=TOMORROW, consent_given_on=TOMORROW),
        )

    errors = excinfo.value.message_dict
    assert errors["received_on"] == ["Ankomstdatumet kan inte ligga i framtiden."]
    assert errors["consent_given_on"] == ["Samtyckesdatumet kan inte ligga i framtiden."]
    assert counts() == before


def test_a_samsip_in_the_future_is_refused(world, team, filed):
    before = counts()

    with pytest.raises(ValidationError) as excinfo:
        actions.record_samsip(
            None,
            filed,
            initiated_by=world.members_a["af"],
            held_on=TOMORROW,
            members_present=[world.members_a["af"]],
            person_present=True,
            plan="En plan.",
        )

    assert "framtiden" in excinfo.value.message_dict["held_on"][0]
    assert counts() == before


def test_a_prestep_cannot_start_or_be_followed_up_in_the_future(world, team, filed):
    item = actions.put_on_agenda(None, filed, team.meetings[0])
    actions.record_outcome(
        None, item, outcome=RequestState.RECOMMENDED, person_present=True, parts=[{"kind": "SAMSIP"}]
    )
    prestep = actions.create_prestep(None, world.a, name="Försteg", entry_criteria="Alla", goal="Rutiner")

    with pytest.raises(ValidationError) as excinfo:
        actions.start_prestep(None, filed, prestep=prestep, started_on=TOMORROW)
    assert "started_on" in excinfo.value.message_dict
    assert not PrestepStay.objects.exists()

    stay = actions.start_prestep(None, filed, prestep=prestep, started_on=dt.date(2018, 2, 1))
    with pytest.raises(ValidationError) as excinfo:
        actions.follow_up_prestep(None, stay, held_on=TOMORROW, note="Går bra.")
    assert "held_on" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        actions.end_prestep(None, stay, ended_on=TOMORROW, exit_to="Arbetsträning")
    assert "ended_on" in excinfo.value.message_dict
    stay.refresh_from_db()
    assert stay.ended_on is None and not stay.follow_ups.exists()


def test_a_gap_cannot_be_found_sent_or_answered_in_the_future(world, team):
    with pytest.raises(ValidationError) as excinfo:
        actions.report_gap(
            None, team.team, found_on=TOMORROW, description="Glapp", sent_to=world.members_a["fk"], sent_on=TOMORROW
        )
    assert {"found_on"} <= set(excinfo.value.message_dict)
    assert not SystemGap.objects.exists()

    gap = report_gap(world, team.team)
    with pytest.raises(ValidationError) as excinfo:
        actions.answer_gap(None, gap, answered_on=TOMORROW, answer="Vi ser över det.")
    assert "answered_on" in excinfo.value.message_dict
    gap.refresh_from_db()
    assert gap.answered_on is None and gap.answer == ""


@pytest.fixture
def referral(world, team, filed):
    item = actions.put_on_agenda(world.people.office, filed, team.meetings[0])
    actions.record_outcome(
        team.leader,
        item,
        outcome=RequestState.RECOMMENDED,
        person_present=True,
        parts=[{"kind": "INSATS", "intervention": world.insats_a, "track": "Koordinatorstöd"}],
    )
    return RecommendationPart.objects.get(kind="INSATS")


def test_the_referral_form_assumes_nothing_about_the_person(world, referral, login_as):
    client = login_as(world.people.handler)

    html = client.get(reverse("openentry:referral", args=["alfa", referral.pk])).content.decode()

    for name in ("referrer", "income_before", "occupation_before"):
        select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
        assert select is not None, name
        assert "– välj –" in select.group(1)
        assert re.findall(r'<option value="([^"]*)"[^>]*\bselected\b', select.group(1)) in ([], [""])
    assert "value=" not in found(r'<input[^>]*name="enrolment_date"[^>]*>', html)


@pytest.mark.parametrize(
    "changes,field",
    [({"referrer": ""}, "referrer"), ({"enrolment_date": TOMORROW, "consent_given_on": TODAY}, "enrolment_date")],
    ids=["no-referrer", "future-enrolment"],
)
def test_accepting_without_a_fact_or_with_a_future_date_is_refused_and_the_referral_waits(
    world, referral, changes, field
):
    enrolment = dict(
        enrolment_date=dt.date(2018, 2, 5),
        referrer="AF",
        income_before="AKTIVITETSSTOD",
        occupation_before="ARBETSSOKANDE",
        consent_given_on=dt.date(2018, 2, 5),
        consent_method="WRITTEN",
    )
    before = counts()

    with pytest.raises(ValidationError) as excinfo:
        actions.accept_referral(world.people.handler, referral, **{**enrolment, **changes})

    assert field in excinfo.value.message_dict
    assert counts() == before
    referral.refresh_from_db()
    assert referral.referral_status == ReferralStatus.PENDING and referral.participation is None


def test_the_samsip_form_does_not_say_the_person_was_there(world, team, filed, login_as):
    item = actions.put_on_agenda(world.people.office, filed, team.meetings[0])
    actions.record_outcome(
        team.leader, item, outcome=RequestState.RECOMMENDED, person_present=True, parts=[{"kind": "SAMSIP"}]
    )
    client = login_as(team.leader)

    html = client.get(reverse("openentry:samsip", args=["alfa", filed.pk])).content.decode()

    checkbox = found(r'<input[^>]*name="person_present"[^>]*>', html)
    assert "checked" not in checkbox
    assert "value=" not in found(r'<input[^>]*name="held_on"[^>]*>', html)
