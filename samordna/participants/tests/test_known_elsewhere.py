"""Enrolling a number already known in another insats tells the handler nothing of the other stay."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import make_controller
from samordna.participants import actions
from samordna.participants.models import Participant, Participation
from samordna.participants.transfer import ALL_COLUMNS, ImportRefused, import_file
from samordna.privacy.actions import erase_on_request
from samordna.privacy.queries import register_extract

from .people import ANNA, enrol

HEADER = ";".join(ALL_COLUMNS)
ROW = "2020:7;{pnr};;;;2020-03-02;AF;A_KASSA;ARBETSSOKANDE;;;;;{consent}"


def _first_stay(world):
    """Anna's stay in 2017:48, kept by its own handler, with a name, a consent and a kommun."""
    return enrol(
        world,
        world.people.handler,
        personnummer=ANNA,
        name="Anna Andersson",
        consent_given_on=dt.date(2019, 2, 11),
        consent_method="WRITTEN",
        home_kommun=world.members_a["2482"].kommun,
    )


def _enrol_in_second(world, second, **fields):
    values = {"consent_given_on": dt.date(2020, 3, 2), "consent_method": "DIGITAL"} | fields
    return enrol(world, second.handler, second.insats, personnummer=ANNA, enrolment_date=dt.date(2020, 3, 2), **values)


def test_the_second_handler_gets_a_record_of_their_own_with_nothing_of_the_first(world, second):
    first = _first_stay(world)

    stay = _enrol_in_second(world, second, name="A. Andersson")

    person = stay.participant
    assert person.pk != first.participant_id
    assert (person.name, person.home_kommun) == ("A. Andersson", None)
    assert [c.given_on for c in person.consents.all()] == [dt.date(2020, 3, 2)]
    assert list(person.participations.all()) == [stay]
    first.participant.refresh_from_db()
    assert first.participant.name == "Anna Andersson"
    assert list(first.participant.participations.all()) == [first]


def test_the_second_handlers_page_and_api_show_nothing_of_the_first_stay(world, second, client, login_as):
    first = _first_stay(world)
    stay = _enrol_in_second(world, second)

    login_as(second.handler)
    page = client.get(reverse("participants:detail", args=[world.a.slug, stay.participant_id])).content.decode()
    api = client.get(f"/api/v1/forbund/{world.a.slug}/participants/{stay.participant_id}").content.decode()

    for text in (page, api):
        assert "Anna Andersson" not in text
        assert "2019-02-11" not in text and "2019-03-01" not in text
        assert "2017:48" not in text and "Skellefteå" not in text
    assert client.get(reverse("participants:detail", args=[world.a.slug, first.participant_id])).status_code == 404


def test_the_enrolment_page_says_nothing_of_the_first_stay(world, second, client, login_as):
    _first_stay(world)
    login_as(second.handler)

    response = client.post(
        reverse("participants:enrol", args=[world.a.slug]),
        {
            "intervention": second.insats.pk,
            "enrolment_date": "2020-03-02",
            "personnummer": ANNA,
            "consent_given_on": "2020-03-02",
            "consent_method": "DIGITAL",
            "referrer": "AF",
            "income_before": "A_KASSA",
            "occupation_before": "ARBETSSOKANDE",
            "education": "OKAND",
        },
        follow=True,
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert "Anna Andersson" not in text and "2019-02-11" not in text and "2017:48" not in text
    assert Participation.objects.filter(intervention=second.insats).count() == 1


def test_a_handler_of_both_insatser_builds_on_the_one_record(world, second):
    first = _first_stay(world)
    both = world.people.handler
    both.role_assignments.get().interventions.add(second.insats)
    # The handler's employer is joint controller of the second insats too, so both are theirs to handle.
    make_controller(second.insats, world.members_a["af"], world.members_a["2482"])

    stay = enrol(world, both, second.insats, personnummer=ANNA, enrolment_date=dt.date(2020, 3, 2))

    assert stay.participant_id == first.participant_id
    assert Participant.objects.count() == 1


def test_an_import_of_the_known_number_needs_its_own_consent_and_keeps_its_own_record(world, second):
    first = _first_stay(world)

    with pytest.raises(ImportRefused) as refused:
        import_file(world.a, f"{HEADER}\n{ROW.format(pnr=ANNA, consent=';')}".encode(), "x.csv", second.handler)
    assert [e.column for e in refused.value.errors] == ["samtycke_datum"]

    row = ROW.format(pnr=ANNA, consent="2020-03-01;SKRIFTLIGT")
    import_file(world.a, f"{HEADER}\n{row}".encode(), "x.csv", second.handler)

    stay = Participation.objects.get(intervention=second.insats)
    assert stay.participant_id != first.participant_id
    assert stay.participant.home_kommun is None


def test_a_withdrawal_in_the_other_insats_refuses_the_import_without_telling_of_it(world, second):
    first = _first_stay(world)
    actions.withdraw_consent(world.people.handler, first.participant, withdrawn_on=dt.date(2019, 6, 1))
    before = (Participant.objects.count(), Participation.objects.count())

    row = ROW.format(pnr=ANNA, consent="2020-03-01;SKRIFTLIGT")
    with pytest.raises(ImportRefused) as refused:
        import_file(world.a, f"{HEADER}\n{row}".encode(), "x.csv", second.handler)

    message = refused.value.errors[0].message
    assert "återkallat" not in message and "2017:48" not in message
    assert "inskrivning" in message
    assert (Participant.objects.count(), Participation.objects.count()) == before


def test_the_officers_extract_and_erasure_cover_every_record_of_the_number(world, second):
    first = _first_stay(world)
    stay = _enrol_in_second(world, second)

    extract = register_extract(world.a, first.participant)
    assert {s.pk for s in extract.stays} == {first.pk, stay.pk}
    assert len(extract.consents) == 2

    erase_on_request(world.people.dpo, first.participant, received_on=dt.date(2021, 1, 4))

    assert not Participant.objects.exclude(personnummer="").exists()
    assert Participation.objects.count() == 2
