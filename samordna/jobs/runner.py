"""Running one job in the worker: its handler does the work; the row ends done with a result or failed with errors."""

from __future__ import annotations

import logging

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Job, JobState
from .progress import JobProgress
from .registry import HANDLERS, JobRefused, Outcome

logger = logging.getLogger(__name__)


def server_error() -> str:
    return _(
        "Jobbet avbröts av ett fel i servern. Inget har sparats. Försök igen; kvarstår felet, kontakta den som "
        "sköter servern."
    )


def run(job_id: str) -> str:
    """Run a queued job once; a job already started, finished or removed is left alone. Returns its end state."""
    claimed = Job.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING, started_at=timezone.now()
    )
    job = Job.objects.filter(pk=job_id).select_related("owner", "forbund").first()
    if not claimed or job is None:
        return job.state if job is not None else ""
    handler = HANDLERS.get(job.kind)
    with translation.override(job.params.get("language") or "sv"):
        try:
            if handler is None:
                raise RuntimeError(f"no handler for job kind {job.kind}")
            outcome = handler(job, JobProgress(job.pk, expected=job.params.get("expected_rows")))
        except JobRefused as refused:
            _finish(job, JobState.FAILED, summary=refused.summary, errors=refused.errors)
        except Exception:
            logger.exception("Job %s (%s) failed", job.pk, job.kind)
            _finish(job, JobState.FAILED, errors=[server_error()])
        else:
            _finish(job, JobState.DONE, outcome=outcome)
    return job.state


def _finish(job: Job, state: str, *, outcome: Outcome | None = None, summary: str = "", errors=()) -> None:
    job.state = state
    job.finished_at = timezone.now()
    job.errors = list(errors)
    job.summary = outcome.summary if outcome else summary
    job.result = outcome.result if outcome else {}
    if outcome and outcome.output is not None:
        job.output = str(outcome.output.relative_to(outcome.output.parents[1]))
    job.save(update_fields=["state", "finished_at", "errors", "summary", "result", "output"])
