"""Reads for reporting obligations: what is due, what is overdue, and what is missing before a report is complete."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from samordna.tenancy.models import BoardRole, seats_in_force

from .final_form import FINAL_REPORT_QUESTIONS, QUESTIONS_BY_KEY
from .models import (
    AuditDocument,
    AuditDocumentKind,
    AuditRecommendation,
    ForbundReport,
    ForbundReportKind,
    InsatsReport,
    ReportKind,
    ReportStatus,
)

REMINDER_DAYS = 14


def insats_reports(forbund, interventions=None):
    rows = InsatsReport.objects.filter(intervention__forbund=forbund).select_related("intervention")
    if interventions is not None:
        rows = rows.filter(intervention__in=interventions)
    return rows


def overdue(forbund, today: dt.date, interventions=None):
    """Reports still owed after their due date, oldest first."""
    return insats_reports(forbund, interventions).filter(status=ReportStatus.DUE, due_date__lt=today)


def reminders(forbund, today: dt.date, days: int = REMINDER_DAYS, interventions=None):
    """Reports due within `days` days: the ones to remind the insats about."""
    return insats_reports(forbund, interventions).filter(
        status=ReportStatus.DUE, due_date__gte=today, due_date__lte=today + dt.timedelta(days=days)
    )


def missing_final_answers(report: InsatsReport) -> list[str]:
    """The final-report questions still without an answer, as 'Fråga N: …' for the user to fix."""
    missing = []
    answers = report.answers or {}
    for question in FINAL_REPORT_QUESTIONS:
        if question.kind == "signatures":
            continue
        if question.follow_up_of and str(answers.get(question.follow_up_of, "")).lower() != "ja":
            continue
        value = answers.get(question.key)
        if question.kind == "goals":
            goals = value or []
            if not goals or any(g.get("met") not in ("ja", "nej", "delvis") or not g.get("outcome") for g in goals):
                missing.append(question)
        elif value in (None, "", []):
            missing.append(question)
    return [_("Fråga %(n)s saknar svar: %(text)s") % {"n": q.number, "text": q.text} for q in missing]


def missing_final_signatures(report: InsatsReport) -> list[str]:
    """Question 19: the owner and every partner sign."""
    intervention = report.intervention
    parties = list(intervention.partners.all())
    if intervention.owner:
        parties.insert(0, intervention.owner)
    signed = set(report.signatures.values_list("member_id", flat=True))
    return [
        _("Underskrift saknas för %(party)s.") % {"party": member.name} for member in parties if member.pk not in signed
    ]


def final_report_prefill(report: InsatsReport) -> dict:
    """The answers the system fills in itself (questions 1, 2, 7 and 8; the rest come from other modules)."""
    intervention = report.intervention
    parties = [intervention.owner.name] if intervention.owner else []
    parties += [p.name for p in intervention.partners.all()]
    return {
        "name": f"{intervention.name}, {intervention.registration_no}",
        "parties": parties,
        "dates": f"{intervention.start_date:%Y-%m-%d} – {intervention.end_date:%Y-%m-%d}"
        if intervention.end_date
        else "",
        "target_group": intervention.target_group,
    }


def is_final(report: InsatsReport) -> bool:
    return report.kind == ReportKind.FINAL


def question(key: str):
    return QUESTIONS_BY_KEY[key]


# --- The förbund's own reports and the audit ------------------------------------------------------


def required_signers(report: ForbundReport, on: dt.date):
    """Every sitting ledamot signs the annual accounts (R23)."""
    return seats_in_force(report.forbund, on).filter(role=BoardRole.LEDAMOT).select_related("member")


def missing_board_signatures(report: ForbundReport, on: dt.date):
    signed = report.signatures.values("seat_id")
    return required_signers(report, on).exclude(pk__in=signed)


def awaiting_board_signature(user, forbund, today: dt.date):
    """The adopted reports this user, as a sitting ledamot, has still to sign."""
    own_seats = seats_in_force(forbund, today).filter(role=BoardRole.LEDAMOT, user=user)
    if not own_seats.exists():
        return ForbundReport.objects.none()
    # A report adopted in the past year: the ledamöter of an older one signed it in their own term.
    return (
        ForbundReport.objects.filter(forbund=forbund, adopted_on__gte=today - dt.timedelta(days=365))
        .exclude(signatures__seat__in=own_seats)
        .order_by("period_end")
    )


def forbund_reports(forbund):
    return ForbundReport.objects.filter(forbund=forbund).prefetch_related("signatures")


def audit_documents(forbund):
    return AuditDocument.objects.filter(forbund=forbund).prefetch_related("recommendations")


def overdue_audit_responses(forbund, today: dt.date):
    """Board responses to the auditors not yet sent although the deadline has passed."""
    return AuditDocument.objects.filter(
        forbund=forbund, response_due__lt=today, response_sent_on__isnull=True
    ).order_by("response_due")


# --- The start page ------------------------------------------------------------------------------

DUE_SOON_DAYS = 30


def report_counts(forbund, today: dt.date, days: int = DUE_SOON_DAYS, interventions=None) -> dict[str, int]:
    """How many insats reports are overdue and how many fall due within `days` days, counted by the database."""
    return (
        insats_reports(forbund, interventions)
        .filter(status=ReportStatus.DUE)
        .aggregate(
            overdue=Count("id", filter=Q(due_date__lt=today)),
            due=Count("id", filter=Q(due_date__gte=today, due_date__lte=today + dt.timedelta(days=days))),
        )
    )


def reports_due(forbund, today: dt.date, days: int = DUE_SOON_DAYS, interventions=None):
    """The reports still owed that are overdue or fall due within `days` days, oldest first."""
    return (
        insats_reports(forbund, interventions)
        .filter(status=ReportStatus.DUE, due_date__lte=today + dt.timedelta(days=days))
        .order_by("due_date", "intervention__registration_no", "kind")
    )


def audit_open_items(forbund, today: dt.date) -> dict:
    """What the audit has open: documents whose board response is not yet given, recommendations not yet dealt
    with, and last year's or this year's annual accounts without the auditors' report for their year."""
    awaiting = list(
        AuditDocument.objects.filter(forbund=forbund, response_due__isnull=False, response_sent_on__isnull=True)
        .only("id", "forbund_id", "kind", "year", "title", "response_due")
        .order_by("response_due", "id")
    )
    recommendations = AuditRecommendation.objects.filter(
        document__forbund=forbund, completed_on__isnull=True
    ).aggregate(n=Count("id"))["n"]
    audited = AuditDocument.objects.filter(forbund=forbund, kind=AuditDocumentKind.AUDIT_REPORT, year=OuterRef("year"))
    to_review = list(
        ForbundReport.objects.filter(forbund=forbund, kind=ForbundReportKind.ANNUAL)
        .filter(~Exists(audited), year__gte=today.year - 1)
        .only("id", "forbund_id", "kind", "year", "due_date", "adopted_on")
        .order_by("year")
    )
    return {"awaiting_response": awaiting, "open_recommendations": recommendations, "accounts_to_review": to_review}
