"""Statistics as background exports: a period report, or the Uppföljning Finsam figures for a whole förbund.

The worker builds the same report as the page, for the user who asked, with the same access and suppression
(`stats_access`), and writes the same files as the page's links.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from django.utils.translation import gettext as _

from samordna.jobs.exports import require, write_output
from samordna.jobs.models import Job, JobKind
from samordna.jobs.registry import Outcome, Progress, handles
from samordna.tenancy.permissions import Capability

from . import reports
from .access import sees_costs, stats_access
from .rendering import finsam_csv, sections, to_pdf, to_xlsx

PERIOD_REPORTS: dict[str, Callable[..., dict]] = {
    "participants": reports.participants,
    "goals": reports.goals,
    "questionnaires": reports.questionnaires,
    "insatser": reports.insatser,
}


def _export(job: Job, progress: Progress, build: Callable[[], dict], kind: str, subtitle: str, filename: str) -> Path:
    """Build the report, then write it in the job's format; the two steps are the job's progress."""
    steps = iter(progress([_("Räknar"), _("Skriver filen")], _("Tar fram exporten"), 2))
    next(steps)
    report = build()
    next(steps)
    fmt = job.params["format"]
    if fmt == "csv":
        data: bytes | str = finsam_csv(report)
    else:
        title = str(reports.TITLES[kind])
        parts = sections(reports.body(report), title)
        data = to_xlsx(parts, title, subtitle) if fmt == "xlsx" else to_pdf(parts, title, subtitle)
    path = write_output(job, f"{filename}.{fmt}", data)
    list(steps)
    return path


@handles(JobKind.FINSAM_EXPORT)
def finsam_export(job: Job, progress: Progress) -> Outcome:
    require(job, Capability.EXPORT_FINSAM)
    forbund, year = job.forbund, int(job.params["year"])
    subtitle = _("%(forbund)s · %(year)s, exakta antal") % {"forbund": forbund.name, "year": year}
    path = _export(
        job,
        progress,
        lambda: reports.finsam(forbund, year),
        "finsam",
        subtitle,
        f"uppfoljning-finsam-{forbund.slug}-{year}",
    )
    return Outcome(
        summary=_("Exporten till Uppföljning Finsam för %(year)s är klar.") % {"year": year},
        result={"year": year, "format": job.params["format"]},
        output=path,
    )


@handles(JobKind.STATISTICS_EXPORT)
def statistics_export(job: Job, progress: Progress) -> Outcome:
    require(job, Capability.VIEW_STATISTICS)
    forbund, kind = job.forbund, job.params["report"]
    start, end = dt.date.fromisoformat(job.params["date_from"]), dt.date.fromisoformat(job.params["date_to"])
    access = stats_access(job.owner, forbund)
    covered = access.restrict(job.params.get("insats"))
    threshold = access.threshold(covered)
    extra = {"costs": sees_costs(job.owner, forbund)} if kind == "insatser" else {}

    def build() -> dict:
        return PERIOD_REPORTS[kind](forbund, start, end, covered, threshold, **extra)

    subtitle = f"{forbund.name} · {start:%Y-%m-%d} – {end:%Y-%m-%d}"
    path = _export(job, progress, build, kind, subtitle, f"{kind}-{forbund.slug}")
    return Outcome(
        summary=_("%(report)s för %(start)s – %(end)s är klar.")
        % {"report": reports.TITLES[kind], "start": f"{start:%Y-%m-%d}", "end": f"{end:%Y-%m-%d}"},
        result={"report": kind, "format": job.params["format"], "suppressed": threshold is not None},
        output=path,
    )
