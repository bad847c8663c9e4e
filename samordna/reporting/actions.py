"""Every write to reporting obligations. Each checks, changes and writes one audit event in one transaction."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.audit.actions import record
from samordna.finance.permissions import check_intervention
from samordna.interventions.models import Attainment
from samordna.lib.dates import refuse_future
from samordna.lib.errors import Refused
from samordna.meetings.models import MeetingKind, MinutesState, Paragraph
from samordna.meetings.signing import DEFAULT_SIGNER, RecordedSigner, Signer
from samordna.tenancy import permissions
from samordna.tenancy.models import BoardRole, BoardSeat, Member, seats_in_force
from samordna.tenancy.permissions import Capability

from . import queries
from .annual import TEXT_KEYS, TEXT_PARTS, annual_figures, content_hash
from .final_form import QUESTIONS_BY_KEY
from .models import (
    PERIOD_MONTHS,
    AuditDocument,
    AuditRecommendation,
    ForbundReport,
    ForbundReportKind,
    ForbundReportSignature,
    InsatsReport,
    ReportKind,
    ReportRequirement,
    ReportSignature,
    ReportStatus,
)
from .schedule import add_months, annual_accounts_due, calendar_periods, final_report_due

# Default set when the decision names none (DOMAIN §3.8): monthly, half-year, annual and final.
DEFAULT_KINDS = (ReportKind.MONTHLY, ReportKind.HALF_YEAR, ReportKind.ANNUAL, ReportKind.FINAL)


def _require(actor, forbund, capability: Capability) -> None:
    if actor is None:
        return
    decision = permissions.check(actor, forbund, capability)
    if not decision.allowed:
        raise Refused(decision.reason)


def _require_intervention(actor, intervention, capability: Capability) -> None:
    if actor is None:
        return
    decision = check_intervention(actor, intervention, capability)
    if not decision.allowed:
        raise Refused(decision.reason)


# --- Insats reports ------------------------------------------------------------------------------


@transaction.atomic
def set_requirements(actor, intervention, kinds=DEFAULT_KINDS, due_months_after: int = 1) -> list[InsatsReport]:
    """Record which reports the insats owes and create every report it owes up to its end."""
    _require(actor, intervention.forbund, Capability.MANAGE_REPORTING)
    for kind in kinds:
        ReportRequirement.objects.get_or_create(
            intervention=intervention, kind=kind, defaults={"due_months_after": due_months_after}
        )
    created = _schedule(intervention)
    record(
        actor,
        "report.schedule",
        intervention,
        forbund=intervention.forbund,
        changes={"kinds": [str(k) for k in kinds], "created": len(created)},
    )
    return created


def _schedule(intervention) -> list[InsatsReport]:
    """Create the missing reports. An insats without an end date is scheduled to the end of its current year."""
    end = intervention.end_date or dt.date(max(timezone.localdate().year, intervention.start_date.year), 12, 31)
    existing = set(intervention.reports.values_list("kind", "period_start"))
    created = []
    for requirement in intervention.report_requirements.all():
        if requirement.kind == ReportKind.FINAL:
            if intervention.end_date is None:
                continue
            periods = [(intervention.start_date, intervention.end_date, final_report_due(intervention.end_date))]
        else:
            periods = [
                (start, stop, add_months(stop, requirement.due_months_after))
                for start, stop in calendar_periods(intervention.start_date, end, PERIOD_MONTHS[requirement.kind])
            ]
        for start, stop, due in periods:
            if (requirement.kind, start) in existing:
                continue
            created.append(
                InsatsReport.objects.create(
                    intervention=intervention,
                    kind=requirement.kind,
                    period_start=start,
                    period_end=stop,
                    due_date=due,
                )
            )
    return created


def _editable(report: InsatsReport) -> None:
    if report.status != ReportStatus.DUE:
        raise ValidationError(
            _("Rapporten är %(status)s och kan inte ändras.") % {"status": report.get_status_display().lower()}
        )


@transaction.atomic
def save_answers(actor, report: InsatsReport, answers: dict) -> InsatsReport:
    """Save (part of) a report's answers. Unknown questions are refused; missing ones may wait until submission."""
    _require_intervention(actor, report.intervention, Capability.SUBMIT_INSATS_REPORTS)
    report = InsatsReport.objects.select_for_update().get(pk=report.pk)
    _editable(report)
    if report.kind == ReportKind.FINAL:
        unknown = sorted(set(answers) - set(QUESTIONS_BY_KEY))
        if unknown:
            raise ValidationError(_("Okända frågor i slutrapporten: %(keys)s.") % {"keys": ", ".join(unknown)})
        if "funds_returned" in answers and answers["funds_returned"] not in ("ja", "nej", ""):
            raise ValidationError(_("Fråga 16 besvaras med ja eller nej."))
    if "goals" in answers:
        answers = {**answers, "goals": _declare_goals(report, answers["goals"])}
    if any("\x00" in str(text) for text in answers.values()):
        # PostgreSQL cannot store a NUL in JSON text; no keyboard types one, but a pasted text can carry it.
        raise ValidationError(_("Ett svar innehåller ett otillåtet tecken (NUL). Ta bort det och spara igen."))
    report.answers = {**report.answers, **answers}
    report.save(update_fields=["answers"])
    record(actor, "report.answers", report, forbund=report.forbund, changes={"questions": sorted(answers)})
    return report


