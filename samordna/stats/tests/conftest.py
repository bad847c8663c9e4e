"""A hand-made year of stays in förbund A, with every edge the definitions care about.

Period 2020-01-01 – 2020-12-31. Insats 2017:48 unless stated.

| stay | who                              | enrolled   | discharged           | counts as                          |
|------|----------------------------------|------------|----------------------|------------------------------------|
| p1   | K, 1985-01-01, identified        | 2019-06-01 | 2020-01-01 (= from)  | discharged (ARBETE), followed up   |
| p2   | M, 1990-06-15, identified        | 2020-12-31 (= to) | –             | enrolled, active at end (age 30)   |
| p3   | K, born 2001, anonymous          | 2020-03-01 | 2020-09-30           | enrolled, discharged (STUDIER)     |
| p4   | K, identified                    | 2020-02-01 | FELREGISTRERING      | nowhere                            |
| p5   | M, 2000-12-31, identified        | 2020-05-01 | –                    | enrolled, active, age 19 not 20    |
| p6   | K, 1970-05-05, identified        | 2020-01-15 | 2021-01-01 (after)   | enrolled, active at end            |
| p7   | M, 1995-03-03, identified        | 2019-11-01 | 2020-12-31 (= to)    | discharged (ARBETSSOKANDE)         |
| p8   | K, identified                    | 2021-01-01 | –                    | nowhere (after the period)         |
| p9   | M, born 1960, anonymous          | 2020-04-01 | –                    | enrolled, active, anonymous        |
| p10  | M, 1980-01-01, in 2020:7         | 2020-03-01 | –                    | enrolled, active                   |
"""

import datetime as dt
from types import SimpleNamespace

import pytest

from samordna.participants import actions
from samordna.participants.fictional import fictional_personnummer
from samordna.tenancy.models import Kommun

D = dt.date
FROM, TO = D(2020, 1, 1), D(2020, 12, 31)


def _enrol(
    world,
    when,
    *,
    pnr="",
    sex="",
    year=None,
    insats=None,
    referrer="AF",
    income="A_KASSA",
    occupation="ARBETSSOKANDE",
    kommun=None,
):
    fields = {}
    if pnr:
        fields = {"personnummer": pnr, "consent_given_on": when, "consent_method": "WRITTEN"}
    else:
        fields = {"sex": sex, "birth_year": year}
    return actions.enrol(
        None,
        world.a,
        intervention=insats or world.insats_a,
        enrolment_date=when,
        referrer=referrer,
        income_before=income,
        occupation_before=occupation,
        home_kommun=kommun,
        **fields,
    )


def _discharge(stay, when, reason="FULLFOLJD", occupation="ARBETSSOKANDE", income="A_KASSA"):
    return actions.discharge(
        None, stay, discharge_date=when, reason=reason, occupation_after=occupation, income_after=income
    )


@pytest.fixture
def year_2020(world, second):
    skelleftea = Kommun.objects.get(code="2482")
    s = SimpleNamespace()
    s.p1 = _enrol(world, D(2019, 6, 1), pnr=fictional_personnummer("19850101", 0, "K"))
    _discharge(s.p1, FROM, occupation="ARBETE", income="LON")
    actions.record_follow_up(
        None, s.p1, kind="SIX_MONTHS", contacted_on=D(2020, 7, 5), occupation="ARBETE", income="LON"
    )
    s.p2 = _enrol(world, TO, pnr=fictional_personnummer("19900615", 1, "M"), referrer="FK")
    s.p3 = _enrol(
        world,
        D(2020, 3, 1),
        sex="K",
        year=2001,
        referrer="KOMMUN",
        income="FORSORJNINGSSTOD",
        occupation="INGEN_SYSSELSATTNING",
        kommun=skelleftea,
    )
    _discharge(s.p3, D(2020, 9, 30), occupation="STUDIER", income="STUDIEMEDEL")
    s.p4 = _enrol(world, D(2020, 2, 1), pnr=fictional_personnummer("19880808", 2, "K"))
    _discharge(s.p4, D(2020, 6, 30), reason="FELREGISTRERING", occupation="", income="")
    s.p5 = _enrol(world, D(2020, 5, 1), pnr=fictional_personnummer("20001231", 3, "M"))
    s.p6 = _enrol(world, D(2020, 1, 15), pnr=fictional_personnummer("19700505", 4, "K"), referrer="REGION")
    _discharge(s.p6, D(2021, 1, 1))
    s.p7 = _enrol(world, D(2019, 11, 1), pnr=fictional_personnummer("19950303", 5, "M"))
    _discharge(s.p7, TO)
    s.p8 = _enrol(world, D(2021, 1, 1), pnr=fictional_personnummer("19770707", 6, "K"))
    s.p9 = _enrol(world, D(2020, 4, 1), sex="M", year=1960, referrer="EGEN")
    s.p10 = _enrol(world, D(2020, 3, 1), pnr=fictional_personnummer("19800101", 7, "M"), insats=second.insats)
    s.second = second
    return s
