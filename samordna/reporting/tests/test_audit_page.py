"""The audit page: the auditor registers a review and its recommendations, the director answers and follows up."""

import datetime as dt

import pytest
from django.utils import timezone

from samordna.audit.models import AuditEvent
from samordna.reporting import actions
from samordna.reporting.models import AuditDocument, AuditDocumentKind, AuditRecommendation

URL = "/f/alfa/rapportering/revision/"


@pytest.fixture
def review(world):
    return actions.register_audit_document(
        None,
        world.a,
        kind=AuditDocumentKind.AUDIT_REVIEW,
        year=2014,
        title="Granskning 2014",
        received_on=dt.date(2015, 4, 23),
        response_due=dt.date(2015, 8, 31),
    )


def _complete(client, recommendation, measure: str = ""):
    data = {"form": "complete", "recommendation": recommendation.pk, f"rec-{recommendation.pk}-on": "2015-11-01"}
    if measure:
        data[f"rec-{recommendation.pk}-measure"] = measure
    return client.post(URL, data)


def _state():
    return (
        list(AuditDocument.objects.values_list("pk", "response_text")),
        list(AuditRecommendation.objects.values_list("pk", "completed_on", "owner")),
        AuditEvent.objects.count(),
    )


def test_the_auditor_registers_a_review_and_a_recommendation_with_deadline_and_owner(world, login_as):
    client = login_as(world.people.auditor)

    registered = client.post(
        URL,
        {
            "form": "register",
            "new-kind": AuditDocumentKind.AUDIT_REVIEW,
            "new-year": 2015,
            "new-title": "Granskning av internkontrollen",
            "new-received_on": "2016-03-01",
            "new-response_due": "2016-05-31",
        },
    )
    document = AuditDocument.objects.get()
    added = client.post(
        URL,
        {
            "form": "recommendation",
            "document": document.pk,
            f"doc-{document.pk}-rec-text": "Dokumentera attesterna",
            f"doc-{document.pk}-rec-deadline": "2016-09-30",
            f"doc-{document.pk}-rec-owner": "Förbundschefen",
        },
    )

    assert (registered.status_code, added.status_code) == (302, 302)
    recommendation = document.recommendations.get()
    assert (recommendation.deadline, recommendation.owner) == (dt.date(2016, 9, 30), "Förbundschefen")
    assert "Dokumentera attesterna" in client.get(URL).content.decode()


def test_a_document_received_in_the_future_is_refused(world, login_as):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    response = login_as(world.people.office).post(
        URL,
        {
            "form": "register",
            "new-kind": AuditDocumentKind.AUDIT_REPORT,
            "new-year": 2015,
            "new-title": "Revisionsberättelse",
            "new-received_on": tomorrow.isoformat(),
        },
    )

    assert response.status_code == 400
    assert "kan inte ligga i framtiden" in response.content.decode()
    assert not AuditDocument.objects.exists()


def test_the_director_answers_and_follows_a_recommendation_to_done(world, review, login_as):
    recommendation = actions.add_recommendation(None, review, text="Budget i balans", owner="Förbundschefen")
    client = login_as(world.people.admin)

    answered = client.post(
        URL,
        {
            "form": "respond",
            "document": review.pk,
            f"doc-{review.pk}-resp-text": "Vi upprättar en budget i balans.",
            f"doc-{review.pk}-resp-approved_on": "2015-08-20",
            f"doc-{review.pk}-resp-approved_by": "Presidiet enligt delegation",
            f"doc-{review.pk}-resp-sent_on": "2015-08-25",
        },
    )
    empty = _complete(client, recommendation)
    done = _complete(client, recommendation, "Budget 2016 i balans")

    assert (answered.status_code, empty.status_code, done.status_code) == (302, 400, 302)
    review.refresh_from_db()
    recommendation.refresh_from_db()
    assert review.response_sent_on == dt.date(2015, 8, 25)
    assert (recommendation.completed_on, recommendation.measure) == (dt.date(2015, 11, 1), "Budget 2016 i balans")


@pytest.mark.parametrize("persona", ["board", "office", "auditor"])
def test_only_the_director_answers_and_nothing_changes_for_others(world, review, login_as, persona):
    recommendation = actions.add_recommendation(None, review, text="Budget i balans")
    client = login_as(getattr(world.people, persona))
    before = _state()

    answered = client.post(
        URL,
        {
            "form": "respond",
            "document": review.pk,
            f"doc-{review.pk}-resp-text": "Svar",
            f"doc-{review.pk}-resp-approved_on": "2015-08-20",
            f"doc-{review.pk}-resp-approved_by": "Presidiet",
        },
    )
    completed = _complete(client, recommendation, "Klart")

    assert (answered.status_code, completed.status_code) == (403, 403)
    assert _state() == before


@pytest.mark.parametrize("persona", ["board", "handler", "applicant"])
def test_those_who_may_not_register_change_nothing(world, review, login_as, persona):
    client = login_as(getattr(world.people, persona))
    before = _state()

    data = {"form": "recommendation", "document": review.pk, f"doc-{review.pk}-rec-text": "Något"}
    response = client.post(URL, data)

    assert response.status_code == 403
    assert _state() == before