def _declare_goals(report: InsatsReport, rows) -> list[dict]:
    """Question 4: each goal of the insats declared met, not met or partly met, with its outcome in words.

    The declaration is also kept on the goal, where the goal report compares it with the computed result.
    """
    goals = {goal.pk: goal for goal in report.intervention.goals.select_for_update()}
    stored = []
    for row in rows:
        goal = goals.get(row.get("goal"))
        if goal is None:
            raise ValidationError(_("Målet hör inte till insatsen. Ladda om sidan."))
        met, outcome = row.get("met", ""), str(row.get("outcome", "")).strip()
        if met not in Attainment.values and met != "":
            raise ValidationError(_("Målet ”%(goal)s” besvaras med ja, nej eller delvis.") % {"goal": goal.text})
        goal.declared_attainment = met
        goal.declared_met = None if met == "" else met == Attainment.MET
        goal.declared_text = outcome
        goal.save(update_fields=["declared_attainment", "declared_met", "declared_text"])
        stored.append({"goal": goal.pk, "text": goal.text, "met": met, "outcome": outcome})
    return stored


@transaction.atomic
def sign_final_report(actor, report: InsatsReport, member: Member, **fields) -> ReportSignature:
    """A party signs the final report (question 19). Only the owner and the partners sign."""
    _require_intervention(actor, report.intervention, Capability.SUBMIT_INSATS_REPORTS)
    _editable(report)
    intervention = report.intervention
    parties = {intervention.owner_id, *intervention.partners.values_list("pk", flat=True)}
    if member.pk not in parties:
        raise ValidationError(
            _("%(member)s är varken insatsägare eller samverkanspart i %(insats)s.")
            % {"member": member.name, "insats": intervention.registration_no}
        )
    refuse_future("signed_on", fields.get("signed_on"), _("Underskriftsdatumet kan inte ligga i framtiden."))
    signature = ReportSignature(report=report, member=member, **fields)
    signature.full_clean()
    signature.save()
    record(actor, "report.sign", report, forbund=report.forbund, changes={"member": member.name})
    return signature


@transaction.atomic
def submit_report(actor, report: InsatsReport, on: dt.date) -> InsatsReport:
    """Hand the report in. A final report needs every answer and every party's signature first."""
    _require_intervention(actor, report.intervention, Capability.SUBMIT_INSATS_REPORTS)
    report = InsatsReport.objects.select_for_update().get(pk=report.pk)
    _editable(report)
    if report.kind == ReportKind.FINAL:
        problems = queries.missing_final_answers(report) + queries.missing_final_signatures(report)
        if problems:
            raise ValidationError(problems)
    refuse_future("on", on, _("Inlämningsdatumet kan inte ligga i framtiden."))
    report.status, report.submitted_on = ReportStatus.SUBMITTED, on
    report.save(update_fields=["status", "submitted_on"])
    record(
        actor,
        "report.submit",
        report,
        forbund=report.forbund,
        changes={"on": on.isoformat(), "late": on > report.due_date},
    )
    return report


@transaction.atomic
def note_report(actor, report: InsatsReport, on: dt.date) -> InsatsReport:
    """The board thanks for the report and places it on file."""
    _require(actor, report.forbund, Capability.MANAGE_REPORTING)
    refuse_future("on", on, _("Dagen då rapporten lades till handlingarna kan inte ligga i framtiden."))
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Bara en inlämnad rapport kan läggas till handlingarna."))
    report.status, report.noted_on = ReportStatus.NOTED, on
    report.save(update_fields=["status", "noted_on"])
    record(actor, "report.note", report, forbund=report.forbund, changes={"on": on.isoformat()})
    return report


