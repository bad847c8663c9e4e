"""Reporting pages: what is owed and overdue, the förbund's own reports and the audit, and the report forms."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.finance.permissions import check_intervention, own_intervention_ids
from samordna.interventions.models import Attainment
from samordna.lib.errors import Refused
from samordna.tenancy import permissions
from samordna.tenancy.permissions import Capability
from samordna.tenancy.views import forbund_for

from . import actions, queries
from .final_form import FINAL_REPORT_QUESTIONS
from .models import InsatsReport, ReportKind


@login_required
def obligations(request, forbund_slug: str):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_REPORTING)
    today = timezone.localdate()
    forbund_reports = [
        (report, list(queries.missing_board_signatures(report, report.adopted_on or today)))
        for report in queries.forbund_reports(forbund)
    ]
    return render(
        request,
        "reporting/obligations.html",
        {
            "forbund": forbund,
            "today": today,
            "overdue": queries.overdue(forbund, today),
            "reminders": queries.reminders(forbund, today),
            "forbund_reports": forbund_reports,
            "audit_documents": queries.audit_documents(forbund),
            "overdue_responses": queries.overdue_audit_responses(forbund, today),
        },
    )


def _own_scope(request, forbund):
    """None for förbund-wide roles (all insatser), else the ids of the user's own insatser."""
    held = permissions.roles_in(request.user, forbund)
    if held & {permissions.Role.FORBUND_ADMIN, permissions.Role.OFFICE}:
        return None
    return own_intervention_ids(request.user, forbund)


@login_required
def my_reports(request, forbund_slug: str):
    forbund = forbund_for(request, forbund_slug, Capability.SUBMIT_INSATS_REPORTS)
    scope = _own_scope(request, forbund)
    reports = queries.insats_reports(forbund, scope).exclude(status="NOTED")
    return render(
        request, "reporting/my_reports.html", {"forbund": forbund, "reports": reports, "today": timezone.localdate()}
    )


def _declared_goals(request, report) -> list[dict]:
    """The goal answers posted with the report: for each goal of the insats, ja/nej/delvis and the outcome."""
    if report.kind not in (ReportKind.FINAL, ReportKind.ANNUAL):
        return []
    return [
        {
            "goal": goal.pk,
            "met": request.POST.get(f"goal-{goal.pk}-met", "").strip(),
            "outcome": request.POST.get(f"goal-{goal.pk}-outcome", ""),
        }
        for goal in report.intervention.goals.all()
        if f"goal-{goal.pk}-met" in request.POST
    ]


@login_required
def report_detail(request, forbund_slug: str, report_id: int):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_DASHBOARD)
    report = get_object_or_404(
        InsatsReport.objects.select_related("intervention"), pk=report_id, intervention__forbund=forbund
    )
    may_edit = check_intervention(request.user, report.intervention, Capability.SUBMIT_INSATS_REPORTS)
    if not may_edit and not permissions.check(request.user, forbund, Capability.VIEW_REPORTING):
        raise Refused(may_edit.reason)
    is_final = report.kind == ReportKind.FINAL
    errors: list[str] = []
    if request.method == "POST":
        if not may_edit:
            raise Refused(may_edit.reason)
        keys = (
            [q.key for q in FINAL_REPORT_QUESTIONS if q.kind not in ("goals", "signatures")]
            if is_final
            else [
                "summary",
                "social_accounts",
            ]
        )
        answers: dict = {key: request.POST.get(key, "").strip() for key in keys if key in request.POST}
        declared = _declared_goals(request, report)
        if declared:
            answers["goals"] = declared
        try:
            report = actions.save_answers(request.user, report, answers)
            if request.POST.get("submit"):
                report = actions.submit_report(request.user, report, timezone.localdate())
                messages.success(request, _("Rapporten är inlämnad."))
            else:
                messages.success(request, _("Svaren är sparade."))
            return redirect(request.path)
        except ValidationError as exc:
            errors = exc.messages
    answers = {**queries.final_report_prefill(report), **report.answers} if is_final else report.answers
    questions = [(q, answers.get(q.key, "")) for q in FINAL_REPORT_QUESTIONS] if is_final else []
    given = {row.get("goal"): row for row in answers.get("goals") or [] if isinstance(row, dict)}
    goal_rows = [(goal, given.get(goal.pk, {})) for goal in report.intervention.goals.all()]
    return render(
        request,
        "reporting/report_detail.html",
        {
            "forbund": forbund,
            "report": report,
            "questions": questions,
            "answers": answers,
            "goal_rows": goal_rows if is_final or report.kind == ReportKind.ANNUAL else [],
            "attainments": Attainment.choices,
            "may_edit": bool(may_edit) and report.status == "DUE",
            "errors": errors,
            "missing": (queries.missing_final_answers(report) + queries.missing_final_signatures(report))
            if is_final
            else [],
        },
        status=400 if errors else 200,
    )
