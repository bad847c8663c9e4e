"""The open entry's set-up beyond teams and the catalogue: pre-steps, placement agreements and each member's
SAMSIP contact, kept by the office and the förbund admin on pages."""

import datetime as dt

import pytest
from django.urls import reverse

from samordna.audit.models import AuditEvent
from samordna.openentry.models import PlacementAgreement, Prestep, SamsipContact


def snapshot():
    return (
        list(Prestep.objects.values_list("pk", "name").order_by("pk")),
        list(PlacementAgreement.objects.values_list("pk", "employer").order_by("pk")),
        list(SamsipContact.objects.values_list("member_id", "name").order_by("pk")),
        AuditEvent.objects.count(),
    )


def url(name, world, *args):
    return reverse(f"openentry:{name}", args=[world.a.slug, *args])


@pytest.mark.parametrize("who", ["admin", "office"])
def test_the_office_sets_up_a_prestep_an_agreement_and_a_samsip_contact(world, login_as, who):
    client = login_as(getattr(world.people, who))

    steps = [
        (
            url("prestep_new", world),
            {
                "name": "Aktivt försteg",
                "entry_criteria": "Inte redo för praktik",
                "goal": "Rutiner",
                "guideline_days": 90,
            },
        ),
        (
            url("agreement_new", world),
            {"employer": "Verkstaden AB", "kind": "EMPLOYER", "valid_from": "2024-01-01", "employer_contact": "Ola"},
        ),
        (url("samsip_contact", world, world.members_a["fk"].pk), {"name": "Siv Sam", "email": "siv@fk.se"}),
    ]
    for path, data in steps:
        assert client.post(path, data).status_code == 302, path

    assert Prestep.objects.get(forbund=world.a).guideline_days == 90
    assert PlacementAgreement.objects.get(forbund=world.a).valid_from == dt.date(2024, 1, 1)
    assert world.members_a["fk"].samsip_contact.name == "Siv Sam"
    page = client.get(url("setup", world)).content.decode()
    assert "Aktivt försteg" in page and "Verkstaden AB" in page and "Siv Sam" in page


def test_an_agreement_that_ends_before_it_starts_is_refused(world, login_as):
    client = login_as(world.people.office)
    before = snapshot()

    response = client.post(
        url("agreement_new", world),
        {
            "employer": "Verkstaden AB",
            "kind": "EMPLOYER",
            "valid_from": "2024-01-01",
            "valid_to": "2023-01-01",
            "employer_contact": "Ola",
        },
    )

    assert response.status_code == 400
    assert "Avtalet kan inte sluta innan det börjar" in response.content.decode()
    assert snapshot() == before


def test_a_prestep_without_its_goal_is_refused(world, login_as):
    before = snapshot()
    response = login_as(world.people.office).post(
        url("prestep_new", world), {"name": "Försteg", "entry_criteria": "x", "goal": "", "guideline_days": 90}
    )
    assert response.status_code == 400
    assert snapshot() == before


@pytest.mark.parametrize("who", ["board", "handler", "outsider"])
def test_others_cannot_set_up_and_nothing_changes(world, login_as, who):
    client = login_as(getattr(world.people, who))
    before = snapshot()

    for path, data in [
        (url("prestep_new", world), {"name": "F", "entry_criteria": "x", "goal": "y", "guideline_days": 90}),
        (url("agreement_new", world), {"employer": "V", "kind": "EMPLOYER", "valid_from": "2024-01-01"}),
        (url("samsip_contact", world, world.members_a["fk"].pk), {"name": "S"}),
    ]:
        assert client.post(path, data).status_code in (403, 404)

    assert snapshot() == before