# --- The förbund's annual accounts and interim reports --------------------------------------------


def _interim_figures(forbund, year: int, period_end: dt.date) -> dict:
    from samordna.finance.queries import economic_report

    economy = economic_report(forbund, year, period_end)
    return {
        "interventions": forbund.interventions.filter(start_date__lte=period_end)
        .exclude(end_date__lt=dt.date(year, 1, 1))
        .count(),
        "economy": {k: v for k, v in economy.as_json().items() if isinstance(v, int) and not isinstance(v, bool)},
    }


def _figures(report: ForbundReport) -> dict:
    if report.kind == ForbundReportKind.ANNUAL:
        return annual_figures(report.forbund, report.year)
    return _interim_figures(report.forbund, report.year, report.period_end)


@transaction.atomic
def create_forbund_report(actor, forbund, kind: str, year: int, period_end: dt.date | None = None) -> ForbundReport:
    """Draft the annual accounts (due 31 March, R23) or an interim report, with the figures from the system.

    Drafting the same report again returns the draft there is."""
    _require(actor, forbund, Capability.MANAGE_REPORTING)
    today = timezone.localdate()
    if kind == ForbundReportKind.ANNUAL:
        period_end, due = dt.date(year, 12, 31), annual_accounts_due(year)
    else:
        if period_end is None:
            raise ValidationError(_("Ange vilket datum delårsrapporten avser."))
        due = add_months(period_end, 1)
    if period_end >= today:
        raise ValidationError(
            {"year": _("Året eller perioden är inte slut än. Rapporten upprättas när perioden är över.")}
        )
    existing = ForbundReport.objects.filter(forbund=forbund, kind=kind, period_end=period_end).first()
    if existing is not None:
        return existing
    report = ForbundReport(forbund=forbund, kind=kind, year=year, period_end=period_end, due_date=due)
    report.figures = _figures(report)
    report.save()
    record(actor, "forbund_report.create", report, forbund=forbund, changes={"due": due.isoformat()})
    return report


def _refuse_adopted(report: ForbundReport) -> None:
    if report.adopted_on is not None:
        raise ValidationError(
            _("Rapporten fastställdes %(day)s och kan inte ändras.") % {"day": report.adopted_on.isoformat()}
        )


@transaction.atomic
def save_forbund_report_texts(actor, report: ForbundReport, texts: dict[str, str]) -> ForbundReport:
    """The office writes the parts of the förvaltningsberättelse; the figures are fetched again from the system."""
    _require(actor, report.forbund, Capability.MANAGE_REPORTING)
    report = ForbundReport.objects.select_for_update().get(pk=report.pk)
    _refuse_adopted(report)
    unknown = sorted(set(texts) - TEXT_KEYS)
    if unknown:
        raise ValidationError(_("Okända delar av årsredovisningen: %(keys)s.") % {"keys": ", ".join(unknown)})
    cleaned = {key: str(value).strip() for key, value in texts.items()}
    if any("\x00" in value for value in cleaned.values()):
        raise ValidationError(_("En text innehåller ett otillåtet tecken (NUL). Ta bort det och spara igen."))
    report.texts = {**report.texts, **cleaned}
    report.figures = _figures(report)
    report.save(update_fields=["texts", "figures"])
    record(actor, "forbund_report.texts", report, forbund=report.forbund, changes={"parts": sorted(cleaned)})
    return report


def _adoption_paragraph(report: ForbundReport, paragraph: Paragraph | None) -> Paragraph:
    """The board adopts in a paragraph of a board meeting's minutes still being written, one paragraph per report."""
    if paragraph is None:
        raise ValidationError({"paragraph": _("Välj paragrafen i styrelsens protokoll där rapporten fastställs.")})
    paragraph = Paragraph.objects.select_related("minutes__meeting").get(pk=paragraph.pk)
    if paragraph.forbund_id != report.forbund_id:
        raise ValidationError({"paragraph": _("Paragrafen hör till ett annat förbund.")})
    if paragraph.deciding_body != MeetingKind.BOARD:
        raise ValidationError(
            {"paragraph": _("Årsredovisningen fastställs av styrelsen. Välj en paragraf ur ett styrelseprotokoll.")}
        )
    if paragraph.minutes.state != MinutesState.DRAFT:
        raise ValidationError({"paragraph": _("Protokollet med den paragrafen är inte längre ett utkast.")})
    if paragraph.forbund_reports.exclude(pk=report.pk).exists():
        raise ValidationError(
            {"paragraph": _("§ %(number)s fastställer redan en annan rapport.") % {"number": paragraph.number}}
        )
    return paragraph


