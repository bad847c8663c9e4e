"""Reporting pages: what is owed and overdue, the förbund's own reports and the audit, and the report forms."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from samordna.finance.permissions import check_intervention, own_intervention_ids
from samordna.interventions.models import Attainment
from samordna.lib.errors import Refused
from samordna.lib.forms import add_validation_errors
from samordna.lib.pdf import html_to_pdf
from samordna.meetings.signing import RecordedSigner
from samordna.stats.rendering import to_xlsx
from samordna.stats.views import XLSX
from samordna.tenancy import permissions
from samordna.tenancy.permissions import Capability
from samordna.tenancy.views import forbund_for

from . import actions, annual, queries
from .final_form import FINAL_REPORT_QUESTIONS
from .forms import (
    AdoptionForm,
    AuditDocumentForm,
    BoardSignatureForm,
    CompletionForm,
    ForbundReportForm,
    ForbundReportTextsForm,
    NoteForm,
    PaperSignatureForm,
    RecommendationForm,
    ResponseForm,
    SignatureForm,
)
from .models import (
    AuditDocument,
    AuditRecommendation,
    ForbundReport,
    ForbundReportKind,
    InsatsReport,
    ReportKind,
    ReportStatus,
)


@login_required
def obligations(request, forbund_slug: str):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_REPORTING)
    today = timezone.localdate()
    forbund_reports = [
        (report, list(queries.missing_board_signatures(report, today))) for report in queries.forbund_reports(forbund)
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
            "may_manage": permissions.check(request.user, forbund, Capability.MANAGE_REPORTING).allowed,
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
    if request.method == "POST" and request.POST.get("form") == "note":
        note_form = NoteForm(request.POST)
        if note_form.is_valid():
            try:
                actions.note_report(request.user, report, note_form.cleaned_data["on"])
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(request, _("Rapporten är lagd till handlingarna."))
                return redirect(request.path)
        else:
            errors = [_("Ange dagen då rapporten lades till handlingarna.")]
        return _report_page(request, forbund, report, may_edit, errors, None)
    if request.method == "POST":
        if not may_edit:
            raise Refused(may_edit.reason)
        if is_final and request.POST.get("form") == "sign":
            sign_form = SignatureForm(request.POST, report=report)
            if sign_form.is_valid():
                data = dict(sign_form.cleaned_data)
                try:
                    actions.sign_final_report(request.user, report, data.pop("member"), **data)
                except ValidationError as exc:
                    add_validation_errors(sign_form, exc)
                else:
                    messages.success(request, _("Underskriften är registrerad."))
                    return redirect(request.path)
            errors = [_("Underskriften är inte registrerad. Rätta uppgifterna i formuläret för underskrift.")]
            return _report_page(request, forbund, report, may_edit, errors, sign_form)
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
        if is_final and "parties" not in answers:
            # Question 2 is the insats's own parties, filled in by the system.
            answers["parties"] = queries.final_report_prefill(report)["parties"]
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
    return _report_page(request, forbund, report, may_edit, errors, None)


def _report_page(request, forbund, report, may_edit, errors: list[str], sign_form):
    is_final = report.kind == ReportKind.FINAL
    answers = {**queries.final_report_prefill(report), **report.answers} if is_final else report.answers
    questions = [(q, answers.get(q.key, "")) for q in FINAL_REPORT_QUESTIONS] if is_final else []
    given = {row.get("goal"): row for row in answers.get("goals") or [] if isinstance(row, dict)}
    goal_rows = [(goal, given.get(goal.pk, {})) for goal in report.intervention.goals.all()]
    editable = bool(may_edit) and report.status == "DUE"
    if sign_form is None and is_final and editable:
        sign_form = SignatureForm(report=report)
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
            "may_edit": editable,
            "sign_form": sign_form if sign_form is not None and sign_form.fields["member"].queryset.exists() else None,
            "errors": errors,
            "note_form": NoteForm()
            if report.status == ReportStatus.SUBMITTED
            and permissions.check(request.user, forbund, Capability.MANAGE_REPORTING).allowed
            else None,
            "missing": (queries.missing_final_answers(report) + queries.missing_final_signatures(report))
            if is_final
            else [],
        },
        status=400 if errors else 200,
    )


def _posted(request, queryset, key: str):
    value = request.POST.get(key, "")
    if not (value.isascii() and value.isdigit()):
        raise Http404(_("Handlingen finns inte."))
    return get_object_or_404(queryset, pk=int(value))


@login_required
def audit(request, forbund_slug: str):
    """The auditors' documents: registered when they arrive, each recommendation with its deadline and owner, the
    board's response, and each recommendation followed up until it is dealt with."""
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_REPORTING)
    documents = list(queries.audit_documents(forbund))
    which = request.POST.get("form", "") if request.method == "POST" else ""
    register_form = AuditDocumentForm(request.POST if which == "register" else None, prefix="new")
    bound: dict[str, object] = {}
    if request.method == "POST":
        done = _audit_post(request, forbund, which, register_form, bound)
        if done:
            return redirect(request.path)
    rows = []
    for document in documents:
        key = f"doc-{document.pk}"
        recommendations = [
            (r, bound.get(f"rec-{r.pk}") or CompletionForm(prefix=f"rec-{r.pk}"))
            for r in document.recommendations.all()
        ]
        rows.append(
            (
                document,
                recommendations,
                bound.get(f"{key}-recommendation") or RecommendationForm(prefix=f"{key}-rec"),
                bound.get(f"{key}-respond") or ResponseForm(prefix=f"{key}-resp"),
            )
        )
    return render(
        request,
        "reporting/audit.html",
        {
            "forbund": forbund,
            "rows": rows,
            "register_form": register_form,
            "may_register": permissions.check(request.user, forbund, Capability.WRITE_AUDIT).allowed
            or permissions.check(request.user, forbund, Capability.MANAGE_REPORTING).allowed,
            "may_respond": permissions.check(request.user, forbund, Capability.RESPOND_TO_AUDIT).allowed,
        },
        status=400 if request.method == "POST" else 200,
    )


