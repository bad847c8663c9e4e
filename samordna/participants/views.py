"""The participant handler's pages: caseload with what is due, a participant, enrolment, SIP, plan, discharge.

Every page fetches personal data through `access`, which authorises by insats and writes the read log.
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from samordna.instruments import queries as instrument_queries
from samordna.interventions.models import Intervention, InterventionKind
from samordna.jobs import actions as job_actions
from samordna.jobs import files as job_files
from samordna.jobs import queries as job_queries
from samordna.jobs.models import JobKind, JobState
from samordna.lib.files import NotWritten
from samordna.lib.forms import add_validation_errors as _add_errors
from samordna.tenancy.permissions import Capability
from samordna.tenancy.views import forbund_for

from . import access, actions, background, entry, forms, queries, rules, transfer


def _render(request, template, context, form=None):
    return render(request, template, context, status=400 if form is not None and form.errors else 200)


CASELOAD_PAGE_SIZE = 50


@login_required
def caseload(request, forbund_slug: str):
    """What is due and who is enrolled, a page at a time (?sida=N for the enrolled, ?att_gora=N for the due list),
    optionally narrowed by a search among the handler's own stays."""
    forbund = forbund_for(request, forbund_slug, Capability.HANDLE_PARTICIPANTS)
    search = forms.CaseloadSearchForm(request.GET)
    text = search.cleaned_data["sok"] if search.is_valid() else ""
    # The search words are not logged: they may be a personnummer.
    stays = access.list_participations_for(
        request.user, forbund, query="caseload search" if text else "caseload", purpose=_("Mina deltagare")
    )
    stays = queries.search_stays(stays, text)
    active = stays.filter(discharge_date__isnull=True).order_by("intervention__registration_no", "enrolment_date", "pk")
    active_page = Paginator(active, CASELOAD_PAGE_SIZE).get_page(request.GET.get("sida"))
    due = queries.CountedRows(queries.due_rows(stays), queries.due_count(stays))
    due_page = Paginator(due, CASELOAD_PAGE_SIZE).get_page(request.GET.get("att_gora"))
    # The warnings are those of the enrolled stays on this page: worked out per stay, they would cost as much as
    # the whole caseload otherwise.
    shown = stays.filter(pk__in=[stay.pk for stay in active_page])
    return render(
        request,
        "participants/caseload.html",
        {
            "forbund": forbund,
            "search": search,
            "searching": bool(text),
            "due_page": due_page,
            "dues": queries.dues_of_rows(due_page.object_list),
            "warnings": queries.warnings(shown),
            "active_page": active_page,
        },
        status=200 if search.is_valid() else 400,
    )


@login_required
def participant_detail(request, forbund_slug: str, participant_id):
    forbund = forbund_for(request, forbund_slug, Capability.HANDLE_PARTICIPANTS)
    participant = access.get_participant_for(request.user, forbund, participant_id, purpose=_("Deltagarens sida"))
    # One query per kind of record for all the person's stays, not one per stay.
    prefetch_related_objects(
        participant.visible_participations,
        "sip_meetings",
        "plan_revisions",
        "follow_ups",
        "who5",
        "kasam",
        *(f"intervention__{name}" for name in entry.intervention_relations()),
    )
    stays = [
        {
            "stay": stay,
            "sips": stay.sip_meetings.all(),
            "plans": stay.plan_revisions.all(),
            "follow_ups": stay.follow_ups.all(),
            "dues": queries.stay_dues(stay),
            "warnings": rules.stay_warnings(stay),
            "who5": stay.who5.all(),
            "kasam": stay.kasam.all(),
            "progression": instrument_queries.progression_series(stay),
        }
        for stay in participant.visible_participations
    ]
    return render(
        request,
        "participants/detail.html",
        {"forbund": forbund, "participant": participant, "stays": stays},
    )


def _handler_interventions(request, forbund):
    return Intervention.objects.filter(
        pk__in=access.handler_scope(request.user, forbund), kind=InterventionKind.INDIVIDUAL
    ).order_by("registration_no")


