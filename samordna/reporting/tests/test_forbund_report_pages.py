"""The annual accounts on their pages: the office drafts and writes, the board adopts in a paragraph, each ledamot
signs on their own page; the PDF is tagged and the tables download as a spreadsheet."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD, login
from samordna.meetings import actions as meeting_actions
from samordna.meetings.tests.helpers import minutes_for
from samordna.reporting import actions
from samordna.reporting.models import ForbundReport, ForbundReportSignature
from samordna.stats.tests.test_pdf_tagging import assert_tagged
from samordna.tenancy import actions as tenancy_actions
from samordna.tenancy.models import BoardRole

from .test_forbund_reports import ADOPTED_ON, TEXTS, drafted, paragraph  # noqa: F401  (the fixtures)


@pytest.fixture
def sitting(world):
    """The board persona as a ledamot sitting today, when a ledamot signs on their page."""
    today = timezone.localdate()
    return tenancy_actions.add_board_seat(
        None,
        world.members_a["fk"],
        person_name="Bertil Almgren",
        role=BoardRole.LEDAMOT,
        term_start=today - dt.timedelta(days=400),
        term_end=today + dt.timedelta(days=400),
        user=world.people.board,
    )


def url(name: str, report=None) -> str:
    kwargs = {"forbund_slug": "alfa"}
    if report is not None:
        kwargs["forbund_report_id"] = report.pk
    return reverse(f"reporting:{name}", kwargs=kwargs)


def test_the_office_drafts_the_annual_accounts_on_a_page(world, client):
    login(client, world.people.office)
    response = client.post(url("forbund_report_new"), {"kind": "ANNUAL", "year": "2015"})

    report = ForbundReport.objects.get()
    assert response.status_code == 302 and response["Location"] == url("forbund_report", report)
    page = client.get(url("forbund_report", report)).content.decode()
    assert "Årets resultat" in page and "Eget kapital" in page and "Socialt bokslut" in page
    assert "Skriv förvaltningsberättelsen" in page


def test_a_board_member_cannot_draft_or_write_the_texts(world, client, drafted):  # noqa: F811
    login(client, world.people.board)

    assert client.post(url("forbund_report_new"), {"kind": "ANNUAL", "year": "2016"}).status_code == 403
    response = client.post(url("forbund_report", drafted), {"form": "texts", "events": "Styrelsen skrev."})

    assert response.status_code == 403
    assert ForbundReport.objects.count() == 1
    drafted.refresh_from_db()
    assert drafted.texts == TEXTS


def test_the_office_adopts_in_the_paragraph_and_the_texts_are_then_locked(world, client, drafted, paragraph):  # noqa: F811
    login(client, world.people.office)
    response = client.post(url("forbund_report", drafted), {"form": "adopt", "paragraph": str(paragraph.pk)})

    assert response.status_code == 302
    drafted.refresh_from_db()
    assert drafted.adopted_on == ADOPTED_ON and drafted.paragraph == paragraph
    page = client.get(url("forbund_report", drafted)).content.decode()
    assert "Skriv förvaltningsberättelsen" not in page
    assert f"§ {paragraph.number}" in page
    response = client.post(url("forbund_report", drafted), {"form": "texts", "events": "Ändrat efteråt."})
    assert response.status_code == 400
    drafted.refresh_from_db()
    assert drafted.texts == TEXTS


def test_a_ledamot_signs_the_adopted_report_on_their_own_page(world, client, sitting, drafted, paragraph):  # noqa: F811
    login(client, world.people.office)
    client.post(url("forbund_report", drafted), {"form": "adopt", "paragraph": str(paragraph.pk)})
    login(client, world.people.board)
    sign_page = url("forbund_report_sign", drafted)

    page = client.get(sign_page).content.decode()
    assert f"Som ledamot för {sitting.member.name} skriver jag under årsredovisning för 2015" in page
    assert TEXTS["events"] in page
    assert client.post(sign_page, {"password": "fel"}).status_code == 400
    assert not ForbundReportSignature.objects.exists()

    assert client.post(sign_page, {"password": PASSWORD}).status_code == 302
    signature = ForbundReportSignature.objects.get()
    assert signature.seat == sitting and signature.content_hash == ForbundReport.objects.get().content_hash
    assert "Du har ingen underskrift kvar" in client.get(sign_page).content.decode()


def test_someone_without_a_seat_cannot_sign(world, client, sitting, drafted, paragraph):  # noqa: F811
    login(client, world.people.office)
    client.post(url("forbund_report", drafted), {"form": "adopt", "paragraph": str(paragraph.pk)})
    login(client, world.people.auditor)

    assert client.post(url("forbund_report_sign", drafted), {"password": PASSWORD}).status_code == 403
    assert not ForbundReportSignature.objects.exists()


def test_the_report_downloads_as_a_tagged_pdf_and_a_spreadsheet(world, client, drafted):  # noqa: F811
    login(client, world.people.board)

    pdf = client.get(url("forbund_report_pdf", drafted))
    assert pdf["Content-Type"] == "application/pdf"
    assert {"H1", "H2", "Table"} <= assert_tagged(pdf.content, "Årsredovisning 2015")

    sheet = client.get(url("forbund_report_xlsx", drafted))
    workbook = openpyxl.load_workbook(io.BytesIO(sheet.content))
    assert "Årets resultat" in workbook.sheetnames


def test_the_ledamot_finds_the_report_to_sign_on_the_start_page(world, client, sitting):
    today = timezone.localdate()
    report = actions.create_forbund_report(world.people.office, world.a, "ANNUAL", today.year - 1)
    actions.save_forbund_report_texts(world.people.office, report, TEXTS)
    minutes = minutes_for(world, today, paragraphs=0)
    adopted_in = meeting_actions.add_paragraph(None, minutes, title="Årsredovisning")
    actions.adopt_forbund_report(world.people.office, report, adopted_in)
    login(client, world.people.board)
    start = reverse("tenancy:dashboard", kwargs={"forbund_slug": "alfa"})

    page = client.get(start).content.decode()
    assert f"Skriv under årsredovisning för {today.year - 1}" in page
    assert url("forbund_report_sign", report) in page

    client.post(url("forbund_report_sign", report), {"password": PASSWORD})
    assert url("forbund_report_sign", report) not in client.get(start).content.decode()
