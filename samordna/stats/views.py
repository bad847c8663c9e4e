"""Statistics pages. Each answers as a page with charts and tables, or with ?format=xlsx|pdf|json as a file.

Whether figures are exact or suppressed is decided once, by `access.stats_access`, never in a template.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from samordna.tenancy import permissions
from samordna.tenancy.permissions import Capability
from samordna.tenancy.views import forbund_for

from . import reports
from .access import stats_access
from .forms import PeriodForm, YearForm
from .rendering import sections, to_json, to_pdf, to_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TABS = [
    ("participants", "stats:participants"),
    ("monthly", "stats:monthly"),
    ("goals", "stats:goals"),
    ("insatser", "stats:insatser"),
    ("questionnaires", "stats:questionnaires"),
]


def _respond(request, forbund, kind: str, report: dict, form, subtitle: str):
    title = str(reports.TITLES[kind])
    export = request.GET.get("format")
    filename = f"{kind}-{forbund.slug}"
    if export == "json":
        return HttpResponse(to_json(report), content_type="application/json; charset=utf-8")
    parts = sections(reports.body(report), title)
    if export in ("xlsx", "pdf"):
        data = to_xlsx(parts, title, subtitle) if export == "xlsx" else to_pdf(parts, title, subtitle)
        response = HttpResponse(data, content_type=XLSX if export == "xlsx" else "application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}.{export}"'
        return response
    tabs = [(name, str(reports.TITLES[name])) for name, _url in TABS]
    if permissions.check(request.user, forbund, Capability.EXPORT_FINSAM).allowed:
        tabs.append(("finsam", str(reports.TITLES["finsam"])))
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "stats/report.html",
        {
            "forbund": forbund,
            "kind": kind,
            "title": title,
            "subtitle": subtitle,
            "sections": parts,
            "form": form,
            "report": report,
            "tabs": tabs,
            "query": query.urlencode(),
        },
    )


def _period_page(request, forbund_slug: str, kind: str, build):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_STATISTICS)
    access = stats_access(request.user, forbund)
    form = PeriodForm(request.GET, access.insatser())
    if not form.is_valid():
        return render(
            request,
            "stats/report.html",
            {"forbund": forbund, "kind": kind, "title": reports.TITLES[kind], "form": form, "sections": []},
            status=400 if request.GET else 200,
        )
    start, end = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    covered = access.restrict(form.cleaned_data["insats"])
    report = build(forbund, access, start, end, covered, access.threshold(covered))
    return _respond(request, forbund, kind, report, form, f"{forbund.name} · {start:%Y-%m-%d} – {end:%Y-%m-%d}")


@login_required
def participants(request, forbund_slug: str):
    return _period_page(
        request,
        forbund_slug,
        "participants",
        lambda forbund, access, start, end, covered, threshold: reports.participants(
            forbund, start, end, covered, threshold
        ),
    )


@login_required
def goals(request, forbund_slug: str):
    return _period_page(
        request,
        forbund_slug,
        "goals",
        lambda forbund, access, start, end, covered, threshold: reports.goals(forbund, start, end, covered, threshold),
    )


@login_required
def questionnaires(request, forbund_slug: str):
    return _period_page(
        request,
        forbund_slug,
        "questionnaires",
        lambda forbund, access, start, end, covered, threshold: reports.questionnaires(
            forbund, start, end, covered, threshold
        ),
    )


@login_required
def insatser(request, forbund_slug: str):
    def build(forbund, access, start, end, covered, threshold):
        costs = any(
            permissions.check(request.user, forbund, capability).allowed
            for capability in (Capability.VIEW_FINANCE, Capability.VIEW_OWN_INSATS_FINANCE)
        )
        return reports.insatser(forbund, start, end, covered, threshold, costs=costs)

    return _period_page(request, forbund_slug, "insatser", build)


@login_required
def monthly(request, forbund_slug: str):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_STATISTICS)
    access = stats_access(request.user, forbund)
    form = YearForm(request.GET, access.insatser())
    if not form.is_valid():
        context = {"forbund": forbund, "kind": "monthly", "title": reports.TITLES["monthly"], "form": form}
        return render(request, "stats/report.html", {**context, "sections": []}, status=400)
    year = form.cleaned_data["year"]
    covered = access.restrict(form.cleaned_data["insats"])
    report = reports.monthly(forbund, year, covered, access.threshold(covered))
    return _respond(request, forbund, "monthly", report, form, f"{forbund.name} · {year}")


@login_required
def finsam(request, forbund_slug: str):
    forbund = forbund_for(request, forbund_slug, Capability.EXPORT_FINSAM)
    form = YearForm(request.GET, [])
    if not form.is_valid():
        context = {"forbund": forbund, "kind": "finsam", "title": reports.TITLES["finsam"], "form": form}
        return render(request, "stats/report.html", {**context, "sections": []}, status=400)
    year = form.cleaned_data["year"]
    report = reports.finsam(forbund, year)
    if request.GET.get("format") == "csv":
        from .rendering import finsam_csv

        response = HttpResponse(finsam_csv(report), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="uppfoljning-finsam-{forbund.slug}-{year}.csv"'
        return response
    return _respond(
        request,
        forbund,
        "finsam",
        report,
        form,
        _("%(forbund)s · %(year)s, exakta antal") % {"forbund": forbund.name, "year": year},
    )
