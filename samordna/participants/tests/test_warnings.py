"""Warnings that never block: an age outside the insats's target group, a stay longer than its maximum (R26, R27)."""

import datetime as dt

import pytest
from django.urls import reverse

from samordna.participants import queries, rules
from samordna.participants.fictional import fictional_personnummer
from samordna.participants.models import Participation

from .people import ANNA, enrol

YOUNG = fictional_personnummer("20010918", 3, "M")  # 17 on 2019-03-01, 18 on 2019-09-18


@pytest.fixture
def limited(world):
    insats = world.insats_a
    insats.age_min, insats.age_max, insats.max_stay_months = 18, 64, 12
    insats.save()
    return insats


def test_age_is_counted_in_completed_years_at_enrolment(world, limited):
    before_birthday = enrol(world, personnummer=YOUNG, enrolment_date=dt.date(2019, 9, 17))
    on_birthday = enrol(world, personnummer=YOUNG, enrolment_date=dt.date(2019, 9, 18))
    anonymous = enrol(world, sex="K", birth_year=1950, enrolment_date=dt.date(2019, 3, 1))  # at most 69

    assert rules.stay_warnings(before_birthday, dt.date(2019, 10, 1)) == [
        "Deltagaren var 17 år vid inskrivningen; insatsens målgrupp är 18–64 år."
    ]
    assert rules.stay_warnings(on_birthday, dt.date(2019, 10, 1)) == []
    assert "69 år" in rules.stay_warnings(anonymous, dt.date(2019, 10, 1))[0]


def test_a_stay_beyond_the_maximum_warns_and_nothing_blocks_it(world, limited):
    stay = enrol(world, personnummer=ANNA, enrolment_date=dt.date(2019, 3, 1))

    assert rules.stay_warnings(stay, dt.date(2020, 3, 1)) == []
    assert rules.stay_warnings(stay, dt.date(2020, 3, 2)) == [
        "Vistelsen är längre än insatsens riktvärde på 12 månader (passerades 2020-03-01)."
    ]


def test_without_limits_there_are_no_warnings(world):
    stay = enrol(world, personnummer=YOUNG, enrolment_date=dt.date(2019, 3, 1))

    assert rules.stay_warnings(stay, dt.date(2025, 1, 1)) == []
    assert queries.warnings(Participation.objects.all(), dt.date(2025, 1, 1)) == []


def test_enrolment_outside_the_age_range_is_stored_and_warned_about(world, limited, login_as):
    client = login_as(world.people.handler)
    post = {
        "intervention": limited.pk,
        "enrolment_date": "2019-03-01",
        "personnummer": YOUNG,
        "consent_given_on": "2019-03-01",
        "consent_method": "WRITTEN",
        "referrer": "AF",
        "income_before": "A_KASSA",
        "occupation_before": "ARBETSSOKANDE",
        "education": "OKAND",
    }

    response = client.post(reverse("participants:enrol", args=["alfa"]), post, follow=True)

    body = response.content.decode()
    assert response.status_code == 200
    assert Participation.objects.filter(intervention=limited).count() == 1
    assert "Deltagaren är inskriven." in body
    assert "Deltagaren var 17 år vid inskrivningen" in body


def test_the_work_view_lists_the_warnings(world, limited, login_as, second):
    enrol(world, personnummer=ANNA, enrolment_date=dt.date(2019, 3, 1))
    enrol(world, intervention=second.insats, sex="M", birth_year=2010, enrolment_date=dt.date(2020, 3, 1))

    caseload = login_as(world.people.handler).get(reverse("participants:caseload", args=["alfa"])).content.decode()
    other = login_as(second.handler).get(reverse("participants:caseload", args=["alfa"])).content.decode()

    assert "Varningar" in caseload and "riktvärde på 12 månader" in caseload
    # The other handler's insats has no limits, and they never see the stays of 2017:48.
    assert "Varningar" not in other
