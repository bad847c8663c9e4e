"""Reading jobs: a user sees only their own."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from samordna.tenancy.models import User

from .models import Job


def jobs_of(user: User) -> QuerySet[Job]:
    return Job.objects.filter(owner=user).select_related("forbund")


def job_for(user: User, job_id) -> Job:
    """The user's own job; anyone else's, one that does not exist or an id that is none, is 404 alike."""
    try:
        job_id = uuid.UUID(str(job_id))
    except ValueError:
        raise Http404(_("Jobbet finns inte eller är inte ditt.")) from None
    job = jobs_of(user).filter(pk=job_id).first()
    if job is None:
        raise Http404(_("Jobbet finns inte eller är inte ditt."))
    return job
