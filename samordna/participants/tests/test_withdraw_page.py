"""Withdrawing consent on a page of its own: it says what is lost, and only the typed word and date withdraw."""

import pytest
from django.urls import reverse

from samordna.audit.models import AuditEvent
from samordna.participants.models import IdentityMode, Participant

from .people import ANNA, enrol


@pytest.fixture
def anna(world):
    return enrol(world, None, personnummer=ANNA, name="Anna Andersson").participant


def url(world, person):
    return reverse("participants:withdraw_consent", args=[world.a.slug, person.pk])


def test_the_page_says_what_is_lost_and_fills_in_nothing(world, login_as, anna):
    response = login_as(world.people.handler).get(url(world, anna))

    body = response.content.decode()
    assert response.status_code == 200
    assert "personnummer och namn" in body and "1 deltagande finns kvar utan identitet" in body
    assert not response.context["form"].initial and 'value="ANONYMISERA"' not in body


def test_without_the_word_nothing_happens(world, login_as, anna):
    client = login_as(world.people.handler)

    response = client.post(url(world, anna), {"withdrawn_on": "2019-06-01", "confirmation": "ja"})

    assert response.status_code == 400 and "ANONYMISERA" in response.content.decode()
    assert Participant.objects.get(pk=anna.pk).personnummer == ANNA
    assert not AuditEvent.objects.filter(action="participant.consent_withdrawn").exists()


def test_a_withdrawal_before_the_consent_is_refused_on_the_page(world, login_as, anna):
    response = login_as(world.people.handler).post(
        url(world, anna), {"withdrawn_on": "2018-01-01", "confirmation": "ANONYMISERA"}
    )

    assert response.status_code == 400 and "före samtycket" in response.content.decode()
    assert Participant.objects.get(pk=anna.pk).is_identified


def test_with_the_word_and_date_the_person_is_anonymised(world, login_as, anna):
    response = login_as(world.people.handler).post(
        url(world, anna), {"withdrawn_on": "2019-06-01", "confirmation": "ANONYMISERA"}
    )

    assert response.status_code == 302
    person = Participant.objects.get(pk=anna.pk)
    assert (person.identity_mode, person.personnummer, person.name) == (IdentityMode.ANONYMOUS, "", "")


@pytest.mark.parametrize("persona", ["colleague", "admin", "dpo", "outsider"])
def test_others_cannot_withdraw(world, login_as, anna, persona):
    client = login_as(getattr(world.people, persona))

    response = client.post(url(world, anna), {"withdrawn_on": "2019-06-01", "confirmation": "ANONYMISERA"})

    assert response.status_code in (403, 404)
    assert Participant.objects.get(pk=anna.pk).personnummer == ANNA
