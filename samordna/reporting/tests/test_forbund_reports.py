"""The förbund's annual accounts (R23) and the audit with the board's response (DOMAIN §3.15)."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from samordna.lib.errors import Refused
from samordna.reporting import actions, queries
from samordna.reporting.models import AuditDocumentKind
from samordna.tenancy import actions as tenancy_actions
from samordna.tenancy.models import BoardRole


@pytest.fixture
def board(world):
    seats = []
    for key in ("fk", "region", "2482"):
        seats.append(
            tenancy_actions.add_board_seat(
                None,
                world.members_a[key],
                person_name=f"Ledamot {key}",
                role=BoardRole.LEDAMOT,
                term_start=dt.date(2015, 4, 1),
                term_end=dt.date(2019, 3, 31),
            )
        )
    tenancy_actions.add_board_seat(
        None,
        world.members_a["fk"],
        person_name="Ersättare",
        role=BoardRole.ERSATTARE,
        deputy_for=seats[0],
        term_start=dt.date(2015, 4, 1),
        term_end=dt.date(2019, 3, 31),
    )
    return seats


def test_annual_accounts_are_due_31_march_and_need_every_sitting_ledamot(world, board):
    report = actions.create_forbund_report(None, world.a, "ANNUAL", 2015)
    assert report.due_date == dt.date(2016, 3, 31)
    assert "economy" in report.figures

    actions.sign_forbund_report(None, report, board[0], dt.date(2016, 3, 20))
    with pytest.raises(ValidationError, match="Ledamot 2482, Ledamot region"):
        actions.adopt_forbund_report(None, report, dt.date(2016, 3, 21))

    for seat in board[1:]:
        actions.sign_forbund_report(None, report, seat, dt.date(2016, 3, 21))
    assert actions.adopt_forbund_report(None, report, dt.date(2016, 3, 21)).adopted_on == dt.date(2016, 3, 21)


def test_a_deputy_or_a_former_ledamot_cannot_sign(world, board):
    report = actions.create_forbund_report(None, world.a, "ANNUAL", 2019)
    deputy = world.members_a["fk"].board_seats.get(role=BoardRole.ERSATTARE)

    with pytest.raises(ValidationError, match="inte ledamot"):
        actions.sign_forbund_report(None, report, deputy, dt.date(2016, 3, 1))
    with pytest.raises(ValidationError, match="inte ledamot"):
        actions.sign_forbund_report(None, report, board[0], dt.date(2020, 3, 1))


REVIEW_2014 = {
    "kind": AuditDocumentKind.AUDIT_REVIEW,
    "year": 2014,
    "title": "Granskning 2014",
    "received_on": dt.date(2015, 4, 23),
    "response_due": dt.date(2015, 8, 31),
}


def test_audit_review_response_deadline_is_tracked(world):
    document = actions.register_audit_document(
        world.people.auditor, world.a, recommendations=["Budget i balans"], **REVIEW_2014
    )

    assert list(queries.overdue_audit_responses(world.a, dt.date(2015, 8, 31))) == []
    assert list(queries.overdue_audit_responses(world.a, dt.date(2015, 9, 1))) == [document]

    response: dict[str, Any] = {
        "text": "Vi upprättar en budget i balans.",
        "approved_on": dt.date(2015, 8, 20),
        "approved_by": "Presidiet enligt delegation",
        "sent_on": dt.date(2015, 8, 25),
    }
    with pytest.raises(Refused):
        actions.respond_to_audit(world.people.office, document, **response)
    actions.respond_to_audit(world.people.admin, document, **response)
    assert list(queries.overdue_audit_responses(world.a, dt.date(2015, 9, 1))) == []
    recommendation = document.recommendations.get()
    actions.complete_recommendation(world.people.admin, recommendation, "Budget 2016 i balans", dt.date(2015, 11, 1))
    assert document.recommendations.filter(completed_on__isnull=True).count() == 0


def test_board_member_cannot_register_audit_documents(world):
    with pytest.raises(Refused):
        actions.register_audit_document(world.people.board, world.a, **REVIEW_2014)
    assert not world.a.audit_documents.exists()
