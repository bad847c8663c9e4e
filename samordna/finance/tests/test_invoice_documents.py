"""The member invoice as a complete Swedish invoice: the PDF's parts, the Peppol BIS Billing 3.0 file and its
rules, and the refusal to send or print an invoice while the förbund or the member lacks what it needs.
"""

import datetime as dt
import io
from xml.etree import ElementTree as ET  # nosec B405 - rereads the invoices these tests made

import pytest
from pypdf import PdfReader

from samordna.audit.models import AuditEvent
from samordna.finance import actions
from samordna.finance.models import InvoiceStatus, MemberInvoice
from samordna.finance.peppol import CAC, CBC
from samordna.finance.peppol_rules import check_invoice
from samordna.lib.payments import is_valid_ocr

from .conftest import ALFA_BANKGIRO, ALFA_ORG_NUMBER

NS = {"cac": CAC, "cbc": CBC}


def _sent_invoice(world, on=dt.date(2015, 1, 2)) -> MemberInvoice:
    actions.set_contribution(None, world.members_a["fk"], 2015, 400_000)
    invoice = actions.create_invoices(None, world.a, 2015)[0]
    return actions.move_invoice(None, invoice, InvoiceStatus.SENT, on)


def _pdf_text(content: bytes) -> str:
    # Lines that wrap in a column are read back as one, so that a name is found whole.
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def test_the_pdf_has_every_part_of_a_swedish_invoice(world, ready_to_invoice, login_as):
    invoice = _sent_invoice(world)

    response = login_as(world.people.office).get(f"/f/alfa/ekonomi/fakturor/{invoice.pk}/pdf/")

    assert response.status_code == 200
    text = _pdf_text(response.content)
    for part in (
        f"Fakturanummer {invoice.number}",
        "Fakturadatum 2015-01-02",
        "Förfallodag 2015-01-31",
        f"Organisationsnummer: {ALFA_ORG_NUMBER}",
        "Organisationsnummer: 202100-5521",
        "Alfa samordningsförbund",
        "Storgatan 1",
        "931 30 Skellefteå",
        "Försäkringskassan (Alfa samordningsförbund)",
        "Box 2",
        "931 85 Skellefteå",
        "Er referens REF-FK",
        f"Bankgiro {ALFA_BANKGIRO}",
        f"OCR-nummer {invoice.ocr}",
        "Att betala 100 000 kr",
        "ingen moms",
    ):
        assert part in text, part
    assert is_valid_ocr(invoice.ocr)


def test_the_ocr_reference_names_year_member_and_period(world, ready_to_invoice):
    invoice = _sent_invoice(world)
    member = world.members_a["fk"].pk

    assert invoice.ocr.startswith(f"2015{member}01")
    assert len(invoice.ocr) == len(f"2015{member}01") + 2
    assert invoice.ocr[-2] == str(len(invoice.ocr) % 10)
    assert is_valid_ocr(invoice.ocr)


