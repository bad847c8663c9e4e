"""The Uppföljning Finsam export for a whole förbund as a background job: the same files as the page's links."""

from __future__ import annotations

from django.utils.translation import gettext as _

from samordna.jobs.exports import require, write_output
from samordna.jobs.models import Job, JobKind
from samordna.jobs.registry import Outcome, Progress, handles
from samordna.tenancy.permissions import Capability

from . import reports
from .rendering import finsam_csv, sections, to_pdf, to_xlsx


@handles(JobKind.FINSAM_EXPORT)
def finsam_export(job: Job, progress: Progress) -> Outcome:
    require(job, Capability.EXPORT_FINSAM)
    forbund, year, fmt = job.forbund, int(job.params["year"]), job.params["format"]
    steps = iter(progress([_("Räknar"), _("Skriver filen")], _("Tar fram exporten"), 2))
    next(steps)
    report = reports.finsam(forbund, year)
    next(steps)
    if fmt == "csv":
        data: bytes | str = finsam_csv(report)
    else:
        title = str(reports.TITLES["finsam"])
        subtitle = _("%(forbund)s · %(year)s, exakta antal") % {"forbund": forbund.name, "year": year}
        parts = sections(reports.body(report), title)
        data = to_xlsx(parts, title, subtitle) if fmt == "xlsx" else to_pdf(parts, title, subtitle)
    path = write_output(job, f"uppfoljning-finsam-{forbund.slug}-{year}.{fmt}", data)
    list(steps)
    return Outcome(
        summary=_("Exporten till Uppföljning Finsam för %(year)s är klar.") % {"year": year},
        result={"year": year, "format": fmt},
        output=path,
    )
