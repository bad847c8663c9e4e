"""A withdrawn or erased person never comes back by import, and their stays are never counted twice.

The import matches a withdrawn person's row to the anonymised stay through the withdrawal fingerprint and leaves
it as it is; a new stay of theirs with the personnummer is refused.
"""

import datetime as dt

import pytest

from samordna.participants import actions
from samordna.participants.identity import lookup_key, withdrawn_key
from samordna.participants.models import Consent, IdentityMode, Participant, Participation
from samordna.participants.transfer import ImportRefused, import_file
from samordna.privacy.actions import erase_on_request

from .people import ANNA, BO
from .test_import import csv_bytes

ORIGINAL = [
    "2017:48;850101-9809;;;2482;2019-03-01;AF;A_KASSA;ARBETSSOKANDE;;;;",
    f"2017:48;{BO};;;2482;2019-04-01;FK;SJUKPENNING;INGEN_SYSSELSATTNING;2019-12-20;FULLFOLJD;ARBETE;LON",
    "2017:48;;K;1975;;2019-05-01;KOMMUN;FORSORJNINGSSTOD;INGEN_SYSSELSATTNING;;;;",
]


def person(number: str) -> Participant:
    return Participant.objects.get(lookup_key=lookup_key(number))


def counts():
    return (
        Participant.objects.filter(identity_mode=IdentityMode.IDENTIFIED).count(),
        Participant.objects.count(),
        Participation.objects.count(),
    )


@pytest.fixture
def withdrawn(world):
    import_file(world.a, csv_bytes(ORIGINAL), "deltagare.csv")
    actions.withdraw_consent(None, person(ANNA), withdrawn_on=dt.date(2019, 6, 1))
    erase_on_request(None, person(BO), received_on=dt.date(2020, 1, 10))
    return world


def test_reimporting_the_original_file_identifies_nobody_again_and_doubles_no_stay(withdrawn):
    assert counts() == (0, 3, 3)

    again = import_file(withdrawn.a, csv_bytes(ORIGINAL), "deltagare.csv")

    assert counts() == (0, 3, 3)
    assert (again.created, again.withdrawn, again.unchanged) == (0, 2, 1)
    assert not Participant.objects.filter(lookup_key__in=[lookup_key(ANNA), lookup_key(BO)]).exists()
    assert not Participant.objects.filter(lookup_key__in=[lookup_key(ANNA), lookup_key(BO)]).exists()


def test_the_fingerprint_is_kept_and_is_not_the_lookup_key(withdrawn):
    anna = Participant.objects.get(withdrawn_key=withdrawn_key(ANNA))

    assert (anna.personnummer, anna.lookup_key, anna.name) == ("", "", "")
    assert anna.withdrawn_key != lookup_key(ANNA)


def test_a_withdrawn_row_leaves_the_anonymised_stay_as_it_is(withdrawn):
    stay = Participation.objects.get(participant__withdrawn_key=withdrawn_key(ANNA))
    changed = ["2017:48;850101-9809;;;2482;2019-03-01;AF;A_KASSA;ARBETSSOKANDE;2019-09-01;AVBRUTEN;ARBETE;LON"]

    result = import_file(withdrawn.a, csv_bytes(changed), "deltagare.csv")

    assert result.withdrawn == 1 and result.updated == 0
    assert Participation.objects.get(pk=stay.pk).discharge_date is None


def test_a_new_stay_of_a_withdrawn_person_with_the_number_is_refused(withdrawn):
    before = counts()
    new_stay = ["2017:48;850101-9809;;;2482;2020-02-01;AF;A_KASSA;ARBETSSOKANDE;;;;"]

    with pytest.raises(ImportRefused) as refused:
        import_file(withdrawn.a, csv_bytes(new_stay), "deltagare.csv")

    (error,) = refused.value.errors
    assert (error.line, error.column) == (2, "personnummer")
    assert "återkallat sitt samtycke" in error.message and "anonymt" in error.message
    assert counts() == before


def test_the_same_row_without_the_number_imports_anonymously(withdrawn):
    anonymous = ["2017:48;;K;1985;2482;2020-02-01;AF;A_KASSA;ARBETSSOKANDE;;;;"]

    assert import_file(withdrawn.a, csv_bytes(anonymous), "deltagare.csv").created == 1
    assert counts()[0] == 0


def test_a_person_who_gave_consent_again_on_the_enrolment_page_may_be_imported(withdrawn):
    actions.enrol(
        None,
        withdrawn.a,
        intervention=withdrawn.insats_a,
        enrolment_date=dt.date(2020, 2, 1),
        referrer="AF",
        income_before="A_KASSA",
        occupation_before="ARBETSSOKANDE",
        personnummer=ANNA,
        consent_given_on=dt.date(2020, 2, 1),
        consent_method="WRITTEN",
    )
    later = ["2017:48;850101-9809;;;2482;2020-02-01;AF;A_KASSA;ARBETSSOKANDE;2020-06-01;AVBRUTEN;ARBETE;LON"]

    result = import_file(withdrawn.a, csv_bytes(later), "deltagare.csv")

    assert (result.created, result.updated) == (0, 1)
    assert Consent.objects.filter(participant=person(ANNA), withdrawn_on__isnull=True).count() == 1