def _audit_post(request, forbund, which: str, register_form, bound: dict) -> bool:
    """Apply one of the audit page's forms; a refusal stays on its form (kept in `bound`) and nothing is saved."""
    documents = AuditDocument.objects.filter(forbund=forbund)
    save: Callable[..., object]
    if which == "register":
        form, save = register_form, partial(actions.register_audit_document, request.user, forbund)
    elif which in ("recommendation", "respond"):
        document = _posted(request, documents, "document")
        key = f"doc-{document.pk}"
        if which == "recommendation":
            form = RecommendationForm(request.POST, prefix=f"{key}-rec")
            save = partial(actions.add_recommendation, request.user, document)
        else:
            form = ResponseForm(request.POST, prefix=f"{key}-resp")
            save = partial(actions.respond_to_audit, request.user, document)
        bound[f"{key}-{which}"] = form
    elif which == "complete":
        recommendation = _posted(
            request, AuditRecommendation.objects.filter(document__forbund=forbund), "recommendation"
        )
        form = CompletionForm(request.POST, prefix=f"rec-{recommendation.pk}")
        save = partial(actions.complete_recommendation, request.user, recommendation)
        bound[f"rec-{recommendation.pk}"] = form
    else:
        raise Http404(_("Handlingen finns inte."))
    if not form.is_valid():
        return False
    try:
        save(**form.cleaned_data)
    except ValidationError as exc:
        add_validation_errors(form, exc)
        return False
    messages.success(request, _("Revisionshandlingen är uppdaterad."))
    return True


# --- The förbund's annual accounts ------------------------------------------------------------------


def _forbund_report(forbund, report_id: int) -> ForbundReport:
    return get_object_or_404(
        ForbundReport.objects.select_related("paragraph__minutes__meeting"), pk=report_id, forbund=forbund
    )


