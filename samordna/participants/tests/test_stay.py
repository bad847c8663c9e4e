"""A stay: SIP, action plan, discharge with outcome, FELREGISTRERING and the follow-up six months later."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from samordna.lib.errors import Refused
from samordna.participants import actions, queries
from samordna.participants.models import Participation

from .people import ANNA, enrol


@pytest.fixture
def stay(world):
    return enrol(world, None, personnummer=ANNA)


def test_sip_meeting_is_recorded_with_the_parties(world, stay):
    actions.record_sip(
        world.people.handler, stay, held_on=dt.date(2019, 3, 10), parties_present=["DELTAGARE", "AF", "KOMMUN"]
    )

    meeting = stay.sip_meetings.get()
    assert meeting.parties_present == ["AF", "DELTAGARE", "KOMMUN"]


def test_sip_needs_parties_and_a_later_next_date(world, stay):
    with pytest.raises(ValidationError):
        actions.record_sip(None, stay, held_on=dt.date(2019, 3, 10), parties_present=[])
    with pytest.raises(ValidationError):
        actions.record_sip(
            None, stay, held_on=dt.date(2019, 3, 10), parties_present=["AF"], next_on=dt.date(2019, 3, 1)
        )
    assert not stay.sip_meetings.exists()


def test_discharge_never_before_enrolment(world, stay):
    with pytest.raises(ValidationError) as excinfo:
        actions.discharge(
            None,
            stay,
            discharge_date=dt.date(2019, 2, 1),
            reason="FULLFOLJD",
            occupation_after="ARBETE",
            income_after="LON",
        )
    assert "före inskrivningsdatum" in excinfo.value.message_dict["discharge_date"][0]
    stay.refresh_from_db()
    assert stay.discharge_date is None


def test_the_database_also_refuses_discharge_before_enrolment(world, stay):
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.filter(pk=stay.pk).update(discharge_date=dt.date(2019, 1, 1))


def test_discharge_needs_the_outcome(world, stay):
    with pytest.raises(ValidationError) as excinfo:
        actions.discharge(None, stay, discharge_date=dt.date(2019, 9, 1), reason="AVBRUTEN")
    assert set(excinfo.value.message_dict) == {"occupation_after", "income_after"}


def test_felregistrering_needs_no_outcome_and_owes_no_follow_up(world, stay):
    actions.discharge(None, stay, discharge_date=dt.date(2019, 3, 1), reason="FELREGISTRERING")

    stay.refresh_from_db()
    assert stay.is_void and stay.follow_up_due is None
    assert queries.dues(Participation.objects.filter(pk=stay.pk)) == []


def test_discharge_schedules_the_six_month_follow_up(world, stay):
    actions.discharge(
        world.people.handler,
        stay,
        discharge_date=dt.date(2019, 8, 31),
        reason="FULLFOLJD",
        occupation_after="STUDIER",
        income_after="STUDIEMEDEL",
    )
    stay.refresh_from_db()
    assert stay.follow_up_due == dt.date(2020, 2, 29)

    dues = queries.dues(Participation.objects.filter(pk=stay.pk), today=dt.date(2020, 1, 1))
    assert [(d.due_date, d.overdue) for d in dues] == [(dt.date(2020, 2, 29), False)]

    with pytest.raises(ValidationError):
        actions.record_follow_up(None, stay, kind="SIX_MONTHS", contacted_on=dt.date(2020, 3, 2))
    actions.record_follow_up(
        None, stay, kind="SIX_MONTHS", contacted_on=dt.date(2020, 3, 2), occupation="ARBETE", income="LON"
    )
    assert queries.dues(Participation.objects.filter(pk=stay.pk)) == []


def test_six_month_follow_up_only_after_discharge(world, stay):
    with pytest.raises(ValidationError):
        actions.record_follow_up(
            None, stay, kind="SIX_MONTHS", contacted_on=dt.date(2019, 5, 1), occupation="ARBETE", income="LON"
        )


def test_a_discharged_stay_cannot_be_discharged_again(world, stay):
    actions.discharge(None, stay, discharge_date=dt.date(2019, 3, 1), reason="FELREGISTRERING")
    with pytest.raises(ValidationError):
        actions.discharge(None, stay, discharge_date=dt.date(2019, 4, 1), reason="FELREGISTRERING")


def test_dues_list_overdue_first(world, second):
    old = enrol(world, None, personnummer=ANNA, enrolment_date=dt.date(2019, 1, 10))
    actions.record_sip(None, old, held_on=dt.date(2019, 1, 15), parties_present=["AF"])
    actions.revise_action_plan(None, old, revised_on=dt.date(2019, 1, 20), summary="Praktik på lager.")
    fresh = enrol(world, None, sex="M", birth_year=2000, enrolment_date=dt.date(2019, 4, 1))
    actions.record_sip(None, fresh, held_on=dt.date(2019, 4, 2), parties_present=["AF"], next_on=dt.date(2019, 6, 1))
    actions.revise_action_plan(None, fresh, revised_on=dt.date(2019, 4, 2), summary="Kartläggning.")

    dues = queries.dues(Participation.objects.all(), today=dt.date(2019, 4, 20))

    summary = [(d.participation.pk, d.what, d.due_date, d.overdue) for d in dues]
    assert summary == [
        (old.pk, "SIP", dt.date(2019, 4, 15), True),
        (old.pk, "Revidera handlingsplanen", dt.date(2019, 4, 20), False),
        (fresh.pk, "SIP", dt.date(2019, 6, 1), False),
        (fresh.pk, "Revidera handlingsplanen", dt.date(2019, 7, 2), False),
    ]


def test_a_handler_of_another_insats_cannot_record_anything(world, second, stay):
    with pytest.raises(Refused):
        actions.record_sip(second.handler, stay, held_on=dt.date(2019, 3, 10), parties_present=["AF"])
    with pytest.raises(Refused):
        actions.discharge(second.handler, stay, discharge_date=dt.date(2019, 3, 10), reason="FELREGISTRERING")
    stay.refresh_from_db()
    assert stay.discharge_date is None and not stay.sip_meetings.exists()
