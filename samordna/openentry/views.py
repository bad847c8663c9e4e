"""The open entry's pages: teams, filing a request, the team meeting and its review, referrals, SAMSIP, pre-steps,
system gaps, placements, the catalogue search and the team's statistics.

Personal data is fetched through `access` only; pages for the office show references, never the person.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samordna.lib.versioning import STALE_FIELD
from samordna.participants import access as participant_access
from samordna.participants.views import _add_errors
from samordna.tenancy import permissions
from samordna.tenancy.permissions import Capability, Decision
from samordna.tenancy.views import forbund_for

from . import access, actions, forms, queries, workflow
from .models import (
    AgendaItem,
    CatalogueEntry,
    IntakeRequest,
    Placement,
    PrestepStay,
    RecommendationPart,
    ReferralStatus,
    SystemGap,
    Team,
    TeamMeeting,
)


def _status(form) -> int:
    return 400 if form is not None and form.errors else 200


def _team(forbund, team_id) -> Team:
    return get_object_or_404(Team, forbund=forbund, pk=team_id)


def _try(form, action, *args, **kwargs):
    """Run an action; a ValidationError lands on the form. Returns the result, or None if refused."""
    try:
        return action(*args, **kwargs)
    except ValidationError as exc:
        _add_errors(form, exc)
        return None


@login_required
def overview(request, forbund_slug: str):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_TEAMS)
    teams = forbund.teams.select_related("leader").prefetch_related("seats__member", "seats__holder")
    return render(
        request,
        "openentry/overview.html",
        {
            "forbund": forbund,
            "teams": teams,
            "mine": access.my_requests(request.user, forbund, purpose=_("Mina ansökningar")),
            "may_file": permissions.check(request.user, forbund, Capability.FILE_INTAKE_REQUEST).allowed,
        },
    )


@login_required
def file_request(request, forbund_slug: str):
    forbund = forbund_for(request, forbund_slug, Capability.FILE_INTAKE_REQUEST)
    form = forms.RequestForm(request.POST or None, forbund=forbund)
    if request.method == "POST" and form.is_valid():
        filed = _try(form, actions.file_request, request.user, forbund, **form.cleaned_data)
        if filed is not None:
            messages.success(request, _("Ansökan %(ref)s är registrerad.") % {"ref": filed.reference})
            if access.check_personal(request.user, filed).allowed:
                return redirect("openentry:request", forbund_slug=forbund.slug, request_id=filed.pk)
            return redirect("openentry:team", forbund_slug=forbund.slug, team_id=filed.team_id)
    return render(
        request,
        "openentry/form.html",
        {"forbund": forbund, "form": form, "title": _("Ansökan om stöd i planering")},
        status=_status(form),
    )


@login_required
def request_detail(request, forbund_slug: str, request_id):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_TEAMS)
    intake = access.get_request_for(request.user, forbund, request_id, purpose=_("Ansökans sida"))
    items = intake.agenda_items.select_related("meeting").prefetch_related(
        "parts__intervention", "parts__member", "parts__entry"
    )
    parties = workflow.parties_of(request.user, intake)
    return render(
        request,
        "openentry/request.html",
        {
            "forbund": forbund,
            "intake": intake,
            "items": items.order_by("meeting__date"),
            "samsips": intake.samsip_meetings.prefetch_related("members_present").select_related("initiated_by"),
            "stays": intake.prestep_stays.select_related("prestep").prefetch_related("follow_ups"),
            "may_withdraw": workflow.check_step(request.user, intake, "withdraw").allowed,
            "in_team": bool(parties & {workflow.Party.LEADER, workflow.Party.SEAT}),
        },
    )


@login_required
@require_POST
def withdraw(request, forbund_slug: str, request_id):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_TEAMS)
    intake = access.get_request_for(
        request.user,
        forbund,
        request_id,
        purpose=_("Återta ansökan"),
        require=lambda found: workflow.check_step(request.user, found, "withdraw"),
    )
    actions.withdraw_request(request.user, intake)
    messages.success(request, _("Ansökan är återtagen och personuppgifterna är borttagna."))
    return redirect("openentry:overview", forbund_slug=forbund.slug)


@login_required
def team_detail(request, forbund_slug: str, team_id: int):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_TEAMS)
    team = _team(forbund, team_id)
    in_team = bool(workflow.team_parties(request.user, team))
    office = permissions.check(request.user, forbund, Capability.MANAGE_TEAMS).allowed
    return render(
        request,
        "openentry/team.html",
        {
            "forbund": forbund,
            "team": team,
            "seats": team.seats.select_related("member", "holder"),
            "meetings": queries.upcoming_meetings(team),
            "waiting": queries.waiting_requests(team),
            "stays": queries.prestep_stays(team) if in_team else [],
            "gaps": team.gaps.select_related("sent_to"),
            "in_team": in_team,
            "office": office,
            "may_plan": (in_team and team.leader_id == request.user.pk) or office,
            "agenda_form": forms.AgendaForm(team=team),
            "schedule_form": forms.ScheduleForm(),
        },
    )


@login_required
@require_POST
def schedule(request, forbund_slug: str, team_id: int):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_TEAMS)
    team = _team(forbund, team_id)
    form = forms.ScheduleForm(request.POST)
    if form.is_valid():
        try:
            made = actions.schedule_meetings(request.user, team, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(n)s möten är inlagda.") % {"n": len(made)})
    else:
        messages.error(request, _("Ange startdatum och antal veckor."))
    return redirect("openentry:team", forbund_slug=forbund.slug, team_id=team.pk)


@login_required
@require_POST
def put_on_agenda(request, forbund_slug: str, team_id: int):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_TEAMS)
    team = _team(forbund, team_id)
    form = forms.AgendaForm(request.POST, team=team)
    if form.is_valid():
        intake = IntakeRequest.objects.filter(team=team, pk=form.cleaned_data["request"]).first()
        if intake is None:
            raise Http404(_("Ansökan finns inte i teamet."))
        try:
            actions.put_on_agenda(request.user, intake, form.cleaned_data["meeting"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Ansökan %(ref)s står på dagordningen.") % {"ref": intake.reference})
    else:
        messages.error(request, _("Välj ett möte."))
    return redirect("openentry:team", forbund_slug=forbund.slug, team_id=team.pk)


@login_required
def meeting_detail(request, forbund_slug: str, team_meeting_id: int):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_TEAMS)
    meeting = get_object_or_404(TeamMeeting.objects.select_related("team"), team__forbund=forbund, pk=team_meeting_id)
    items = access.agenda_for(request.user, meeting, purpose=_("Teammötets dagordning"))
    references = None
    if items is None:
        references = meeting.items.select_related("request").only("position", "outcome", "request__reference")
    return render(
        request,
        "openentry/meeting.html",
        {"forbund": forbund, "meeting": meeting, "items": items, "references": references},
    )


@login_required
def review(request, forbund_slug: str, item_id: int):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_TEAMS)
    item = get_object_or_404(
        AgendaItem.objects.select_related("meeting__team"), meeting__team__forbund=forbund, pk=item_id
    )
    in_team = Decision(
        bool(workflow.team_parties(request.user, item.meeting.team)),
        _("Bara teamets samtalsledare och ledamöter lämnar teamets rekommendation."),
    )
    intake = access.get_request_for(
        request.user, forbund, item.request_id, purpose=_("Genomlysning"), require=lambda _found: in_team
    )
    data = request.POST if request.method == "POST" else None
    form = forms.OutcomeForm(data)
    parts = forms.PartFormSet(data, prefix="part", form_kwargs={"forbund": forbund})
    if request.method == "POST" and form.is_valid() and parts.is_valid():
        chosen = [p for p in parts.cleaned_data if p.get("kind")]
        done = _try(form, actions.record_outcome, request.user, item, parts=chosen, **form.cleaned_data)
        if done is not None:
            messages.success(request, _("Teamets utfall är sparat."))
            return redirect("openentry:meeting", forbund_slug=forbund.slug, team_meeting_id=item.meeting_id)
    return render(
        request,
        "openentry/review.html",
        {
            "forbund": forbund,
            "item": item,
            "intake": intake,
            "form": form,
            "parts": parts,
            "search": forms.CatalogueSearchForm(forbund=forbund),
        },
        status=_status(form),
    )


@login_required
def referrals(request, forbund_slug: str):
    forbund = forbund_for(request, forbund_slug, Capability.HANDLE_PARTICIPANTS)
    scope = participant_access.handler_scope(request.user, forbund)
    parts = (
        RecommendationPart.objects.filter(intervention_id__in=scope, intervention__forbund=forbund)
        .select_related("intervention", "item__request", "item__meeting__team", "participation")
        .order_by("referral_status", "-item__meeting__date")
    )
    return render(request, "openentry/referrals.html", {"forbund": forbund, "parts": parts})


@login_required
def referral(request, forbund_slug: str, part_id: int):
    forbund = forbund_for(request, forbund_slug, Capability.HANDLE_PARTICIPANTS)
    part = get_object_or_404(
        RecommendationPart.objects.select_related("intervention", "item__meeting__team"),
        intervention__forbund=forbund,
        pk=part_id,
    )
    if (
        part.intervention is None
        or not participant_access.check_intervention(request.user, forbund, part.intervention).allowed
    ):
        raise Http404(_("Remissen finns inte bland dina insatser."))
    intake = access.get_request_for(request.user, forbund, part.item.request_id, purpose=_("Remiss"))
    accept = forms.AcceptForm(request.POST if request.POST.get("decision") == "accept" else None)
    decline = forms.DeclineForm(request.POST if request.POST.get("decision") == "decline" else None)
    if request.method == "POST" and part.referral_status == ReferralStatus.PENDING:
        if accept.is_bound and accept.is_valid():
            result = _try(accept, actions.accept_referral, request.user, part, **accept.cleaned_data)
            if result is not None:
                participation, warning = result
                if warning:
                    messages.warning(request, warning)
                messages.success(request, _("Personen är inskriven i insatsen."))
                return redirect(
                    "participants:detail", forbund_slug=forbund.slug, participant_id=participation.participant_id
                )
        elif (
            decline.is_bound
            and decline.is_valid()
            and _try(decline, actions.decline_referral, request.user, part, **decline.cleaned_data) is not None
        ):
            messages.success(request, _("Remissen är avböjd; teamet ser skälet."))
            return redirect("openentry:referrals", forbund_slug=forbund.slug)
    bound = accept if accept.is_bound else decline if decline.is_bound else None
    return render(
        request,
        "openentry/referral.html",
        {"forbund": forbund, "part": part, "intake": intake, "accept": accept, "decline": decline},
        status=_status(bound),
    )


def _request_form(request, forbund_slug, request_id, form_class, action, title, success, **form_kwargs):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_TEAMS)
    intake = access.get_request_for(request.user, forbund, request_id, purpose=str(title))
    form = form_class(request.POST or None, forbund=forbund, **form_kwargs)
    if (
        request.method == "POST"
        and form.is_valid()
        and _try(form, action, request.user, intake, **form.cleaned_data) is not None
    ):
        messages.success(request, success)
        return redirect("openentry:request", forbund_slug=forbund.slug, request_id=intake.pk)
    return render(
        request,
        "openentry/form.html",
        {"forbund": forbund, "form": form, "title": title, "intake": intake},
        status=_status(form),
    )


@login_required
def samsip(request, forbund_slug: str, request_id):
    return _request_form(
        request,
        forbund_slug,
        request_id,
        forms.SamsipForm,
        actions.record_samsip,
        _("Registrera SAMSIP"),
        _("SAMSIP-mötet är registrerat."),
    )


@login_required
def prestep_start(request, forbund_slug: str, request_id):
    return _request_form(
        request,
        forbund_slug,
        request_id,
        forms.PrestepStartForm,
        actions.start_prestep,
        _("Börja i försteg"),
        _("Förstegets tid har börjat."),
    )


@login_required
def prestep_stay(request, forbund_slug: str, stay_id: int):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_TEAMS)
    stay = get_object_or_404(
        PrestepStay.objects.select_related("prestep", "request"), prestep__forbund=forbund, pk=stay_id
    )
    access.get_request_for(request.user, forbund, stay.request_id, purpose=_("Försteg"))
    follow = forms.PrestepFollowUpForm(request.POST if request.POST.get("step") == "follow_up" else None)
    end = forms.PrestepEndForm(request.POST if request.POST.get("step") == "end" else None)
    for form, action, success in (
        (follow, actions.follow_up_prestep, _("Uppföljningen är sparad.")),
        (end, actions.end_prestep, _("Förstegets tid är avslutad.")),
    ):
        if form.is_bound and form.is_valid() and _try(form, action, request.user, stay, **form.cleaned_data):
            messages.success(request, success)
            return redirect("openentry:request", forbund_slug=forbund.slug, request_id=stay.request_id)
    stay.overrun = stay.is_overrun()
    bound = follow if follow.is_bound else end if end.is_bound else None
    return render(
        request,
        "openentry/prestep.html",
        {"forbund": forbund, "stay": stay, "follow": follow, "end": end},
        status=_status(bound),
    )


@login_required
def gaps(request, forbund_slug: str):
    """The register of system gaps: no personal data, so the board may read it."""
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_SYSTEM_GAPS)
    form = forms.GapForm(request.POST or None, forbund=forbund)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if _try(form, actions.report_gap, request.user, data.pop("team"), **data) is not None:
            messages.success(request, _("Systemfelet är registrerat."))
            return redirect("openentry:gaps", forbund_slug=forbund.slug)
    rows = SystemGap.objects.filter(team__forbund=forbund).select_related("team", "sent_to")
    return render(
        request,
        "openentry/gaps.html",
        {
            "forbund": forbund,
            "gaps": rows,
            "form": form,
            "may_report": permissions.check(request.user, forbund, Capability.MANAGE_TEAMS).allowed
            or any(workflow.team_parties(request.user, t) for t in forbund.teams.all()),
        },
        status=_status(form),
    )


@login_required
def gap_detail(request, forbund_slug: str, gap_id: int):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_SYSTEM_GAPS)
    gap = get_object_or_404(SystemGap.objects.select_related("team", "sent_to"), team__forbund=forbund, pk=gap_id)
    form = forms.GapAnswerForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _try(form, actions.answer_gap, request.user, gap, **form.cleaned_data) is not None
    ):
        messages.success(request, _("Svaret är sparat."))
        return redirect("openentry:gaps", forbund_slug=forbund.slug)
    return render(request, "openentry/gap.html", {"forbund": forbund, "gap": gap, "form": form}, status=_status(form))


def search_catalogue(forbund, data):
    form = forms.CatalogueSearchForm(data, forbund=forbund)
    entries = CatalogueEntry.objects.filter(forbund=forbund).select_related("provider", "intervention")
    if form.is_valid():
        q, age, income, kommun = (form.cleaned_data[k] for k in ("q", "age", "income", "kommun"))
        if q:
            entries = entries.filter(
                Q(name__icontains=q) | Q(description__icontains=q) | Q(provider__name__icontains=q)
            )
        if age is not None:
            entries = entries.filter(Q(age_min__isnull=True) | Q(age_min__lte=age)).filter(
                Q(age_max__isnull=True) | Q(age_max__gte=age)
            )
        if income:
            # Entries without an income requirement are open to every income source.
            wanted = [e.pk for e in entries if not e.income_sources or income in e.income_sources]
            entries = entries.filter(pk__in=wanted)
        if kommun is not None:
            entries = entries.filter(Q(kommuner=kommun) | Q(kommuner__isnull=True)).distinct()
    return form, entries.prefetch_related("kommuner")


@login_required
def catalogue(request, forbund_slug: str):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_CATALOGUE)
    form, entries = search_catalogue(forbund, request.GET or None)
    template = "openentry/_catalogue_rows.html" if request.headers.get("HX-Request") else "openentry/catalogue.html"
    may_manage = permissions.check(request.user, forbund, Capability.MANAGE_TEAMS).allowed
    return render(request, template, {"forbund": forbund, "search": form, "entries": entries, "may_manage": may_manage})


@login_required
def statistics(request, forbund_slug: str, team_id: int):
    """Suppressed like every other statistic outside the participant handler's own insatser (DOMAIN.md §6.5)."""
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_TEAMS)
    team = _team(forbund, team_id)
    threshold = forbund.suppression_threshold
    return render(
        request,
        "openentry/statistics.html",
        {
            "forbund": forbund,
            "team": team,
            "threshold": threshold,
            "stats": queries.published_team_statistics(team, threshold),
        },
    )


