"""Adjustment: ready → three signatures on the same hash → adjusted → posted → locked, and nothing changes after."""

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import ValidationError

from conftest import PASSWORD
from samordna.audit.models import AuditEvent
from samordna.lib.errors import Refused
from samordna.meetings import actions, documents
from samordna.meetings.models import MinutesState, Signature, SignerRole

from .helpers import minutes_for, with_signers


def ready_minutes(world):
    minutes = with_signers(world, minutes_for(world))
    return actions.mark_ready(world.people.office, minutes)


def sign_all(world, minutes):
    for slot in minutes.signers.all():
        actions.sign(slot.user, slot, confirmation=PASSWORD)
    minutes.refresh_from_db()
    return minutes


def certificate(world, minutes, **overrides):
    fields = {
        "notice_board": "Kommunens anslagstavla",
        "posted_on": dt.date(2015, 4, 30),
        "taken_down_on": dt.date(2015, 5, 22),
        "storage_place": "Kommunledningskontoret, stadshuset",
    }
    fields.update(overrides)
    return actions.post_certificate(world.people.office, minutes, **fields)


def test_ready_needs_all_three_signers(world):
    minutes = minutes_for(world)
    actions.set_signer(None, minutes, role=SignerRole.CHAIR, person_name="Ordförande", user=world.people.board)

    with pytest.raises(ValidationError, match="sekreterare"):
        actions.mark_ready(world.people.office, minutes)


def test_three_signatures_adjust_the_minutes_and_store_the_hash_of_the_exact_document(world):
    minutes = ready_minutes(world)
    expected = hashlib.sha256(documents.minutes_html(minutes, with_signatures=False).encode()).hexdigest()

    minutes = sign_all(world, minutes)

    assert minutes.state == MinutesState.ADJUSTED and minutes.adjusted_at is not None
    signatures = Signature.objects.filter(signer__minutes=minutes)
    assert signatures.count() == 3
    assert {s.document_hash for s in signatures} == {expected} == {minutes.document_hash}
    assert {s.user for s in signatures} == {world.people.board, world.people.admin, world.people.office}


def test_two_signatures_are_not_enough(world):
    minutes = ready_minutes(world)
    for slot in minutes.signers.exclude(role=SignerRole.ADJUSTER):
        actions.sign(slot.user, slot, confirmation=PASSWORD)

    minutes.refresh_from_db()
    assert minutes.state == MinutesState.READY


@pytest.mark.parametrize("persona", ["auditor", "outsider", "office"])
def test_only_the_named_person_can_sign_a_slot(world, persona):
    minutes = ready_minutes(world)
    chair = minutes.signers.get(role=SignerRole.CHAIR)
    events = AuditEvent.objects.count()

    with pytest.raises(Refused):
        actions.sign(getattr(world.people, persona), chair, confirmation=PASSWORD)

    assert not Signature.objects.exists() and AuditEvent.objects.count() == events


def test_a_wrong_password_does_not_sign(world):
    minutes = ready_minutes(world)
    chair = minutes.signers.get(role=SignerRole.CHAIR)

    with pytest.raises(ValidationError, match="Lösenordet"):
        actions.sign(world.people.board, chair, confirmation="fel")

    assert not Signature.objects.exists()


def test_ready_minutes_cannot_be_edited_and_reopen_only_before_anyone_signed(world):
    minutes = ready_minutes(world)
    paragraph = minutes.paragraphs.first()

    with pytest.raises(ValidationError, match="klart för justering"):
        actions.update_paragraph(world.people.office, paragraph, title="Ändrad")
    actions.reopen(world.people.office, minutes)
    actions.update_paragraph(world.people.office, paragraph, title="Ändrad")
    minutes = actions.mark_ready(world.people.office, minutes)
    slot = minutes.signers.get(role=SignerRole.SECRETARY)
    actions.sign(world.people.office, slot, confirmation=PASSWORD)

    with pytest.raises(ValidationError, match="redan skrivit under"):
        actions.reopen(world.people.office, minutes)


def test_posting_needs_both_dates_and_the_storage_place(world):
    minutes = sign_all(world, ready_minutes(world))

    # The seed's certificate says "2015-" and leaves the take-down date blank [003 L218–237].
    with pytest.raises(ValidationError) as excinfo:
        certificate(world, minutes, posted_on=None, taken_down_on=None, storage_place="")
    message = " ".join(excinfo.value.messages)
    assert "sätts upp" in message and "tas ner" in message and "förvaringsplats" in message
    with pytest.raises(ValidationError, match="innan det sätts upp"):
        certificate(world, minutes, taken_down_on=dt.date(2015, 4, 1))
    assert not hasattr(minutes, "certificate") or minutes.certificate is None


def test_locking_needs_the_certificate_and_then_nothing_changes(world):
    minutes = sign_all(world, ready_minutes(world))
    office = world.people.office

    with pytest.raises(ValidationError, match="anslag"):
        actions.lock(office, minutes)
    certificate(world, minutes)
    actions.lock(office, minutes)
    minutes.refresh_from_db()
    paragraph = minutes.paragraphs.first()
    events = AuditEvent.objects.count()

    assert minutes.state == MinutesState.LOCKED
    refusals = [
        lambda: actions.update_paragraph(office, paragraph, title="Ändrad"),
        lambda: actions.add_paragraph(office, minutes, title="Ny"),
        lambda: actions.remove_last_paragraph(office, minutes.paragraphs.last()),
        lambda: actions.record_attendance(office, minutes, person_name="Sen gäst", category="OTHER"),
        lambda: actions.set_signer(office, minutes, role=SignerRole.ADJUSTER, person_name="Ny"),
        lambda: certificate(world, minutes),
        lambda: actions.reopen(office, minutes),
        lambda: actions.lock(office, minutes),
        lambda: actions.add_agenda_item(office, minutes.meeting, title="Sent ärende"),
        lambda: actions.move_meeting(office, minutes.meeting, dt.date(2015, 5, 1)),
    ]
    for attempt in refusals:
        with pytest.raises(ValidationError):
            attempt()

    paragraph.refresh_from_db()
    assert paragraph.title == "Ärende 1" and minutes.paragraphs.count() == 2
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("persona", ["board", "auditor", "preparatory", "applicant", "handler", "outsider"])
def test_only_the_office_manages_minutes(world, persona):
    minutes = minutes_for(world)
    user = getattr(world.people, persona)

    with pytest.raises(Refused):
        actions.add_paragraph(user, minutes, title="Obehörig")
    with pytest.raises(Refused):
        actions.plan_meeting(user, world.a, date=dt.date(2015, 9, 1))

    assert minutes.paragraphs.count() == 2
