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
from .forms import (
    ActualForm,
    AdoptForm,
    BudgetLineForm,
    BudgetYearForm,
    ContributionForm,
    EconomyExportForm,
    ForecastForm,
    LineChangeForm,
    MappingForm,
    NewBudgetYearForm,
    ReportForm,
    SieAccountsForm,
    UploadForm,
)
from .models import AccountMapping, BudgetLine, BudgetYear, Contribution, MemberInvoice
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
            "can_manage": _can_manage(request, forbund),
            "has_budget": BudgetYear.objects.filter(forbund=forbund, year=year).exists(),
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
    forecast_form = ForecastForm(budget_year=budget_year, auto_id="forecast-%s") if budget_year else None
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
        elif request.POST.get("form") == "forecast":
            forecast_form = ForecastForm(request.POST, budget_year=budget_year, auto_id="forecast-%s")
            if forecast_form.is_valid():
                data = forecast_form.cleaned_data
                try:
                    actions.record_forecast(request.user, data["line"], data["as_of"], data["amount"])
                except ValidationError as exc:
                    add_validation_errors(forecast_form, exc)
                else:
                    messages.success(request, _("Prognosen är sparad."))
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
            "forecast_form": forecast_form,
            "forecasts": queries.forecasts(budget_year) if budget_year else [],
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
            data = upload.read()
            count, warnings = imports.import_sie(request.user, forbund, year, data, upload.name)
    except imports.ImportRefused as exc:
        for error in exc.errors:
            form.add_error("file", _with_link(error))
        if form.cleaned_data["kind"] == "sie" and _offer_mapping(request, forbund, year, data, upload.name):
            link = reverse("finance:accounts", kwargs={"forbund_slug": forbund.slug}) + f"?year={year}"
            form.add_error(
                None,
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("Filen har konton som inte är kopplade till någon budgetrad."),
                    link,
                    _("Koppla kontona i filen"),
                ),
            )
        form.add_error(None, _("Inget är inläst. Rätta filen och försök igen."))
        return False
    messages.success(request, _("%(count)s utfallsrader är inlästa.") % {"count": count})
    for warning in warnings:
        messages.warning(request, _with_link(warning))
    return True


def _offer_mapping(request, forbund, year: int, data: bytes, filename: str) -> bool:
    """After a refused SIE import: keep the file's accounts for the mapping page if some of them are not mapped."""
    try:
        found = imports.accounts_in_sie(data, year)
    except imports.ImportRefused:
        return False
    if not _unmapped(forbund, found):
        return False
    _remember_accounts(request, forbund, filename, found)
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


def _year_redirect(request, name: str, forbund, year: int):
    return redirect(reverse(name, kwargs={"forbund_slug": forbund.slug}) + f"?year={year}")


@login_required
def budget_plan(request, forbund_slug: str):
    """Set up a year's budget: start it (empty or copied), its equity figures and cap, its lines, and adopt it."""
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_FINANCE)
    period = _shown_year(request, lambda: queries.latest_budget_year(forbund))
    year = period.year
    budget_year = BudgetYear.objects.filter(forbund=forbund, year=year).first()
    forms_shown = _plan_forms(forbund, budget_year, year)
    status = 200
    if request.method == "POST":
        which = request.POST.get("form", "")
        handler = _PLAN_HANDLERS.get(which)
        if handler is None or (budget_year is None) != (which == "new"):
            messages.error(request, _("Sidan var inaktuell. Ladda om den och försök igen."))
            return _year_redirect(request, "finance:budget_plan", forbund, year)
        done = handler(request, forbund, budget_year, forms_shown)
        if done is not None:
            return done
        status = 400
    return render(
        request,
        "finance/budget_plan.html",
        {
            "forbund": forbund,
            "year": year,
            "period": period,
            "budget_year": budget_year,
            "rows": _line_rows(budget_year, request) if budget_year else [],
            **forms_shown,
        },
        status=status,
    )


