"""Checks of a Peppol BIS Billing 3.0 invoice, written out here because the official rule files (the UBL 2.1 XSD,
the CEN EN 16931 and OpenPeppol schematron) cannot be had on this system.

Each check carries the identifier of the rule it stands for: BR-* from EN 16931, PEPPOL-EN16931-R* from the Peppol
profile, SE-* for the Swedish national rules, and UBL-ORDER for the element order that the UBL schema's sequences
prescribe. Only what Samordna's invoices use is covered: one line, category O, payment by bankgiro or plusgiro.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from xml.etree import ElementTree as ET  # nosec B405 - builds and rereads its own invoices only

from samordna.lib.payments import has_valid_check_digit

from .peppol import CAC, CBC, CUSTOMIZATION_ID, INVOICE_NS, PROFILE_ID

NS = {"inv": INVOICE_NS, "cac": CAC, "cbc": CBC}

# UBL 2.1 sequences, for the children Samordna's invoices use, in the order the schema requires.
SEQUENCES: dict[str, list[str]] = {
    "Invoice": [
        "UBLVersionID",
        "CustomizationID",
        "ProfileID",
        "ID",
        "IssueDate",
        "DueDate",
        "InvoiceTypeCode",
        "Note",
        "TaxPointDate",
        "DocumentCurrencyCode",
        "AccountingCost",
        "BuyerReference",
        "InvoicePeriod",
        "OrderReference",
        "AccountingSupplierParty",
        "AccountingCustomerParty",
        "PaymentMeans",
        "PaymentTerms",
        "TaxTotal",
        "LegalMonetaryTotal",
        "InvoiceLine",
    ],
    "Party": ["EndpointID", "PartyIdentification", "PartyName", "PostalAddress", "PartyTaxScheme", "PartyLegalEntity"],
    "PostalAddress": ["StreetName", "AdditionalStreetName", "CityName", "PostalZone", "Country"],
    "PartyLegalEntity": ["RegistrationName", "CompanyID"],
    "PaymentMeans": ["PaymentMeansCode", "PaymentDueDate", "PaymentID", "PayeeFinancialAccount"],
    "PayeeFinancialAccount": ["ID", "Name", "FinancialInstitutionBranch"],
    "TaxTotal": ["TaxAmount", "TaxSubtotal"],
    "TaxSubtotal": ["TaxableAmount", "TaxAmount", "TaxCategory"],
    "TaxCategory": ["ID", "Percent", "TaxExemptionReasonCode", "TaxExemptionReason", "TaxScheme"],
    "ClassifiedTaxCategory": ["ID", "Percent", "TaxScheme"],
    "LegalMonetaryTotal": [
        "LineExtensionAmount",
        "TaxExclusiveAmount",
        "TaxInclusiveAmount",
        "AllowanceTotalAmount",
        "ChargeTotalAmount",
        "PrepaidAmount",
        "PayableRoundingAmount",
        "PayableAmount",
    ],
    "InvoiceLine": ["ID", "Note", "InvoicedQuantity", "LineExtensionAmount", "InvoicePeriod", "Item", "Price"],
    "Item": ["Description", "Name", "ClassifiedTaxCategory"],
    "Price": ["PriceAmount"],
    "InvoicePeriod": ["StartDate", "EndDate"],
}
# The elements whose children must come from the sequence above (the XSD allows no others in these places).
CLOSED = {"Invoice", "PostalAddress", "PartyLegalEntity", "TaxSubtotal", "LegalMonetaryTotal", "InvoiceLine"}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(root: ET.Element, path: str) -> str | None:
    found = root.find(path, NS)
    return None if found is None or found.text is None else found.text.strip()


def _amount(root: ET.Element, path: str) -> Decimal | None:
    text = _text(root, path)
    try:
        return None if text is None else Decimal(text)
    except InvalidOperation:
        return None


def _is_org_number(value: str | None) -> bool:
    return bool(value) and re.fullmatch(r"\d{10}", value or "") is not None and has_valid_check_digit(value or "")


class Checker:
    def __init__(self, root: ET.Element):
        self.root = root
        self.errors: list[str] = []

    def require(self, rule: str, ok: bool, message: str) -> None:
        if not ok:
            self.errors.append(f"[{rule}] {message}")

    def present(self, rule: str, path: str, what: str) -> str | None:
        value = _text(self.root, path)
        self.require(rule, bool(value), f"{what} saknas ({path}).")
        return value


def _check_order(checker: Checker) -> None:
    for element in checker.root.iter():
        name = _local(element.tag)
        sequence = SEQUENCES.get(name)
        if sequence is None:
            continue
        positions = []
        for child in element:
            child_name = _local(child.tag)
            if child_name in sequence:
                positions.append(sequence.index(child_name))
            elif name in CLOSED:
                checker.require("UBL-ORDER", False, f"{child_name} hör inte hemma i {name}.")
        checker.require("UBL-ORDER", positions == sorted(positions), f"Elementen i {name} står i fel ordning.")


def _check_header(c: Checker) -> None:
    c.require("UBL-ROOT", c.root.tag == f"{{{INVOICE_NS}}}Invoice", "Rotelementet ska vara UBL:s Invoice.")
    customization = c.present("BR-01", "cbc:CustomizationID", "Specifikationsidentifierare")
    c.require("PEPPOL-EN16931-R004", customization == CUSTOMIZATION_ID, "Fel CustomizationID för BIS Billing 3.0.")
    profile = c.present("PEPPOL-EN16931-R001", "cbc:ProfileID", "Affärsprocessen")
    c.require("PEPPOL-EN16931-R007", profile == PROFILE_ID, "Fel ProfileID för BIS Billing 3.0.")
    c.present("BR-02", "cbc:ID", "Fakturanummer")
    for rule, path, what in (("BR-03", "cbc:IssueDate", "Fakturadatum"), ("BR-CO-25", "cbc:DueDate", "Förfallodag")):
        value = c.present(rule, path, what)
        try:
            dt.date.fromisoformat(value or "")
        except ValueError:
            c.require(rule, False, f"{what} ska skrivas ÅÅÅÅ-MM-DD.")
    c.require("BR-04", _text(c.root, "cbc:InvoiceTypeCode") == "380", "Fakturatypkoden ska vara 380.")
    c.require("BR-05", _text(c.root, "cbc:DocumentCurrencyCode") == "SEK", "Valutan ska vara SEK.")
    c.require(
        "PEPPOL-EN16931-R003",
        bool(_text(c.root, "cbc:BuyerReference") or _text(c.root, "cac:OrderReference/cbc:ID")),
        "Köparens referens eller ordernummer saknas.",
    )


def _check_party(c: Checker, role: str, name_rule: str, address_rule: str, country_rule: str, endpoint_rule: str):
    party = f"cac:{role}/cac:Party"
    c.present(name_rule, f"{party}/cac:PartyLegalEntity/cbc:RegistrationName", f"Namnet i {role}")
    endpoint = c.root.find(f"{party}/cbc:EndpointID", NS)
    c.require(endpoint_rule, endpoint is not None and bool(endpoint.text), f"Elektronisk adress saknas i {role}.")
    if endpoint is not None:
        c.require("SE-0007", endpoint.get("schemeID") == "0007", f"EndpointID i {role} ska ha schemeID 0007.")
        c.require("SE-0007", _is_org_number(endpoint.text), f"EndpointID i {role} är inget organisationsnummer.")
    legal_id = c.root.find(f"{party}/cac:PartyLegalEntity/cbc:CompanyID", NS)
    if legal_id is not None:
        c.require("SE-ORGNR", _is_org_number(legal_id.text), f"Organisationsnumret i {role} är ogiltigt.")
    c.require(address_rule, c.root.find(f"{party}/cac:PostalAddress", NS) is not None, f"Postadress saknas i {role}.")
    country = _text(c.root, f"{party}/cac:PostalAddress/cac:Country/cbc:IdentificationCode")
    c.require(country_rule, country == "SE", f"Landskoden i {role} saknas eller är inte SE.")
    c.require(
        "BR-O-02",
        c.root.find(f"{party}/cac:PartyTaxScheme", NS) is None,
        f"En faktura utan moms ska inte ange momsregistreringsnummer i {role}.",
    )


def _check_payment(c: Checker) -> None:
    means = c.root.find("cac:PaymentMeans", NS)
    c.require("BR-49", means is not None, "Betalningssätt saknas.")
    if means is None:
        return
    c.require("BR-CL-16", _text(means, "cbc:PaymentMeansCode") == "30", "Betalningssättet ska vara 30 (girering).")
    account = _text(means, "cac:PayeeFinancialAccount/cbc:ID")
    c.require("BR-61", bool(account), "Kontot att betala till saknas.")
    branch = _text(means, "cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID")
    digits = account or ""
    if branch == "SE:BANKGIRO":
        c.require(
            "SE-BANKGIRO",
            digits.isdigit() and len(digits) in (7, 8) and has_valid_check_digit(digits),
            "Bankgironumret ska ha sju eller åtta siffror med rätt kontrollsiffra.",
        )
    elif branch == "SE:PLUSGIRO":
        c.require(
            "SE-PLUSGIRO",
            digits.isdigit() and 2 <= len(digits) <= 8 and has_valid_check_digit(digits),
            "Plusgironumret ska ha två till åtta siffror med rätt kontrollsiffra.",
        )
    else:
        c.require("SE-GIRO", False, "Kontot ska anges som SE:BANKGIRO eller SE:PLUSGIRO.")
    reference = _text(means, "cbc:PaymentID") or ""
    c.require("SE-OCR", has_valid_check_digit(reference), "OCR-referensen saknas eller har fel kontrollsiffra.")


def _check_amounts(c: Checker) -> None:
    for element in c.root.iter():
        if element.get("currencyID") is not None:
            c.require("BR-CL-03", element.get("currencyID") == "SEK", f"{_local(element.tag)} ska vara i SEK.")
            c.require(
                "BR-DEC",
                re.fullmatch(r"-?\d+(\.\d{1,2})?", (element.text or "").strip()) is not None,
                f"{_local(element.tag)} ska ha högst två decimaler.",
            )
    lines = c.root.findall("cac:InvoiceLine", NS)
    c.require("BR-16", bool(lines), "Fakturan saknar rader.")
    line_sum = Decimal(0)
    for index, line in enumerate(lines, start=1):
        c.require("BR-21", bool(_text(line, "cbc:ID")), f"Rad {index} saknar radnummer.")
        quantity = line.find("cbc:InvoicedQuantity", NS)
        c.require("BR-22", quantity is not None and bool(quantity.text), f"Rad {index} saknar antal.")
        c.require("BR-23", quantity is not None and bool(quantity.get("unitCode")), f"Rad {index} saknar enhet.")
        amount = _amount(line, "cbc:LineExtensionAmount")
        c.require("BR-24", amount is not None, f"Rad {index} saknar nettobelopp.")
        c.require("BR-25", bool(_text(line, "cac:Item/cbc:Name")), f"Rad {index} saknar benämning.")
        price = _amount(line, "cac:Price/cbc:PriceAmount")
        c.require("BR-26", price is not None, f"Rad {index} saknar pris.")
        c.require("BR-27", price is None or price >= 0, f"Priset på rad {index} är negativt.")
        if quantity is not None and price is not None and amount is not None:
            c.require(
                "PEPPOL-EN16931-R120",
                Decimal(quantity.text or "0") * price == amount,
                f"Rad {index}: antal × pris är inte radens belopp.",
            )
        category = _text(line, "cac:Item/cac:ClassifiedTaxCategory/cbc:ID")
        c.require("BR-CO-04", category is not None, f"Rad {index} saknar momskategori.")
        c.require(
            "BR-O-05",
            category != "O" or line.find("cac:Item/cac:ClassifiedTaxCategory/cbc:Percent", NS) is None,
            f"Rad {index} utan moms ska inte ange någon momssats.",
        )
        line_sum += amount or 0

    totals = "cac:LegalMonetaryTotal"
    line_total = _amount(c.root, f"{totals}/cbc:LineExtensionAmount")
    exclusive = _amount(c.root, f"{totals}/cbc:TaxExclusiveAmount")
    inclusive = _amount(c.root, f"{totals}/cbc:TaxInclusiveAmount")
    payable = _amount(c.root, f"{totals}/cbc:PayableAmount")
    allowances = _amount(c.root, f"{totals}/cbc:AllowanceTotalAmount") or 0
    charges = _amount(c.root, f"{totals}/cbc:ChargeTotalAmount") or 0
    prepaid = _amount(c.root, f"{totals}/cbc:PrepaidAmount") or 0
    rounding = _amount(c.root, f"{totals}/cbc:PayableRoundingAmount") or 0
    tax = _amount(c.root, "cac:TaxTotal/cbc:TaxAmount")
    for rule, value, what in (
        ("BR-12", line_total, "Summan av raderna"),
        ("BR-13", exclusive, "Beloppet utan moms"),
        ("BR-14", inclusive, "Beloppet med moms"),
        ("BR-15", payable, "Beloppet att betala"),
    ):
        c.require(rule, value is not None, f"{what} saknas.")
    c.require("BR-CO-10", line_total == line_sum, "Summan av raderna stämmer inte med radernas belopp.")
    if line_total is not None and exclusive is not None:
        c.require("BR-CO-13", exclusive == line_total - allowances + charges, "Beloppet utan moms stämmer inte.")
    if exclusive is not None and inclusive is not None and tax is not None:
        c.require("BR-CO-15", inclusive == exclusive + tax, "Beloppet med moms stämmer inte.")
    if inclusive is not None and payable is not None:
        c.require("BR-CO-16", payable == inclusive - prepaid + rounding, "Beloppet att betala stämmer inte.")


def _check_vat(c: Checker) -> None:
    totals = c.root.findall("cac:TaxTotal", NS)
    c.require("PEPPOL-EN16931-R053", len(totals) == 1, "Fakturan ska ha exakt en momssumma.")
    subtotals = c.root.findall("cac:TaxTotal/cac:TaxSubtotal", NS)
    c.require("BR-CO-18", bool(subtotals), "Momsuppdelning saknas.")
    categories = [_text(s, "cac:TaxCategory/cbc:ID") for s in subtotals]
    line_categories = {
        _text(line, "cac:Item/cac:ClassifiedTaxCategory/cbc:ID") for line in c.root.iter(f"{{{CAC}}}InvoiceLine")
    }
    for category in line_categories:
        c.require("BR-CO-18", category in categories, f"Momskategori {category} saknar momsuppdelning.")
    if "O" in categories or "O" in line_categories:
        c.require("BR-O-11", categories == ["O"], "En faktura utan moms har en enda momsuppdelning, kategori O.")
    for subtotal in subtotals:
        if _text(subtotal, "cac:TaxCategory/cbc:ID") != "O":
            continue
        c.require("BR-O-14", _amount(subtotal, "cbc:TaxAmount") == 0, "Momsbeloppet för kategori O ska vara 0.")
        c.require(
            "BR-O-10",
            bool(
                _text(subtotal, "cac:TaxCategory/cbc:TaxExemptionReason")
                or _text(subtotal, "cac:TaxCategory/cbc:TaxExemptionReasonCode")
            ),
            "Skälet till att fakturan saknar moms ska anges.",
        )
        c.require("BR-O-05", subtotal.find("cac:TaxCategory/cbc:Percent", NS) is None, "Kategori O har ingen momssats.")
        c.require(
            "BR-O-08",
            _amount(subtotal, "cbc:TaxableAmount") == _amount(c.root, "cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount"),
            "Underlaget för kategori O ska vara hela beloppet utan moms.",
        )
        c.require(
            "BR-CO-17",
            _text(subtotal, "cac:TaxCategory/cac:TaxScheme/cbc:ID") == "VAT",
            "Skatteschemat ska vara VAT.",
        )
    c.require(
        "BR-CO-14",
        _amount(c.root, "cac:TaxTotal/cbc:TaxAmount") == sum((_amount(s, "cbc:TaxAmount") or 0) for s in subtotals),
        "Momssumman är inte summan av momsuppdelningen.",
    )


def check_invoice(xml: bytes) -> list[str]:
    """Every rule the invoice breaks, each as "[rule] what is wrong"; an empty list when it passes."""
    try:
        root = ET.fromstring(xml)  # noqa: S314 - checks files this system wrote, not uploads  # nosec B314
    except ET.ParseError as exc:
        return [f"[XML] Filen är inte välformad XML: {exc}."]
    checker = Checker(root)
    _check_order(checker)
    _check_header(checker)
    _check_party(checker, "AccountingSupplierParty", "BR-06", "BR-08", "BR-09", "PEPPOL-EN16931-R020")
    _check_party(checker, "AccountingCustomerParty", "BR-07", "BR-10", "BR-11", "PEPPOL-EN16931-R010")
    _check_payment(checker)
    _check_amounts(checker)
    _check_vat(checker)
    return checker.errors
