"""The förbund's own registers, kept by its admin: members joining and leaving, kommuner, statutes versions,
the board's seats with resignations and successors, and the preparatory group."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from samordna.lib.forms import add_validation_errors

from . import actions, forms
from .http import AuthenticatedHttpRequest
from .models import BoardSeat, Forbund, Member, PreparatoryMember
from .permissions import Capability
from .views import forbund_for


def _register_page(
    request: AuthenticatedHttpRequest,
    forbund: Forbund,
    form: django_forms.BaseForm,
    write: Callable[[dict], Any],
    *,
    title: str,
    success: Callable[[Any], str],
    intro: str = "",
) -> HttpResponse:
    """Show the form; on a valid POST run `write` with the cleaned data and go back to the förbund page."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = write(dict(form.cleaned_data))
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, success(saved))
            return redirect("tenancy:forbund", forbund_slug=forbund.slug)
    return render(
        request,
        "tenancy/register_form.html",
        {"forbund": forbund, "form": form, "title": title, "intro": intro},
        status=400 if form.errors else 200,
    )


@login_required
def member_new(request: AuthenticatedHttpRequest, forbund_slug: str) -> HttpResponse:
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_FORBUND)
    return _register_page(
        request,
        forbund,
        forms.MemberForm(request.POST or None, forbund=forbund),
        lambda data: actions.add_member(request.user, forbund, **data),
        title=_("Ny medlem"),
        success=lambda member: _("%(member)s är medlem.") % {"member": member},
        intro=_("En kommun som medlem hör till de kommuner förbundet omfattar; välj den under Kommuner först."),
    )


@login_required
def member_leave(request: AuthenticatedHttpRequest, forbund_slug: str, member_id: int) -> HttpResponse:
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_FORBUND)
    member = get_object_or_404(Member, pk=member_id, forbund=forbund)
    return _register_page(
        request,
        forbund,
        forms.LeaveForm(request.POST or None),
        lambda data: actions.end_membership(request.user, member, **data),
        title=_("%(member)s lämnar förbundet") % {"member": member.name},
        success=lambda saved: _("Utträdet för %(member)s är registrerat.") % {"member": member.name},
        intro=_("Medlemmens bidrag, fakturor och styrelseplatser fram till utträdet finns kvar."),
    )


@login_required
def kommuner(request: AuthenticatedHttpRequest, forbund_slug: str) -> HttpResponse:
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_FORBUND)
    form = forms.KommunerForm(request.POST or None, initial={"kommuner": list(forbund.kommuner.all())})

    def write(data: dict) -> Any:
        new = [(data["new_code"], data["new_name"])] if data["new_code"] else []
        return actions.set_kommuner(request.user, forbund, data["kommuner"], new=new)

    return _register_page(
        request,
        forbund,
        form,
        write,
        title=_("Kommuner som förbundet omfattar"),
        success=lambda saved: _("Kommunerna är sparade."),
    )


@login_required
def statutes_new(request: AuthenticatedHttpRequest, forbund_slug: str) -> HttpResponse:
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_FORBUND)
    return _register_page(
        request,
        forbund,
        forms.StatutesForm(request.POST or None),
        lambda data: actions.add_statutes(request.user, forbund, **data),
        title=_("Ny version av förbundsordningen"),
        success=lambda st: (
            _("Förbundsordningen som gäller från %(day)s är sparad.") % {"day": f"{st.valid_from:%Y-%m-%d}"}
        ),
        intro=_("Tidigare versioner finns kvar; varje möte och beslut prövas mot den version som gällde då."),
    )


@login_required
def board_new(request: AuthenticatedHttpRequest, forbund_slug: str) -> HttpResponse:
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_FORBUND)

    def write(data: dict) -> Any:
        member = data.pop("member")
        return actions.add_board_pair(request.user, member, **data)

    return _register_page(
        request,
        forbund,
        forms.BoardPairForm(request.POST or None, forbund=forbund),
        write,
        title=_("Ny ledamot med ersättare"),
        success=lambda pair: (
            _("%(ledamot)s och %(ersattare)s är registrerade i styrelsen.")
            % {"ledamot": pair[0].person_name, "ersattare": pair[1].person_name}
        ),
        intro=_(
            "Varje medlem har en ledamot och en ersättare för den. "
            "Ordförande och vice ordförande väljs bland ledamöterna."
        ),
    )


@login_required
def board_seat_end(request: AuthenticatedHttpRequest, forbund_slug: str, seat_id: int) -> HttpResponse:
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_FORBUND)
    seat = get_object_or_404(BoardSeat, pk=seat_id, member__forbund=forbund)
    return _register_page(
        request,
        forbund,
        forms.EndSeatForm(request.POST or None),
        lambda data: actions.end_board_seat(request.user, seat, **data),
        title=_("%(name)s lämnar styrelsen") % {"name": seat.person_name},
        success=lambda successor: (
            _("Avgången är registrerad.")
            if successor is None
            else _("Avgången är registrerad och %(name)s efterträder.") % {"name": successor.person_name}
        ),
    )


@login_required
def preparatory_new(request: AuthenticatedHttpRequest, forbund_slug: str) -> HttpResponse:
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_FORBUND)
    return _register_page(
        request,
        forbund,
        forms.PreparatoryMemberForm(request.POST or None, forbund=forbund),
        lambda data: actions.add_preparatory_member(request.user, forbund, **data),
        title=_("Ny i beredningsgruppen"),
        success=lambda person: _("%(name)s är med i beredningsgruppen.") % {"name": person.person_name},
    )


@login_required
def preparatory_end(request: AuthenticatedHttpRequest, forbund_slug: str, preparatory_id: int) -> HttpResponse:
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_FORBUND)
    person = get_object_or_404(PreparatoryMember, pk=preparatory_id, forbund=forbund)
    name = {"name": person.person_name}
    write = partial(actions.end_preparatory_member, request.user, person)
    return _register_page(
        request,
        forbund,
        forms.PreparatoryLeaveForm(request.POST or None),
        lambda data: write(**data),
        title=_("%(name)s lämnar beredningsgruppen") % name,
        success=lambda saved: _("%(name)s har lämnat beredningsgruppen.") % name,
    )
