"""The participant report pinned on the hand-made year in conftest.py (every figure counted by hand)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samordna.stats.queries import parse_age_bands, participant_report
from samordna.stats.suppression import publish

from .conftest import FROM, TO
from .published import possible

pytestmark = pytest.mark.django_db


def exact(world, **kwargs):
    return publish(participant_report(world.a, FROM, TO, **kwargs), None)


def test_totals_with_period_edges_and_felregistrering(world, year_2020):
    report = exact(world)

    # enrolled: p2 (on `to`), p3, p5, p6, p9, p10; p4 is a felregistrering, p8 comes after the period.
    assert report["enrolled"] == 6
    # discharged: p1 (on `from`), p3, p7 (on `to`); p6 leaves the day after the period.
    assert report["discharged"] == 3
    # active at the end: p2, p5, p6, p9, p10.
    assert report["active_at_end"] == 5
    assert report["anonymous_enrolled"] == 2


def test_by_sex(world, year_2020):
    assert exact(world)["by_sex"] == {
        "K": {"enrolled": 2, "discharged": 2},
        "M": {"enrolled": 4, "discharged": 1},
    }


def test_age_at_enrolment_in_completed_years(world, year_2020):
    bands = exact(world)["by_age_band"]

    # p3 anonymous, born 2001: 19 in 2020. p5 born 2000-12-31 and enrolled 2020-05-01: 19, not 20.
    assert bands["16–19"] == {"enrolled": 2, "discharged": 1}
    assert bands["20–24"] == {"enrolled": 0, "discharged": 1}  # p7, 24 at enrolment 2019-11-01
    assert bands["30–44"] == {"enrolled": 2, "discharged": 1}  # p2 (30), p10 (40); p1 (34)
    assert bands["45–54"] == {"enrolled": 1, "discharged": 0}  # p6 (49)
    assert bands["55–64"] == {"enrolled": 1, "discharged": 0}  # p9 anonymous, born 1960
    assert bands["16–29"] == {"enrolled": 2, "discharged": 2}
    assert bands["0–15"] == bands["65+"] == bands["25–29"] == {"enrolled": 0, "discharged": 0}


def test_configurable_age_bands(world, year_2020):
    bands = exact(world, age_bands=parse_age_bands("18-29,30-49,50+"))["by_age_band"]

    assert bands["18–29"]["enrolled"] == 2 and bands["30–49"]["enrolled"] == 3 and bands["50+"]["enrolled"] == 1
    with pytest.raises(ValueError):
        parse_age_bands("16-19,25-29")


def test_referrer_kommun_and_insats(world, year_2020):
    report = exact(world)

    assert report["by_referrer"] == {"FK": 1, "AF": 2, "REGION": 1, "KOMMUN": 1, "ANNAN": 0, "EGEN": 1}
    assert report["by_kommun"] == {"Skellefteå": 1, "OKAND": 5}
    assert report["by_insats"]["2017:48"] == {"enrolled": 5, "discharged": 3, "active_at_end": 4}
    assert report["by_insats"]["2020:7"] == {"enrolled": 1, "discharged": 0, "active_at_end": 1}
    assert report["by_insats"]["2019:3"] == {"enrolled": 0, "discharged": 0, "active_at_end": 0}


def test_outcomes_and_work_or_studies_share(world, year_2020):
    report = exact(world)

    assert {k: v for k, v in report["outcomes"].items() if v} == {"ARBETE": 1, "STUDIER": 1, "ARBETSSOKANDE": 1}
    assert report["work_or_studies_share"] == 0.667


def test_share_is_null_when_nothing_was_discharged(world, year_2020):
    report = publish(participant_report(world.a, dt.date(2020, 10, 1), dt.date(2020, 11, 30)), None)

    assert report["discharged"] == 0
    assert report["work_or_studies_share"] is None


def test_transitions_before_and_after(world, year_2020):
    report = exact(world)
    matrix = report["forsorjning_transitions"]

    assert matrix["A_KASSA"]["LON"] == 1 and matrix["A_KASSA"]["A_KASSA"] == 1
    assert matrix["FORSORJNINGSSTOD"]["STUDIEMEDEL"] == 1
    assert sum(sum(row.values()) for row in matrix.values()) == 3
    work = report["employment_studies"]
    assert (work["work_or_studies_before"], work["work_or_studies_after"], work["started_or_increased"]) == (0, 2, 2)
    assert work["transitions"]["INGEN_SYSSELSATTNING"]["STUDIER"] == 1


def test_six_month_follow_up(world, year_2020):
    follow_up = exact(world)["follow_up"]

    # Only p1 (discharged 2020-01-01) is due by 2020-12-31; she was followed up in work.
    assert (follow_up["due"], follow_up["followed_up"]) == (1, 1)
    assert follow_up["situation"]["ARBETE"] == 1
    assert follow_up["work_or_studies_share"] == 1.0


def test_one_insats(world, year_2020):
    report = exact(world, interventions=[world.insats_a.pk])

    assert (report["enrolled"], report["discharged"], report["active_at_end"]) == (5, 3, 4)
    assert list(report["by_insats"]) == ["2017:48"]


def test_protected_for_others(world, year_2020):
    exact = publish(participant_report(world.a, FROM, TO), None)
    report = publish(participant_report(world.a, FROM, TO), world.a.suppression_threshold)

    assert possible(report["enrolled"], 6) and report["discharged"] in ("<5", 0)
    # K 2 and M 4 enrolled: both small, each shown as "<5" or 0 and never as a number that gives it away.
    assert report["by_sex"]["K"]["enrolled"] in ("<5", 0) and report["by_sex"]["M"]["enrolled"] in ("<5", 0)
    assert report["work_or_studies_share"] is None
    assert report["by_insats"]["2019:3"]["enrolled"] == 0
    for table in ("by_sex", "by_age_band", "by_insats"):
        for row, cells in exact[table].items():
            assert all(possible(report[table][row][key], true) for key, true in cells.items()), (table, row)


def test_counted_by_a_fixed_number_of_queries(world, year_2020):
    with CaptureQueriesContext(connection) as queries:
        participant_report(world.a, FROM, TO)
    few = len(queries)
    for _ in range(20):
        from samordna.participants import actions

        actions.enrol(
            None,
            world.a,
            intervention=world.insats_a,
            enrolment_date=dt.date(2020, 6, 1),
            referrer="AF",
            income_before="LON",
            occupation_before="ARBETE",
            sex="K",
            birth_year=1990,
        )
    with CaptureQueriesContext(connection) as queries:
        participant_report(world.a, FROM, TO)

    assert len(queries) == few