@transaction.atomic
def adopt_forbund_report(actor, report: ForbundReport, paragraph: Paragraph | None) -> ForbundReport:
    """The board adopts the report in a paragraph of its minutes, dated the meeting's day. From then on the figures
    and texts are fixed: the ledamöter sign what was adopted."""
    _require(actor, report.forbund, Capability.MANAGE_REPORTING)
    report = ForbundReport.objects.select_for_update().get(pk=report.pk)
    _refuse_adopted(report)
    paragraph = _adoption_paragraph(report, paragraph)
    on = paragraph.minutes.meeting.date
    refuse_future("on", on, _("Datumet då styrelsen fastställde rapporten kan inte ligga i framtiden."))
    if on <= report.period_end:
        raise ValidationError({"paragraph": _("Rapporten kan inte fastställas innan perioden den avser är slut.")})
    if report.kind == ForbundReportKind.ANNUAL:
        empty = [str(part.title) for part in TEXT_PARTS if not report.texts.get(part.key)]
        if empty:
            raise ValidationError(
                _("Skriv förvaltningsberättelsens delar innan styrelsen fastställer: %(parts)s.")
                % {"parts": ", ".join(empty)}
            )
    report.figures = _figures(report)
    report.adopted_on, report.paragraph = on, paragraph
    report.content_hash = content_hash(report)
    report.save(update_fields=["figures", "adopted_on", "paragraph", "content_hash"])
    if not [c for c in paragraph.decision_clauses if c.strip()]:
        clause = _("fastställa %(report)s för %(year)s") % {
            "report": report.get_kind_display().lower(),
            "year": report.year,
        }
        Paragraph.objects.filter(pk=paragraph.pk).update(
            decision_intro=paragraph.decision_intro or _("Samordningsförbundet beslutar"), decision_clauses=[clause]
        )
    record(
        actor,
        "forbund_report.adopt",
        report,
        forbund=report.forbund,
        changes={"on": on.isoformat(), "paragraph": paragraph.number, "hash": report.content_hash},
    )
    return report


@transaction.atomic
def sign_forbund_report(
    actor,
    report: ForbundReport,
    seat: BoardSeat,
    on: dt.date,
    *,
    confirmation: str = "",
    signer: Signer | None = None,
) -> ForbundReportSignature:
    """A sitting ledamot signs the adopted report (R23) on their own page, confirming with their password.

    A signature given on paper is recorded by the office with `RecordedSigner`, for a ledamot without a login."""
    report = ForbundReport.objects.select_for_update().get(pk=report.pk)
    own_seat = actor is not None and seat.user_id == actor.pk
    if actor is not None and not own_seat:
        _require(actor, report.forbund, Capability.MANAGE_REPORTING)
        if seat.user_id is not None:
            raise Refused(_("%(name)s skriver under själv, på sin egen sida.") % {"name": seat.person_name})
        if not isinstance(signer, RecordedSigner):
            raise Refused(_("Bara en underskrift gjord på papper kan registreras för någon annan."))
    if own_seat and isinstance(signer, RecordedSigner):
        raise Refused(_("Skriv under med ditt lösenord."))
    refuse_future("on", on, _("Underskriftsdatumet kan inte ligga i framtiden."))
    if report.adopted_on is None:
        raise ValidationError(_("Styrelsen har inte fastställt rapporten än. Den skrivs under när den är fastställd."))
    if on < report.adopted_on:
        raise ValidationError({"on": _("Rapporten kan inte skrivas under innan den fastställdes.")})
    if seat.role != BoardRole.LEDAMOT or not seats_in_force(report.forbund, on).filter(pk=seat.pk).exists():
        raise ValidationError(
            _("%(name)s är inte ledamot i styrelsen %(day)s och kan inte skriva under.")
            % {"name": seat.person_name, "day": on.isoformat()}
        )
    if report.signatures.filter(seat=seat).exists():
        raise ValidationError(_("%(name)s har redan skrivit under.") % {"name": seat.person_name})
    current = content_hash(report)
    if current != report.content_hash:
        raise ValidationError(_("Rapporten har ändrats sedan den fastställdes och kan inte skrivas under."))
    result = (signer or DEFAULT_SIGNER).sign(actor, current, confirmation=confirmation)
    signature = ForbundReportSignature.objects.create(
        report=report, seat=seat, signed_on=on, provider=result.provider, content_hash=current
    )
    record(
        actor,
        "forbund_report.sign",
        report,
        forbund=report.forbund,
        changes={"seat": seat.person_name, "on": on.isoformat(), "hash": current, "provider": result.provider},
    )
    return signature


