"""Setting up a budget on pages: a year started empty or copied, its lines adjusted, adopted, forecasts, mappings."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from samordna.audit.models import AuditEvent
from samordna.finance import actions
from samordna.finance.models import AccountMapping, Actual, BudgetLine, BudgetYear, Forecast, LineCategory
from samordna.interventions.models import Intervention

PLAN = "/f/alfa/ekonomi/budget/planera/"
BUDGET = "/f/alfa/ekonomi/budget/"
ACCOUNTS = "/f/alfa/ekonomi/kontokoppling/"
SIE = Path(__file__).parent / "sie"


@pytest.fixture
def year_2015(world):
    budget_year = actions.save_budget_year(None, world.a, 2015, equity_start=1_000_000)
    actions.save_budget_line(
        None, budget_year, code="medlemsbidrag", label="Bidrag", category=LineCategory.CONTRIBUTIONS, amount=6_000_000
    )
    actions.save_budget_line(
        None, budget_year, code="lokaler", label="Lokaler", category=LineCategory.PREMISES, amount=120_000
    )
    actions.save_budget_line(
        None,
        budget_year,
        code="insats",
        label="Insatsen",
        category=LineCategory.INTERVENTION,
        amount=400_000,
        intervention=world.insats_a,
    )
    return budget_year


def _counts():
    return (
        BudgetYear.objects.count(),
        BudgetLine.objects.count(),
        Forecast.objects.count(),
        AccountMapping.objects.count(),
        AuditEvent.objects.count(),
    )


def test_office_copies_last_year_and_ended_insatser_stay_behind(world, year_2015, login_as):
    Intervention.objects.filter(pk=world.insats_a.pk).update(end_date=dt.date(2015, 12, 31))

    response = login_as(world.people.office).post(
        PLAN + "?year=2016", {"form": "new", "year": 2016, "equity_start": 1_500_000, "copy_from": year_2015.pk}
    )

    assert response.status_code == 302
    copied = BudgetYear.objects.get(forbund=world.a, year=2016)
    assert copied.equity_start == 1_500_000
    assert sorted(copied.lines.values_list("code", "amount")) == [("lokaler", 120_000), ("medlemsbidrag", 6_000_000)]
    assert AuditEvent.objects.filter(action="budget_year.create").latest("pk").changes["copied_from"] == 2015


def test_a_year_that_exists_is_not_started_again(world, year_2015, login_as):
    before = _counts()

    response = login_as(world.people.admin).post(PLAN + "?year=2016", {"form": "new", "year": 2015, "equity_start": 0})

    assert response.status_code == 400
    assert "Det finns redan en budget för 2015." in response.content.decode()
    assert _counts() == before


def test_office_adjusts_a_line_and_adds_one(world, year_2015, login_as):
    client = login_as(world.people.office)
    line = year_2015.lines.get(code="lokaler")

    changed = client.post(
        PLAN + "?year=2015",
        {
            "form": "change",
            "line": line.pk,
            f"line-{line.pk}-label": "Lokaler och el",
            f"line-{line.pk}-amount": 130_000,
            f"line-{line.pk}-expected_version": line.version,
        },
    )
    added = client.post(
        PLAN + "?year=2015",
        {"form": "line", "code": "styrelse", "label": "Styrelsen", "category": LineCategory.BOARD, "amount": 50_000},
    )

    assert (changed.status_code, added.status_code) == (302, 302)
    line.refresh_from_db()
    assert (line.label, line.amount) == ("Lokaler och el", 130_000)
    assert year_2015.lines.get(code="styrelse").kind == "COST"


def test_a_stale_row_is_refused_and_the_line_keeps_its_amount(world, year_2015, login_as):
    line = year_2015.lines.get(code="lokaler")
    actions.save_budget_line(
        None, year_2015, code="lokaler", label="Lokaler", category=LineCategory.PREMISES, amount=125_000
    )

    login_as(world.people.office).post(
        PLAN + "?year=2015",
        {
            "form": "change",
            "line": line.pk,
            f"line-{line.pk}-label": "Lokaler",
            f"line-{line.pk}-amount": 1,
            f"line-{line.pk}-expected_version": line.version,
        },
    )

    assert BudgetLine.objects.get(pk=line.pk).amount == 125_000


def test_a_cap_override_needs_the_boards_decision(world, year_2015, login_as):
    client = login_as(world.people.office)

    refused = client.post(PLAN + "?year=2015", {"form": "year", "equity_start": 1_000_000, "equity_cap_fixed": 1})
    saved = client.post(
        PLAN + "?year=2015",
        {"form": "year", "equity_start": 900_000, "equity_cap_fixed": 1_220_000, "equity_cap_basis": "§ 8"},
    )

    assert (refused.status_code, saved.status_code) == (400, 302)
    year_2015.refresh_from_db()
    assert (year_2015.equity_start, year_2015.equity_cap_fixed, year_2015.equity_cap_basis) == (
        900_000,
        1_220_000,
        "§ 8",
    )


def test_adoption_with_a_date_in_the_future_is_refused(world, year_2015, login_as):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    response = login_as(world.people.office).post(
        PLAN + "?year=2015", {"form": "adopt", "adopted_on": tomorrow.isoformat(), "reference": "§ 12"}
    )

    assert response.status_code == 400
    assert "kan inte ligga i framtiden" in response.content.decode()
    year_2015.refresh_from_db()
    assert not year_2015.adopted


def test_an_adopted_budget_is_locked_but_takes_forecasts(world, year_2015, login_as):
    client = login_as(world.people.office)
    line = year_2015.lines.get(code="lokaler")

    adopted = client.post(PLAN + "?year=2015", {"form": "adopt", "adopted_on": "2014-12-10", "reference": "§ 40"})
    removed = client.post(PLAN + "?year=2015", {"form": "remove", "line": line.pk})
    forecast = client.post(
        BUDGET + "?year=2015", {"form": "forecast", "year": 2015, "line": line.pk, "as_of": "2015-04-30", "amount": 1}
    )

    assert (adopted.status_code, removed.status_code, forecast.status_code) == (302, 302, 302)
    year_2015.refresh_from_db()
    assert (year_2015.adopted_on, year_2015.adopted_reference) == (dt.date(2014, 12, 10), "§ 40")
    assert year_2015.lines.filter(pk=line.pk).exists()
    assert Forecast.objects.get(line=line).as_of == dt.date(2015, 4, 30)
    with pytest.raises(ValidationError, match="fastställd"):
        actions.save_budget_line(
            None, year_2015, code="lokaler", label="Lokaler", category=LineCategory.PREMISES, amount=2
        )
    page = client.get(PLAN + "?year=2015").content.decode()
    assert "Budgeten är fastställd av styrelsen 2014-12-10, § 40." in page and "Spara raden" not in page


def test_forecast_offers_months_and_tertials_and_refuses_the_future(world, login_as):
    this_year = timezone.localdate().year
    budget_year = actions.save_budget_year(None, world.a, this_year, equity_start=0)
    line = actions.save_budget_line(
        None, budget_year, code="lokaler", label="Lokaler", category=LineCategory.PREMISES, amount=1
    )
    client = login_as(world.people.office)

    page = client.get(f"{BUDGET}?year={this_year}").content.decode()
    response = client.post(
        f"{BUDGET}?year={this_year}",
        {"form": "forecast", "year": this_year, "line": line.pk, "as_of": f"{this_year}-12-31", "amount": 5},
    )

    assert f"{this_year}-08 (tertial 2)" in page
    if timezone.localdate() < dt.date(this_year, 12, 31):
        assert response.status_code == 400
        assert not Forecast.objects.exists()


def test_a_line_with_outcome_cannot_be_removed(world, year_2015, login_as):
    line = year_2015.lines.get(code="lokaler")
    actions.record_actual(None, line, dt.date(2015, 1, 1), dt.date(2015, 1, 31), 10_000)

    login_as(world.people.office).post(PLAN + "?year=2015", {"form": "remove", "line": line.pk})

    assert BudgetLine.objects.filter(pk=line.pk).exists()
    assert Actual.objects.filter(line=line).count() == 1


@pytest.mark.parametrize("persona", ["board", "auditor", "handler", "applicant"])
def test_others_cannot_plan_and_nothing_changes(world, year_2015, login_as, persona):
    client = login_as(getattr(world.people, persona))
    line = year_2015.lines.get(code="lokaler")
    before = _counts()

    posts = [
        client.post(PLAN + "?year=2016", {"form": "new", "year": 2016, "equity_start": 0}),
        client.post(PLAN + "?year=2015", {"form": "remove", "line": line.pk}),
        client.post(PLAN + "?year=2015", {"form": "adopt", "adopted_on": "2015-01-01", "reference": "§ 1"}),
        client.post(ACCOUNTS + "?year=2015", {"form": "range", "account_from": 5000, "line_code": "lokaler"}),
        client.post(BUDGET + "?year=2015", {"form": "forecast", "line": line.pk, "as_of": "2015-04-30", "amount": 1}),
    ]

    assert all(response.status_code == 403 for response in posts)
    assert client.get(PLAN + "?year=2015").status_code == 403
    assert _counts() == before


def test_the_accounts_of_a_sie_file_are_mapped_beside_it_and_then_imported(world, year_2015, login_as):
    client = login_as(world.people.office)

    def upload(name, form, url):
        data = (SIE / name).read_bytes()
        return client.post(url, {"form": form, "year": 2015, "kind": "sie", "file": SimpleUploadedFile(name, data)})

    refused = upload("vouchers.se", "upload", BUDGET + "?year=2015")
    page = client.get(ACCOUNTS + "?year=2015").content.decode()
    client.post(
        ACCOUNTS + "?year=2015",
        {"form": "found", "account_from": 3010, "account_to": 3010, "line_code": "medlemsbidrag"},
    )
    client.post(
        ACCOUNTS + "?year=2015", {"form": "found", "account_from": 5010, "account_to": 5010, "line_code": "lokaler"}
    )
    imported = upload("vouchers.se", "upload", BUDGET + "?year=2015")

    assert "Koppla kontona i filen" in refused.content.decode()
    assert "Lokalhyra" in page and "Medlemsbidrag" in page
    assert sorted(AccountMapping.objects.values_list("account_from", "line_code")) == [
        (3010, "medlemsbidrag"),
        (5010, "lokaler"),
    ]
    assert imported.status_code == 302
    assert Actual.objects.filter(line__code="lokaler", source="SIE").exists()


def test_a_broken_sie_file_lists_no_accounts(world, year_2015, login_as):
    data = (SIE / "imbalanced.se").read_bytes()

    response = login_as(world.people.office).post(
        ACCOUNTS + "?year=2015", {"form": "sie", "year": 2015, "file": SimpleUploadedFile("x.se", data)}
    )

    assert response.status_code == 400
    assert "balanserar inte" in response.content.decode()


def test_overlapping_mapping_is_refused_and_a_mapping_can_be_removed(world, year_2015, login_as):
    client = login_as(world.people.admin)
    mapping = actions.set_account_mapping(None, world.a, 5000, 5999, "lokaler")

    overlap = client.post(
        ACCOUNTS + "?year=2015", {"form": "range", "account_from": 5500, "account_to": 6000, "line_code": "lokaler"}
    )
    removed = client.post(ACCOUNTS + "?year=2015", {"form": "remove", "mapping": mapping.pk})

    assert overlap.status_code == 400
    assert removed.status_code == 302
    assert not AccountMapping.objects.exists()


def test_economy_without_a_budget_links_to_the_plan(world, login_as):
    body = login_as(world.people.office).get("/f/alfa/ekonomi/?year=2030").content.decode()

    assert f"{PLAN}?year=2030" in body
