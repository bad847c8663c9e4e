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


# Made-up numbers that pass their check digits: the förbund's organisation number and bankgiro, and one
# organisation number per member of förbund A.
ALFA_ORG_NUMBER = "222000-4564"
ALFA_BANKGIRO = "123-4566"
MEMBER_ORG_NUMBERS = {
    "fk": "202100-5521",
    "af": "202100-2114",
    "region": "232100-0008",
    "2482": "212000-0019",
    "2417": "212000-0027",
}


@pytest.fixture
def ready_to_invoice(world):
    """Förbund A and its members with everything an invoice needs: numbers, addresses, references."""
    from samordna.tenancy.models import Forbund, Member

    Forbund.objects.filter(pk=world.a.pk).update(
        org_number=ALFA_ORG_NUMBER,
        address="Storgatan 1",
        postal_code="931 30",
        city="Skellefteå",
        bankgiro=ALFA_BANKGIRO,
    )
    for key, member in world.members_a.items():
        Member.objects.filter(pk=member.pk).update(
            org_number=MEMBER_ORG_NUMBERS[key],
            address=f"Box {len(key)}",
            postal_code="931 85",
            city="Skellefteå",
            invoice_reference=f"REF-{key.upper()}",
        )
        member.refresh_from_db()
    world.a.refresh_from_db()
    return world
