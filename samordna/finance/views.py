"""Finance pages: the economic report, budget vs outcome, contributions with share warnings, invoices."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from samordna.jobs.models import JobKind
from samordna.jobs.views import export_view
from samordna.lib.errors import Refused
from samordna.lib.forms import add_validation_errors
from samordna.lib.years import ShownYear, shown_year
from samordna.tenancy import permissions
from samordna.tenancy.models import Member
from samordna.tenancy.permissions import Capability
from samordna.tenancy.views import forbund_for

from . import actions, imports, invoicing, peppol, queries, rendering
from .forms import ActualForm, ContributionForm, EconomyExportForm, ReportForm, UploadForm
from .models import AccountMapping, BudgetYear, Contribution, MemberInvoice
from .permissions import own_intervention_ids

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _shown_year(request, latest: Callable[[], int | None]) -> ShownYear:
    """The year asked for (in the query or a posted form), else the latest year with data, else this year."""
    return shown_year(request.GET.get("year") or request.POST.get("year"), latest)


def _can_manage(request, forbund) -> bool:
    return permissions.check(request.user, forbund, Capability.MANAGE_FINANCE).allowed


def _refuse_unless_manager(request, forbund) -> None:
    decision = permissions.check(request.user, forbund, Capability.MANAGE_FINANCE)
    if not decision.allowed:
        raise Refused(decision.reason)


@login_required
def economy(request, forbund_slug: str):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_FINANCE)
    period = _shown_year(request, lambda: queries.latest_budget_year(forbund))
    data = request.GET.copy()
    data["year"] = str(period.year)
    form = ReportForm(data)
    year = period.year
    on, grant = None, None
    if form.is_valid():
        year, on, grant = form.cleaned_data["year"], form.cleaned_data["date"], form.cleaned_data["grant"]
    report = queries.economic_report(forbund, year, on)
    export = request.GET.get("format")
    if export == "json":
        return HttpResponse(rendering.economy_json(report), content_type="application/json; charset=utf-8")
    if export in ("xlsx", "pdf"):
        data = (
            rendering.economy_xlsx(report, forbund.name)
            if export == "xlsx"
            else rendering.economy_pdf(report, forbund.name)
        )
        response = HttpResponse(data, content_type=XLSX if export == "xlsx" else "application/pdf")
        response["Content-Disposition"] = f'attachment; filename="ekonomisk-rapport-{forbund.slug}-{year}.{export}"'
        return response
    effect = queries.grant_effect(forbund, year, grant, report.date) if grant else None
    return render(
        request,
        "finance/economy.html",
        {
            "forbund": forbund,
            "form": form,
            "report": report,
            "rows": rendering.economy_rows(report),
            "cap": rendering.cap_explanation(report),
            "effect": effect,
            "grants": queries.grants(forbund, year),
            "period": period,
        },
    )


# The economic report as a file made in the background; the job's page offers it when it is done.
economy_export = export_view(Capability.VIEW_FINANCE, EconomyExportForm, JobKind.ECONOMY_EXPORT, "finance:economy")


@login_required
def budget(request, forbund_slug: str):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_FINANCE)
    period = _shown_year(request, lambda: queries.latest_budget_year(forbund))
    year = period.year
    budget_year = BudgetYear.objects.filter(forbund=forbund, year=year).first()
    actual_form = ActualForm(budget_year=budget_year) if budget_year else None
    upload_form = UploadForm()
    status = 200
    if request.method == "POST":
        _refuse_unless_manager(request, forbund)
        if period.error:
            messages.error(request, period.error)
            return redirect(f"{request.path}?year={year}")
        if budget_year is None:
            messages.error(request, _("Det finns ingen budget för %(year)s.") % {"year": year})
            return redirect(f"{request.path}?year={year}")
        if request.POST.get("form") == "upload":
            upload_form = UploadForm(request.POST, request.FILES)
            if upload_form.is_valid() and _import(request, forbund, upload_form, year):
                return redirect(f"{request.path}?year={year}")
        else:
            actual_form = ActualForm(request.POST, budget_year=budget_year)
            if actual_form.is_valid():
                data = actual_form.cleaned_data
                period_start, period_end = data["period"]
                try:
                    actions.record_actual(request.user, data["line"], period_start, period_end, data["amount"])
                except ValidationError as exc:
                    add_validation_errors(actual_form, exc)
                else:
                    messages.success(request, _("Utfallet är sparat."))
                    return redirect(f"{request.path}?year={year}")
        status = 400
    on = queries.default_report_date(year)
    return render(
        request,
        "finance/budget.html",
        {
            "forbund": forbund,
            "year": year,
            "budget_year": budget_year,
            "lines": queries.budget_lines(budget_year, on) if budget_year else [],
            "actuals": queries.actuals_by_period(budget_year) if budget_year else [],
            "on": on,
            "can_manage": _can_manage(request, forbund),
            "actual_form": actual_form,
            "upload_form": upload_form,
            "mappings": AccountMapping.objects.filter(forbund=forbund),
            "period": period,
        },
        status=status,
    )


def _import(request, forbund, form, year: int) -> bool:
    upload = form.cleaned_data["file"]
    warnings: list[imports.Problem] = []
    try:
        if form.cleaned_data["kind"] == "excel":
            rows = imports.read_excel(upload)
            resolved = imports.resolve(forbund, rows)
            count = actions.import_actuals(request.user, forbund, resolved, source="EXCEL", filename=upload.name)
        else:
            count, warnings = imports.import_sie(request.user, forbund, year, upload.read(), upload.name)
    except imports.ImportRefused as exc:
        for error in exc.errors:
            form.add_error("file", _with_link(error))
        form.add_error(None, _("Inget är inläst. Rätta filen och försök igen."))
        return False
    messages.success(request, _("%(count)s utfallsrader är inlästa.") % {"count": count})
    for warning in warnings:
        messages.warning(request, _with_link(warning))
    return True


def _with_link(problem: str) -> str:
    link = getattr(problem, "link", "")
    return format_html('{} <a href="{}">{}</a>', problem, link, _("Öppna budgeten")) if link else problem


@login_required
def contributions(request, forbund_slug: str):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_FINANCE)
    period = _shown_year(request, lambda: queries.latest_contribution_year(forbund))
    year = period.year
    form = ContributionForm(forbund=forbund, initial={"year": year})
    status = 200
    if request.method == "POST":
        _refuse_unless_manager(request, forbund)
        form = ContributionForm(request.POST, forbund=forbund)
        if form.is_valid():
            data = form.cleaned_data
            try:
                _c, check = actions.set_contribution(
                    request.user, data["member"], data["year"], data["amount"], data["key_value"]
                )
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, _("Medlemsbidraget är sparat."))
                for warning in check.warnings:
                    messages.warning(request, warning)
                return redirect(f"{request.path}?year={data['year']}")
        status = 400
    return render(
        request,
        "finance/contributions.html",
        {
            "forbund": forbund,
            "year": year,
            "check": queries.contribution_shares(forbund, year),
            "period": period,
            "form": form,
            "can_manage": _can_manage(request, forbund),
        },
        status=status,
    )


@login_required
def invoices(request, forbund_slug: str):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_FINANCE)
    period = _shown_year(request, lambda: queries.latest_invoice_year(forbund))
    year = period.year
    if request.method == "POST":
        _refuse_unless_manager(request, forbund)
        if period.error:
            messages.error(request, period.error)
            return redirect(f"{request.path}?year={year}")
        try:
            if "invoice" in request.POST:
                invoice_id = request.POST["invoice"]
                if not (invoice_id.isascii() and invoice_id.isdigit()):
                    raise Http404(_("Fakturan finns inte."))
                invoice = get_object_or_404(MemberInvoice, pk=int(invoice_id), forbund=forbund)
                actions.move_invoice(request.user, invoice, request.POST.get("status", ""), timezone.localdate())
                messages.success(request, _("Fakturan %(number)s är uppdaterad.") % {"number": invoice.number})
            else:
                created = actions.create_invoices(request.user, forbund, year)
                messages.success(request, _("%(count)s fakturautkast är skapade.") % {"count": len(created)})
        except (ValidationError, KeyError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect(f"{request.path}?year={year}")
    invoice_rows = queries.invoices(forbund, year)
    invoiced_members = Member.objects.filter(
        pk__in=Contribution.objects.filter(forbund=forbund, year=year, amount__gt=0).values("member")
    ).select_related("forbund")
    back = f"{request.path}?year={year}"
    forbund_gap = invoicing.forbund_gaps(forbund)
    member_gaps = {member.pk: invoicing.member_gaps(member, back) for member in invoiced_members}
    return render(
        request,
        "finance/invoices.html",
        {
            "forbund": forbund,
            "year": year,
            "invoices": invoice_rows,
            "missing": [gap for gap in [forbund_gap, *member_gaps.values()] if gap is not None],
            "forbund_blocked": forbund_gap is not None,
            "blocked_members": {pk for pk, gap in member_gaps.items() if gap is not None},
            "can_fix": permissions.check(request.user, forbund, Capability.MANAGE_FORBUND).allowed,
            "can_manage": _can_manage(request, forbund),
            "frequency": forbund.get_invoice_frequency_display(),
            "period": period,
        },
    )


def _invoice_or_gaps(request, forbund_slug: str, invoice_id: int):
    """The invoice to make a document of, or the page that says what to fill in first (409)."""
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_FINANCE)
    invoice = get_object_or_404(
        MemberInvoice.objects.select_related("contribution__member__forbund", "forbund"), pk=invoice_id, forbund=forbund
    )
    back = reverse("finance:invoices", kwargs={"forbund_slug": forbund.slug})
    missing = invoicing.missing_for_invoice(invoice, f"{back}?year={invoice.contribution.year}")
    if not missing:
        return invoice, None
    response = render(
        request,
        "finance/invoice_missing.html",
        {
            "forbund": forbund,
            "invoice": invoice,
            "missing": missing,
            "can_fix": permissions.check(request.user, forbund, Capability.MANAGE_FORBUND).allowed,
        },
        status=409,
    )
    return invoice, response


@login_required
def invoice_pdf(request, forbund_slug: str, invoice_id: int):
    invoice, refusal = _invoice_or_gaps(request, forbund_slug, invoice_id)
    if refusal is not None:
        return refusal
    response = HttpResponse(
        rendering.invoice_pdf(invoice, queries.member_statement(invoice)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="faktura-{invoice.number}.pdf"'
    return response


@login_required
def invoice_ubl(request, forbund_slug: str, invoice_id: int):
    """The invoice as a Peppol BIS Billing 3.0 file, for the member's e-invoice service."""
    invoice, refusal = _invoice_or_gaps(request, forbund_slug, invoice_id)
    if refusal is not None:
        return refusal
    response = HttpResponse(
        peppol.invoice_xml(invoicing.document(invoice)), content_type="application/xml; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="faktura-{invoice.number}.xml"'
    return response


@login_required
def my_insatser(request, forbund_slug: str):
    """Budget vs outcome for the insatser an intervention manager is responsible for."""
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_OWN_INSATS_FINANCE)
    own = forbund.interventions.filter(pk__in=own_intervention_ids(request.user, forbund))
    period = _shown_year(request, lambda: queries.latest_insats_budget_year(forbund, own))
    year = period.year
    budget_year = BudgetYear.objects.filter(forbund=forbund, year=year).first()
    on = queries.default_report_date(year)
    return render(
        request,
        "finance/my_insatser.html",
        {
            "forbund": forbund,
            "year": year,
            "lines": queries.budget_lines(budget_year, on, interventions=own) if budget_year else [],
            "budgets": [(i, *queries.intervention_budget(i)) for i in own],
            "period": period,
            "on": on,
        },
    )