def _plan_forms(forbund, budget_year: BudgetYear | None, year: int) -> dict:
    if budget_year is None:
        return {"new_form": NewBudgetYearForm(forbund=forbund, initial={"year": year})}
    return {
        "year_form": BudgetYearForm(
            initial={
                "equity_start": budget_year.equity_start,
                "equity_cap_fixed": budget_year.equity_cap_fixed,
                "equity_cap_basis": budget_year.equity_cap_basis,
                "note": budget_year.note,
            }
        ),
        "line_form": BudgetLineForm(forbund=forbund),
        "adopt_form": AdoptForm(),
    }


def _line_rows(budget_year: BudgetYear, request) -> list[tuple]:
    """Each line with its own small form, bound to what was posted if that row was the one sent."""
    posted = request.POST.get("line") if request.method == "POST" and request.POST.get("form") == "change" else None
    rows = []
    for line in budget_year.lines.select_related("intervention"):
        prefix = f"line-{line.pk}"
        if posted == str(line.pk):
            form = LineChangeForm(request.POST, prefix=prefix)
        else:
            form = LineChangeForm(
                prefix=prefix, initial={"label": line.label, "amount": line.amount, "expected_version": line.version}
            )
        rows.append((line, form))
    return rows


def _apply(request, form, save):
    """Run `save` on a valid form's data; its refusal shows on the form. Returns the redirect after a save, or None."""
    if not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except ValidationError as exc:
        add_validation_errors(form, exc)
        return None


def _plan_new(request, forbund, _budget_year, shown):
    def save(data):
        created = actions.create_budget_year(
            request.user, forbund, data["year"], equity_start=data["equity_start"], copy_from=data["copy_from"]
        )
        messages.success(request, _("Budgeten för %(year)s är upplagd.") % {"year": created.year})
        return _year_redirect(request, "finance:budget_plan", forbund, created.year)

    shown["new_form"] = NewBudgetYearForm(request.POST, forbund=forbund)
    return _apply(request, shown["new_form"], save)


def _plan_year(request, forbund, budget_year, shown):
    def save(data):
        actions.save_budget_year(request.user, forbund, budget_year.year, **data)
        messages.success(request, _("Eget kapital och taket är sparade."))
        return _year_redirect(request, "finance:budget_plan", forbund, budget_year.year)

    shown["year_form"] = BudgetYearForm(request.POST)
    return _apply(request, shown["year_form"], save)


def _plan_line(request, forbund, budget_year, shown):
    def save(data):
        if budget_year.lines.filter(code=data["code"]).exists():
            raise ValidationError(
                {"code": _("Koden finns redan i budgeten. Ändra raden i tabellen eller välj en annan kod.")}
            )
        actions.save_budget_line(request.user, budget_year, **data)
        messages.success(request, _("Budgetraden %(code)s är tillagd.") % {"code": data["code"]})
        return _year_redirect(request, "finance:budget_plan", forbund, budget_year.year)

    shown["line_form"] = BudgetLineForm(request.POST, forbund=forbund)
    return _apply(request, shown["line_form"], save)


def _posted_line(request, budget_year) -> BudgetLine:
    line_id = request.POST.get("line", "")
    if not (line_id.isascii() and line_id.isdigit()):
        raise Http404(_("Budgetraden finns inte."))
    return get_object_or_404(BudgetLine, pk=int(line_id), budget_year=budget_year)


