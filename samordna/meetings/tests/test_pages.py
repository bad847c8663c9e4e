"""The meeting pages: the office writes minutes, the three signers sign on the web, readers get PDFs."""

import datetime as dt
import re

from django.urls import reverse

from conftest import PASSWORD
from samordna.applications import actions as application_actions
from samordna.applications.models import DecisionOutcome, State
from samordna.applications.tests.factories import decision_paragraph
from samordna.applications.tests.test_workflow import bring_to
from samordna.meetings import actions
from samordna.meetings.models import Meeting, MinutesState, SignerRole

from .helpers import minutes_for, with_signers


def url(name, **kwargs):
    return reverse(f"meetings:{name}", kwargs={"forbund_slug": "alfa", **kwargs})


def test_the_office_plans_a_meeting_and_writes_minutes(world, login_as):
    client = login_as(world.people.office)

    client.post(url("list"), {"kind": "BOARD", "date": "2015-06-11", "place": "Kansliet"})
    meeting = Meeting.objects.get(forbund=world.a, date=dt.date(2015, 6, 11))
    client.post(
        url("action", meeting_id=meeting.pk, action="add_item"),
        {"kind": "ELECTION", "title": "Val av justerare", "proposal_text": "att utse _____ till justerare"},
    )
    client.post(
        url("action", meeting_id=meeting.pk, action="start_minutes"), {"adjustment_method": "Digital signering"}
    )
    client.post(
        url("action", meeting_id=meeting.pk, action="add_paragraph"),
        {"title": "Val av justerare", "decision_text": "att utse Kenneth Andersson"},
    )
    response = client.post(url("attendance", meeting_id=meeting.pk), {"part": "other", "organisation": "Gäst"})

    assert response.status_code == 400 and "Välj en användare eller skriv namnet" in response.content.decode()
    assert meeting.agenda_items.get().proposal == ["utse _____ till justerare"]
    # The agenda's item became the first paragraph, its proposal the draft decision; the second was typed.
    assert [p.decision_clauses for p in meeting.minutes.paragraphs.order_by("number")] == [
        ["utse _____ till justerare"],
        ["utse Kenneth Andersson"],
    ]
    assert not meeting.minutes.attendance.exists()


def test_three_signers_adjust_on_the_web_then_the_office_posts_and_locks(world, login_as):
    minutes = actions.mark_ready(None, with_signers(world, minutes_for(world)))
    meeting_id = minutes.meeting_id
    for persona, role in (
        ("board", SignerRole.CHAIR),
        ("admin", SignerRole.ADJUSTER),
        ("office", SignerRole.SECRETARY),
    ):
        client = login_as(getattr(world.people, persona))
        slot = minutes.signers.get(role=role)
        page = client.get(url("sign_page", meeting_id=meeting_id)).content.decode()
        assert "Skriv under" in page
        wrong = client.post(url("sign", meeting_id=meeting_id, signer_id=slot.pk), {"password": "fel"})
        assert wrong.status_code == 400
        client.post(url("sign", meeting_id=meeting_id, signer_id=slot.pk), {"password": PASSWORD})
    minutes.refresh_from_db()
    assert minutes.state == MinutesState.ADJUSTED

    office = login_as(world.people.office)
    refused = office.post(url("action", meeting_id=meeting_id, action="post"), {"posted_on": "", "taken_down_on": ""})
    assert refused.status_code == 400 and "tas ner" in refused.content.decode()
    assert not hasattr(minutes, "certificate")
    office.post(
        url("action", meeting_id=meeting_id, action="post"),
        {
            "posted_on": "2015-04-30",
            "taken_down_on": "2015-05-22",
            "storage_place": "Stadshuset",
            "notice_board": "Kommunens",
        },
    )
    office.post(url("action", meeting_id=meeting_id, action="lock"))
    minutes.refresh_from_db()
    assert minutes.state == MinutesState.LOCKED


def test_someone_else_cannot_sign_a_slot(world, login_as):
    minutes = actions.mark_ready(None, with_signers(world, minutes_for(world)))
    slot = minutes.signers.get(role=SignerRole.CHAIR)

    response = login_as(world.people.auditor).post(
        url("sign", meeting_id=minutes.meeting_id, signer_id=slot.pk), {"password": PASSWORD}
    )

    assert response.status_code == 403
    assert not minutes.signers.filter(signature__isnull=False).exists()


def test_pdfs_are_served_to_readers_and_not_to_applicants(world, login_as):
    minutes = minutes_for(world)
    board = login_as(world.people.board)

    for name in ("notice_pdf", "minutes_pdf"):
        response = board.get(url(name, meeting_id=minutes.meeting_id))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    applicant = login_as(world.people.applicant)
    assert applicant.get(url("minutes_pdf", meeting_id=minutes.meeting_id)).status_code == 403
    assert applicant.get(url("extract_pdf", paragraph_id=minutes.paragraphs.first().pk)).status_code == 403


def test_the_applicant_gets_the_extract_of_its_decision_once_adjusted(world, login_as):
    application = bring_to(world, State.ON_AGENDA)
    paragraph = decision_paragraph(application)
    actions.update_paragraph(None, paragraph, decision_clauses=["bevilja 405 600 kr"])
    minutes = with_signers(world, paragraph.minutes)
    application_actions.decide(None, application, outcome=DecisionOutcome.GRANTED, paragraph=paragraph)
    client = login_as(world.people.applicant)
    extract = url("extract_pdf", paragraph_id=paragraph.pk)
    assert client.get(extract).status_code == 403

    actions.mark_ready(None, minutes)
    for slot in minutes.signers.all():
        actions.sign(slot.user, slot, confirmation=PASSWORD)

    response = client.get(extract)
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    page = client.get(reverse("applications:detail", args=["alfa", application.pk])).content.decode()
    assert "protokollsutdrag" in page


def test_every_field_on_the_meeting_page_has_an_id_of_its_own(world, login_as):
    # The page shows the agenda, paragraph, attendance and signer forms at once; a label must find its own field.
    minutes = minutes_for(world)
    client = login_as(world.people.office)

    page = client.get(url("detail", meeting_id=minutes.meeting_id)).content.decode()

    ids = re.findall(r'\sid="([^"]+)"', page)
    assert "id_paragraph_title" in ids and "id_item_title" in ids
    assert "id_signer_person_name" in ids and "id_signer_attendee" in ids
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []
    page = client.get(url("attendance", meeting_id=minutes.meeting_id)).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert "id_other_person_name" in ids and "id_absence_paragraph" in ids
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []
