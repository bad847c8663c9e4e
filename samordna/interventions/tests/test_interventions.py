"""Insatser: registration numbers, the two-party rule, the fixed kind, goals, the catalogue and the insats page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samordna.audit.models import AuditEvent
from samordna.interventions import actions
from samordna.interventions.models import (
    GoalIndicator,
    GoalUnit,
    Intervention,
    InterventionKind,
)
from samordna.lib.errors import Refused


def _create(world, actor=None, **fields):
    defaults = {
        "name": "Ny väg",
        "kind": InterventionKind.INDIVIDUAL,
        "start_date": dt.date(2021, 1, 1),
        "end_date": dt.date(2023, 12, 31),
        "owner": world.members_a["2482"],
        "partners": [world.members_a["af"]],
        "registration_year": 2019,
    }
    defaults.update(fields)
    return actions.create_intervention(actor, world.a, **defaults)


def _counts():
    return Intervention.objects.count(), AuditEvent.objects.count()


def test_registration_number_is_the_next_free_of_the_year_per_forbund(world):
    first = _create(world, world.people.admin)
    second = _create(world, world.people.office, name="Ännu en väg")
    in_b = actions.create_intervention(
        None,
        world.b,
        name="Betas nya",
        kind=InterventionKind.STRUCTURAL,
        start_date=dt.date(2019, 5, 1),
        owner=world.members_b["fk"],
        partners=[world.members_b["1261"]],
        registration_year=2019,
    )

    # Förbund A already has 2019:3, so the next is 2019:04; förbund B counts on its own.
    assert (first.registration_no, second.registration_no, in_b.registration_no) == ("2019:04", "2019:05", "2019:01")
    assert AuditEvent.objects.filter(action="intervention.create", object_id=str(first.pk)).exists()


def test_a_given_registration_number_is_kept_and_must_be_free_and_well_formed(world):
    given = _create(world, registration_no="2017:49")
    assert given.registration_no == "2017:49"

    before = _counts()
    with pytest.raises(ValidationError) as taken:
        _create(world, registration_no="2017:48")
    with pytest.raises(ValidationError) as malformed:
        _create(world, registration_no="17-48")

    assert "används redan" in str(taken.value)
    assert "ÅÅÅÅ:NN" in str(malformed.value)
    assert _counts() == before


def test_kommuner_count_as_one_party_so_two_kommuner_are_refused(world):
    before = _counts()

    with pytest.raises(ValidationError) as excinfo:
        _create(world, owner=world.members_a["2482"], partners=[world.members_a["2417"]])

    assert "minst två parter" in excinfo.value.messages[0]
    assert "Kommunerna räknas tillsammans som en part" in excinfo.value.messages[0]
    assert _counts() == before


def test_a_kommun_and_the_region_are_two_parties(world):
    made = _create(world, owner=world.members_a["2482"], partners=[world.members_a["2417"], world.members_a["region"]])

    assert set(made.partners.values_list("party_type", flat=True)) == {"KOMMUN", "REGION"}


def test_members_of_another_forbund_cannot_be_partners(world):
    with pytest.raises(ValidationError) as excinfo:
        _create(world, partners=[world.members_b["fk"]])
    assert "medlemmar i förbundet" in excinfo.value.messages[0]


def test_kind_cannot_change_after_creation(world):
    insats = world.insats_a
    insats.partners.set([world.members_a["fk"]])
    before = AuditEvent.objects.count()

    with pytest.raises(ValidationError) as excinfo:
        actions.update_intervention(world.people.admin, insats, kind=InterventionKind.STRUCTURAL)

    assert "kan inte ändras" in str(excinfo.value)
    insats.refresh_from_db()
    assert insats.kind == InterventionKind.INDIVIDUAL
    assert AuditEvent.objects.count() == before


def test_update_records_what_changed(world):
    insats = world.insats_a
    insats.partners.set([world.members_a["fk"]])

    actions.update_intervention(world.people.admin, insats, name="En väg in – fler vägar ut", age_min=18, age_max=64)

    event = AuditEvent.objects.filter(action="intervention.update").latest("id")
    assert event.changes["name"] == ["Alfas väg in", "En väg in – fler vägar ut"]
    assert Intervention.objects.get(pk=insats.pk).age_range == "18–64"


def test_update_may_not_leave_a_single_party(world):
    insats = world.insats_a
    insats.partners.set([world.members_a["fk"]])

    with pytest.raises(ValidationError):
        actions.update_intervention(world.people.admin, insats, partners=[world.members_a["2417"]])

    assert list(insats.partners.all()) == [world.members_a["fk"]]


@pytest.mark.parametrize("persona", ["handler", "board", "auditor", "applicant", "colleague"])
def test_only_admin_and_office_create_insatser(world, persona):
    before = _counts()

    with pytest.raises(Refused):
        _create(world, getattr(world.people, persona))

    assert _counts() == before


def test_intervention_manager_changes_only_own_insats(world):
    colleague = world.people.colleague
    world.insats_a.partners.set([world.members_a["fk"]])

    actions.add_goal(colleague, world.insats_a, text="50 deltagare per år", unit=GoalUnit.COUNT, target=50)
    with pytest.raises(Refused) as excinfo:
        actions.add_goal(colleague, world.other_insats_a, text="Något", target=1)

    assert "inte insatsansvarig för 2019:3" in excinfo.value.reason
    assert world.other_insats_a.goals.count() == 0


def test_goal_targets_read_as_the_plans_write_them(world):
    goal = actions.add_goal(
        None,
        world.insats_a,
        text="Minst 40 % av de utskrivna går till arbete eller studier",
        indicator=GoalIndicator.WORK_OR_STUDIES_SHARE,
        target=Decimal("40"),
    )
    per_year = actions.add_goal(None, world.insats_a, text="50 individer per år", unit=GoalUnit.COUNT, target=50)

    assert goal.target_label == "≥ 40 %"
    assert per_year.target_label == "≥ 50 st"
    # Knivsta: 132 participants over three years is 44 per year, short of 50.
    assert per_year.is_met_by(Decimal(132) / 3) is False
    assert goal.is_met_by(41) is True


def test_insats_page_shows_the_finance_budget_per_year(world, login_as):
    from samordna.finance import actions as finance_actions

    insats = world.insats_a
    lines = [("Arbetsmarknadshandläggare", 2, 100, 1_200_000), ("Handledare ASF", 1, 50, 300_000)]
    for label, headcount, pct, amount in lines:
        finance_actions.save_intervention_budget_line(
            None,
            insats,
            year=2021,
            financier="FORBUND",
            label=label,
            headcount=headcount,
            fte_percent=pct,
            amount=amount,
        )

    page = login_as(world.people.board).get(reverse("interventions:detail", args=["alfa", insats.pk]))

    body = page.content.decode()
    assert page.status_code == 200
    assert "1\xa0500\xa0000 kr" in body or "1 500 000 kr" in body
    assert "2,5" in body or "2.5" in body


def test_catalogue_shows_goals_and_target_group_to_every_role(world, login_as):
    actions.add_goal(None, world.insats_a, text="Minst 40 % till arbete eller studier", target=40)

    response = login_as(world.people.applicant).get(reverse("interventions:catalogue", args=["alfa"]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Minst 40 % till arbete eller studier" in body and "≥ 40 %" in body
    assert "2019:3" in body


def test_detail_of_another_forbunds_insats_is_not_found(world, login_as):
    response = login_as(world.people.admin).get(reverse("interventions:detail", args=["alfa", world.insats_b.pk]))
    assert response.status_code == 404
