"""Statistics pages opened without a period show the latest year with data that the user may see, say so, and
carry that period explicitly in their export links; a year that cannot be shown gives a message, not an error."""

import datetime as dt

import pytest
from django.utils import timezone

from samordna.participants import actions
from samordna.stats import queries


def _enrol(world, insats, when):
    return actions.enrol(
        None,
        world.a,
        intervention=insats,
        enrolment_date=when,
        referrer="AF",
        income_before="A_KASSA",
        occupation_before="ARBETSSOKANDE",
        sex="K",
        birth_year=1980,
    )


@pytest.fixture
def stays(world, second):
    """One stay in 2017:48 begun in 2018, one in 2020:7 begun in 2020."""
    _enrol(world, world.insats_a, dt.date(2018, 3, 1))
    _enrol(world, second.insats, dt.date(2020, 5, 1))


def test_the_latest_year_is_that_of_the_insatser_the_user_may_see(world, second, stays):
    assert queries.latest_year_with_data(world.a) == 2020
    assert queries.latest_year_with_data(world.a, [world.insats_a.pk]) == 2018
    assert queries.latest_year_with_data(world.b) is None


def test_a_period_page_opens_on_the_latest_year_and_says_so(world, stays, login_as):
    body = login_as(world.people.board).get("/f/alfa/statistik/").content.decode()

    assert "Visar 2020, det senaste året med uppgifter." in body
    assert 'value="2020-01-01"' in body and 'value="2020-12-31"' in body
    assert "date_from=2020-01-01&amp;date_to=2020-12-31&amp;format=xlsx" in body


def test_a_scoped_user_opens_on_the_latest_year_of_their_own_insatser(world, stays, login_as):
    body = login_as(world.people.colleague).get("/f/alfa/statistik/").content.decode()

    assert "Visar 2018, det senaste året med uppgifter." in body


def test_a_chosen_period_is_shown_without_a_note(world, stays, login_as):
    body = (
        login_as(world.people.board)
        .get("/f/alfa/statistik/", {"date_from": "2018-01-01", "date_to": "2018-12-31"})
        .content.decode()
    )

    assert "det senaste året med uppgifter" not in body


def test_the_monthly_report_and_finsam_open_on_the_latest_year(world, stays, login_as):
    monthly = login_as(world.people.board).get("/f/alfa/statistik/manad/").content.decode()
    finsam = login_as(world.people.admin).get("/f/alfa/statistik/uppfoljning-finsam/").content.decode()

    for body in (monthly, finsam):
        assert "Visar 2020, det senaste året med uppgifter." in body
        assert "year=2020&amp;format=xlsx" in body or "year=2020&amp;format=csv" in body


@pytest.mark.parametrize("bad", ["abc", "99999", "2&nbsp;015", "0"])
def test_a_year_that_cannot_be_shown_gives_a_message_and_the_latest_year(world, stays, login_as, bad):
    response = login_as(world.people.board).get("/f/alfa/statistik/manad/", {"year": bad})
    body = response.content.decode()

    assert response.status_code == 200
    assert "är inget år som kan visas" in body and "Visar 2020, det senaste året med uppgifter." in body


def test_without_data_the_page_shows_this_year(world, login_as):
    body = login_as(world.people.board).get("/f/alfa/statistik/manad/").content.decode()

    assert f"Visar {timezone.localdate().year}, innevarande år" in body
