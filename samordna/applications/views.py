"""Pages for applications: the list, the form, the workflow steps and the register."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samordna.finance.queries import economic_room
from samordna.lib import attachments
from samordna.lib.errors import Refused
from samordna.lib.forms import add_validation_errors
from samordna.meetings.queries import is_public
from samordna.tenancy import permissions
from samordna.tenancy.permissions import Capability
from samordna.tenancy.views import forbund_for

from . import actions, forms, queries
from .models import ConditionStatus, State
from .workflow import (
    OFFICE_ROLES,
    TRANSITIONS,
    available_transitions,
    check_attach,
    check_condition,
    check_edit,
    check_register_request,
)

# The room for new projects is shown once the board is about to decide, and next to the decision.
ROOM_STATES = (State.PREPARED, State.ON_AGENDA, State.DECIDED)


@login_required
def application_list(request, forbund_slug: str):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_APPLICATIONS)
    applications = queries.with_applied_amount(
        queries.visible_applications(request.user, forbund).select_related("decision")
    )
    return render(
        request,
        "applications/list.html",
        {
            "forbund": forbund,
            "applications": applications,
            "can_create": permissions.check(request.user, forbund, Capability.CREATE_APPLICATION).allowed,
            "can_see_register": permissions.check(request.user, forbund, Capability.VIEW_APPLICATION_REGISTER).allowed,
        },
    )


@login_required
def application_new(request, forbund_slug: str):
    forbund = forbund_for(request, forbund_slug, Capability.CREATE_APPLICATION)
    form = forms.ApplicationForm(
        request.POST or None, forbund=forbund, allow_request=check_register_request(request.user, forbund).allowed
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = actions.save_form(
                request.user,
                forbund,
                sections=form.sections_data(),
                involved_parties=form.cleaned_data["involved_parties"],
                signatories=form.signatory_data(),
                **form.applicant_data(),
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Utkastet är sparat. Fyll i budgeten per år."))
            return redirect("applications:edit", forbund_slug=forbund.slug, application_id=application.pk)
    return render(
        request,
        "applications/form.html",
        {"forbund": forbund, "form": form, "application": None},
        status=400 if form.errors else 200,
    )


@login_required
def application_edit(request, forbund_slug: str, application_id: int):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_APPLICATIONS)
    application = queries.application_for(request.user, forbund, application_id)
    decision = check_edit(request.user, application)
    if not decision.allowed:
        raise Refused(decision.reason)
    form = forms.ApplicationForm(
        request.POST or None,
        instance=application,
        forbund=forbund,
        allow_request=check_register_request(request.user, forbund).allowed,
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_form(
                request.user,
                forbund,
                application,
                sections=form.sections_data(),
                involved_parties=form.cleaned_data["involved_parties"],
                signatories=form.signatory_data(),
                budget=form.budget_data(),
                expected_version=form.cleaned_data["expected_version"],
                **form.applicant_data(),
            )
        except ValidationError as exc:
            application.refresh_from_db()
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Ansökan är sparad."))
            return redirect("applications:detail", forbund_slug=forbund.slug, application_id=application.pk)
    return render(
        request,
        "applications/form.html",
        {"forbund": forbund, "form": form, "application": application},
        status=400 if form.errors else 200,
    )


def _step_forms(request, forbund, application, data=None, step=None):
    """One form per available step; the one posted is bound to `data`."""
    makers = {
        "submit": lambda d: forms.SubmitForm(
            d, office=bool(permissions.roles_in(request.user, forbund) & OFFICE_ROLES)
        ),
        "return_for_completion": lambda d: forms.ReturnForm(d),
        "start_preparation": lambda d: None,
        "review": lambda d: forms.ReviewForm(d),
        "put_on_agenda": lambda d: forms.AgendaForm(d, forbund=forbund),
        "decide": lambda d: forms.DecisionForm(d, forbund=forbund, application=application),
    }
    return [
        (t, makers[t.name](data if t.name == step else None)) for t in available_transitions(request.user, application)
    ]


@login_required
def application_detail(request, forbund_slug: str, application_id: int, step: str | None = None, status: int = 200):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_APPLICATIONS)
    application = queries.application_for(request.user, forbund, application_id)
    steps = getattr(request, "_application_steps", None) or _step_forms(request, forbund, application)
    decision = getattr(application, "decision", None)
    paragraph = decision.paragraph if decision else None
    sees_finance = permissions.check(request.user, forbund, Capability.VIEW_FINANCE).allowed
    return render(
        request,
        "applications/detail.html",
        {
            "forbund": forbund,
            "application": application,
            "table": queries.budget_table(application),
            "missing": queries.missing_for_submission(application) if application.state == "DRAFT" else [],
            "can_edit": check_edit(request.user, application).allowed,
            "steps": steps,
            "review": getattr(application, "review", None),
            "decision": decision,
            "motivation_reused": queries.motivation_reused(application),
            "extract_paragraph": paragraph if paragraph and is_public(paragraph.minutes) else None,
            "economic_room": economic_room(application) if sees_finance and application.state in ROOM_STATES else None,
            "attachments": application.attachments.all(),
            "can_attach": check_attach(request.user, application).allowed,
            "can_change_grant": decision is not None
            and decision.amount > 0
            and decision.condition_status != ConditionStatus.FAILED
            and check_condition(request.user, application).allowed,
            "upload_form": getattr(request, "_upload_form", None) or attachments.UploadForm(),
            "condition_form": forms.ConditionForm()
            if decision
            and decision.condition_status == ConditionStatus.OPEN
            and check_condition(request.user, application).allowed
            else None,
        },
        status=status,
    )


@login_required
@require_POST
def application_step(request, forbund_slug: str, application_id: int, transition: str):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_APPLICATIONS)
    application = queries.application_for(request.user, forbund, application_id)
    if transition not in TRANSITIONS:
        raise Http404(_("Steget finns inte."))
    steps = _step_forms(request, forbund, application, request.POST, transition)
    form = next((f for t, f in steps if t.name == transition), None)
    if not any(t.name == transition for t, _f in steps):
        from .workflow import check_transition

        raise Refused(check_transition(request.user, application, transition).reason)
    if form is not None and not form.is_valid():
        request._application_steps = steps
        return application_detail(request, forbund_slug, application_id, status=400)
    data = form.cleaned_data if form is not None else {}
    user = request.user
    try:
        if transition == "submit":
            actions.submit(user, application, received_date=data.get("received_date"))
        elif transition == "return_for_completion":
            actions.return_for_completion(user, application, reason=data["reason"])
        elif transition == "start_preparation":
            actions.start_preparation(user, application)
        elif transition == "review":
            actions.review(user, application, **data)
        elif transition == "put_on_agenda":
            proposal = [data["proposal"]] if data.get("proposal") else []
            actions.put_on_agenda(user, application, data["meeting"], proposal=proposal)
        elif transition == "decide" and form is not None:
            actions.decide(user, application, **form.decision_data())
    except ValidationError as exc:
        if form is None:
            messages.error(request, " ".join(exc.messages))
            return redirect("applications:detail", forbund_slug=forbund.slug, application_id=application.pk)
        add_validation_errors(form, exc)
        request._application_steps = steps
        return application_detail(request, forbund_slug, application_id, status=400)
    messages.success(request, _("Klart: %(step)s.") % {"step": TRANSITIONS[transition].label})
    return redirect("applications:detail", forbund_slug=forbund.slug, application_id=application.pk)


@login_required
def application_register(request, forbund_slug: str):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_APPLICATION_REGISTER)
    return render(
        request,
        "applications/register.html",
        {"forbund": forbund, "rows": queries.register(forbund), "conditions": queries.conditional_decisions(forbund)},
    )


@login_required
@require_POST
def settle_condition(request, forbund_slug: str, application_id: int):
    """The office marks the condition of a conditional grant met or not met."""
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_APPLICATIONS)
    application = queries.application_for(request.user, forbund, application_id)
    allowed = check_condition(request.user, application)
    if not allowed.allowed:
        raise Refused(allowed.reason)
    form = forms.ConditionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ange om villkoret är uppfyllt och vilket datum det bedömdes."))
        return application_detail(request, forbund_slug, application_id, status=400)
    try:
        actions.settle_condition(request.user, application, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return application_detail(request, forbund_slug, application_id, status=400)
    messages.success(request, _("Villkoret är uppföljt."))
    return redirect("applications:detail", forbund_slug=forbund.slug, application_id=application.pk)


@login_required
@require_POST
def attach(request, forbund_slug: str, application_id: int):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_APPLICATIONS)
    application = queries.application_for(request.user, forbund, application_id)
    allowed = check_attach(request.user, application)
    if not allowed.allowed:
        raise Refused(allowed.reason)
    form = attachments.take_upload(request, lambda file: actions.attach(request.user, application, file))
    if form.errors:
        request._upload_form = form
        return application_detail(request, forbund_slug, application_id, status=400)
    messages.success(request, _("Bilagan är sparad."))
    return redirect("applications:detail", forbund_slug=forbund.slug, application_id=application.pk)


@login_required
def attachment(request, forbund_slug: str, application_id: int, attachment_id: int):
    """GET downloads the file for whoever may see the application; POST removes it."""
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_APPLICATIONS)
    application = queries.application_for(request.user, forbund, application_id)
    file = get_object_or_404(application.attachments, pk=attachment_id)
    if request.method != "POST":
        return attachments.download(file)
    try:
        actions.remove_attachment(request.user, file)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Bilagan är borttagen."))
    return redirect("applications:detail", forbund_slug=forbund.slug, application_id=application.pk)


@login_required
def budget_lines(request, forbund_slug: str, application_id: int):
    """The detailed budget of a draft (R7), written by the applicant or the office: lines replace the earlier ones."""
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_APPLICATIONS)
    application = queries.application_for(request.user, forbund, application_id)
    decision = check_edit(request.user, application)
    if not decision.allowed:
        raise Refused(decision.reason)
    initial = [
        {name: getattr(line, name) for name in ("description", "category", "monthly_cost", "months", "lump_sum")}
        for line in application.budget_lines.all()
    ]
    formset = forms.DetailLineFormSet(request.POST or None, prefix="lines", initial=initial)
    error = ""
    if request.method == "POST" and formset.is_valid():
        lines = [row for row in (form.line() for form in formset.forms) if row is not None]
        try:
            actions.set_budget_lines(request.user, application, lines)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Den detaljerade budgeten är sparad."))
            return redirect("applications:detail", forbund_slug=forbund.slug, application_id=application.pk)
    return render(
        request,
        "applications/budget_lines.html",
        {
            "forbund": forbund,
            "application": application,
            "formset": formset,
            "error": error,
            "table": queries.budget_table(application),
        },
        status=400 if request.method == "POST" else 200,
    )


def _decision_to_change(request, forbund, application_id: int):
    application = queries.application_for(request.user, forbund, application_id)
    allowed = check_condition(request.user, application)
    if not allowed.allowed:
        raise Refused(allowed.reason)
    decision = getattr(application, "decision", None)
    if decision is None or not decision.amount:
        raise Http404(_("Ansökan har inget beviljat bidrag."))
    return application, decision


@login_required
def change_grant(request, forbund_slug: str, application_id: int):
    """The office changes a grant's years as the board decided: the split corrected, or a later decision."""
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_APPLICATIONS)
    application, decision = _decision_to_change(request, forbund, application_id)
    form = forms.GrantChangeForm(request.POST or None, forbund=forbund, application=application, decision=decision)
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_grant(request.user, application, **form.change_data())
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Det beviljade bidraget är ändrat."))
            return redirect("applications:detail", forbund_slug=forbund.slug, application_id=application.pk)
    return render(
        request,
        "applications/change_grant.html",
        {"forbund": forbund, "application": application, "decision": decision, "form": form},
        status=400 if request.method == "POST" else 200,
    )