@login_required
def placements(request, forbund_slug: str):
    forbund = forbund_for(request, forbund_slug, Capability.HANDLE_PARTICIPANTS)
    stays = participant_access.list_participations_for(
        request.user, forbund, query="placements", purpose=_("Placeringar")
    ).filter(discharge_date__isnull=True)
    form = forms.PlacementForm(request.POST or None, forbund=forbund, participations=stays)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if _try(form, actions.add_placement, request.user, data.pop("participation"), **data) is not None:
            messages.success(request, _("Placeringen är sparad."))
            return redirect("openentry:placements", forbund_slug=forbund.slug)
    rows = Placement.objects.filter(
        participation__intervention_id__in=participant_access.handler_scope(request.user, forbund)
    ).select_related("agreement", "participation__participant", "participation__intervention", "supervisor_employer")
    return render(
        request,
        "openentry/placements.html",
        {"forbund": forbund, "placements": rows, "form": form, "agreements": forbund.placement_agreements.all()},
        status=_status(form),
    )


# --- Set-up for the förbund's administrators and office: teams and the catalogue ---------------------------


@login_required
def setup(request, forbund_slug: str):
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_TEAMS)
    return render(
        request,
        "openentry/setup.html",
        {
            "forbund": forbund,
            "teams": forbund.teams.select_related("leader").prefetch_related("seats__member", "seats__holder"),
            "entries": CatalogueEntry.objects.filter(forbund=forbund).select_related("provider", "intervention"),
            "presteps": forbund.presteps.select_related("provider"),
            "agreements": forbund.placement_agreements.all(),
            "members": forbund.members.select_related("samsip_contact"),
        },
    )


