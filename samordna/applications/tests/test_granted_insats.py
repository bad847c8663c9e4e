"""A granted application becomes an insats through the insatser's own create action: one case-number series,
the granted period and yearly amounts as its budget, its owner, the default reporting plan and the audit event;
the applicant's user reaches it through the applicant role. The office, not the applicant, dates the arrival."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from samordna.applications import actions
from samordna.applications.models import Application, DecisionOutcome, State
from samordna.audit.models import AuditEvent
from samordna.finance.models import Financier, InterventionBudgetLine
from samordna.finance.permissions import own_intervention_ids
from samordna.interventions import actions as intervention_actions
from samordna.interventions.models import Intervention, InterventionKind
from samordna.lib.errors import Refused
from samordna.reporting.actions import DEFAULT_KINDS
from samordna.reporting.models import ReportRequirement
from samordna.tenancy.models import Role, RoleAssignment

from .factories import complete_application, decision_paragraph
from .test_workflow import bring_to


def test_the_granted_insats_has_the_granted_years_as_budget_its_owner_plan_and_audit_event(world):
    application = bring_to(world, State.ON_AGENDA)
    RoleAssignment.objects.get_or_create(user=world.people.applicant, forbund=world.a, role=Role.APPLICANT)

    actions.decide(
        world.people.office,
        application,
        outcome=DecisionOutcome.PARTIALLY_GRANTED,
        paragraph=decision_paragraph(application),
        amount=266_000,
        amounts_per_year={2015: 266_000},
        motivation="Bara planeringsåret beviljas nu.",
    )

    application.refresh_from_db()
    insats = application.intervention
    assert insats is not None and insats.registration_no == application.registration_no
    # The granted period: 2015 only, from the applied start; not the applied period into 2016.
    assert (insats.start_date, insats.end_date) == (dt.date(2015, 8, 1), dt.date(2015, 12, 31))
    assert insats.owner == world.members_a["2417"]
    lines = list(InterventionBudgetLine.objects.filter(intervention=insats).values_list("year", "financier", "amount"))
    assert lines == [(2015, Financier.FORBUND, 266_000)]
    assert set(ReportRequirement.objects.filter(intervention=insats).values_list("kind", flat=True)) == set(
        DEFAULT_KINDS
    )
    assert AuditEvent.objects.filter(action="intervention.create", object_id=str(insats.pk)).exists()
    assert insats.pk in own_intervention_ids(world.people.applicant, world.a)


def test_a_grant_that_breaks_the_parties_rule_is_refused_and_nothing_is_saved(world):
    application = bring_to(world, State.ON_AGENDA)
    application.involved_parties.set([])  # the owner alone is one party
    paragraph = decision_paragraph(application)
    before = (AuditEvent.objects.count(), Intervention.objects.count())

    with pytest.raises(ValidationError, match="minst två parter"):
        actions.decide(None, application, outcome=DecisionOutcome.GRANTED, paragraph=paragraph)

    application.refresh_from_db()
    assert application.state == State.ON_AGENDA and not hasattr(application, "decision")
    assert (AuditEvent.objects.count(), Intervention.objects.count()) == before


def test_applications_and_insatser_share_one_zero_padded_case_number_series(world):
    first = bring_to(world, State.SUBMITTED)
    insats = intervention_actions.create_intervention(
        None,
        world.a,
        owner=world.members_a["2417"],
        partners=[world.members_a["fk"]],
        registration_year=2015,
        name="Eget projekt",
        kind=InterventionKind.INDIVIDUAL,
        start_date=dt.date(2015, 1, 1),
    )
    second = complete_application(world, title="Andra")
    actions.submit(None, second, received_date=dt.date(2015, 6, 5))
    second.refresh_from_db()

    assert (first.registration_no, insats.registration_no, second.registration_no) == ("2015:01", "2015:02", "2015:03")


def test_two_case_numbers_alike_are_impossible_even_written_differently(world):
    bring_to(world, State.SUBMITTED)  # 2015:01
    before = Intervention.objects.count()

    with pytest.raises(ValidationError, match="används redan"):
        intervention_actions.create_intervention(
            None,
            world.a,
            owner=world.members_a["2417"],
            partners=[world.members_a["fk"]],
            registration_no="2015:1",
            name="Krock",
            kind=InterventionKind.INDIVIDUAL,
            start_date=dt.date(2015, 1, 1),
        )

    assert Intervention.objects.count() == before


def test_the_applicant_cannot_set_the_arrival_date(world, login_as):
    from django.urls import reverse

    application = complete_application(world)
    page = login_as(world.people.applicant).get(reverse("applications:detail", args=["alfa", application.pk]))

    with pytest.raises(Refused, match="sätts av kansliet"):
        actions.submit(world.people.applicant, application, received_date=dt.date(2015, 1, 2))

    application.refresh_from_db()
    assert application.state == State.DRAFT and application.registration_no == ""
    assert 'name="received_date"' not in page.content.decode()
    actions.submit(world.people.applicant, application)
    assert Application.objects.get(pk=application.pk).received_date == dt.date.today()
