"""An insats's budget lines, changed and removed one at a time by the office or the insats's own manager; a line of
a year whose förbund budget the board adopted stays as it is. A refused change changes nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from samordna.audit.models import AuditEvent
from samordna.finance import actions
from samordna.finance.models import Financier, InterventionBudgetLine
from samordna.lib.errors import Refused


def line_of(insats, year=2020, amount=400_000):
    return actions.save_intervention_budget_line(
        None, insats, year=year, financier=Financier.FORBUND, label="Koordinator", amount=amount
    )


def rows():
    return sorted(InterventionBudgetLine.objects.values_list("pk", "year", "label", "amount"))


@pytest.mark.parametrize("persona", ["office", "colleague"])
def test_the_office_and_the_insats_manager_change_and_remove_a_line(world, persona):
    user = getattr(world.people, persona)
    line = line_of(world.insats_a)

    actions.update_intervention_budget_line(user, line, amount=450_000, label="Koordinator 100 %")
    line.refresh_from_db()
    assert (line.amount, line.label) == (450_000, "Koordinator 100 %")
    event = AuditEvent.objects.get(action="intervention_budget.update")
    assert event.actor == user and event.changes["amount"] == ["400000", "450000"]

    actions.remove_intervention_budget_line(user, line)
    assert not InterventionBudgetLine.objects.exists()
    assert AuditEvent.objects.get(action="intervention_budget.remove").actor == user


@pytest.mark.parametrize(
    ("persona", "insats"),
    [("colleague", "other_insats_a"), ("board", "insats_a"), ("applicant", "insats_a"), ("outsider", "insats_a")],
)
def test_others_may_neither_change_nor_remove_a_line(world, persona, insats):
    line = line_of(getattr(world, insats))
    before, events = rows(), AuditEvent.objects.count()
    user = getattr(world.people, persona)

    with pytest.raises(Refused):
        actions.update_intervention_budget_line(user, line, amount=1)
    with pytest.raises(Refused):
        actions.remove_intervention_budget_line(user, line)

    assert (rows(), AuditEvent.objects.count()) == (before, events)


def test_a_line_of_a_year_whose_budget_is_adopted_is_neither_changed_nor_removed(world):
    budget_year = actions.save_budget_year(None, world.a, 2020, equity_start=0)
    actions.save_budget_line(None, budget_year, code="admin", label="Kansli", category="PERSONNEL", amount=1)
    actions.adopt_budget_year(None, budget_year, adopted_on=dt.date(2019, 12, 12), reference="§ 40")
    line = line_of(world.insats_a)
    later = line_of(world.insats_a, year=2021)
    before, events = rows(), AuditEvent.objects.count()

    for call in (
        lambda: actions.update_intervention_budget_line(world.people.office, line, amount=1),
        lambda: actions.remove_intervention_budget_line(world.people.office, line),
        lambda: actions.update_intervention_budget_line(world.people.office, later, year=2020),
    ):
        with pytest.raises(ValidationError, match="fastställd av styrelsen \\(§ 40, 2019-12-12\\)"):
            call()

    assert (rows(), AuditEvent.objects.count()) == (before, events)
    actions.update_intervention_budget_line(world.people.office, later, amount=1)  # 2021 is open


def test_the_insats_manager_changes_and_removes_lines_on_the_budget_page(world, client, login_as):
    line = line_of(world.insats_a)
    login_as(world.people.colleague)
    url = f"/f/alfa/insatser/{world.insats_a.pk}/budget/"
    assert "Ändra budgetraderna" in client.get(f"/f/alfa/insatser/{world.insats_a.pk}/").content.decode()
    fields = {
        "form": "change",
        "line": line.pk,
        f"line-{line.pk}-year": "2020",
        f"line-{line.pk}-financier": "FORBUND",
        f"line-{line.pk}-label": "Koordinator",
        f"line-{line.pk}-amount": "420000",
    }

    assert client.post(url, fields).status_code == 302
    line.refresh_from_db()
    assert line.amount == 420_000
    refused = client.post(url, {**fields, f"line-{line.pk}-amount": "-5"})
    assert refused.status_code == 400
    line.refresh_from_db()
    assert line.amount == 420_000
    assert client.post(url, {"form": "remove", "line": line.pk}).status_code == 302
    assert not InterventionBudgetLine.objects.exists()


def test_the_budget_page_of_another_insats_is_refused_to_its_non_manager(world, client, login_as):
    line = line_of(world.other_insats_a)
    login_as(world.people.colleague)

    response = client.post(f"/f/alfa/insatser/{world.other_insats_a.pk}/budget/", {"form": "remove", "line": line.pk})

    assert response.status_code == 403
    assert InterventionBudgetLine.objects.filter(pk=line.pk).exists()
