"""What a member invoice must carry to be paid, what is still missing for it, and the facts the PDF and the
Peppol file are both made from, so that the two never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samordna.lib.payments import giro_digits
from samordna.tenancy.models import Forbund, Member

from .models import InvoiceStatus, MemberInvoice

# A förbund's members pay contributions by law, not for goods or services, so no VAT is charged.
VAT_NOTE = gettext_lazy(
    "Medlemsbidraget betalas enligt lagen (2003:1210) om finansiell samordning av rehabiliteringsinsatser och är "
    "ingen ersättning för varor eller tjänster. Det ligger utanför mervärdesskattens område, och fakturan har "
    "därför ingen moms."
)


@dataclass(frozen=True)
class MissingData:
    """Something an invoice cannot go without, and the page where it is filled in."""

    text: str
    url: str
    link_text: str


def _join(parts: list[str]) -> str:
    return (
        parts[0]
        if len(parts) == 1
        else _("%(first)s och %(last)s")
        % {
            "first": ", ".join(parts[:-1]),
            "last": parts[-1],
        }
    )


def _address_gaps(party: Forbund | Member) -> list[str]:
    gaps = []
    if not party.address:
        gaps.append(_("gatuadress"))
    if not party.postal_code:
        gaps.append(_("postnummer"))
    if not party.city:
        gaps.append(_("postort"))
    return gaps


def forbund_gaps(forbund: Forbund) -> MissingData | None:
    gaps = [_("organisationsnummer")] if not forbund.org_number else []
    gaps += _address_gaps(forbund)
    if not (forbund.bankgiro or forbund.plusgiro):
        gaps.append(_("bankgiro eller plusgiro"))
    if not gaps:
        return None
    return MissingData(
        text=_("Förbundet saknar %(what)s.") % {"what": _join(gaps)},
        url=reverse("tenancy:forbund_settings", kwargs={"forbund_slug": forbund.slug}),
        link_text=_("Fyll i förbundets inställningar"),
    )


def member_gaps(member: Member, next_url: str = "") -> MissingData | None:
    gaps = [_("organisationsnummer")] if not member.org_number else []
    gaps += _address_gaps(member)
    if not member.invoice_reference:
        gaps.append(_("referens på fakturan"))
    if not gaps:
        return None
    url = reverse("tenancy:member_invoicing", kwargs={"forbund_slug": member.forbund.slug, "member_id": member.pk})
    return MissingData(
        text=_("%(member)s saknar %(what)s.") % {"member": member.name, "what": _join(gaps)},
        url=f"{url}?{urlencode({'next': next_url})}" if next_url else url,
        link_text=_("Fyll i uppgifterna om %(member)s") % {"member": member.name},
    )


def missing_for(forbund: Forbund, members, next_url: str = "") -> list[MissingData]:
    """What keeps invoices to `members` from being sent: the förbund's gaps first, then each member's."""
    found = [forbund_gaps(forbund), *(member_gaps(m, next_url) for m in members)]
    return [gap for gap in found if gap is not None]


def missing_for_invoice(invoice: MemberInvoice, next_url: str = "") -> list[MissingData]:
    return missing_for(invoice.forbund, [invoice.member], next_url)


@dataclass(frozen=True)
class Party:
    name: str
    org_number: str
    address: str
    postal_code: str
    city: str

    @property
    def org_digits(self) -> str:
        return self.org_number.replace("-", "")


@dataclass(frozen=True)
class InvoiceDocument:
    """Everything printed on the invoice and sent in the e-invoice, in one place."""

    number: str
    invoice_date: dt.date
    due_date: dt.date
    period_start: dt.date
    period_end: dt.date
    seller: Party
    buyer: Party
    buyer_reference: str
    description: str
    amount: int
    ocr: str
    bankgiro: str
    plusgiro: str
    vat_note: str
    draft: bool

    @property
    def payment_account(self) -> tuple[str, str]:
        """The account digits and Peppol's name for the kind of account: bankgiro when there is one."""
        if self.bankgiro:
            return giro_digits(self.bankgiro), "SE:BANKGIRO"
        return giro_digits(self.plusgiro), "SE:PLUSGIRO"


def _party(party: Forbund | Member) -> Party:
    return Party(party.name, party.org_number, party.address, party.postal_code, party.city)


def document(invoice: MemberInvoice) -> InvoiceDocument:
    """The invoice as a document. Call only when `missing_for_invoice` finds nothing."""
    forbund, member = invoice.forbund, invoice.member
    return InvoiceDocument(
        number=invoice.number,
        invoice_date=invoice.invoice_date,
        due_date=invoice.due_date,
        period_start=invoice.period_start,
        period_end=invoice.period_end,
        seller=_party(forbund),
        buyer=_party(member),
        buyer_reference=member.invoice_reference,
        description=_("Medlemsbidrag %(year)s, period %(start)s – %(end)s")
        % {
            "year": invoice.contribution.year,
            "start": invoice.period_start.isoformat(),
            "end": invoice.period_end.isoformat(),
        },
        amount=invoice.amount,
        ocr=invoice.ocr,
        bankgiro=forbund.bankgiro,
        plusgiro=forbund.plusgiro,
        vat_note=str(VAT_NOTE),
        draft=invoice.status == InvoiceStatus.DRAFT,
    )