@login_required
def forbund_report_new(request, forbund_slug: str):
    """The office drafts the annual accounts (or an interim report) from the system's figures."""
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_REPORTING)
    form = ForbundReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = actions.create_forbund_report(request.user, forbund, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Utkastet är upprättat med siffrorna ur systemet."))
            return redirect("reporting:forbund_report", forbund_slug=forbund.slug, forbund_report_id=report.pk)
    return render(
        request,
        "reporting/forbund_report_new.html",
        {"forbund": forbund, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _own_unsigned_seat(user, report: ForbundReport, today):
    """The user's seat as a sitting ledamot that has not signed this adopted report yet, if any."""
    if report.adopted_on is None:
        return None
    return queries.missing_board_signatures(report, today).filter(user=user).first()


def _report_context(request, forbund, report: ForbundReport, today) -> dict:
    return {
        "forbund": forbund,
        "report": report,
        "sections": annual.sections(report),
        "warnings": annual.warnings(report),
        "texts": [(part, report.texts.get(part.key, "")) for part in annual.TEXT_PARTS]
        if report.kind == ForbundReportKind.ANNUAL
        else [],
        "signatures": report.signatures.select_related("seat__member").order_by("signed_on", "seat__person_name"),
        "missing": list(queries.missing_board_signatures(report, today)) if report.adopted_on else [],
        "own_seat": _own_unsigned_seat(request.user, report, today),
    }


@login_required
def forbund_report(request, forbund_slug: str, forbund_report_id: int):
    """The report with its figures and texts; for the office, the texts to write and the board's adoption."""
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_REPORTING)
    report = _forbund_report(forbund, forbund_report_id)
    today = timezone.localdate()
    manages = permissions.check(request.user, forbund, Capability.MANAGE_REPORTING)
    which = request.POST.get("form", "") if request.method == "POST" else ""
    texts_form = ForbundReportTextsForm(request.POST if which == "texts" else None, report=report)
    adopt_form = AdoptionForm(request.POST if which == "adopt" else None, forbund=forbund)
    unsigned_paper = queries.missing_board_signatures(report, today).filter(user__isnull=True)
    paper_form = PaperSignatureForm(request.POST if which == "paper" else None, seats=unsigned_paper)
    if request.method == "POST":
        if not manages:
            raise Refused(manages.reason)
        form, save = {
            "texts": (texts_form, lambda data: actions.save_forbund_report_texts(request.user, report, data)),
            "adopt": (adopt_form, lambda data: actions.adopt_forbund_report(request.user, report, data["paragraph"])),
            "paper": (
                paper_form,
                lambda data: actions.sign_forbund_report(
                    request.user, report, data["seat"], data["on"], signer=RecordedSigner(PAPER_SIGNATURE)
                ),
            ),
        }.get(which, (None, None))
        if form is None or save is None:
            raise Http404(_("Formuläret finns inte."))
        if form.is_valid():
            try:
                save(form.cleaned_data)
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, DONE[which])
                return redirect(request.path)
    draft = report.adopted_on is None
    return render(
        request,
        "reporting/forbund_report.html",
        {
            **_report_context(request, forbund, report, today),
            "texts_form": texts_form if manages and draft else None,
            "adopt_form": adopt_form if manages and draft else None,
            "paper_form": paper_form if manages and not draft and unsigned_paper.exists() else None,
        },
        status=400 if request.method == "POST" else 200,
    )


PAPER_SIGNATURE = "Underskrift på papper"
DONE = {
    "texts": gettext_lazy("Texterna är sparade och siffrorna hämtade på nytt."),
    "adopt": gettext_lazy("Styrelsens fastställelse är registrerad. Rapporten är låst och kan skrivas under."),
    "paper": gettext_lazy("Underskriften på papper är registrerad."),
}


@login_required
def forbund_report_sign(request, forbund_slug: str, forbund_report_id: int):
    """A sitting ledamot reads the adopted report and signs it with their password."""
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_REPORTING)
    report = _forbund_report(forbund, forbund_report_id)
    today = timezone.localdate()
    form = BoardSignatureForm(request.POST or None)
    context = _report_context(request, forbund, report, today)
    if request.method == "POST":
        seat = context["own_seat"]
        if seat is None:
            raise Refused(_("Du har ingen plats som ledamot som ska skriva under den här rapporten."))
        if form.is_valid():
            try:
                actions.sign_forbund_report(
                    request.user, report, seat, today, confirmation=form.cleaned_data["password"]
                )
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, _("Du har skrivit under rapporten."))
                return redirect(request.path)
    return render(
        request,
        "reporting/forbund_report_sign.html",
        {**context, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _file_name(report: ForbundReport, extension: str) -> str:
    kind = "arsredovisning" if report.kind == ForbundReportKind.ANNUAL else f"delarsrapport-{report.period_end}"
    return f"{kind}-{report.year}-{report.forbund.slug}.{extension}"


@login_required
@require_GET
def forbund_report_pdf(request, forbund_slug: str, forbund_report_id: int):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_REPORTING)
    report = _forbund_report(forbund, forbund_report_id)
    html = render_to_string(
        "reporting/forbund_report_pdf.html", _report_context(request, forbund, report, timezone.localdate())
    )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(report, "pdf")}"'
    return response


@login_required
@require_GET
def forbund_report_xlsx(request, forbund_slug: str, forbund_report_id: int):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_REPORTING)
    report = _forbund_report(forbund, forbund_report_id)
    title = f"{report.get_kind_display()} {report.year}"
    data = to_xlsx(annual.sections(report), title, forbund.name)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_file_name(report, "xlsx")}"'
    return response
