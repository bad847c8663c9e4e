"""Enrolment: identity only with consent, protected identity always anonymous, scope of the handler."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from samordna.audit.models import AuditEvent
from samordna.lib.errors import Refused
from samordna.participants.identity import lookup_key
from samordna.participants.models import Consent, IdentityMode, Participant, Participation

from .people import ANNA, BO, enrol


def _counts():
    return (
        Participant.objects.count(),
        Participation.objects.count(),
        Consent.objects.count(),
        AuditEvent.objects.count(),
    )


def test_identified_enrolment_stores_the_number_searchably_and_derives_sex_and_year(world):
    stay = enrol(world, world.people.handler, personnummer="850101-9809", name="Anna Andersson")

    person = stay.participant
    assert person.identity_mode == IdentityMode.IDENTIFIED
    assert person.personnummer == ANNA
    assert person.lookup_key == lookup_key(ANNA) and len(person.lookup_key) == 64
    assert (person.sex, person.birth_year) == ("K", 1985)
    assert Participant.objects.get(forbund=world.a, lookup_key=lookup_key(ANNA)) == person
    assert person.consents.get().method == "WRITTEN"


def test_the_audit_log_names_the_participant_only_by_pseudonym(world):
    stay = enrol(world, world.people.handler, personnummer=ANNA, name="Anna Andersson")

    event = AuditEvent.objects.get(action="participation.enrol")
    text = f"{event.object_label} {event.changes}"
    assert stay.participant.pseudonym in text
    assert ANNA not in text and "850101" not in text and "Anna" not in text


def test_no_identity_without_consent_and_nothing_is_stored(world):
    before = _counts()

    with pytest.raises(ValidationError) as excinfo:
        enrol(world, world.people.handler, personnummer=ANNA, consent_given_on=None, consent_method="")

    assert "samtycke" in str(excinfo.value)
    assert _counts() == before


def test_protected_identity_is_always_anonymous(world):
    stay = enrol(
        world,
        world.people.handler,
        personnummer=BO,
        name="Bo Berg",
        protected_identity=True,
        home_kommun=world.members_a["2482"].kommun,
    )

    person = stay.participant
    assert person.identity_mode == IdentityMode.ANONYMOUS
    assert (person.personnummer, person.lookup_key, person.name) == ("", "", "")
    assert (person.sex, person.birth_year, person.home_kommun.code) == ("M", 1990, "2482")
    assert not person.consents.exists()


def test_anonymous_enrolment_needs_sex_and_birth_year(world):
    with pytest.raises(ValidationError) as excinfo:
        enrol(world, world.people.handler)
    assert set(excinfo.value.message_dict) == {"sex", "birth_year"}

    stay = enrol(world, world.people.handler, sex="K", birth_year=1999)
    assert stay.participant.identity_mode == IdentityMode.ANONYMOUS
    assert stay.anonymous_key


def test_sex_contradicting_the_personnummer_is_refused(world):
    with pytest.raises(ValidationError) as excinfo:
        enrol(world, world.people.handler, personnummer=ANNA, sex="M")
    assert "anger K" in excinfo.value.message_dict["sex"][0]


def test_wrong_check_digit_is_refused_with_what_to_fix(world):
    with pytest.raises(ValidationError) as excinfo:
        enrol(world, world.people.handler, personnummer="198501019808")
    assert "kontrollsiffra" in excinfo.value.message_dict["personnummer"][0]


def test_the_same_person_in_a_second_stay_is_one_participant(world, second):
    first = enrol(world, None, personnummer=ANNA)
    again = enrol(world, None, personnummer=ANNA, intervention=second.insats, enrolment_date=dt.date(2021, 2, 1))

    assert first.participant_id == again.participant_id
    assert Participant.objects.count() == 1
    with pytest.raises(ValidationError):
        enrol(world, None, personnummer=ANNA)


def test_structural_insats_has_no_enrolled_participants(world):
    with pytest.raises(ValidationError) as excinfo:
        enrol(world, None, intervention=world.other_insats_a, sex="K", birth_year=1990)
    assert "strukturövergripande" in excinfo.value.message_dict["intervention"][0]


def test_enrolment_outside_the_insats_period_is_refused(world):
    with pytest.raises(ValidationError) as excinfo:
        enrol(world, None, sex="K", birth_year=1990, enrolment_date=dt.date(2017, 6, 1))
    assert "utanför insatsens period" in excinfo.value.message_dict["enrolment_date"][0]


@pytest.mark.parametrize("persona", ["admin", "office", "colleague", "board", "dpo"])
def test_only_the_insats_handler_enrols(world, persona):
    before = _counts()

    with pytest.raises(Refused):
        enrol(world, getattr(world.people, persona), personnummer=ANNA)

    assert _counts() == before


def test_a_handler_cannot_enrol_in_another_insats(world, second):
    before = _counts()

    with pytest.raises(Refused) as excinfo:
        enrol(world, second.handler, personnummer=ANNA)

    assert "inte deltagaransvarig för insatsen 2017:48" in excinfo.value.reason
    assert _counts() == before


def test_a_birth_date_after_the_enrolment_date_is_refused_and_nothing_is_stored(world):
    from samordna.participants.fictional import fictional_personnummer

    before = _counts()
    with pytest.raises(ValidationError) as excinfo:
        enrol(world, world.people.handler, personnummer=fictional_personnummer("20190501", 0, "K"))

    assert excinfo.value.message_dict["personnummer"] == [
        "Personnumret anger födelsedagen 2019-05-01, som är efter inskrivningsdatumet 2019-03-01. "
        "Kontrollera personnumret och inskrivningsdatumet."
    ]
    assert _counts() == before


def test_born_on_the_enrolment_day_is_allowed_by_this_rule(world):
    from samordna.participants.rules import enrolment_problems

    problems = enrolment_problems(world.a, world.insats_a, dt.date(2019, 3, 1), "201903019800")

    assert not [p for p in problems if p[0] == "personnummer"]


def test_an_anonymous_birth_year_after_the_enrolment_is_refused(world):
    before = _counts()
    with pytest.raises(ValidationError) as excinfo:
        enrol(world, world.people.handler, sex="K", birth_year=2020)

    assert excinfo.value.message_dict["birth_year"] == [
        "Födelseåret 2020 är efter inskrivningsdatumet 2019-03-01. Kontrollera födelseåret och inskrivningsdatumet."
    ]
    assert _counts() == before
