"""Signing, adopting and handing in reports cannot be dated in the future; a refusal leaves the report as it was."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from samordna.reporting import actions
from samordna.reporting.models import ForbundReportSignature

from .test_forbund_reports import board  # noqa: F401  (the fixture)

TOMORROW = dt.date.today() + dt.timedelta(days=1)


def test_a_board_signature_or_adoption_dated_in_the_future_is_refused(world, board):  # noqa: F811
    report = actions.create_forbund_report(None, world.a, "ANNUAL", 2015)

    with pytest.raises(ValidationError) as excinfo:
        actions.sign_forbund_report(None, report, board[0], TOMORROW)
    assert excinfo.value.message_dict == {"on": ["Underskriftsdatumet kan inte ligga i framtiden."]}
    assert not ForbundReportSignature.objects.exists()

    for seat in board:
        actions.sign_forbund_report(None, report, seat, dt.date(2016, 3, 21))
    with pytest.raises(ValidationError) as excinfo:
        actions.adopt_forbund_report(None, report, TOMORROW)
    assert "on" in excinfo.value.message_dict
    report.refresh_from_db()
    assert report.adopted_on is None
