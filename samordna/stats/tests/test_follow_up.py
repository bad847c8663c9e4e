"""The six-month follow-up figures of the participant report when a stay was followed up more than once."""

import datetime as dt

import pytest

from samordna.participants import actions
from samordna.stats.queries import participant_report
from samordna.stats.suppression import publish

from .conftest import FROM, TO

pytestmark = pytest.mark.django_db


def follow_up(world):
    return publish(participant_report(world.a, FROM, TO), None)["follow_up"]


def test_the_latest_follow_up_gives_the_situation_and_the_stay_counts_once(world, year_2020):
    # p1 was followed up in work on 2020-07-05; a later six-month follow-up finds her studying.
    actions.record_follow_up(
        None, year_2020.p1, kind="SIX_MONTHS", contacted_on=dt.date(2020, 8, 1), occupation="STUDIER", income="LON"
    )
    # A contact that is not the six-month follow-up says nothing about the situation.
    actions.record_follow_up(None, year_2020.p1, kind="CONTACT", contacted_on=dt.date(2020, 9, 1))

    report = follow_up(world)

    assert (report["due"], report["followed_up"]) == (1, 1)
    assert {code: n for code, n in report["situation"].items() if n} == {"STUDIER": 1}


def test_of_two_follow_ups_on_one_day_the_one_recorded_last_counts(world, year_2020):
    # p3, discharged 2020-09-30, is not yet due by the end of the year but was followed up twice on one day.
    day = dt.date(2020, 12, 1)
    for occupation in ("ARBETSSOKANDE", "ARBETE"):
        actions.record_follow_up(
            None, year_2020.p3, kind="SIX_MONTHS", contacted_on=day, occupation=occupation, income="LON"
        )

    report = follow_up(world)

    assert (report["due"], report["followed_up"]) == (1, 2)
    assert {code: n for code, n in report["situation"].items() if n} == {"ARBETE": 2}
    assert report["work_or_studies_share"] == 1.0


def test_follow_ups_of_stays_outside_the_report_are_not_counted(world, year_2020):
    # p6 was discharged the day after the period: her follow-up belongs to next year's report.
    actions.record_follow_up(
        None, year_2020.p6, kind="SIX_MONTHS", contacted_on=dt.date(2021, 7, 1), occupation="STUDIER", income="LON"
    )

    report = follow_up(world)

    assert (report["due"], report["followed_up"]) == (1, 1)
    assert {code: n for code, n in report["situation"].items() if n} == {"ARBETE": 1}


def test_follow_ups_are_found_through_the_same_condition_as_their_stays(world, year_2020):
    from samordna.participants.models import FollowUp
    from samordna.stats import queries

    # p4 (a felregistrering) followed up: the condition's negation must carry over the join and leave it out.
    actions.record_follow_up(None, year_2020.p4, kind="CONTACT", contacted_on=dt.date(2020, 7, 1))
    for forbund, ids in ((world.a, None), (None, [world.a.pk])):
        for interventions in (None, [world.insats_a.pk]):
            condition = queries._stays_condition(forbund, interventions, ids) & queries.discharged_in(FROM, TO)
            through = FollowUp.objects.filter(queries._through(condition, "participation"))
            stays = queries.stays(forbund, interventions, ids).filter(queries.discharged_in(FROM, TO))
            assert set(through) == set(FollowUp.objects.filter(participation__in=stays))
            assert through.exists() and not through.filter(participation=year_2020.p4).exists()
