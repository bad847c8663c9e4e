"""Honest defaults on enrolment and the stay's records: nothing about the person is assumed, and what has happened
cannot be dated in the future. Each way in (the page, the action, the import) refuses, says why, stores nothing."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samordna.audit.models import AuditEvent
from samordna.participants import actions
from samordna.participants.models import ActionPlanRevision, Consent, FollowUp, Participant, Participation, SipMeeting
from samordna.participants.transfer import COLUMNS, ImportRefused, import_file

from .people import ANNA, enrol

TOMORROW = dt.date.today() + dt.timedelta(days=1)


def found(pattern: str, html: str, group: int = 0) -> str:
    """The part of the page that `pattern` matches; the test fails when the page lacks it."""
    match = re.search(pattern, html, re.S)
    assert match is not None, pattern
    return match.group(group)


FACTS = ("referrer", "income_before", "occupation_before", "education")


def stored():
    return (
        Participant.objects.count(),
        Participation.objects.count(),
        Consent.objects.count(),
        SipMeeting.objects.count(),
        ActionPlanRevision.objects.count(),
        FollowUp.objects.count(),
        AuditEvent.objects.count(),
    )


def page_data(world, **changes):
    data = {
        "intervention": world.insats_a.pk,
        "enrolment_date": "2019-05-02",
        "sex": "K",
        "birth_year": "1980",
        "referrer": "AF",
        "income_before": "A_KASSA",
        "occupation_before": "ARBETSSOKANDE",
        "education": "GYMNASIAL",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def selected_options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None, name
    return re.findall(r'<option value="([^"]*)"[^>]*\bselected\b', select.group(1))


def test_the_enrolment_form_starts_with_nothing_chosen_and_no_date(world, login_as):
    client = login_as(world.people.handler)

    html = client.get(reverse("participants:enrol", args=["alfa"])).content.decode()

    for name in FACTS:
        assert selected_options(html, name) in ([], [""]), name
        assert "– välj –" in found(rf'<select name="{name}".*?</select>', html)
    date_input = found(r'<input[^>]*name="enrolment_date"[^>]*>', html)
    assert "value=" not in date_input


@pytest.mark.parametrize(
    "field,message",
    [
        ("referrer", "Välj remittent"),
        ("income_before", "Välj personens huvudsakliga försörjning"),
        ("occupation_before", "Välj personens sysselsättning"),
        ("education", "Välj personens utbildningsnivå"),
    ],
)
def test_skipping_a_fact_on_the_page_is_refused_and_stores_nothing(world, login_as, field, message):
    client = login_as(world.people.handler)
    before = stored()

    response = client.post(reverse("participants:enrol", args=["alfa"]), page_data(world, **{field: None}))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert stored() == before


def test_skipping_the_facts_in_the_action_is_refused_with_every_message_and_stores_nothing(world):
    before = stored()

    with pytest.raises(ValidationError) as excinfo:
        enrol(
            world, world.people.handler, sex="K", birth_year=1980, referrer="", income_before="", occupation_before=""
        )

    errors = excinfo.value.message_dict
    assert set(errors) >= {"referrer", "income_before", "occupation_before"}
    assert "Välj remittent" in errors["referrer"][0]
    assert stored() == before


def test_skipping_a_fact_in_the_import_is_refused_and_stores_nothing(world):
    row = "2017:48;;K;1980;;2019-03-01;;;;;;;"
    before = stored()

    with pytest.raises(ImportRefused) as excinfo:
        import_file(world.a, (";".join(COLUMNS) + "\n" + row + "\n").encode(), "deltagare.csv")

    columns = {e.column for e in excinfo.value.errors}
    assert columns == {"remittent", "forsorjning_fore", "sysselsattning_fore"}
    assert all("Saknas" in str(e) for e in excinfo.value.errors)
    assert stored() == before


def test_the_api_has_no_way_to_enrol_so_nothing_is_stored_through_it(world, login_as):
    client = login_as(world.people.handler)
    before = stored()

    response = client.post(
        "/api/v1/forbund/alfa/participants/stays", {"intervention": "2017:48"}, content_type="application/json"
    )

    assert response.status_code == 405
    assert stored() == before


def test_a_future_enrolment_date_is_refused_on_the_page_in_the_action_and_in_the_import(world, login_as):
    client = login_as(world.people.handler)
    before = stored()

    response = client.post(
        reverse("participants:enrol", args=["alfa"]), page_data(world, enrolment_date=TOMORROW.isoformat())
    )
    assert response.status_code == 400
    assert "Inskrivningsdatumet kan inte ligga i framtiden" in response.content.decode()
    with pytest.raises(ValidationError) as excinfo:
        enrol(world, None, sex="K", birth_year=1980, enrolment_date=TOMORROW)
    assert "enrolment_date" in excinfo.value.message_dict
    row = f"2017:48;;K;1980;;{TOMORROW.isoformat()};AF;A_KASSA;ARBETSSOKANDE;;;;"
    with pytest.raises(ImportRefused) as refused:
        import_file(world.a, (";".join(COLUMNS) + "\n" + row + "\n").encode(), "deltagare.csv")
    assert any("framtiden" in str(e) for e in refused.value.errors)
    assert stored() == before


def test_a_future_consent_date_is_refused(world):
    before = stored()

    with pytest.raises(ValidationError) as excinfo:
        enrol(world, None, personnummer=ANNA, consent_given_on=TOMORROW, consent_method="WRITTEN")

    assert "Samtyckesdatumet kan inte ligga i framtiden." in excinfo.value.message_dict["consent_given_on"]
    assert stored() == before


@pytest.fixture
def stay(world):
    return enrol(world, None, personnummer=ANNA, name="Anna Andersson")


@pytest.mark.parametrize(
    "record,field",
    [
        (lambda stay: actions.record_sip(None, stay, held_on=TOMORROW, parties_present=["DELTAGARE"]), "held_on"),
        (lambda stay: actions.revise_action_plan(None, stay, revised_on=TOMORROW, summary="Plan"), "revised_on"),
        (lambda stay: actions.record_follow_up(None, stay, kind="CONTACT", contacted_on=TOMORROW), "contacted_on"),
        (
            lambda stay: actions.discharge(
                None, stay, discharge_date=TOMORROW, reason="FULLFOLJD", occupation_after="ARBETE", income_after="LON"
            ),
            "discharge_date",
        ),
        (lambda stay: actions.withdraw_consent(None, stay.participant, withdrawn_on=TOMORROW), "withdrawn_on"),
    ],
    ids=["sip", "plan", "follow-up", "discharge", "consent-withdrawal"],
)
def test_a_future_date_on_the_stays_records_is_refused_and_nothing_changes(stay, record, field):
    before = stored()

    with pytest.raises(ValidationError) as excinfo:
        record(stay)

    assert field in excinfo.value.message_dict
    assert "framtiden" in excinfo.value.message_dict[field][0]
    assert stored() == before
    stay.refresh_from_db()
    assert stay.discharge_date is None and stay.participant.personnummer == ANNA


def test_the_stays_forms_start_without_a_date_or_a_chosen_reason(world, login_as, stay):
    client = login_as(world.people.handler)

    for name, fields in [("sip", ["held_on"]), ("plan", ["revised_on"]), ("discharge", ["discharge_date"])]:
        html = client.get(reverse(f"participants:{name}", args=["alfa", stay.pk])).content.decode()
        for field in fields:
            assert "value=" not in found(rf'<input[^>]*name="{field}"[^>]*>', html), name
    html = client.get(reverse("participants:discharge", args=["alfa", stay.pk])).content.decode()
    assert selected_options(html, "reason") in ([], [""])