def _setup_page(request, forbund, saved, success: str, title: str, status: int, **context):
    """After a set-up form: back to the set-up list when saved, else the form again with what to fix."""
    if saved is not None:
        messages.success(request, success)
        return redirect("openentry:setup", forbund_slug=forbund.slug)
    return render(request, "openentry/setup_form.html", {"forbund": forbund, "title": title, **context}, status=status)


@login_required
def team_edit(request, forbund_slug: str, team_id: int | None = None):
    """Create or change a team with one seat row per member, saved together."""
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_TEAMS)
    team = _team(forbund, team_id) if team_id is not None else None
    data = request.POST if request.method == "POST" else None
    form = forms.TeamForm(data, instance=team, forbund=forbund)
    seats = forms.seat_formset(data, forbund=forbund, team=team)
    saved = None
    if data is not None and form.is_valid() and seats.is_valid():
        members = {m.pk: m for m in forbund.members.all()}
        rows = [{**row, "member": members[row["member"]]} for row in seats.cleaned_data if row["member"] in members]
        fields = dict(form.cleaned_data)
        version = fields.pop(STALE_FIELD)
        saved = _try(
            form, actions.save_team, request.user, forbund, team, expected_version=version, seats=rows, **fields
        )
    return _setup_page(
        request,
        forbund,
        saved,
        _("Teamet %(team)s är sparat.") % {"team": saved.name} if saved else "",
        _("Ändra %(team)s") % {"team": team.name} if team else _("Nytt samverkansteam"),
        400 if form.errors or (seats.is_bound and not seats.is_valid()) else 200,
        form=form,
        seats=seats,
    )


