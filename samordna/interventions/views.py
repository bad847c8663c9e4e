"""The intervention catalogue (insatskatalog) and an insats's page, readable by every role of the förbund."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from samordna.finance import actions as finance_actions
from samordna.finance.queries import intervention_budget
from samordna.instruments.permissions import check_handouts
from samordna.lib.errors import Refused
from samordna.lib.forms import add_validation_errors
from samordna.tenancy.permissions import Capability
from samordna.tenancy.views import forbund_for

from . import actions, forms, permissions, queries
from .forms import VolumeCountForm
from .models import InterventionKind


@login_required
def catalogue(request, forbund_slug: str):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_CATALOGUE)
    return render(
        request,
        "interventions/catalogue.html",
        {
            "forbund": forbund,
            "interventions": queries.catalogue(forbund),
            "can_create": permissions.check_create(request.user, forbund).allowed,
        },
    )


def _require_office(request, forbund) -> None:
    decision = permissions.check_create(request.user, forbund)
    if not decision.allowed:
        raise Refused(decision.reason)


@login_required
def create(request, forbund_slug: str):
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_INTERVENTIONS)
    _require_office(request, forbund)
    return _plan_page(request, forbund, None)


@login_required
def edit(request, forbund_slug: str, intervention_id: int):
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_INTERVENTIONS)
    _require_office(request, forbund)
    return _plan_page(request, forbund, _insats(forbund, intervention_id))


def _plan_page(request, forbund, intervention):
    """The insats form with its goals and budget lists. Everything is saved by one action, or nothing is."""
    data = request.POST or None
    members = forbund.members.order_by("party_type", "name")
    form = forms.InterventionForm(data, instance=intervention, forbund=forbund)
    goals = forms.GoalFormSet(data, prefix="goals", initial=forms.goal_initial(intervention) if intervention else None)
    budget = forms.BudgetFormSet(
        data,
        prefix="budget",
        initial=forms.budget_initial(intervention) if intervention else None,
        form_kwargs={"members": members},
    )
    if request.method == "POST" and form.is_valid() and goals.is_valid() and budget.is_valid():
        try:
            saved = actions.save_intervention_plan(
                request.user,
                forbund,
                intervention,
                fields=form.intervention_fields(),
                goals=forms.changed_rows(goals),
                budget_lines=forms.changed_rows(budget),
                report_kinds=form.cleaned_data["report_kinds"],
                due_months_after=form.cleaned_data["due_months_after"],
                expected_version=form.cleaned_data.get("expected_version"),
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Insatsen är sparad."))
            return redirect("interventions:detail", forbund_slug=forbund.slug, intervention_id=saved.pk)
    invalid = form.errors or goals.total_error_count() or budget.total_error_count()
    return render(
        request,
        "interventions/plan_form.html",
        {"forbund": forbund, "intervention": intervention, "form": form, "goals": goals, "budget": budget},
        status=400 if request.method == "POST" and invalid else 200,
    )


def _insats(forbund, intervention_id: int):
    intervention = queries.detail(forbund, intervention_id)
    if intervention is None:
        raise Http404(_("Insatsen finns inte i förbundet."))
    return intervention


@login_required
def detail(request, forbund_slug: str, intervention_id: int):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_CATALOGUE)
    intervention = _insats(forbund, intervention_id)
    reports_volume = (
        intervention.kind == InterventionKind.STRUCTURAL
        and permissions.check_report_volume(request.user, intervention).allowed
    )
    return render(
        request,
        "interventions/detail.html",
        {
            "forbund": forbund,
            "intervention": intervention,
            "controller": queries.data_controller(intervention),
            "budget": intervention_budget(intervention),
            "can_edit": permissions.check_create(request.user, forbund).allowed,
            "can_manage_goals": permissions.check_manage(request.user, intervention).allowed,
            "hands_out_survey_codes": check_handouts(request.user, intervention).allowed,
            "reports_volume": reports_volume,
            "volumes": queries.volume_counts(intervention) if reports_volume else [],
        },
    )


def _require_volume_reporter(request, intervention) -> None:
    decision = permissions.check_report_volume(request.user, intervention)
    if not decision.allowed:
        raise Refused(decision.reason)


@login_required
def volume(request, forbund_slug: str, intervention_id: int):
    """The volume counts of a structural insats, with a form to add one."""
    forbund = forbund_for(request, forbund_slug, Capability.SUBMIT_INSATS_REPORTS)
    intervention = _insats(forbund, intervention_id)
    _require_volume_reporter(request, intervention)
    return _volume_page(request, forbund, intervention, None)


@login_required
def volume_edit(request, forbund_slug: str, volume_id: int):
    forbund = forbund_for(request, forbund_slug, Capability.SUBMIT_INSATS_REPORTS)
    instance = queries.volume_count(forbund, volume_id)
    if instance is None:
        raise Http404(_("Volymuppgiften finns inte."))
    _require_volume_reporter(request, instance.intervention)
    return _volume_page(request, forbund, instance.intervention, instance)


def _volume_page(request, forbund, intervention, instance):
    form = VolumeCountForm(request.POST or None, instance=instance, forbund=forbund)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected = data.pop("expected_version", None)
        try:
            if instance is None:
                actions.record_volume_count(request.user, intervention, **data)
            else:
                actions.update_volume_count(request.user, instance, expected_version=expected, **data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Volymuppgiften är sparad."))
            return redirect("interventions:volume", forbund_slug=forbund.slug, intervention_id=intervention.pk)
    return render(
        request,
        "interventions/volume.html",
        {
            "forbund": forbund,
            "intervention": intervention,
            "form": form,
            "editing": instance,
            "volumes": queries.volume_counts(intervention),
        },
        status=400 if form.errors else 200,
    )


@login_required
def goals(request, forbund_slug: str, intervention_id: int):
    """The goals of one insats, added, changed and removed one at a time by the office or the insats's manager."""
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_INTERVENTIONS)
    intervention = _insats(forbund, intervention_id)
    decision = permissions.check_manage(request.user, intervention)
    if not decision.allowed:
        raise Refused(decision.reason)
    existing = {goal.pk: goal for goal in intervention.goals.all()}
    which, posted = request.POST.get("form", ""), request.POST.get("goal", "")
    add_form = forms.GoalFieldsForm(request.POST if which == "add" else None, prefix="new")
    if request.method == "POST":
        goal = existing.get(int(posted)) if posted.isascii() and posted.isdigit() else None
        if which != "add" and goal is None:
            raise Http404(_("Målet finns inte i insatsen."))
        if which == "remove" and goal is not None:
            actions.remove_goal(request.user, goal)
            messages.success(request, _("Målet är borttaget."))
            return redirect(request.path)
        form = add_form if which == "add" else forms.GoalFieldsForm(request.POST, prefix=f"goal-{posted}")
        if form.is_valid():
            try:
                if goal is None:
                    actions.add_goal(request.user, intervention, **form.cleaned_data)
                else:
                    actions.update_goal(request.user, goal, **form.cleaned_data)
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, _("Målet är sparat."))
                return redirect(request.path)
    rows = [
        (
            goal,
            forms.GoalFieldsForm(request.POST, prefix=f"goal-{pk}")
            if request.method == "POST" and posted == str(pk)
            else forms.GoalFieldsForm(
                prefix=f"goal-{pk}", initial={name: getattr(goal, name) for name in actions.GOAL_FIELDS}
            ),
        )
        for pk, goal in existing.items()
    ]
    return render(
        request,
        "interventions/goals.html",
        {"forbund": forbund, "intervention": intervention, "rows": rows, "add_form": add_form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def budget(request, forbund_slug: str, intervention_id: int):
    """The budget and staffing lines of one insats, added, changed and removed one at a time by the office or the
    insats's manager. Lines of a year whose förbund budget is adopted, and the board's grant lines, are refused."""
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_INTERVENTIONS)
    intervention = _insats(forbund, intervention_id)
    decision = permissions.check_manage(request.user, intervention)
    if not decision.allowed:
        raise Refused(decision.reason)
    members = forbund.members.order_by("party_type", "name")
    existing = {line.pk: line for line in intervention.finance_budget_lines.select_related("grant", "financier_member")}
    which, posted = request.POST.get("form", ""), request.POST.get("line", "")
    add_form = forms.BudgetLineFieldsForm(request.POST if which == "add" else None, prefix="new", members=members)
    failed = None
    if request.method == "POST":
        line = existing.get(int(posted)) if posted.isascii() and posted.isdigit() else None
        if which != "add" and line is None:
            raise Http404(_("Budgetraden finns inte i insatsen."))
        if which == "remove" and line is not None:
            try:
                finance_actions.remove_intervention_budget_line(request.user, line)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Budgetraden är borttagen."))
            return redirect(request.path)
        form = (
            add_form
            if which == "add"
            else forms.BudgetLineFieldsForm(request.POST, prefix=f"line-{posted}", members=members)
        )
        try:
            if form.is_valid():
                if line is None:
                    finance_actions.save_intervention_budget_line(request.user, intervention, **form.cleaned_data)
                else:
                    finance_actions.update_intervention_budget_line(request.user, line, **form.cleaned_data)
                messages.success(request, _("Budgetraden är sparad."))
                return redirect(request.path)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        failed = form
    rows = [
        (
            line,
            failed
            if failed is not None and posted == str(pk)
            else forms.BudgetLineFieldsForm(
                prefix=f"line-{pk}", initial=forms.budget_line_initial(line), members=members
            ),
        )
        for pk, line in existing.items()
    ]
    return render(
        request,
        "interventions/budget.html",
        {
            "forbund": forbund,
            "intervention": intervention,
            "rows": rows,
            "add_form": add_form,
            "budget": intervention_budget(intervention),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def controller(request, forbund_slug: str, intervention_id: int):
    """Who is controller (personuppgiftsansvarig) of the insats's participant data, set by the admin or office."""
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_INTERVENTIONS)
    _require_office(request, forbund)
    intervention = _insats(forbund, intervention_id)
    if intervention.kind != InterventionKind.INDIVIDUAL:
        raise Http404(_("En strukturövergripande insats har inga deltagare och därför ingen personuppgiftsansvarig."))
    current = queries.data_controller(intervention)
    form = forms.DataControllerForm(request.POST or None, forbund=forbund, initial=forms.controller_initial(current))
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_data_controller(request.user, intervention, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Personuppgiftsansvaret för insatsen är sparat."))
            return redirect("interventions:detail", forbund_slug=forbund.slug, intervention_id=intervention.pk)
    return render(
        request,
        "interventions/controller.html",
        {"forbund": forbund, "intervention": intervention, "form": form, "controller": current},
        status=400 if form.errors else 200,
    )