@login_required
def enrol(request, forbund_slug: str):
    forbund = forbund_for(request, forbund_slug, Capability.HANDLE_PARTICIPANTS)
    form = forms.EnrolForm(
        request.POST or None, interventions=_handler_interventions(request, forbund), kommuner=forbund.kommuner.all()
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["sex"] = data["sex"] or ""
        try:
            stay = actions.enrol(request.user, forbund, **data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Deltagaren är inskriven."))
            for warning in rules.stay_warnings(stay):
                messages.warning(request, warning)
            return redirect("participants:detail", forbund_slug=forbund.slug, participant_id=stay.participant_id)
    return _render(
        request, "participants/form.html", {"forbund": forbund, "form": form, "title": _("Skriv in deltagare")}, form
    )


def stay_form(request, forbund_slug, participation_id, form_class, action, title, success):
    forbund = forbund_for(request, forbund_slug, Capability.HANDLE_PARTICIPANTS)
    stay = access.get_participation_for(request.user, forbund, participation_id, purpose=str(title))
    # Forms with a version field send back the version of the stay they were opened with.
    form = form_class(request.POST or None, initial={"expected_version": stay.version})
    if request.method == "POST" and form.is_valid():
        try:
            action(request.user, stay, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect("participants:detail", forbund_slug=forbund.slug, participant_id=stay.participant_id)
    return _render(
        request, "participants/form.html", {"forbund": forbund, "form": form, "title": title, "stay": stay}, form
    )


@login_required
def record_sip(request, forbund_slug: str, participation_id):
    return stay_form(
        request,
        forbund_slug,
        participation_id,
        forms.SipForm,
        actions.record_sip,
        _("Registrera SIP-möte"),
        _("SIP-mötet är registrerat."),
    )


@login_required
def revise_plan(request, forbund_slug: str, participation_id):
    return stay_form(
        request,
        forbund_slug,
        participation_id,
        forms.PlanForm,
        actions.revise_action_plan,
        _("Revidera handlingsplan"),
        _("Handlingsplanen är sparad."),
    )


@login_required
def follow_up(request, forbund_slug: str, participation_id):
    return stay_form(
        request,
        forbund_slug,
        participation_id,
        forms.FollowUpForm,
        actions.record_follow_up,
        _("Registrera uppföljning"),
        _("Uppföljningen är registrerad."),
    )


@login_required
def discharge(request, forbund_slug: str, participation_id):
    return stay_form(
        request,
        forbund_slug,
        participation_id,
        forms.DischargeForm,
        actions.discharge,
        _("Skriv ut deltagare"),
        _("Deltagaren är utskriven."),
    )


@login_required
def withdraw_consent(request, forbund_slug: str, participant_id):
    """A page of its own that says what is lost; the handler types the date and a word to confirm."""
    forbund = forbund_for(request, forbund_slug, Capability.HANDLE_PARTICIPANTS)
    participant = access.get_participant_for(request.user, forbund, participant_id, purpose=_("Återkalla samtycke"))
    form = forms.WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.withdraw_consent(request.user, participant, withdrawn_on=form.cleaned_data["withdrawn_on"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Samtycket är återkallat och deltagaren är nu anonym."))
            return redirect("participants:detail", forbund_slug=forbund.slug, participant_id=participant.pk)
    context = {
        "forbund": forbund,
        "participant": participant,
        "form": form,
        "stays": len(participant.visible_participations),
        "notes": queries.notes_count(participant),
    }
    return _render(request, "participants/withdraw.html", context, form)


# --- Import with a preview ---------------------------------------------------------------------------


PENDING_IMPORT_SECONDS = 3600


def _sweep_uploads() -> None:
    """Checked files hold personal data, so those never confirmed go after an hour (the daily cleanup too)."""
    stale = time.time() - PENDING_IMPORT_SECONDS
    for waiting in job_files.uploads_dir().iterdir():
        if waiting.stat().st_mtime < stale:
            waiting.unlink(missing_ok=True)


def _confirm_import(request, forbund):
    """Start the import of a file whose check passed. The checked file is moved to the import's own name, so a
    second click finds it gone instead of importing it twice."""
    check = job_queries.job_for(request.user, request.POST.get("job", ""))
    gone = _("Filen att importera finns inte längre. Ladda upp den igen.")
    if check.kind != JobKind.PARTICIPANT_CHECK or check.state != JobState.DONE or check.forbund_id != forbund.pk:
        messages.error(request, gone)
        return redirect("participants:import", forbund_slug=forbund.slug)
    folder = job_files.uploads_dir()
    token = secrets.token_hex(16)
    try:
        os.replace(folder / Path(check.params["token"]).name, folder / token)
    except FileNotFoundError:
        messages.error(request, gone)
        return redirect("participants:import", forbund_slug=forbund.slug)
    params = {"token": token, "filename": check.params["filename"], "expected_rows": check.result.get("checked")}
    job = job_actions.start_job(request.user, forbund, JobKind.PARTICIPANT_IMPORT, params)
    return redirect("jobs:detail", job_id=job.pk)


@login_required
def import_participants(request, forbund_slug: str):
    """Step 1 puts an uploaded file aside and checks it in the background; the job's page shows every problem or
    offers step 2, the import, which also runs in the background."""
    forbund = forbund_for(request, forbund_slug, Capability.IMPORT_PARTICIPANTS)
    form = forms.ImportForm()
    context = {"forbund": forbund, "form": form, "columns": transfer.COLUMNS}
    refused_status = 0  # the server could not put the uploaded file aside
    if request.method == "POST" and request.POST.get("step") == "confirm":
        return _confirm_import(request, forbund)
    if request.method == "POST":
        form = forms.ImportForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            token = secrets.token_hex(16)
            _sweep_uploads()
            try:
                job_files.keep_upload(token, data)
            except NotWritten as exc:
                # Nothing half-written is checked or imported (it would hold only the file's first rows).
                if exc.disk_full:
                    problem = _(
                        "Servern har inte plats att spara filen just nu. Inget har sparats. Försök "
                        "igen senare, eller be den som sköter servern att frigöra utrymme."
                    )
                else:
                    problem = _(
                        "Servern kunde inte spara filen. Inget har sparats. Försök igen senare; "
                        "kvarstår felet, kontakta den som sköter servern."
                    )
                form.add_error(None, problem)
                refused_status = 507 if exc.disk_full else 500
            else:
                params = {
                    "token": token,
                    "filename": upload.name,
                    "expected_rows": background.expected_rows(data, upload.name),
                }
                job = job_actions.start_job(request.user, forbund, JobKind.PARTICIPANT_CHECK, params)
                return redirect("jobs:detail", job_id=job.pk)
    status = refused_status or (400 if form.errors else 200)
    return render(request, "participants/import.html", context, status=status)