# --- Audit ---------------------------------------------------------------------------------------


def _require_audit_writer(actor, forbund) -> None:
    if actor is None:
        return
    if not (
        permissions.check(actor, forbund, Capability.WRITE_AUDIT)
        or permissions.check(actor, forbund, Capability.MANAGE_REPORTING)
    ):
        raise Refused(permissions.check(actor, forbund, Capability.WRITE_AUDIT).reason)


@transaction.atomic
def register_audit_document(actor, forbund, *, recommendations=(), **fields) -> AuditDocument:
    """Register the auditors' report or review as received, with its recommendations and the response deadline."""
    _require_audit_writer(actor, forbund)
    refuse_future("received_on", fields.get("received_on"), _("Dagen då handlingen kom in kan inte ligga i framtiden."))
    document = AuditDocument(forbund=forbund, **fields)
    document.full_clean()
    document.save()
    for text in recommendations:
        AuditRecommendation.objects.create(document=document, text=text)
    record(
        actor,
        "audit_document.register",
        document,
        forbund=forbund,
        changes={"kind": document.kind, "year": document.year, "recommendations": len(recommendations)},
    )
    return document


@transaction.atomic
def add_recommendation(
    actor, document: AuditDocument, *, text: str, deadline: dt.date | None = None, owner: str = ""
) -> AuditRecommendation:
    """One recommendation of an audit document, with the day it is to be dealt with and who answers for it."""
    _require_audit_writer(actor, document.forbund)
    if not text.strip():
        raise ValidationError({"text": _("Skriv rekommendationen.")})
    recommendation = AuditRecommendation(document=document, text=text.strip(), deadline=deadline, owner=owner.strip())
    recommendation.full_clean()
    recommendation.save()
    record(
        actor,
        "audit_recommendation.add",
        recommendation,
        forbund=document.forbund,
        changes={"document": document.pk, "deadline": deadline.isoformat() if deadline else None, "owner": owner},
    )
    return recommendation


@transaction.atomic
def respond_to_audit(
    actor, document: AuditDocument, *, text: str, approved_on: dt.date, approved_by: str, sent_on: dt.date | None
) -> AuditDocument:
    """The board's response (yttrande): drafted by the director, approved (e.g. by the presidium under delegation)."""
    _require(actor, document.forbund, Capability.RESPOND_TO_AUDIT)
    if not text.strip():
        raise ValidationError(_("Skriv styrelsens yttrande innan det godkänns."))
    refuse_future("approved_on", approved_on, _("Datumet då yttrandet godkändes kan inte ligga i framtiden."))
    refuse_future("sent_on", sent_on, _("Datumet då yttrandet skickades kan inte ligga i framtiden."))
    document.response_text, document.response_approved_on = text, approved_on
    document.response_approved_by, document.response_sent_on = approved_by, sent_on
    document.full_clean()
    document.save()
    late = bool(sent_on and document.response_due and sent_on > document.response_due)
    record(actor, "audit_document.respond", document, changes={"sent_on": str(sent_on), "late": late})
    return document


@transaction.atomic
def complete_recommendation(actor, recommendation: AuditRecommendation, measure: str, on: dt.date):
    forbund = recommendation.document.forbund
    _require(actor, forbund, Capability.RESPOND_TO_AUDIT)
    refuse_future("on", on, _("Datumet då åtgärden slutfördes kan inte ligga i framtiden."))
    if not measure.strip():
        raise ValidationError(
            {"measure": _("Beskriv vad som har gjorts innan rekommendationen markeras som åtgärdad.")}
        )
    recommendation.measure, recommendation.completed_on = measure, on
    recommendation.save(update_fields=["measure", "completed_on"])
    record(actor, "audit_recommendation.complete", recommendation, forbund=forbund, changes={"on": on.isoformat()})
    return recommendation
