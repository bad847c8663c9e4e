"""The member invoice as a Peppol BIS Billing 3.0 invoice (UBL 2.1 XML), the way Swedish public bodies receive
invoices. Built with the standard library; `peppol_rules` checks the result.
"""

from __future__ import annotations

from decimal import Decimal
from xml.etree import ElementTree as ET  # nosec B405 - builds and rereads its own invoices only

from .invoicing import InvoiceDocument

INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
COMMERCIAL_INVOICE = "380"
CREDIT_TRANSFER = "30"
SWEDISH_ORG_NUMBER_SCHEME = "0007"  # ISO 6523 ICD for the Swedish organisationsnummer
NOT_SUBJECT_TO_VAT = "O"
CURRENCY = "SEK"
UNIT = "C62"  # UN/ECE recommendation 20: "one", a unit without dimension

ET.register_namespace("", INVOICE_NS)
ET.register_namespace("cac", CAC)
ET.register_namespace("cbc", CBC)


def _cbc(parent: ET.Element, name: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{CBC}}}{name}", attrs)
    element.text = text
    return element


def _cac(parent: ET.Element, name: str) -> ET.Element:
    return ET.SubElement(parent, f"{{{CAC}}}{name}")


def _money(parent: ET.Element, name: str, kronor: int | Decimal) -> ET.Element:
    return _cbc(parent, name, f"{Decimal(kronor):.2f}", currencyID=CURRENCY)


def _party(parent: ET.Element, role: str, party, with_identification: bool) -> None:
    element = _cac(_cac(parent, role), "Party")
    _cbc(element, "EndpointID", party.org_digits, schemeID=SWEDISH_ORG_NUMBER_SCHEME)
    if with_identification:
        _cbc(_cac(element, "PartyIdentification"), "ID", party.org_digits, schemeID=SWEDISH_ORG_NUMBER_SCHEME)
    _cbc(_cac(element, "PartyName"), "Name", party.name)
    address = _cac(element, "PostalAddress")
    _cbc(address, "StreetName", party.address)
    _cbc(address, "CityName", party.city)
    _cbc(address, "PostalZone", party.postal_code.replace(" ", ""))
    _cbc(_cac(address, "Country"), "IdentificationCode", "SE")
    legal = _cac(element, "PartyLegalEntity")
    _cbc(legal, "RegistrationName", party.name)
    _cbc(legal, "CompanyID", party.org_digits, schemeID=SWEDISH_ORG_NUMBER_SCHEME)


def _tax_category(parent: ET.Element, name: str, reason: str | None) -> None:
    category = _cac(parent, name)
    _cbc(category, "ID", NOT_SUBJECT_TO_VAT)
    if reason is not None:
        _cbc(category, "TaxExemptionReason", reason)
    _cbc(_cac(category, "TaxScheme"), "ID", "VAT")


def invoice_element(doc: InvoiceDocument) -> ET.Element:
    root = ET.Element(f"{{{INVOICE_NS}}}Invoice")
    _cbc(root, "CustomizationID", CUSTOMIZATION_ID)
    _cbc(root, "ProfileID", PROFILE_ID)
    _cbc(root, "ID", doc.number)
    _cbc(root, "IssueDate", doc.invoice_date.isoformat())
    _cbc(root, "DueDate", doc.due_date.isoformat())
    _cbc(root, "InvoiceTypeCode", COMMERCIAL_INVOICE)
    _cbc(root, "Note", doc.vat_note)
    _cbc(root, "DocumentCurrencyCode", CURRENCY)
    _cbc(root, "BuyerReference", doc.buyer_reference)
    period = _cac(root, "InvoicePeriod")
    _cbc(period, "StartDate", doc.period_start.isoformat())
    _cbc(period, "EndDate", doc.period_end.isoformat())
    _party(root, "AccountingSupplierParty", doc.seller, with_identification=True)
    _party(root, "AccountingCustomerParty", doc.buyer, with_identification=False)

    means = _cac(root, "PaymentMeans")
    _cbc(means, "PaymentMeansCode", CREDIT_TRANSFER)
    _cbc(means, "PaymentID", doc.ocr)
    account_id, branch = doc.payment_account
    account = _cac(means, "PayeeFinancialAccount")
    _cbc(account, "ID", account_id)
    _cbc(_cac(account, "FinancialInstitutionBranch"), "ID", branch)

    tax_total = _cac(root, "TaxTotal")
    _money(tax_total, "TaxAmount", 0)
    subtotal = _cac(tax_total, "TaxSubtotal")
    _money(subtotal, "TaxableAmount", doc.amount)
    _money(subtotal, "TaxAmount", 0)
    _tax_category(subtotal, "TaxCategory", doc.vat_note)

    totals = _cac(root, "LegalMonetaryTotal")
    for name in ("LineExtensionAmount", "TaxExclusiveAmount", "TaxInclusiveAmount", "PayableAmount"):
        _money(totals, name, doc.amount)

    line = _cac(root, "InvoiceLine")
    _cbc(line, "ID", "1")
    _cbc(line, "InvoicedQuantity", "1", unitCode=UNIT)
    _money(line, "LineExtensionAmount", doc.amount)
    item = _cac(line, "Item")
    _cbc(item, "Name", doc.description)
    _tax_category(item, "ClassifiedTaxCategory", None)
    _money(_cac(line, "Price"), "PriceAmount", doc.amount)
    return root


def invoice_xml(doc: InvoiceDocument) -> bytes:
    """The invoice as UTF-8 XML with its declaration, ready to hand to a Peppol access point."""
    root = invoice_element(doc)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