def test_the_peppol_file_passes_the_rules_and_carries_the_invoice(world, ready_to_invoice, login_as):
    invoice = _sent_invoice(world)

    response = login_as(world.people.auditor).get(f"/f/alfa/ekonomi/fakturor/{invoice.pk}/peppol/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert check_invoice(response.content) == []
    root = ET.fromstring(response.content)  # noqa: S314  # nosec B314
    assert root.findtext("cbc:ID", namespaces=NS) == invoice.number
    assert root.findtext("cbc:IssueDate", namespaces=NS) == "2015-01-02"
    assert root.findtext("cbc:DueDate", namespaces=NS) == "2015-01-31"
    assert root.findtext("cbc:InvoiceTypeCode", namespaces=NS) == "380"
    assert root.findtext("cbc:BuyerReference", namespaces=NS) == "REF-FK"
    seller = root.find("cac:AccountingSupplierParty/cac:Party/cbc:EndpointID", NS)
    assert seller is not None and (seller.get("schemeID"), seller.text) == ("0007", ALFA_ORG_NUMBER.replace("-", ""))
    buyer = root.find("cac:AccountingCustomerParty/cac:Party/cbc:EndpointID", NS)
    assert buyer is not None and buyer.text == "2021005521"
    assert root.findtext("cac:PaymentMeans/cbc:PaymentMeansCode", namespaces=NS) == "30"
    assert root.findtext("cac:PaymentMeans/cbc:PaymentID", namespaces=NS) == invoice.ocr
    assert root.findtext("cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID", namespaces=NS) == "1234566"
    branch = "cac:PaymentMeans/cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID"
    assert root.findtext(branch, namespaces=NS) == "SE:BANKGIRO"
    assert root.findtext("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID", namespaces=NS) == "O"
    assert root.findtext("cac:LegalMonetaryTotal/cbc:PayableAmount", namespaces=NS) == "100000.00"


def test_the_peppol_file_is_valid_ubl_and_passes_an_independent_rule_check(world, ready_to_invoice, login_as):
    # Checked with tools written elsewhere: the OASIS UBL 2.1 schemas as published, and another project's
    # implementation of the Peppol BIS Billing 3.0 rules, beside our own `check_invoice`.
    import peppol

    invoice = _sent_invoice(world)
    content = login_as(world.people.office).get(f"/f/alfa/ekonomi/fakturor/{invoice.pk}/peppol/").content

    valid, errors = peppol.validate_xsd(content)
    assert valid, errors
    assert [str(finding) for finding in peppol.check_rules(content)] == []
    # Both catch a broken file: an element out of the schema's order, and a payable amount that does not add up.
    assert not peppol.validate_xsd(content.replace(b"<cbc:DueDate>", b"<cbc:Note>x</cbc:Note><cbc:DueDate>", 1))[0]
    wrong_total = content.replace(b">100000.00</cbc:PayableAmount>", b">5.00</cbc:PayableAmount>")
    assert wrong_total != content
    assert "BR-CO-16" in {finding.rule_id for finding in peppol.check_rules(wrong_total)}


def test_a_plusgiro_förbund_is_paid_by_plusgiro(world, ready_to_invoice, login_as):
    world.a.__class__.objects.filter(pk=world.a.pk).update(bankgiro="", plusgiro="12345-5")
    invoice = _sent_invoice(world)

    content = login_as(world.people.office).get(f"/f/alfa/ekonomi/fakturor/{invoice.pk}/peppol/").content

    assert check_invoice(content) == []
    assert b"<cbc:ID>SE:PLUSGIRO</cbc:ID>" in content and b"<cbc:ID>123455</cbc:ID>" in content


def _break(xml: bytes, old: bytes, new: bytes) -> bytes:
    assert old in xml, old
    return xml.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "rule"),
    [
        (b"<cbc:BuyerReference>REF-FK</cbc:BuyerReference>", b"", "PEPPOL-EN16931-R003"),
        (b"<cbc:InvoiceTypeCode>380", b"<cbc:InvoiceTypeCode>381", "BR-04"),
        (b'<cbc:PayableAmount currencyID="SEK">100000.00', b'<cbc:PayableAmount currencyID="SEK">99000.00', "BR-CO-16"),
        (b"<cbc:ID>O</cbc:ID>", b"<cbc:ID>S</cbc:ID>", "BR-O-11"),
        (b"<cbc:ID>1234566</cbc:ID>", b"<cbc:ID>1234567</cbc:ID>", "SE-BANKGIRO"),
        (b'schemeID="0007">2220004564', b'schemeID="0088">2220004564', "SE-0007"),
        (b"<cbc:PaymentMeansCode>30", b"<cbc:PaymentMeansCode>10", "BR-CL-16"),
        (b"<cbc:DocumentCurrencyCode>SEK", b"<cbc:DocumentCurrencyCode>EUR", "BR-05"),
        (b"<cbc:IssueDate>2015-01-02", b"<cbc:IssueDate>2 januari", "BR-03"),
        (
            b'<cbc:TaxAmount currencyID="SEK">0.00</cbc:TaxAmount>',
            b'<cbc:TaxAmount currencyID="SEK">5.00</cbc:TaxAmount>',
            "BR-CO-15",
        ),
    ],
)
def test_the_rules_catch_a_broken_file(world, ready_to_invoice, login_as, old, new, rule):
    invoice = _sent_invoice(world)
    good = login_as(world.people.office).get(f"/f/alfa/ekonomi/fakturor/{invoice.pk}/peppol/").content

    errors = check_invoice(_break(good, old, new))

    assert any(error.startswith(f"[{rule}]") for error in errors), errors


