"""A signature recorded for the minutes, or a notice sent, cannot be dated in the future; nothing changes then."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from samordna.audit.models import AuditEvent
from samordna.meetings import actions
from samordna.meetings.models import MinutesState, Signature
from samordna.meetings.signing import RecordedSigner

from .helpers import minutes_for, with_signers

TOMORROW = timezone.now() + dt.timedelta(days=1)


def test_a_signature_dated_in_the_future_is_refused_and_the_minutes_stay_ready(world):
    minutes = actions.mark_ready(None, with_signers(world, minutes_for(world)))
    slot = minutes.signers.get(role="CHAIR")
    events = AuditEvent.objects.count()

    with pytest.raises(ValidationError) as excinfo:
        actions.sign(None, slot, signer=RecordedSigner("BankID", "ref-1"), signed_at=TOMORROW)

    assert excinfo.value.message_dict == {"signed_at": ["Underskriften kan inte vara daterad i framtiden."]}
    assert not Signature.objects.exists() and AuditEvent.objects.count() == events
    minutes.refresh_from_db()
    assert minutes.state == MinutesState.READY


def test_a_notice_sent_in_the_future_is_refused(world):
    minutes = minutes_for(world)
    meeting = minutes.meeting
    actions.add_agenda_item(None, meeting, title="Budget")

    with pytest.raises(ValidationError) as excinfo:
        actions.send_notice(None, meeting, sent_on=TOMORROW.date() + dt.timedelta(days=1))

    assert "sent_on" in excinfo.value.message_dict
    meeting.refresh_from_db()
    assert meeting.notice_sent_on is None
