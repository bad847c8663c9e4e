"""The data protection officer's pages: the retention plan, erasure on request, the register extract (art. 15) and the
record of processing per controller (art. 30), which a controller's own participant handlers read too.

A person is found by personnummer through the keyed hash; every find is read-logged. Erasure is confirmed on a page
of its own that says what is lost, by typing a word; nothing on these pages is pre-filled.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from samordna.lib.forms import add_validation_errors
from samordna.lib.pdf import html_to_pdf
from samordna.participants import queries as participant_queries
from samordna.participants.holders import same_person
from samordna.tenancy.permissions import Capability
from samordna.tenancy.views import forbund_for

from . import actions, forms, processing, queries
from .models import RetentionPlan

NOT_FOUND = _("Ingen identifierad deltagare med det personnumret finns i förbundet. Kontrollera numret.")


def _status(*forms_shown) -> int:
    return 400 if any(f.errors for f in forms_shown) else 200


@login_required
def overview(request, forbund_slug: str):
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_PRIVACY)
    form = forms.RetentionPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_retention_plan(request.user, forbund, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Gallringsplanen är sparad."))
            return redirect("privacy:overview", forbund_slug=forbund.slug)
    context = {
        "forbund": forbund,
        "form": form,
        "plan": RetentionPlan.objects.filter(forbund=forbund).first(),
        "items": queries.open_items(forbund, timezone.localdate()),
    }
    return render(request, "privacy/overview.html", context, status=_status(form))


@login_required
def erasure(request, forbund_slug: str):
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_PRIVACY)
    form = forms.ErasureRequestForm(request.POST or None)
    confirm = forms.ConfirmForm(request.POST if request.POST.get("step") == "confirm" else None)
    context: dict = {"forbund": forbund, "form": form, "confirm": confirm}
    if request.method == "POST" and form.is_valid():
        person = queries.find_person(
            request.user, forbund, form.cleaned_data["personnummer"], purpose=_("Radering på begäran")
        )
        if person is None:
            form.add_error("personnummer", NOT_FOUND)
        elif request.POST.get("step") == "confirm" and confirm.is_valid():
            try:
                actions.erase_on_request(request.user, person, received_on=form.cleaned_data["received_on"])
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, _("Personuppgifterna är raderade. Deltagandena finns kvar utan identitet."))
                return redirect("privacy:overview", forbund_slug=forbund.slug)
        if person is not None and not form.errors:
            records = list(same_person(person))  # every record of the number: the erasure takes them all
            context.update(
                person=person,
                stays=sum(record.participations.count() for record in records),
                notes=sum(participant_queries.notes_count(record) for record in records),
            )
            return render(request, "privacy/erasure_confirm.html", context, status=_status(confirm))
    return render(request, "privacy/erasure.html", context, status=_status(form))


@login_required
def extract(request, forbund_slug: str):
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_PRIVACY)
    form = forms.PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = queries.find_person(
            request.user, forbund, form.cleaned_data["personnummer"], purpose=_("Registerutdrag")
        )
        if person is None:
            form.add_error("personnummer", NOT_FOUND)
        else:
            found = queries.register_extract(forbund, person)
            html = render_to_string("privacy/extract_pdf.html", {"forbund": forbund, "extract": found})
            response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="registerutdrag-{person.pseudonym}.pdf"'
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "privacy/extract.html", {"forbund": forbund, "form": form}, status=_status(form))


@login_required
@require_safe
def processing_records(request, forbund_slug: str):
    """The controllers of participant data, each with its record of processing (art. 30)."""
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_PROCESSING_RECORDS)
    processing.require_reader(request.user, forbund)
    rows = processing.controllers(forbund, processing.readable_keys(request.user, forbund))
    return render(request, "privacy/processing_list.html", {"forbund": forbund, "rows": rows})


@login_required
@require_safe
def processing_record(request, forbund_slug: str, controller: str):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_PROCESSING_RECORDS)
    processing.require_reader(request.user, forbund, controller)
    found = processing.processing_record(forbund, controller)
    return render(request, "privacy/processing_record.html", {"forbund": forbund, "record": found})


@login_required
@require_safe
def processing_record_pdf(request, forbund_slug: str, controller: str):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_PROCESSING_RECORDS)
    processing.require_reader(request.user, forbund, controller)
    found = processing.processing_record(forbund, controller)
    html = render_to_string("privacy/processing_pdf.html", {"forbund": forbund, "record": found})
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    filename = f"behandlingar-{forbund.slug}-{controller}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
