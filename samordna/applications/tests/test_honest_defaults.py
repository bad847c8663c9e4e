"""Honest defaults for applications: the review and the decision start unchosen, and a receipt, review, decision
or settled condition dated in the future is refused with the reason, changing nothing."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samordna.applications import actions
from samordna.applications.models import Decision, DecisionOutcome, Review, ReviewOutcome, State
from samordna.audit.models import AuditEvent
from samordna.interventions.models import Intervention

from .factories import board_meeting, complete_application, decision_paragraph
from .test_workflow import bring_to

TOMORROW = dt.date.today() + dt.timedelta(days=1)


def snapshot(application):
    application.refresh_from_db()
    return (
        application.state,
        application.registration_no,
        Review.objects.count(),
        Decision.objects.count(),
        Intervention.objects.count(),
        AuditEvent.objects.count(),
    )


def on_tomorrows_agenda(world):
    """An application on the agenda of tomorrow's meeting, whose minutes are already started."""
    application = bring_to(world, State.PREPARED)
    actions.put_on_agenda(None, application, board_meeting(world, day=TOMORROW))
    paragraph = decision_paragraph(application)
    application.refresh_from_db()
    return application, paragraph


def test_a_decision_in_a_meeting_not_yet_held_is_refused_and_nothing_is_decided(world):
    application, paragraph = on_tomorrows_agenda(world)
    before = snapshot(application)

    with pytest.raises(ValidationError) as excinfo:
        actions.decide(world.people.office, application, outcome=DecisionOutcome.GRANTED, paragraph=paragraph)

    assert excinfo.value.message_dict == {"decided_on": ["Beslutsdatumet kan inte ligga i framtiden."]}
    assert snapshot(application) == before


def test_a_future_review_date_is_refused_and_nothing_is_reviewed(world):
    application = bring_to(world, State.IN_PREPARATION)
    before = snapshot(application)

    with pytest.raises(ValidationError) as excinfo:
        actions.review(None, application, outcome=ReviewOutcome.RECOMMENDED, body="LSG", reviewed_on=TOMORROW)

    assert excinfo.value.message_dict == {"reviewed_on": ["Beredningsdatumet kan inte ligga i framtiden."]}
    assert snapshot(application) == before


def test_a_future_receipt_is_refused_and_no_diarienummer_is_taken(world):
    application = complete_application(world)
    before = snapshot(application)

    with pytest.raises(ValidationError) as excinfo:
        actions.submit(None, application, received_date=TOMORROW)

    assert "received_date" in excinfo.value.message_dict
    assert snapshot(application) == before


def test_a_condition_cannot_be_settled_in_the_future(world):
    application = bring_to(world, State.ON_AGENDA)
    actions.decide(
        None,
        application,
        outcome=DecisionOutcome.CONDITIONAL,
        decided_on=dt.date(2015, 6, 11),
        amount=100_000,
        conditions="Medfinansiering från kommunen.",
        motivation="Beviljas om kommunen medfinansierar.",
        paragraph=decision_paragraph(application),
    )
    before = snapshot(application)

    with pytest.raises(ValidationError) as excinfo:
        actions.settle_condition(None, application, met=True, settled_on=TOMORROW)

    assert "settled_on" in excinfo.value.message_dict
    assert snapshot(application) == before
    assert Decision.objects.get().condition_settled_on is None


def test_the_decision_form_has_no_outcome_chosen_and_a_meeting_not_yet_held_is_refused(world, login_as):
    application, paragraph = on_tomorrows_agenda(world)
    client = login_as(world.people.office)
    url = reverse("applications:detail", args=["alfa", application.pk])

    html = client.get(url).content.decode()
    select = re.search(r'<select name="outcome"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None and "– välj –" in select.group(1)
    assert re.findall(r'<option value="([^"]*)"[^>]*\bselected\b', select.group(1)) in ([], [""])

    before = snapshot(application)
    response = client.post(
        reverse("applications:step", args=["alfa", application.pk, "decide"]),
        {"outcome": "GRANTED", "paragraph": paragraph.pk},
    )
    assert response.status_code == 400
    assert "Beslutsdatumet kan inte ligga i framtiden." in response.content.decode()
    assert snapshot(application) == before
