"""The user's own jobs: a list, a page per job whose status part polls itself while the job runs, and its file."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from . import actions, queries
from .files import outputs_dir


@require_safe
@login_required
def job_list(request):
    return render(request, "jobs/list.html", {"jobs": queries.jobs_of(request.user)[:100]})


@require_safe
@login_required
def detail(request, job_id):
    job = queries.job_for(request.user, job_id)
    template = "jobs/_status.html" if request.headers.get("HX-Request") else "jobs/detail.html"
    return render(request, template, {"job": job})


@require_safe
@login_required
def download(request, job_id):
    job = queries.job_for(request.user, job_id)
    path = outputs_dir() / job.output if job.output else None
    if path is None or not path.is_file():
        raise Http404(_("Filen finns inte längre. Starta exporten igen."))
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name, content_type=content_type)


def export_view(capability, form_class, kind: str, back: str):
    """A POST-only view that queues an export of `kind` for a user with `capability` in the förbund of the URL.

    A valid form leads to the job's page; an invalid one goes back to the page named `back`, saying what to fix.
    """
    from samordna.tenancy.views import forbund_for

    @login_required
    @require_POST
    def start(request, forbund_slug: str):
        forbund = forbund_for(request, forbund_slug, capability)
        form = form_class(request.POST)
        if not form.is_valid():
            problems = "; ".join(
                f"{form.fields[name].label}: {' '.join(errors)}" if name in form.fields else " ".join(errors)
                for name, errors in form.errors.items()
            )
            message = _("Exporten startades inte. Rätta och försök igen: %(problems)s") % {"problems": problems}
            messages.error(request, message)
            return redirect(back, forbund_slug=forbund.slug)
        params = {
            name: value.isoformat() if hasattr(value, "isoformat") else value
            for name, value in form.cleaned_data.items()
            if value not in (None, "")
        }
        job = actions.start_job(request.user, forbund, kind, params)
        return redirect("jobs:detail", job_id=job.pk)

    return start
