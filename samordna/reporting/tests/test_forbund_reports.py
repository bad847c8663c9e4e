"""The förbund's annual accounts (R23): drafted from the system's figures by the office, adopted by the board in a
paragraph, then signed by every sitting ledamot; and the audit with the board's response (DOMAIN §3.15)."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import PASSWORD
from samordna.finance import actions as finance_actions
from samordna.lib.errors import Refused
from samordna.meetings import actions as meeting_actions
from samordna.meetings.signing import RecordedSigner
from samordna.meetings.tests.helpers import minutes_for
from samordna.reporting import actions, queries
from samordna.reporting.annual import TEXT_PARTS
from samordna.reporting.models import AuditDocumentKind, ForbundReport, ForbundReportSignature
from samordna.tenancy import actions as tenancy_actions
from samordna.tenancy.models import BoardRole


@pytest.fixture
def board(world):
    """Three ledamöter of förbund A for 2015–2019, the first with the board persona's login, and one ersättare."""
    seats = []
    for key, user in (("fk", world.people.board), ("region", None), ("2482", None)):
        seats.append(
            tenancy_actions.add_board_seat(
                None,
                world.members_a[key],
                person_name=f"Ledamot {key}",
                role=BoardRole.LEDAMOT,
                term_start=dt.date(2015, 4, 1),
                term_end=dt.date(2019, 3, 31),
                user=user,
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


ADOPTED_ON = dt.date(2016, 3, 17)
TEXTS = {part.key: f"Text om {part.title}." for part in TEXT_PARTS}
PAPER = RecordedSigner("Underskrift på papper")


@pytest.fixture
def paragraph(world):
    minutes = minutes_for(world, ADOPTED_ON, paragraphs=0)
    return meeting_actions.add_paragraph(None, minutes, title="Årsredovisning 2015")


@pytest.fixture
def drafted(world):
    report = actions.create_forbund_report(world.people.office, world.a, "ANNUAL", 2015)
    return actions.save_forbund_report_texts(world.people.office, report, TEXTS)


def test_annual_accounts_are_drafted_from_the_systems_own_figures(world):
    finance_actions.set_contribution(None, world.members_a["fk"], 2015, 500_000)
    finance_actions.set_contribution(None, world.members_a["region"], 2015, 250_000)
    finance_actions.set_contribution(None, world.members_a["2482"], 2015, 250_000)

    report = actions.create_forbund_report(world.people.office, world.a, "ANNUAL", 2015)

    assert report.due_date == dt.date(2016, 3, 31)
    figures = report.figures
    assert figures["contributions"]["total"] == 1_000_000
    assert figures["equity"]["cap"] == 200_000  # 20 % of the contributions (R20)
    assert figures["contributions"]["warnings"] == []
    # Neither insats of A had started in 2015: the socialt bokslut of that year has none.
    assert figures["insatser"] == []
    assert figures["threshold"] == world.a.suppression_threshold


def test_the_socialt_bokslut_lists_each_insats_of_the_year_with_protected_counts(world):
    report = actions.create_forbund_report(world.people.office, world.a, "ANNUAL", 2019)

    rows = {row["insats"]: row for row in report.figures["insatser"]}
    assert set(rows) == {"2017:48", "2019:3"}
    assert rows["2017:48"]["participants"] == 0
    assert rows["2017:48"]["work_or_studies_share"] is None  # no discharges: no share
    assert [insats["insats"] for insats in report.figures["goals"]] == ["2017:48", "2019:3"]


def test_only_the_office_drafts_and_a_year_not_yet_over_is_refused(world):
    for persona in ("board", "auditor", "handler", "outsider"):
        with pytest.raises(Refused):
            actions.create_forbund_report(getattr(world.people, persona), world.a, "ANNUAL", 2015)
    assert not ForbundReport.objects.exists()

    with pytest.raises(ValidationError, match="inte slut"):
        actions.create_forbund_report(world.people.office, world.a, "ANNUAL", timezone.localdate().year)
    assert not ForbundReport.objects.exists()


def test_the_office_writes_the_texts_and_nobody_else_does(world):
    report = actions.create_forbund_report(world.people.admin, world.a, "ANNUAL", 2015)

    with pytest.raises(Refused):
        actions.save_forbund_report_texts(world.people.board, report, {"events": "Styrelsen skriver."})
    with pytest.raises(ValidationError, match="Okända delar"):
        actions.save_forbund_report_texts(world.people.office, report, {"result": "1 000 000"})
    report.refresh_from_db()
    assert report.texts == {}

    actions.save_forbund_report_texts(world.people.office, report, {"events": "  Två nya insatser.  "})
    report.refresh_from_db()
    assert report.texts == {"events": "Två nya insatser."}


def test_the_board_adopts_in_a_paragraph_and_the_report_is_then_locked(world, drafted, paragraph):
    with pytest.raises(Refused):
        actions.adopt_forbund_report(world.people.board, drafted, paragraph)
    drafted.refresh_from_db()
    assert drafted.adopted_on is None and drafted.paragraph is None

    report = actions.adopt_forbund_report(world.people.office, drafted, paragraph)

    assert report.adopted_on == ADOPTED_ON and report.paragraph == paragraph
    assert report.content_hash
    paragraph.refresh_from_db()
    assert paragraph.decision_clauses == ["fastställa årsredovisning för 2015"]
    with pytest.raises(ValidationError, match="kan inte ändras"):
        actions.save_forbund_report_texts(world.people.office, report, {"events": "Ändrat i efterhand."})
    with pytest.raises(ValidationError, match="kan inte ändras"):
        actions.adopt_forbund_report(world.people.office, report, paragraph)
    report.refresh_from_db()
    assert report.texts == TEXTS


def test_adoption_needs_the_texts_and_a_board_paragraph_of_minutes_being_written(world, paragraph):
    report = actions.create_forbund_report(world.people.office, world.a, "ANNUAL", 2015)
    with pytest.raises(ValidationError, match="förvaltningsberättelsens delar"):
        actions.adopt_forbund_report(world.people.office, report, paragraph)
    actions.save_forbund_report_texts(world.people.office, report, TEXTS)
    with pytest.raises(ValidationError, match="Välj paragrafen"):
        actions.adopt_forbund_report(world.people.office, report, None)
    other = meeting_actions.add_paragraph(
        None, minutes_for(world, ADOPTED_ON, paragraphs=0, forbund=world.b), title="B"
    )
    with pytest.raises(ValidationError, match="annat förbund"):
        actions.adopt_forbund_report(world.people.office, report, other)
    report.refresh_from_db()
    assert report.adopted_on is None


def test_every_sitting_ledamot_signs_what_was_adopted(world, board, drafted, paragraph):
    with pytest.raises(ValidationError, match="inte fastställt"):
        actions.sign_forbund_report(world.people.board, drafted, board[0], ADOPTED_ON, confirmation=PASSWORD)
    report = actions.adopt_forbund_report(world.people.office, drafted, paragraph)
    assert set(queries.missing_board_signatures(report, ADOPTED_ON)) == set(board)

    with pytest.raises(ValidationError, match="Lösenordet"):
        actions.sign_forbund_report(world.people.board, report, board[0], ADOPTED_ON, confirmation="fel")
    with pytest.raises(Refused):  # a board member signs only their own seat
        actions.sign_forbund_report(world.people.board, report, board[1], ADOPTED_ON, signer=PAPER)
    with pytest.raises(Refused):  # the office does not sign for a ledamot who has a login
        actions.sign_forbund_report(world.people.office, report, board[0], ADOPTED_ON, signer=PAPER)
    assert not ForbundReportSignature.objects.exists()

    signature = actions.sign_forbund_report(world.people.board, report, board[0], ADOPTED_ON, confirmation=PASSWORD)
    assert signature.content_hash == report.content_hash
    with pytest.raises(ValidationError, match="redan skrivit under"):
        actions.sign_forbund_report(world.people.board, report, board[0], ADOPTED_ON, confirmation=PASSWORD)
    for seat in board[1:]:
        actions.sign_forbund_report(world.people.office, report, seat, ADOPTED_ON, signer=PAPER)
    assert list(queries.missing_board_signatures(report, ADOPTED_ON)) == []


def test_a_deputy_or_a_former_ledamot_cannot_sign(world, board, drafted, paragraph):
    report = actions.adopt_forbund_report(world.people.office, drafted, paragraph)
    deputy = world.members_a["fk"].board_seats.get(role=BoardRole.ERSATTARE)

    with pytest.raises(ValidationError, match="inte ledamot"):
        actions.sign_forbund_report(world.people.office, report, deputy, dt.date(2016, 3, 20), signer=PAPER)
    with pytest.raises(ValidationError, match="inte ledamot"):
        actions.sign_forbund_report(world.people.office, report, board[1], dt.date(2020, 3, 1), signer=PAPER)
    assert not ForbundReportSignature.objects.exists()


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
