"""The participant handler's pages: caseload with what is due, a participant, enrolment, SIP, plan, discharge.

Every page fetches personal data through `access`, which authorises by insats and writes the read log.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from samordna.instruments import queries as instrument_queries
from samordna.interventions.models import Intervention, InterventionKind
from samordna.lib.files import NotWritten, write_bytes_when_done
from samordna.lib.forms import add_validation_errors as _add_errors
from samordna.tenancy.permissions import Capability
from samordna.tenancy.views import forbund_for

from . import access, actions, entry, forms, queries, rules, transfer

IMPORT_SESSION_KEY = "samordna_participant_import"


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
    due_page = Paginator(queries.due_rows(stays), CASELOAD_PAGE_SIZE).get_page(request.GET.get("att_gora"))
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


def _upload_dir() -> Path:
    """Where checked files wait for confirmation. They hold personal data, so unconfirmed ones go after an hour."""
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    stale = time.time() - PENDING_IMPORT_SECONDS
    for waiting in path.iterdir():
        if waiting.stat().st_mtime < stale:
            waiting.unlink(missing_ok=True)
    return path


@login_required
def import_participants(request, forbund_slug: str):
    """Step 1 checks an uploaded file and shows every problem; step 2 stores a file that had none."""
    forbund = forbund_for(request, forbund_slug, Capability.IMPORT_PARTICIPANTS)
    form = forms.ImportForm()
    context = {"forbund": forbund, "form": form, "columns": transfer.COLUMNS}
    pending = request.session.get(IMPORT_SESSION_KEY) or {}
    refused_status = 0  # the server could not put the checked file aside
    if request.method == "POST" and request.POST.get("step") == "confirm":
        token = pending.get("token", "")
        path = _upload_dir() / token
        if not token or pending.get("forbund") != forbund.pk or not path.is_file():
            messages.error(request, _("Filen att importera finns inte längre. Ladda upp den igen."))
            return redirect("participants:import", forbund_slug=forbund.slug)
        try:
            result = transfer.import_file(forbund, path.read_bytes(), pending["name"], request.user)
        except transfer.ImportRefused as refused:
            context["errors"] = refused.errors
        else:
            messages.success(
                request,
                _("Importen är klar: %(created)s nya, %(updated)s ändrade och %(unchanged)s oförändrade rader.")
                % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
            )
            path.unlink(missing_ok=True)
            request.session.pop(IMPORT_SESSION_KEY, None)
            return redirect("participants:import", forbund_slug=forbund.slug)
    elif request.method == "POST":
        form = forms.ImportForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            rows, errors = transfer.check_file(forbund, data, upload.name, request.user)
            context.update(errors=errors, checked=len(rows), filename=upload.name)
            if not errors:
                token = secrets.token_hex(16)
                try:
                    write_bytes_when_done(_upload_dir() / token, data)
                except NotWritten as exc:
                    # Nothing half-written waits for confirmation (it would import only its first rows).
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
                    request.session[IMPORT_SESSION_KEY] = {"token": token, "forbund": forbund.pk, "name": upload.name}
                    context["ready"] = True
    status = refused_status or (400 if context.get("errors") or form.errors else 200)
    return render(request, "participants/import.html", context, status=status)
