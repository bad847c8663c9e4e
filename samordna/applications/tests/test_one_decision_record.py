"""The paragraph is the one record of a board decision: no decision without its §, no paragraph that says
"att bevilja" over a rejection, the meeting's date as the decision's, and the motivation printed in the minutes."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samordna.applications import actions
from samordna.applications.models import Decision, DecisionOutcome, State
from samordna.audit.models import AuditEvent
from samordna.finance.models import GrantCommitment
from samordna.meetings import actions as meeting_actions
from samordna.meetings import documents

from .factories import decision_paragraph
from .test_workflow import bring_to

MOTIVATION = "Kostnaden är för hög i förhållande till antalet deltagare."


def counts(application):
    application.refresh_from_db()
    return (application.state, Decision.objects.count(), GrantCommitment.objects.count(), AuditEvent.objects.count())


def test_a_decision_without_a_paragraph_is_refused_and_nothing_is_decided(world, login_as):
    application = bring_to(world, State.ON_AGENDA)
    before = counts(application)

    with pytest.raises(ValidationError) as excinfo:
        actions.decide(None, application, outcome=DecisionOutcome.GRANTED, paragraph=None)
    response = login_as(world.people.office).post(
        reverse("applications:step", args=["alfa", application.pk, "decide"]), {"outcome": "GRANTED"}
    )

    assert "paragraph" in excinfo.value.message_dict
    assert response.status_code == 400 and "Välj paragrafen i protokollet" in response.content.decode()
    assert counts(application) == before


def test_a_rejection_in_a_paragraph_that_grants_is_refused(world):
    application = bring_to(world, State.ON_AGENDA)
    paragraph = decision_paragraph(application)
    meeting_actions.update_paragraph(None, paragraph, decision_clauses=["bevilja 100 000 kr"])
    before = counts(application)

    with pytest.raises(ValidationError, match="avslag men paragrafen säger ”att bevilja 100 000 kr”"):
        actions.decide(None, application, outcome=DecisionOutcome.REJECTED, paragraph=paragraph, motivation=MOTIVATION)

    assert counts(application) == before


def test_a_grant_of_another_amount_than_the_paragraph_names_is_refused(world):
    application = bring_to(world, State.ON_AGENDA)
    paragraph = decision_paragraph(application)
    meeting_actions.update_paragraph(None, paragraph, decision_clauses=["bevilja 100 000 kr för 2015"])
    before = counts(application)

    with pytest.raises(ValidationError, match="Beslutet beviljar 405 600 kr"):
        actions.decide(None, application, outcome=DecisionOutcome.GRANTED, paragraph=paragraph)

    assert counts(application) == before


def test_once_decided_the_paragraph_cannot_be_reworded_into_the_opposite(world, login_as):
    application = bring_to(world, State.ON_AGENDA)
    paragraph = decision_paragraph(application)
    actions.decide(None, application, outcome=DecisionOutcome.REJECTED, paragraph=paragraph, motivation=MOTIVATION)
    paragraph.refresh_from_db()
    worded = paragraph.decision_clauses

    with pytest.raises(ValidationError, match="avslag"):
        meeting_actions.update_paragraph(None, paragraph, decision_clauses=["bevilja 100 000 kr"])
    with pytest.raises(ValidationError, match="beslut om en ansökan"):
        meeting_actions.remove_last_paragraph(None, paragraph)

    paragraph.refresh_from_db()
    assert paragraph.decision_clauses == worded and worded[0].startswith("avslå ansökan")


def test_the_decision_takes_the_meetings_date_and_another_date_is_refused(world):
    application = bring_to(world, State.ON_AGENDA)
    paragraph = decision_paragraph(application)

    with pytest.raises(ValidationError, match="sammanträdets datum"):
        actions.decide(
            None, application, outcome=DecisionOutcome.GRANTED, paragraph=paragraph, decided_on=dt.date(2015, 6, 12)
        )
    decision = actions.decide(None, application, outcome=DecisionOutcome.GRANTED, paragraph=paragraph)

    assert decision.decided_on == paragraph.minutes.meeting.date == dt.date(2015, 6, 11)


def test_a_decision_before_the_application_arrived_is_refused(world):
    application = bring_to(world, State.ON_AGENDA)
    paragraph = decision_paragraph(application)
    type(application).objects.filter(pk=application.pk).update(received_date=dt.date(2015, 6, 20))
    before = counts(application)

    with pytest.raises(ValidationError, match="före ankomstdatumet 2015-06-20"):
        actions.decide(None, application, outcome=DecisionOutcome.GRANTED, paragraph=paragraph)

    assert counts(application) == before


def test_a_negative_amount_is_refused(world, login_as):
    application = bring_to(world, State.ON_AGENDA)
    paragraph = decision_paragraph(application)
    before = counts(application)

    with pytest.raises(ValidationError) as excinfo:
        actions.decide(
            None,
            application,
            outcome=DecisionOutcome.PARTIALLY_GRANTED,
            paragraph=paragraph,
            amount=-50_000,
            motivation=MOTIVATION,
        )
    response = login_as(world.people.office).post(
        reverse("applications:step", args=["alfa", application.pk, "decide"]),
        {"outcome": "PARTIALLY_GRANTED", "paragraph": paragraph.pk, "amount": "-50000", "motivation": MOTIVATION},
    )

    assert excinfo.value.message_dict == {
        "amount": ["Beloppet kan inte vara negativt (−50 000 kr). Ange ett belopp större än 0 kr."]
    }
    assert response.status_code == 400 and "Beloppet kan inte vara negativt." in response.content.decode()
    assert counts(application) == before


def test_the_paragraph_words_the_decision_and_the_minutes_print_its_motivation(world, login_as):
    application = bring_to(world, State.ON_AGENDA)
    paragraph = decision_paragraph(application)

    actions.decide(None, application, outcome=DecisionOutcome.REJECTED, paragraph=paragraph, motivation=MOTIVATION)

    paragraph.refresh_from_db()
    assert paragraph.application_id == application.pk
    assert paragraph.decision_clauses == [f"avslå ansökan {application.registration_no}, Knut'n 2.0"]
    minutes = documents.minutes_html(paragraph.minutes)
    assert MOTIVATION in minutes and "Motivering" in minutes
    page = (
        login_as(world.people.office)
        .get(reverse("meetings:detail", args=["alfa", paragraph.minutes.meeting_id]))
        .content.decode()
    )
    assert MOTIVATION in page and "Avslagen" in page


def test_a_board_decision_in_the_preparatory_groups_minutes_is_refused_and_not_offered(world, login_as):
    application = bring_to(world, State.ON_AGENDA)
    meeting = meeting_actions.plan_meeting(None, world.a, kind="PREPARATORY", date=dt.date(2015, 6, 2))
    minutes = meeting_actions.start_minutes(None, meeting, from_agenda=False)
    theirs = meeting_actions.add_paragraph(None, minutes, title="Beredningsgruppen tillstyrker ansökan")
    board = decision_paragraph(application)
    before = counts(application)

    with pytest.raises(ValidationError, match="annat organ än styrelsen"):
        actions.decide(None, application, outcome=DecisionOutcome.GRANTED, paragraph=theirs)
    page = login_as(world.people.office).get(reverse("applications:detail", args=["alfa", application.pk]))

    assert counts(application) == before
    offered = page.content.decode()
    assert f"§ {board.number}" in offered and "Beredningsgruppen tillstyrker ansökan" not in offered
