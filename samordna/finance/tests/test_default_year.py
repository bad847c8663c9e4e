"""Finance pages opened without a year show the latest year with data and say so; a year that cannot be shown
gives a message and that year, never an error page."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from samordna.finance import actions, queries
from samordna.finance.models import LineCategory

NOTE = "Visar 2015, det senaste året med uppgifter."


def heading(response) -> str:
    found = re.search(r"<h1>(.*?)</h1>", response.content.decode(), re.DOTALL)
    return found.group(1) if found else ""


@pytest.fixture
def contributions_2015(world):
    for member in world.members_a.values():
        actions.set_contribution(None, member, 2015, 100_000, 1000 if member.kommun else None)


def test_economy_and_budget_open_on_the_latest_budget_and_say_so(world, skelleftea_2015, login_as):
    client = login_as(world.people.board)

    for url in ("/f/alfa/ekonomi/", "/f/alfa/ekonomi/budget/"):
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 200
        assert NOTE in body
        assert 'href="/f/alfa/ekonomi/?year=2015"' in body
    assert "Ekonomisk rapport 2015" in heading(client.get("/f/alfa/ekonomi/"))


def test_a_budget_drafted_for_next_year_does_not_move_the_default(world, skelleftea_2015, login_as):
    next_year = actions.save_budget_year(None, world.a, timezone.localdate().year + 1, equity_start=0)
    actions.save_budget_line(None, next_year, code="x", label="X", category=LineCategory.OTHER_COST, amount=1)

    assert queries.latest_budget_year(world.a) == 2015
    assert NOTE in login_as(world.people.board).get("/f/alfa/ekonomi/budget/").content.decode()


def test_a_chosen_year_is_shown_without_a_note(world, skelleftea_2015, login_as):
    body = login_as(world.people.board).get("/f/alfa/ekonomi/?year=2015").content.decode()

    assert "Ekonomisk rapport 2015" in body and "det senaste året med uppgifter" not in body


def test_contributions_and_invoices_open_on_the_latest_year_with_contributions(world, contributions_2015, login_as):
    client = login_as(world.people.office)
    actions.create_invoices(world.people.office, world.a, 2015)

    for url in ("/f/alfa/ekonomi/medlemsbidrag/", "/f/alfa/ekonomi/fakturor/"):
        response = client.get(url)
        assert response.status_code == 200
        assert NOTE in response.content.decode()
        assert "2015" in heading(response)


def test_without_any_data_the_page_shows_this_year_and_says_there_is_none(world, login_as):
    this_year = timezone.localdate().year

    body = login_as(world.people.board).get("/f/alfa/ekonomi/medlemsbidrag/").content.decode()

    assert f"Visar {this_year}, innevarande år; inget år har uppgifter ännu." in body


@pytest.mark.parametrize("bad", ["abc", "99999", "2 015", "-1", "1999"])
def test_a_year_that_cannot_be_shown_gives_a_message_and_the_default(
    world, skelleftea_2015, contributions_2015, login_as, bad
):
    client = login_as(world.people.board)

    for url in ("/f/alfa/ekonomi/", "/f/alfa/ekonomi/budget/", "/f/alfa/ekonomi/fakturor/"):
        response = client.get(url, {"year": bad})
        body = response.content.decode()
        assert response.status_code == 200, url
        assert "är inget år som kan visas" in body and NOTE in body, url


def test_an_invalid_year_in_a_posted_form_changes_nothing(world, skelleftea_2015, contributions_2015, login_as):
    client = login_as(world.people.office)

    response = client.post("/f/alfa/ekonomi/fakturor/", {"year": "20x5"})

    assert response.status_code == 302 and response["Location"].endswith("?year=2015")
    assert not world.a.member_invoices.exists()


def test_an_intervention_manager_opens_on_the_latest_year_of_their_own_insats(world, login_as):
    own = actions.save_budget_year(None, world.a, 2019, equity_start=0)
    actions.save_budget_line(
        None, own, code="egen", label="Egen", category=LineCategory.INTERVENTION, amount=1, intervention=world.insats_a
    )
    other = actions.save_budget_year(None, world.a, 2021, equity_start=0)
    actions.save_budget_line(
        None,
        other,
        code="annan",
        label="Annan",
        category=LineCategory.INTERVENTION,
        amount=1,
        intervention=world.other_insats_a,
    )

    body = login_as(world.people.colleague).get("/f/alfa/ekonomi/mina-insatser/").content.decode()

    assert "Visar 2019, det senaste året med uppgifter." in body and "Egen" in body


def test_the_latest_years_are_those_up_to_this_year(world, skelleftea_2015):
    assert queries.latest_budget_year(world.a, today=dt.date(2014, 6, 1)) is None
    assert queries.latest_budget_year(world.a, today=dt.date(2016, 6, 1)) == 2015
    assert queries.latest_contribution_year(world.a) is None