@login_required
def entry_edit(request, forbund_slug: str, entry_id: int | None = None):
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_TEAMS)
    entry = get_object_or_404(CatalogueEntry, forbund=forbund, pk=entry_id) if entry_id is not None else None
    form = forms.CatalogueEntryForm(request.POST or None, instance=entry, forbund=forbund)
    saved = None
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        version = fields.pop(STALE_FIELD)
        fields["kommuner"] = list(fields["kommuner"])
        if entry is None:
            saved = _try(form, actions.create_catalogue_entry, request.user, forbund, **fields)
        else:
            saved = _try(form, actions.update_catalogue_entry, request.user, entry, expected_version=version, **fields)
    return _setup_page(
        request,
        forbund,
        saved,
        _("%(name)s är sparad i katalogen.") % {"name": saved.name} if saved else "",
        _("Ändra %(name)s") % {"name": entry.name} if entry else _("Ny post i insatskatalogen"),
        _status(form),
        form=form,
    )


def _create_page(request, forbund, form, action, success, title: str):
    saved = None
    if request.method == "POST" and form.is_valid():
        saved = _try(form, action, request.user, forbund, **form.cleaned_data)
    return _setup_page(request, forbund, saved, success(saved) if saved else "", title, _status(form), form=form)


@login_required
def prestep_new(request, forbund_slug: str):
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_TEAMS)
    form = forms.PrestepSetupForm(request.POST or None, forbund=forbund)
    return _create_page(
        request,
        forbund,
        form,
        actions.create_prestep,
        lambda saved: _("Försteget %(name)s är upplagt.") % {"name": saved.name},
        _("Nytt försteg"),
    )


@login_required
def agreement_new(request, forbund_slug: str):
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_TEAMS)
    return _create_page(
        request,
        forbund,
        forms.AgreementForm(request.POST or None),
        actions.create_agreement,
        lambda saved: _("Avtalet med %(employer)s är sparat.") % {"employer": saved.employer},
        _("Nytt avtal om platser"),
    )


@login_required
def samsip_contact(request, forbund_slug: str, member_id: int):
    """The member's SAMSIP contact, whom the teams call when a coordinated plan is needed."""
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_TEAMS)
    member = get_object_or_404(forbund.members, pk=member_id)
    form = forms.SamsipContactForm(request.POST or None)
    saved = None
    if request.method == "POST" and form.is_valid():
        saved = _try(form, actions.set_samsip_contact, request.user, member, **form.cleaned_data)
    return _setup_page(
        request,
        forbund,
        saved,
        _("SAMSIP-ombudet för %(member)s är sparat.") % {"member": member.name},
        _("SAMSIP-ombud för %(member)s") % {"member": member.name},
        _status(form),
        form=form,
    )
