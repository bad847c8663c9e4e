"""Statistics pages. Each answers as a page with charts and tables, or with ?format=xlsx|pdf|json as a file.

Whether figures are exact or suppressed is decided once, by `access.stats_access`, never in a template.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from samordna.jobs.models import JobKind
from samordna.jobs.views import export_view
from samordna.lib.years import ShownYear, shown_year
from samordna.tenancy import permissions
from samordna.tenancy.permissions import Capability
from samordna.tenancy.views import forbund_for

from . import cache, queries, reports
from .access import log_exact_read, sees_costs, stats_access
from .forms import FinsamExportForm, PeriodForm, StatisticsExportForm, YearForm
from .rendering import sections, to_json, to_pdf, to_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TABS = [
    ("participants", "stats:participants"),
    ("monthly", "stats:monthly"),
    ("goals", "stats:goals"),
    ("insatser", "stats:insatser"),
    ("questionnaires", "stats:questionnaires"),
]


def _latest(forbund, access):
    return lambda: queries.latest_year_with_data(forbund, access.interventions)


def _shown_year(request, forbund, access) -> ShownYear:
    return shown_year(request.GET.get("year"), _latest(forbund, access))


def _query(form) -> str:
    """The period and insats the page shows, for its export links: always explicit, never the default again."""
    return urlencode({k: str(v) for k, v in form.data.items() if k != "format" and v not in (None, "")})


def _respond(
    request,
    forbund,
    kind: str,
    report: dict,
    form,
    subtitle: str,
    cache_key: str | None = None,
    period: ShownYear | None = None,
):
    """The report as a page or a file; `cache_key` names the report in the cache, so its rendered tables and
    charts are kept beside it."""
    title = str(reports.TITLES[kind])
    export = request.GET.get("format")
    filename = f"{kind}-{forbund.slug}"
    if export == "json":
        return HttpResponse(to_json(report), content_type="application/json; charset=utf-8")
    if export in ("xlsx", "pdf"):
        parts = sections(reports.body(report), title)
        data = to_xlsx(parts, title, subtitle) if export == "xlsx" else to_pdf(parts, title, subtitle)
        response = HttpResponse(data, content_type=XLSX if export == "xlsx" else "application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}.{export}"'
        return response
    tabs = [(name, str(reports.TITLES[name])) for name, _url in TABS]
    if permissions.check(request.user, forbund, Capability.EXPORT_FINSAM).allowed:
        tabs.append(("finsam", str(reports.TITLES["finsam"])))
    return render(
        request,
        "stats/report.html",
        {
            "forbund": forbund,
            "kind": kind,
            "title": title,
            "subtitle": subtitle,
            "sections_html": _sections_html(report, title, cache_key),
            "form": form,
            "report": report,
            "tabs": tabs,
            "query": _query(form),
            "period": period,
        },
    )


def _sections_html(report: dict, title: str, cache_key: str | None) -> str:
    def draw() -> str:
        return render_to_string("stats/_sections.html", {"sections": sections(reports.body(report), title)})

    return cache.remembered(f"{cache_key}:html", draw) if cache_key else draw()


def _period_page(request, forbund, kind: str, build, **extra):
    """A report for a period: `build(forbund, start, end, covered, threshold)` makes it; `extra` is whatever else
    it depends on, for its cache key."""
    access = stats_access(request.user, forbund)
    dated = bool(request.GET.get("date_from") or request.GET.get("date_to"))
    period = None if dated else shown_year(None, _latest(forbund, access))
    form = PeriodForm(request.GET, access.insatser(), year=period.year if period else None)
    if not form.is_valid():
        return render(
            request,
            "stats/report.html",
            {"forbund": forbund, "kind": kind, "title": reports.TITLES[kind], "form": form},
            status=400 if request.GET else 200,
        )
    start, end = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    covered = access.restrict(form.cleaned_data["insats"])
    threshold = access.threshold(covered)
    if threshold is None:
        log_exact_read(
            request.user, forbund, kind, covered, date_from=start, date_to=end, format=request.GET.get("format")
        )
    name = cache.key(kind, forbund, start=start, end=end, covered=covered, threshold=threshold, **extra)
    report = cache.remembered(name, lambda: build(forbund, start, end, covered, threshold))
    subtitle = f"{forbund.name} · {start:%Y-%m-%d} – {end:%Y-%m-%d}"
    return _respond(request, forbund, kind, report, form, subtitle, name, period)


def _statistics_forbund(request, forbund_slug: str):
    return forbund_for(request, forbund_slug, Capability.VIEW_STATISTICS)


@login_required
def participants(request, forbund_slug: str):
    return _period_page(request, _statistics_forbund(request, forbund_slug), "participants", reports.participants)


@login_required
def goals(request, forbund_slug: str):
    return _period_page(request, _statistics_forbund(request, forbund_slug), "goals", reports.goals)


@login_required
def questionnaires(request, forbund_slug: str):
    return _period_page(request, _statistics_forbund(request, forbund_slug), "questionnaires", reports.questionnaires)


@login_required
def insatser(request, forbund_slug: str):
    forbund = _statistics_forbund(request, forbund_slug)
    costs = sees_costs(request.user, forbund)

    def build(forbund, start, end, covered, threshold):
        return reports.insatser(forbund, start, end, covered, threshold, costs=costs)

    return _period_page(request, forbund, "insatser", build, costs=costs)


@login_required
def monthly(request, forbund_slug: str):
    forbund = _statistics_forbund(request, forbund_slug)
    access = stats_access(request.user, forbund)
    period = _shown_year(request, forbund, access)
    form = YearForm(request.GET, access.insatser(), year=period.year)
    if not form.is_valid():
        context = {"forbund": forbund, "kind": "monthly", "title": reports.TITLES["monthly"], "form": form}
        return render(request, "stats/report.html", context, status=400)
    year = form.cleaned_data["year"]
    covered = access.restrict(form.cleaned_data["insats"])
    threshold = access.threshold(covered)
    if threshold is None:
        log_exact_read(request.user, forbund, "monthly", covered, year=year, format=request.GET.get("format"))
    name = cache.key("monthly", forbund, year=year, covered=covered, threshold=threshold)
    report = cache.remembered(name, lambda: reports.monthly(forbund, year, covered, threshold))
    return _respond(request, forbund, "monthly", report, form, f"{forbund.name} · {year}", name, period)


@login_required
def finsam(request, forbund_slug: str):
    forbund = forbund_for(request, forbund_slug, Capability.EXPORT_FINSAM)
    period = shown_year(request.GET.get("year"), lambda: queries.latest_year_with_data(forbund))
    form = YearForm(request.GET, [], year=period.year)
    if not form.is_valid():
        context = {"forbund": forbund, "kind": "finsam", "title": reports.TITLES["finsam"], "form": form}
        return render(request, "stats/report.html", context, status=400)
    year = form.cleaned_data["year"]
    name = cache.key("finsam", forbund, year=year)
    report = cache.remembered(name, lambda: reports.finsam(forbund, year))
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
        name,
        period,
    )


# The Uppföljning Finsam export for the whole förbund, made in the background.
finsam_export = export_view(Capability.EXPORT_FINSAM, FinsamExportForm, JobKind.FINSAM_EXPORT, "stats:finsam")

# A period report as a file made in the background, with the same access and suppression as the page.
statistics_export = export_view(
    Capability.VIEW_STATISTICS, StatisticsExportForm, JobKind.STATISTICS_EXPORT, "stats:participants"
)
