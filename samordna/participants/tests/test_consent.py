"""Withdrawing consent anonymises the person and keeps every stay, so statistics do not change."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from samordna.lib.errors import Refused
from samordna.participants import actions
from samordna.participants.models import IdentityMode, Participant, Participation

from .people import ANNA, enrol


def test_withdrawal_anonymises_and_keeps_the_statistics(world):
    stay = enrol(world, None, personnummer=ANNA, name="Anna Andersson", home_kommun=world.members_a["2482"].kommun)
    actions.discharge(
        None,
        stay,
        discharge_date=dt.date(2019, 9, 1),
        reason="FULLFOLJD",
        occupation_after="ARBETE",
        income_after="LON",
    )
    before = list(
        Participation.objects.values_list("intervention", "enrolment_date", "discharge_reason", "occupation_after")
    )

    actions.withdraw_consent(world.people.handler, stay.participant, withdrawn_on=dt.date(2019, 10, 1))

    person = Participant.objects.get(pk=stay.participant_id)
    assert person.identity_mode == IdentityMode.ANONYMOUS
    assert (person.personnummer, person.lookup_key, person.name) == ("", "", "")
    assert person.home_kommun is not None
    assert (person.sex, person.birth_year, person.home_kommun.code) == ("K", 1985, "2482")
    assert person.consents.get().withdrawn_on == dt.date(2019, 10, 1)
    after = list(
        Participation.objects.values_list("intervention", "enrolment_date", "discharge_reason", "occupation_after")
    )
    assert after == before
    assert Participation.objects.get(pk=stay.pk).anonymous_key


def test_withdrawing_twice_is_refused(world):
    stay = enrol(world, None, personnummer=ANNA)
    actions.withdraw_consent(None, stay.participant, withdrawn_on=dt.date(2019, 4, 1))
    with pytest.raises(ValidationError):
        actions.withdraw_consent(None, stay.participant, withdrawn_on=dt.date(2019, 4, 2))


def test_a_handler_of_another_insats_cannot_withdraw(world, second):
    stay = enrol(world, None, personnummer=ANNA)
    with pytest.raises(Refused):
        actions.withdraw_consent(second.handler, stay.participant, withdrawn_on=dt.date(2019, 4, 1))
    assert Participant.objects.get(pk=stay.participant_id).personnummer == ANNA