def _plan_change(request, forbund, budget_year, shown):
    line = _posted_line(request, budget_year)
    form = LineChangeForm(request.POST, prefix=f"line-{line.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.save_budget_line(
                request.user,
                budget_year,
                code=line.code,
                label=data["label"],
                category=line.category,
                amount=data["amount"],
                intervention=line.intervention,
                expected_version=data["expected_version"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Budgetraden %(code)s är ändrad.") % {"code": line.code})
            return _year_redirect(request, "finance:budget_plan", forbund, budget_year.year)
    return None


def _plan_remove(request, forbund, budget_year, _shown):
    line = _posted_line(request, budget_year)
    try:
        actions.remove_budget_line(request.user, line)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Budgetraden %(code)s är borttagen.") % {"code": line.code})
    return _year_redirect(request, "finance:budget_plan", forbund, budget_year.year)


def _plan_adopt(request, forbund, budget_year, shown):
    def save(data):
        actions.adopt_budget_year(request.user, budget_year, **data)
        messages.success(request, _("Budgeten för %(year)s är fastställd.") % {"year": budget_year.year})
        return _year_redirect(request, "finance:budget", forbund, budget_year.year)

    shown["adopt_form"] = AdoptForm(request.POST)
    return _apply(request, shown["adopt_form"], save)


_PLAN_HANDLERS = {
    "new": _plan_new,
    "year": _plan_year,
    "line": _plan_line,
    "change": _plan_change,
    "remove": _plan_remove,
    "adopt": _plan_adopt,
}


def _session_key(forbund) -> str:
    return f"finance-sie-accounts-{forbund.pk}"


def _remember_accounts(request, forbund, filename: str, found: list[imports.FoundAccount]) -> None:
    request.session[_session_key(forbund)] = {
        "file": filename[:200],
        "accounts": [[a.account, a.name, a.amount] for a in found],
    }


def _unmapped(forbund, found: list[imports.FoundAccount]) -> list[imports.FoundAccount]:
    mappings = list(AccountMapping.objects.filter(forbund=forbund))
    return [a for a in found if not any(m.account_from <= a.account <= m.account_to for m in mappings)]


@login_required
def accounts(request, forbund_slug: str):
    """The mapping of bookkeeping accounts to budget lines, beside the accounts found in a SIE file."""
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_FINANCE)
    period = _shown_year(request, lambda: queries.latest_budget_year(forbund))
    year = period.year
    line_choices = queries.line_codes(forbund, year)
    mapping_form = MappingForm(line_choices=line_choices)
    sie_form = SieAccountsForm()
    status = 200
    if request.method == "POST":
        which = request.POST.get("form", "")
        if which == "sie":
            sie_form = SieAccountsForm(request.POST, request.FILES)
            if sie_form.is_valid():
                upload = sie_form.cleaned_data["file"]
                try:
                    found = imports.accounts_in_sie(upload.read(), year)
                except imports.ImportRefused as exc:
                    for error in exc.errors:
                        sie_form.add_error("file", error)
                else:
                    _remember_accounts(request, forbund, upload.name, found)
                    messages.success(request, _("Filen bokför på %(count)s resultatkonton.") % {"count": len(found)})
                    return _year_redirect(request, "finance:accounts", forbund, year)
        elif which == "remove":
            mapping_id = request.POST.get("mapping", "")
            if not (mapping_id.isascii() and mapping_id.isdigit()):
                raise Http404(_("Kontokopplingen finns inte."))
            mapping = get_object_or_404(AccountMapping, pk=int(mapping_id), forbund=forbund)
            actions.remove_account_mapping(request.user, mapping)
            messages.success(request, _("Kontokopplingen är borttagen."))
            return _year_redirect(request, "finance:accounts", forbund, year)
        else:
            mapping_form = MappingForm(request.POST, line_choices=line_choices)
            if mapping_form.is_valid():
                data = mapping_form.cleaned_data
                try:
                    actions.set_account_mapping(
                        request.user, forbund, data["account_from"], data["account_to"], data["line_code"]
                    )
                except ValidationError as exc:
                    if which == "found":
                        messages.error(request, " ".join(exc.messages))
                        return _year_redirect(request, "finance:accounts", forbund, year)
                    add_validation_errors(mapping_form, exc)
                else:
                    messages.success(request, _("Kontona är kopplade till %(code)s.") % {"code": data["line_code"]})
                    return _year_redirect(request, "finance:accounts", forbund, year)
            elif which == "found":
                messages.error(request, _("Välj vilken budgetrad kontot ska kopplas till."))
                return _year_redirect(request, "finance:accounts", forbund, year)
        status = 400
    remembered = request.session.get(_session_key(forbund)) or {}
    found = [imports.FoundAccount(*row) for row in remembered.get("accounts", [])]
    mappings = list(AccountMapping.objects.filter(forbund=forbund))
    return render(
        request,
        "finance/accounts.html",
        {
            "forbund": forbund,
            "year": year,
            "period": period,
            "mappings": mappings,
            "found_file": remembered.get("file", ""),
            "found": [
                (a, next((m for m in mappings if m.account_from <= a.account <= m.account_to), None)) for a in found
            ],
            "line_choices": line_choices,
            "mapping_form": mapping_form,
            "sie_form": sie_form,
        },
        status=status,
    )
