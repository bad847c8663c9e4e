"""Decisions on applications: motivations (R10, R11), conditional grants (R12) and the insats a grant creates."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from samordna.applications import actions, queries
from samordna.applications.models import DecisionOutcome, ReviewOutcome, State
from samordna.applications.tests.factories import decision_paragraph
from samordna.interventions.models import Intervention

from .test_workflow import bring_to

DAY = dt.date(2015, 6, 11)


def test_a_grant_creates_the_insats_with_the_applications_number_and_parties(world):
    application = bring_to(world, State.ON_AGENDA)

    decision = actions.decide(
        world.people.office,
        application,
        outcome=DecisionOutcome.GRANTED,
        decided_on=DAY,
        paragraph=decision_paragraph(application),
    )

    application.refresh_from_db()
    insats = application.intervention
    assert insats is not None
    assert decision.amount == 405_600
    assert insats.registration_no == application.registration_no == "2015:01"
    assert (insats.name, insats.start_date, insats.end_date) == (
        "Knut'n 2.0",
        dt.date(2015, 8, 1),
        dt.date(2016, 3, 31),
    )
    # The applying member owns the insats; the other involved parties are its partners.
    assert insats.owner == world.members_a["2417"]
    assert set(insats.partners.all()) == {world.members_a["af"]}


def test_a_partial_grant_needs_an_amount_below_the_applied_and_a_motivation(world):
    application = bring_to(world, State.ON_AGENDA)
    office = world.people.office

    with pytest.raises(ValidationError, match="Motivera"):
        actions.decide(
            office,
            application,
            outcome=DecisionOutcome.PARTIALLY_GRANTED,
            decided_on=DAY,
            amount=200_000,
            paragraph=decision_paragraph(application),
        )
    with pytest.raises(ValidationError, match="mindre än det sökta"):
        actions.decide(
            office,
            application,
            outcome=DecisionOutcome.PARTIALLY_GRANTED,
            decided_on=DAY,
            amount=405_600,
            motivation="x",
            paragraph=decision_paragraph(application),
        )
    with pytest.raises(ValidationError, match="delvis beviljad"):
        actions.decide(
            office,
            application,
            outcome=DecisionOutcome.GRANTED,
            decided_on=DAY,
            amount=200_000,
            paragraph=decision_paragraph(application),
        )
    application.refresh_from_db()
    assert application.state == State.ON_AGENDA and not Intervention.objects.filter(name="Knut'n 2.0").exists()

    actions.decide(
        office,
        application,
        outcome=DecisionOutcome.PARTIALLY_GRANTED,
        decided_on=DAY,
        amount=266_000,
        scope="Hösten 2015",
        motivation="Förbundet finansierar första året och prövar fortsättningen efter en delrapport.",
        paragraph=decision_paragraph(application),
    )
    application.refresh_from_db()
    assert application.state == State.DECIDED and application.decision.amount == 266_000
    assert application.intervention is not None


def test_a_rejection_needs_a_motivation_and_a_reused_one_warns(world):
    first = bring_to(world, State.ON_AGENDA)
    office = world.people.office
    motivation = "Målgruppen ligger utanför medlemmarnas gemensamma ansvar."

    with pytest.raises(ValidationError, match="motiveras"):
        actions.decide(
            office, first, outcome=DecisionOutcome.REJECTED, decided_on=DAY, paragraph=decision_paragraph(first)
        )
    actions.decide(
        office,
        first,
        outcome=DecisionOutcome.REJECTED,
        decided_on=DAY,
        motivation=motivation,
        paragraph=decision_paragraph(first),
    )
    second = bring_to(world, State.ON_AGENDA)
    actions.decide(
        office,
        second,
        outcome=DecisionOutcome.REJECTED,
        decided_on=DAY,
        motivation=motivation,
        paragraph=decision_paragraph(second),
    )

    first.refresh_from_db()
    assert first.decision.amount == 0 and first.intervention is None
    assert queries.motivation_reused(second)


def test_a_conditional_grant_reserves_the_money_without_an_insats(world):
    application = bring_to(world, State.ON_AGENDA)

    with pytest.raises(ValidationError, match="villkor"):
        actions.decide(
            world.people.office,
            application,
            outcome=DecisionOutcome.CONDITIONAL,
            decided_on=DAY,
            paragraph=decision_paragraph(application),
        )
    decision = actions.decide(
        world.people.office,
        application,
        outcome=DecisionOutcome.CONDITIONAL,
        decided_on=DAY,
        conditions="Europeiska socialfonden och kommunen beviljar sina delar.",
        paragraph=decision_paragraph(application),
    )

    application.refresh_from_db()
    assert decision.amount == 405_600 and application.intervention is None


def test_advising_against_needs_a_reason_and_a_signatory_is_required_before_review(world):
    application = bring_to(world, State.IN_PREPARATION)
    prep = world.people.preparatory

    with pytest.raises(ValidationError, match="avstyrker"):
        actions.review(prep, application, outcome=ReviewOutcome.ADVISED_AGAINST, body="LSG", reviewed_on=DAY)
    application.signatories.all().delete()
    with pytest.raises(ValidationError, match="firmatecknare"):
        actions.review(prep, application, outcome=ReviewOutcome.RECOMMENDED, body="LSG", reviewed_on=DAY)

    application.refresh_from_db()
    assert application.state == State.IN_PREPARATION


def test_the_register_aggregates_applied_and_granted_per_year(world):
    granted = bring_to(world, State.ON_AGENDA)
    rejected = bring_to(world, State.ON_AGENDA)
    actions.decide(
        None, granted, outcome=DecisionOutcome.GRANTED, decided_on=DAY, paragraph=decision_paragraph(granted)
    )
    actions.decide(
        None,
        rejected,
        outcome=DecisionOutcome.REJECTED,
        decided_on=DAY,
        motivation="Ryms inte.",
        paragraph=decision_paragraph(rejected),
    )
    bring_to(world, State.SUBMITTED)

    rows = queries.register(world.a)

    # Amounts per year the money is for (Knut'n: 266 000 in 2015, 139 600 in 2016); counts per year of arrival.
    assert rows == [
        {
            "year": 2015,
            "count": 3,
            "applied": 3 * 266_000,
            "granted": 266_000,
            "reserved": 0,
            "granted_count": 1,
            "rejected_count": 1,
        },
        {
            "year": 2016,
            "count": 0,
            "applied": 3 * 139_600,
            "granted": 139_600,
            "reserved": 0,
            "granted_count": 0,
            "rejected_count": 0,
        },
    ]
