"""The user's own jobs: a list, a page per job whose status part polls itself while the job runs, and its file."""

from __future__ import annotations

import mimetypes

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from . import queries
from .files import outputs_dir


@login_required
def job_list(request):
    return render(request, "jobs/list.html", {"jobs": queries.jobs_of(request.user)[:100]})


@login_required
def detail(request, job_id):
    job = queries.job_for(request.user, job_id)
    template = "jobs/_status.html" if request.headers.get("HX-Request") else "jobs/detail.html"
    return render(request, template, {"job": job})


@login_required
def download(request, job_id):
    job = queries.job_for(request.user, job_id)
    path = outputs_dir() / job.output if job.output else None
    if path is None or not path.is_file():
        raise Http404(_("Filen finns inte längre. Starta exporten igen."))
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name, content_type=content_type)
