import datetime as dt

import pytest

from samordna.finance import actions
from samordna.finance.models import LineCategory


@pytest.fixture
def skelleftea_2015(world):
    """Förbund A with the inputs of the Skellefteå economic report per 2015-03-31 (DOMAIN §7.1)."""
    budget_year = actions.save_budget_year(None, world.a, 2015, equity_start=2_192_262, equity_cap_fixed=1_220_000)
    income = actions.save_budget_line(
        None, budget_year, code="medlemsbidrag", label="Bidrag", category=LineCategory.CONTRIBUTIONS, amount=6_594_370
    )
    cost = actions.save_budget_line(
        None, budget_year, code="kostnader", label="Kostnader", category=LineCategory.OTHER_COST, amount=5_385_900
    )
    actions.record_actual(None, income, dt.date(2015, 1, 1), dt.date(2015, 3, 31), 1_525_000)
    actions.record_actual(None, cost, dt.date(2015, 1, 1), dt.date(2015, 3, 31), 1_201_081)
    return budget_year
