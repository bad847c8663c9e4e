"""The budget table: year columns follow the period, every sum is computed, never typed (R5–R7)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from samordna.applications import actions, queries
from samordna.applications.models import BudgetCategory

from .factories import complete_application


def test_knutn_table_sums_are_computed(world):
    application = complete_application(world)

    table = queries.budget_table(application)

    assert table.years == [2015, 2016]
    assert [total for _label, _values, total in table.rows] == [313_600, 28_000, 64_000, 0]
    assert table.total_costs == [266_000, 139_600]
    assert table.net == [266_000, 139_600]
    assert table.net_sum == 405_600
    assert queries.applied_amount(application) == 405_600
    assert queries.with_applied_amount(type(application).objects.filter(pk=application.pk)).get().applied == 405_600


def test_income_reduces_the_net_and_the_applied_amount(world):
    application = complete_application(world)

    actions.set_budget(world.people.applicant, application, {2016: {"income": 39_600}})

    assert queries.budget_table(application).net == [266_000, 100_000]
    assert queries.applied_amount(application) == 366_000


def test_typed_sums_are_refused(world):
    application = complete_application(world)

    with pytest.raises(ValidationError, match="räknas ut automatiskt"):
        actions.set_budget(world.people.applicant, application, {2015: {"total_costs": 1}})

    assert queries.applied_amount(application) == 405_600


def test_years_outside_the_period_are_refused_and_columns_follow_the_period(world):
    application = complete_application(world)

    with pytest.raises(ValidationError, match="utanför ansökans period"):
        actions.set_budget(world.people.applicant, application, {2017: {"personnel": 1}})

    actions.update_application(world.people.applicant, application, period_end=dt.date(2015, 12, 31))
    assert list(application.budget_years.values_list("year", flat=True)) == [2015]
    assert queries.applied_amount(application) == 266_000


def test_ready_personnel_only_table_shows_its_real_sum(world):
    # The paper form printed 0 in every sum although personnel was 430 000 [003 L658–665].
    application = complete_application(world, title="READY", budget={2015: {"personnel": 430_000}, 2016: {}})

    table = queries.budget_table(application)

    assert table.total_costs_sum == 430_000
    assert table.net_sum == 430_000


def test_detailed_budget_reconciles_in_total_and_warns_per_category(world):
    application = complete_application(world)
    lines = [
        {
            "description": "Personal inkl. sociala avgifter",
            "category": BudgetCategory.PERSONNEL,
            "monthly_cost": 39_200,
            "months": 8,
        },
        {
            "description": "Lokal, data och telefoni",
            "category": BudgetCategory.PREMISES,
            "monthly_cost": 3_500,
            "months": 5,
        },
        {"description": "Resor till företag", "category": BudgetCategory.OTHER, "monthly_cost": 1_500, "months": 5},
        {"description": "Studiebesök", "category": BudgetCategory.OTHER, "monthly_cost": 15_000, "months": 2},
        {"description": "Möten, trycksaker, inventarier", "category": BudgetCategory.OTHER, "lump_sum": 37_000},
    ]

    created = actions.set_budget_lines(world.people.applicant, application, lines)
    warnings = queries.detail_warnings(application)

    assert sum(line.amount for line in created) == 405_600
    assert not any("summerar" in w for w in warnings)
    assert any(w.startswith("Lokal") and "17 500" in w and "28 000" in w for w in warnings)
    assert any(w.startswith("Övriga") and "74 500" in w and "64 000" in w for w in warnings)


def test_detail_line_needs_both_monthly_cost_and_months(world):
    application = complete_application(world)

    with pytest.raises(ValidationError):
        actions.set_budget_lines(
            world.people.applicant,
            application,
            [{"description": "Halv rad", "category": BudgetCategory.OTHER, "monthly_cost": 100}],
        )

    assert not application.budget_lines.exists()
