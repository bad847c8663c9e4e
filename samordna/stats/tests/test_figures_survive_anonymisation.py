"""Every report gives the same figures before and after anonymisation, and after a person moves.

Each stay keeps its age, kommun and identity at enrolment; anonymising keeps only the birth year and a later stay
in another kommun changes the person's kommun, and neither may change a published (or an exact) figure.
"""

import datetime as dt

import pytest

from samordna.participants import actions
from samordna.participants.fictional import fictional_personnummer
from samordna.participants.identity import lookup_key
from samordna.participants.models import Participant
from samordna.participants.tests.test_import import csv_bytes
from samordna.participants.transfer import import_file
from samordna.privacy.actions import erase_on_request, run_retention, set_retention_plan
from samordna.stats import reports
from samordna.tenancy.models import Kommun

# Born in June, enrolled in March: 24 at enrolment, but 25 by the birth year alone (another age band).
JUNE_1994 = fictional_personnummer("19940615", 0, "K")
MAY_1960 = fictional_personnummer("19600515", 1, "M")
ROWS = [
    f"2017:48;{JUNE_1994};;;2482;2019-03-01;AF;A_KASSA;ARBETSSOKANDE;2019-10-01;FULLFOLJD;ARBETE;LON",
    f"2017:48;{MAY_1960};;;2482;2019-02-01;FK;SJUKPENNING;INGEN_SYSSELSATTNING;2019-11-15;AVBRUTEN;STUDIER;STUDIEMEDEL",
    "2017:48;;K;1975;2482;2019-05-01;KOMMUN;FORSORJNINGSSTOD;INGEN_SYSSELSATTNING;;;;",
    "2017:48;;M;2001;;2019-06-01;EGEN;INGEN;STUDIER;2019-09-30;AVBRUTEN;ANNAN_INSATS;AKTIVITETSSTOD",
]
START, END = dt.date(2019, 1, 1), dt.date(2019, 12, 31)


def every_report(forbund, threshold):
    return {
        "participants": reports.participants(forbund, START, END, None, threshold),
        "monthly": reports.monthly(forbund, 2019, None, threshold),
        "goals": reports.goals(forbund, START, END, None, threshold),
        "insatser": reports.insatser(forbund, START, END, None, threshold, costs=True),
        "insatser_without_costs": reports.insatser(forbund, START, END, None, threshold, costs=False),
        "questionnaires": reports.questionnaires(forbund, START, END, None, threshold),
        "finsam": reports.finsam(forbund, 2019),
    }


def both(forbund):
    return {"exact": every_report(forbund, None), "published": every_report(forbund, forbund.suppression_threshold)}


def person(number):
    return Participant.objects.get(lookup_key=lookup_key(number))


@pytest.fixture
def imported(world):
    Kommun.objects.get_or_create(code="2418", defaults={"name": "Malå"})
    import_file(world.a, csv_bytes(ROWS), "deltagare.csv")
    return world


def test_the_test_data_crosses_an_age_band_and_a_kommun(imported):
    report = reports.participants(imported.a, START, END, None, None)
    assert report["by_age_band"]["20–24"]["enrolled"] == 1
    assert report["by_kommun"]


def test_a_move_changes_no_figure_of_the_earlier_year(imported):
    before = both(imported.a)
    moved = [f"2017:48;{JUNE_1994};;;2418;2021-03-01;AF;A_KASSA;ARBETSSOKANDE;;;;"]

    import_file(imported.a, csv_bytes(moved), "flytt.csv")

    assert person(JUNE_1994).home_kommun.code == "2418"
    assert both(imported.a) == before


def test_withdrawal_and_erasure_change_no_figure(imported):
    before = both(imported.a)

    actions.withdraw_consent(None, person(JUNE_1994), withdrawn_on=dt.date(2019, 12, 1))
    erase_on_request(None, person(MAY_1960), received_on=dt.date(2020, 1, 15))

    assert not Participant.objects.filter(identity_mode="IDENTIFIED").exists()
    assert both(imported.a) == before


def test_retention_changes_no_figure(imported):
    before = both(imported.a)
    set_retention_plan(None, imported.a, years_after_discharge=1, decided_on=dt.date(2020, 1, 1))

    run_retention(dt.date(2021, 6, 1))

    assert not Participant.objects.filter(identity_mode="IDENTIFIED").exists()
    assert both(imported.a) == before


def test_reimporting_the_original_file_after_withdrawal_changes_no_figure(imported):
    before = both(imported.a)
    actions.withdraw_consent(None, person(JUNE_1994), withdrawn_on=dt.date(2019, 12, 1))

    import_file(imported.a, csv_bytes(ROWS), "deltagare.csv")

    assert both(imported.a) == before
