"""The handler's pages: caseload, a participant, enrolment with consent, SIP and discharge; read logging and scope."""

import datetime as dt

import pytest
from django.urls import reverse

from samordna.audit.models import ReadLogEntry
from samordna.participants.models import Participant, Participation

from .people import ANNA, enrol


@pytest.fixture
def stay(world):
    return enrol(world, None, personnummer=ANNA, name="Anna Andersson")


def test_handler_sees_the_person_and_the_read_is_logged(world, login_as, stay):
    client = login_as(world.people.handler)

    response = client.get(reverse("participants:detail", args=["alfa", stay.participant_id]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "19850101-9809" in body and "Anna Andersson" in body
    entry = ReadLogEntry.objects.get(object_type="participants.Participant")
    assert (entry.actor, entry.object_id) == (world.people.handler, str(stay.participant_id))


def test_the_caseload_logs_one_row_for_the_list(world, login_as, stay):
    enrol(world, None, sex="M", birth_year=1970)
    client = login_as(world.people.handler)

    response = client.get(reverse("participants:caseload", args=["alfa"]))

    assert response.status_code == 200
    assert "Anna Andersson" in response.content.decode()
    entries = ReadLogEntry.objects.filter(object_type="participants.Participation")
    assert [(e.query, e.object_id) for e in entries] == [("caseload", "")]


def test_a_handler_of_another_insats_cannot_open_the_participant(world, login_as, second, stay):
    client = login_as(second.handler)

    pages = [
        reverse("participants:detail", args=["alfa", stay.participant_id]),
        reverse("participants:sip", args=["alfa", stay.pk]),
        reverse("participants:discharge", args=["alfa", stay.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Anna" not in response.content.decode()
    caseload = client.get(reverse("participants:caseload", args=["alfa"])).content.decode()
    assert "Anna" not in caseload
    assert not ReadLogEntry.objects.filter(object_type="participants.Participant").exists()


@pytest.mark.parametrize("persona", ["admin", "office", "colleague", "board", "auditor", "dpo"])
def test_other_roles_never_see_participants(world, login_as, persona, stay):
    client = login_as(getattr(world.people, persona))

    detail = client.get(reverse("participants:detail", args=["alfa", stay.participant_id]))
    caseload = client.get(reverse("participants:caseload", args=["alfa"]))

    assert detail.status_code == 403 and caseload.status_code == 403
    assert "Anna" not in detail.content.decode()
    assert not ReadLogEntry.objects.exists()


def test_enrol_with_consent_record_sip_and_discharge_through_the_pages(world, login_as):
    client = login_as(world.people.handler)

    response = client.post(
        reverse("participants:enrol", args=["alfa"]),
        {
            "intervention": world.insats_a.pk,
            "enrolment_date": "2019-05-02",
            "personnummer": "850101-9809",
            "name": "Anna Andersson",
            "consent_given_on": "2019-05-02",
            "consent_method": "WRITTEN",
            "referrer": "FK",
            "income_before": "SJUKPENNING",
            "occupation_before": "INGEN_SYSSELSATTNING",
            "education": "GYMNASIAL",
        },
    )
    person = Participant.objects.get()
    assert response.status_code == 302 and str(person.pk) in response["Location"]
    stay = Participation.objects.get()

    response = client.post(
        reverse("participants:sip", args=["alfa", stay.pk]),
        {"held_on": "2019-05-10", "parties_present": ["DELTAGARE", "FK", "REGION"], "next_on": "2019-08-10"},
    )
    assert response.status_code == 302
    assert stay.sip_meetings.get().next_on == dt.date(2019, 8, 10)
    detail = client.get(response["Location"]).content.decode()
    # The parties by name, as on the form, not the stored codes.
    assert "2019-05-10: Deltagaren, Försäkringskassan, Regionen" in detail

    response = client.post(
        reverse("participants:discharge", args=["alfa", stay.pk]),
        {"discharge_date": "2019-04-01", "reason": "FULLFOLJD", "occupation_after": "ARBETE", "income_after": "LON"},
    )
    assert response.status_code == 400
    assert "före inskrivningsdatum" in response.content.decode()

    response = client.post(
        reverse("participants:discharge", args=["alfa", stay.pk]),
        {"discharge_date": "2019-11-29", "reason": "FULLFOLJD", "occupation_after": "ARBETE", "income_after": "LON"},
    )
    assert response.status_code == 302
    stay.refresh_from_db()
    assert (stay.discharge_date, stay.occupation_after) == (dt.date(2019, 11, 29), "ARBETE")
    detail = client.get(response["Location"]).content.decode()
    assert "2020-05-29" in detail  # the six-month follow-up


def test_enrol_without_consent_shows_why(world, login_as):
    client = login_as(world.people.handler)

    response = client.post(
        reverse("participants:enrol", args=["alfa"]),
        {
            "intervention": world.insats_a.pk,
            "enrolment_date": "2019-05-02",
            "personnummer": "850101-9809",
            "referrer": "FK",
            "income_before": "SJUKPENNING",
            "occupation_before": "INGEN_SYSSELSATTNING",
            "education": "OKAND",
        },
    )

    assert response.status_code == 400
    assert "bara med samtycke" in response.content.decode()
    assert not Participant.objects.exists()


def test_withdraw_consent_through_the_page(world, login_as, stay):
    client = login_as(world.people.handler)

    response = client.post(
        reverse("participants:withdraw_consent", args=["alfa", stay.participant_id]),
        {"withdrawn_on": "2019-06-01", "confirmation": "ANONYMISERA"},
    )

    assert response.status_code == 302
    body = client.get(response["Location"]).content.decode()
    assert "19850101-9809" not in body and "Anna" not in body