def test_the_rules_catch_elements_out_of_order(world, ready_to_invoice, login_as):
    invoice = _sent_invoice(world)
    good = login_as(world.people.office).get(f"/f/alfa/ekonomi/fakturor/{invoice.pk}/peppol/").content
    root = ET.fromstring(good)  # noqa: S314  # nosec B314
    due = root.find("cbc:DueDate", NS)
    assert due is not None
    root.remove(due)
    root.append(due)

    assert any(e.startswith("[UBL-ORDER]") for e in check_invoice(ET.tostring(root)))
    assert check_invoice(b"<Invoice") == [check_invoice(b"<Invoice")[0]]
    assert check_invoice(b"<Invoice")[0].startswith("[XML]")


def test_an_invoice_is_not_sent_while_data_is_missing(world, login_as):
    actions.set_contribution(None, world.members_a["fk"], 2015, 400_000)
    invoice = actions.create_invoices(None, world.a, 2015)[0]
    events = AuditEvent.objects.count()

    response = login_as(world.people.office).post(
        "/f/alfa/ekonomi/fakturor/", {"year": 2015, "invoice": invoice.pk, "status": "SENT"}, follow=True
    )

    text = response.content.decode()
    assert "kan inte skickas förrän uppgifterna finns" in text
    assert "Förbundet saknar organisationsnummer, gatuadress, postnummer, postort och bankgiro eller plusgiro." in text
    assert "referens på fakturan" in text
    invoice.refresh_from_db()
    assert (invoice.status, invoice.sent_on) == (InvoiceStatus.DRAFT, None)
    assert AuditEvent.objects.count() == events


def test_no_pdf_or_peppol_file_while_data_is_missing(world, login_as):
    actions.set_contribution(None, world.members_a["fk"], 2015, 400_000)
    invoice = actions.create_invoices(None, world.a, 2015)[0]
    admin = login_as(world.people.admin)

    for kind in ("pdf", "peppol"):
        response = admin.get(f"/f/alfa/ekonomi/fakturor/{invoice.pk}/{kind}/")
        assert response.status_code == 409
        text = response.content.decode()
        assert "Fakturan kan inte tas fram förrän uppgifterna nedan är ifyllda" in text
        assert 'href="/f/alfa/forbundet/installningar/"' in text
        assert f'href="/f/alfa/forbundet/medlemmar/{world.members_a["fk"].pk}/?next=' in text


def test_the_office_is_told_who_can_fill_in_the_data(world, login_as):
    actions.set_contribution(None, world.members_a["fk"], 2015, 400_000)
    actions.create_invoices(None, world.a, 2015)

    text = login_as(world.people.office).get("/f/alfa/ekonomi/fakturor/?year=2015").content.decode()

    assert "Fakturorna kan inte skickas förrän uppgifterna nedan är ifyllda" in text
    assert "Be förbundets administratör att fylla i uppgifterna." in text
    assert "/peppol/" not in text


def test_a_late_invoice_gets_a_new_due_date(world, ready_to_invoice):
    invoice = _sent_invoice(world, on=dt.date(2015, 3, 2))

    assert invoice.invoice_date == dt.date(2015, 3, 2)
    assert invoice.due_date == dt.date(2015, 4, 1)
