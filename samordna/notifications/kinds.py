"""What each kind of notification says, and how it is delivered until the user chooses otherwise.

The texts name the kind of work and the case (a diarienummer, a date), never a participant.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .models import Delivery, Kind

TEXTS = {
    Kind.APPLICATION_SUBMITTED: _("Ansökan %(registration_no)s har kommit in och ska registreras av kansliet."),
    Kind.APPLICATION_TO_PREPARATION: _("Ansökan %(registration_no)s väntar på beredningsgruppens beredning."),
    Kind.APPLICATION_PREPARED: _("Ansökan %(registration_no)s är beredd och kan föras upp på styrelsens dagordning."),
    Kind.NOTICE_SENT: _("Kallelse till sammanträdet %(date)s. Kallelsen och handlingarna finns bakom länken."),
    Kind.MINUTES_READY: _("Protokollet från sammanträdet %(date)s väntar på din justering."),
    Kind.MINUTES_POSTED: _(
        "Protokollet från sammanträdet %(date)s är justerat och anslaget. "
        "Sista dag att överklaga besluten är %(appeal_date)s."
    ),
    Kind.REPORT_DUE_SOON: _("%(report)s för insats %(registration_no)s ska lämnas senast %(due_date)s."),
    Kind.REPORT_DUE_TODAY: _("%(report)s för insats %(registration_no)s ska lämnas i dag, %(due_date)s."),
    Kind.REPORT_OVERDUE: _(
        "%(report)s för insats %(registration_no)s skulle ha lämnats senast %(due_date)s och är försenad."
    ),
    Kind.FINAL_REPORT_DUE: _("Slutrapporten för insats %(registration_no)s ska lämnas senast %(due_date)s."),
    Kind.AUDIT_DEADLINE: _(
        "Styrelsens yttrande över revisionens rekommendationer för %(year)s ska lämnas senast %(due_date)s."
    ),
    Kind.SIP_DUE: _("En SIP ska hållas senast %(due_date)s för en deltagare i insats %(registration_no)s."),
    Kind.PLAN_DUE: _(
        "En handlingsplan ska revideras senast %(due_date)s för en deltagare i insats %(registration_no)s."
    ),
    Kind.FOLLOW_UP_DUE: _(
        "Uppföljningen sex månader efter utskrivning ska göras senast %(due_date)s "
        "för en deltagare i insats %(registration_no)s."
    ),
    Kind.INTAKE_ON_AGENDA: _(
        "Ansökan om stöd i planering %(reference)s står på dagordningen för teamets möte %(date)s."
    ),
    Kind.REFERRAL_RECEIVED: _(
        "Samverkansteamet har remitterat en person till insats %(registration_no)s. Remissen väntar på ditt svar."
    ),
}

# Reminders of due dates come once a day anyway: they go in the digest unless the user wants them at once.
REMINDERS = frozenset(
    {
        Kind.REPORT_DUE_SOON,
        Kind.REPORT_DUE_TODAY,
        Kind.REPORT_OVERDUE,
        Kind.FINAL_REPORT_DUE,
        Kind.AUDIT_DEADLINE,
        Kind.SIP_DUE,
        Kind.PLAN_DUE,
        Kind.FOLLOW_UP_DUE,
    }
)


def default_delivery(kind: str) -> Delivery:
    return Delivery.DIGEST if kind in REMINDERS else Delivery.IMMEDIATE


def text_of(kind: str, params: dict) -> str:
    """The notification's sentence in the active language."""
    from samordna.reporting.models import ReportKind

    values = dict(params)
    if "report_kind" in values:
        values["report"] = str(ReportKind(values["report_kind"]).label)
    return str(TEXTS[Kind(kind)]) % values
