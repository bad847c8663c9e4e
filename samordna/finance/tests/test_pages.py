"""Finance pages by role: finance W for admin and office, R for board and auditor, own insats for managers."""

import datetime as dt

from samordna.audit.models import AuditEvent
from samordna.finance import actions
from samordna.finance.models import Actual, Contribution, LineCategory


def test_economy_page_shows_room_and_grant_preview(world, skelleftea_2015, login_as):
    client = login_as(world.people.board)

    response = client.get("/f/alfa/ekonomi/?year=2015&date=2015-03-31&grant=600000")

    body = response.content.decode()
    assert response.status_code == 200
    assert "2 180 732 kr" in body
    assert "från 2 180 732 kr till 1 580 732 kr" in body


def test_economy_exports_from_the_page(world, skelleftea_2015, login_as):
    client = login_as(world.people.auditor)

    assert client.get("/f/alfa/ekonomi/?year=2015&format=pdf").content.startswith(b"%PDF-")
    assert client.get("/f/alfa/ekonomi/?year=2015&format=json").json()["room_for_new"] == 2_180_732


def test_board_cannot_enter_outcome_and_nothing_changes(world, skelleftea_2015, login_as):
    line = skelleftea_2015.lines.get(code="kostnader")
    before = (Actual.objects.count(), AuditEvent.objects.count())

    response = login_as(world.people.board).post(
        "/f/alfa/ekonomi/budget/?year=2015", {"form": "actual", "line": line.pk, "period": "2015-04", "amount": 1}
    )

    assert response.status_code == 403
    assert (Actual.objects.count(), AuditEvent.objects.count()) == before


def test_office_enters_outcome_for_a_quarter(world, skelleftea_2015, login_as):
    line = skelleftea_2015.lines.get(code="kostnader")

    response = login_as(world.people.office).post(
        "/f/alfa/ekonomi/budget/?year=2015",
        {"form": "actual", "line": line.pk, "period": "2015-Q2", "amount": 1_000_000, "year": 2015},
    )

    assert response.status_code == 302
    assert Actual.objects.get(line=line, period_start=dt.date(2015, 4, 1)).period_end == dt.date(2015, 6, 30)


def test_handler_and_applicant_see_no_finance(world, skelleftea_2015, login_as):
    for persona in (world.people.handler, world.people.applicant, world.people.colleague):
        assert login_as(persona).get("/f/alfa/ekonomi/?year=2015").status_code == 403


def test_manager_sees_only_own_insats_lines(world, login_as):
    budget_year = actions.save_budget_year(None, world.a, 2021, equity_start=0)
    actions.save_budget_line(
        None,
        budget_year,
        code="egen",
        label="Egen",
        category=LineCategory.INTERVENTION,
        amount=100,
        intervention=world.insats_a,
    )
    actions.save_budget_line(
        None,
        budget_year,
        code="annan",
        label="Annans",
        category=LineCategory.INTERVENTION,
        amount=200,
        intervention=world.other_insats_a,
    )

    body = login_as(world.people.colleague).get("/f/alfa/ekonomi/mina-insatser/?year=2021").content.decode()

    assert "Egen" in body and "Annans" not in body


def test_refused_action_changes_nothing(world):
    import pytest

    from samordna.lib.errors import Refused

    with pytest.raises(Refused):
        actions.set_contribution(world.people.auditor, world.members_a["fk"], 2015, 1)
    assert not Contribution.objects.exists()
