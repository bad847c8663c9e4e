"""A framställan: a request to the board without the application form, registered by the office."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samordna.applications import actions, queries
from samordna.applications.models import Application, ApplicationKind, DecisionOutcome, ReviewOutcome, State
from samordna.applications.workflow import check_register_request
from samordna.audit.models import AuditEvent
from samordna.finance.models import GrantCommitment
from samordna.lib.errors import Refused

from .factories import board_meeting, complete_application, decision_paragraph

DAY = dt.date(2015, 6, 11)


def steering_group_request(world, **fields):
    return actions.create_application(
        world.people.office,
        world.a,
        kind=ApplicationKind.REQUEST,
        title="Förlängd finansiering av samordnartjänsten",
        org_name="Styrgruppen för Plattformen",
        contact_name="Förbundschefen",
        sections={"background": "Tjänsten löper ut i år.", "purpose": "Att verksamheten kan fortsätta."},
        **fields,
    )


def request_on_agenda(world):
    request = steering_group_request(world)
    office = world.people.office
    actions.submit(office, request, received_date=dt.date(2015, 6, 1))
    actions.start_preparation(office, request)
    actions.put_on_agenda(office, request, board_meeting(world))
    return request


def test_a_request_needs_no_form_budget_or_parties_and_goes_through_the_board(world):
    request = steering_group_request(world)
    office = world.people.office

    assert queries.missing_for_submission(request) == []
    actions.submit(office, request, received_date=dt.date(2015, 6, 1))
    actions.start_preparation(office, request)
    actions.review(
        world.people.preparatory,
        request,
        outcome=ReviewOutcome.RECOMMENDED_WITH_CONDITIONS,
        body="Beredningsgruppen",
        reviewed_on=dt.date(2015, 6, 2),
        statement="Finansieringen bör gälla viss tid.",
    )
    actions.put_on_agenda(office, request, board_meeting(world), proposal=["förlänga tjänsten till 2016-06-30"])
    decision = actions.decide(
        office,
        request,
        outcome=DecisionOutcome.GRANTED,
        decided_on=DAY,
        amount=250_000,
        paragraph=decision_paragraph(request),
    )

    request.refresh_from_db()
    assert request.state == State.DECIDED and decision.amount == 250_000
    assert request.intervention is None  # a request does not become an insats of its own
    assert list(GrantCommitment.objects.values_list("year", "amount")) == [(2015, 250_000)]


def test_a_request_without_money_is_decided_with_no_grant(world):
    request, office = request_on_agenda(world), world.people.office

    decision = actions.decide(
        office, request, outcome=DecisionOutcome.GRANTED, decided_on=DAY, paragraph=decision_paragraph(request)
    )

    assert decision.amount == 0 and not decision.years.exists() and not GrantCommitment.objects.exists()


def test_a_request_still_needs_its_background_and_purpose(world):
    request = steering_group_request(world)
    actions.update_application(world.people.office, request, sections={"purpose": ""})
    request.refresh_from_db()

    assert queries.missing_for_submission(request) == ["Fyll i avsnitten: Syfte."]


def test_only_the_office_registers_a_request(world, login_as):
    with pytest.raises(Refused, match="Bara kansliet"):
        actions.create_application(world.people.applicant, world.a, kind=ApplicationKind.REQUEST, title="Genväg")

    client = login_as(world.people.applicant)
    page = client.get(reverse("applications:new", args=["alfa"])).content.decode()
    assert "Typ av ärende" not in page
    office_page = login_as(world.people.office).get(reverse("applications:new", args=["alfa"])).content.decode()
    assert "Typ av ärende" in office_page and "Framställan" in office_page
    assert not Application.objects.filter(kind=ApplicationKind.REQUEST).exists()


ONLY_THE_OFFICE = "Bara kansliet kan registrera en framställan. Ansök på blanketten."


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("office", True), ("admin", True), ("applicant", False), ("board", False), ("preparatory", False)],
)
def test_one_rule_says_who_registers_a_request_and_why(world, who, allowed):
    decision = check_register_request(getattr(world.people, who), world.a)

    assert decision.allowed is allowed
    assert decision.reason == ("Tillåtet för kansliet." if allowed else ONLY_THE_OFFICE)


def test_an_applicant_cannot_make_a_draft_a_request_through_the_action(world):
    draft = complete_application(world)
    events = AuditEvent.objects.count()

    with pytest.raises(Refused) as refused:
        actions.update_application(world.people.applicant, draft, kind=ApplicationKind.REQUEST, title="Genväg")

    assert refused.value.reason == ONLY_THE_OFFICE
    draft.refresh_from_db()
    assert (draft.kind, draft.title, draft.version) == (ApplicationKind.FORM, "Knut'n 2.0", 1)
    assert AuditEvent.objects.count() == events


def test_the_pages_give_an_applicant_no_way_to_register_a_request(world, login_as):
    draft = complete_application(world)
    client = login_as(world.people.applicant)

    edit = client.get(reverse("applications:edit", args=["alfa", draft.pk])).content.decode()
    assert "Typ av ärende" not in edit
    response = client.post(
        reverse("applications:new", args=["alfa"]),
        {"title": "Genväg", "org_name": "Norsjö kommun", "kind": ApplicationKind.REQUEST},
    )

    # The kind is not the applicant's to give: what is stored is a draft on the form, never a framställan.
    assert response.status_code == 302
    assert Application.objects.get(title="Genväg").kind == ApplicationKind.FORM
    assert not Application.objects.filter(kind=ApplicationKind.REQUEST).exists()


def test_a_conditional_request_must_name_the_amount_it_reserves(world):
    request, office = request_on_agenda(world), world.people.office

    with pytest.raises(ValidationError, match="Ange det belopp"):
        actions.decide(
            office,
            request,
            outcome=DecisionOutcome.CONDITIONAL,
            decided_on=DAY,
            conditions="ESF medfinansierar.",
            paragraph=decision_paragraph(request),
        )
    request.refresh_from_db()
    assert request.state == State.ON_AGENDA and not GrantCommitment.objects.exists()
