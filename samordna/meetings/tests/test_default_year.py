"""The meeting plan opens on the latest year with meetings, up to this year, and says so; `?ar=` that is not a
year gives a message and that plan instead of an error page."""

import datetime as dt

import pytest
from django.utils import timezone

from samordna.meetings import actions, queries


@pytest.fixture
def meetings(world):
    for day in (dt.date(2015, 4, 23), dt.date(2018, 6, 14)):
        actions.plan_meeting(None, world.a, date=day, place="Hörnellgatan 17")


def test_the_plan_opens_on_the_latest_year_with_meetings(world, meetings, login_as):
    body = login_as(world.people.board).get("/f/alfa/sammantraden/").content.decode()

    assert "Mötesplan 2018" in body and "Visar 2018, det senaste året med uppgifter." in body
    assert "2018-06-14" in body and "2015-04-23" not in body
    assert 'href="?ar=2015"' in body


def test_a_meeting_planned_for_next_year_does_not_move_the_default(world, meetings):
    actions.plan_meeting(None, world.a, date=dt.date(timezone.localdate().year + 1, 2, 1), place="Stadshuset")

    assert queries.latest_meeting_year(world.a) == 2018


def test_a_chosen_year_is_shown_without_a_note(world, meetings, login_as):
    body = login_as(world.people.board).get("/f/alfa/sammantraden/?ar=2015").content.decode()

    assert "Mötesplan 2015" in body and "det senaste året med uppgifter" not in body


@pytest.mark.parametrize("bad", ["99999", "abc", "2 015"])
def test_a_year_that_cannot_be_shown_gives_a_message_and_the_default(world, meetings, login_as, bad):
    response = login_as(world.people.board).get("/f/alfa/sammantraden/", {"ar": bad})
    body = response.content.decode()

    assert response.status_code == 200
    assert "är inget år som kan visas" in body and "Mötesplan 2018" in body
