"""The economic report as a background export: the same figures and files as the economy page's links."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from samordna.jobs.exports import require, write_output
from samordna.jobs.models import Job, JobKind
from samordna.jobs.registry import Outcome, Progress, handles
from samordna.tenancy.permissions import Capability

from . import queries, rendering


@handles(JobKind.ECONOMY_EXPORT)
def economy_export(job: Job, progress: Progress) -> Outcome:
    require(job, Capability.VIEW_FINANCE)
    year, fmt = int(job.params["year"]), job.params["format"]
    on = dt.date.fromisoformat(job.params["date"]) if job.params.get("date") else None
    steps = iter(progress([_("Räknar"), _("Skriver filen")], _("Tar fram rapporten"), 2))
    next(steps)
    report = queries.economic_report(job.forbund, year, on)
    next(steps)
    render = rendering.economy_xlsx if fmt == "xlsx" else rendering.economy_pdf
    path = write_output(job, f"ekonomisk-rapport-{job.forbund.slug}-{year}.{fmt}", render(report, job.forbund.name))
    list(steps)
    return Outcome(
        summary=_("Den ekonomiska rapporten för %(year)s är klar.") % {"year": year},
        result={"year": year, "format": fmt},
        output=path,
    )
