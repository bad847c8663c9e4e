"""Signing, adopting and handing in reports cannot be dated in the future; a refusal leaves the report as it was."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from samordna.meetings import actions as meeting_actions
from samordna.meetings.tests.helpers import minutes_for
from samordna.reporting import actions
from samordna.reporting.models import ForbundReportSignature

from .test_forbund_reports import PAPER, board, drafted, paragraph  # noqa: F401  (the fixtures)

TOMORROW = dt.date.today() + dt.timedelta(days=1)


def test_a_board_signature_dated_in_the_future_is_refused(world, board, drafted, paragraph):  # noqa: F811
    report = actions.adopt_forbund_report(world.people.office, drafted, paragraph)

    with pytest.raises(ValidationError) as excinfo:
        actions.sign_forbund_report(world.people.office, report, board[1], TOMORROW, signer=PAPER)
    assert excinfo.value.message_dict == {"on": ["Underskriftsdatumet kan inte ligga i framtiden."]}
    assert not ForbundReportSignature.objects.exists()


def test_an_adoption_in_a_meeting_still_to_come_is_refused(world, drafted):  # noqa: F811
    minutes = minutes_for(world, TOMORROW, paragraphs=0)
    later = meeting_actions.add_paragraph(None, minutes, title="Årsredovisning")

    with pytest.raises(ValidationError) as excinfo:
        actions.adopt_forbund_report(world.people.office, drafted, later)
    assert "on" in excinfo.value.message_dict
    drafted.refresh_from_db()
    assert drafted.adopted_on is None
