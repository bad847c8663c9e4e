"""Starting a job: the row the user watches, one audit event, and the task the worker picks up."""

from __future__ import annotations

from django.db import transaction
from django.utils import translation

from samordna.audit.actions import record
from samordna.tenancy.models import Forbund, User

from .models import Job


def start_job(owner: User, forbund: Forbund, kind: str, params: dict | None = None) -> Job:
    """Queue a job for `owner`. The caller has checked that the owner may do the work; the handler checks again."""
    params = dict(params or {})
    params.setdefault("language", translation.get_language() or "sv")
    with transaction.atomic():
        job = Job.objects.create(owner=owner, forbund=forbund, kind=kind, params=params)
        record(owner, "jobs.start", job, forbund=forbund, changes={"kind": kind})
    # After the commit, so that a worker in another process finds the row it is told to run.
    from .tasks import run_job

    run_job.enqueue(str(job.pk))
    job.refresh_from_db()
    return job
