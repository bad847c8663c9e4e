from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from samordna.lib.forms import add_validation_errors
from samordna.tenancy.http import AuthenticatedHttpRequest
from samordna.tenancy.permissions import Capability
from samordna.tenancy.views import forbund_for

from . import actions, queries
from .forms import MailLogSearchForm, MarkReadForm, PreferencesForm
from .models import DIGEST, Kind


@login_required
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = MarkReadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["all"]:
                count = actions.mark_all_read(request.user)
            else:
                count = actions.mark_read(request.user, [form.cleaned_data["notification"]])
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(
                request,
                ngettext("%(n)s avisering är markerad som läst.", "%(n)s aviseringar är markerade som lästa.", count)
                % {"n": count},
            )
            return redirect("notifications:list")
    unread_only = request.GET.get("visa") == "olasta"
    return render(
        request,
        "notifications/list.html",
        {
            "rows": queries.notifications_of(request.user, unread_only=unread_only),
            "form": form,
            "unread_only": unread_only,
        },
        status=400 if form.errors else 200,
    )


@login_required
def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PreferencesForm(
        request.POST or None, current=queries.choices_of(request.user), language=request.user.language
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.set_preferences(request.user, form.choices(), language=form.cleaned_data["language"])
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Dina val är sparade."))
            response = redirect("notifications:preferences")
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE
            )
            return response
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "kind_fields": [form[kind.value] for kind in Kind]},
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def mail_log(request: AuthenticatedHttpRequest, forbund_slug: str) -> HttpResponse:
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_AUDIT_LOG)
    search = MailLogSearchForm(request.GET or None)
    found = search.cleaned_data if search.is_valid() else {}
    labels = {kind.value: kind.label for kind in Kind} | {DIGEST: _("Daglig sammanfattning")}
    entries = queries.mail_log(forbund, address=found.get("address", ""), kind=found.get("kind", ""))
    rows = [{"entry": e, "kind": labels.get(e.kind, e.kind)} for e in entries]
    return render(request, "notifications/mail_log.html", {"forbund": forbund, "rows": rows, "form": search})
