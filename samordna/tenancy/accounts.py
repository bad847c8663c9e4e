"""Passwords and logins: changing your own password (a temporary one at the first login), a reset by e-mail
where e-mail is configured, and the förbund admin's page for one user: a new temporary password, a lost second
factor, deactivation, and the employer of a participant handler."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samordna.lib.forms import add_validation_errors

from . import actions, permissions
from .forms import ChangePasswordForm, EmailSetPasswordForm, EmployerForm, ResetPasswordForm
from .http import AuthenticatedHttpRequest
from .mail import email_configured
from .middleware import SESSION_KEY
from .models import Role, RoleAssignment, User
from .permissions import Capability
from .views import forbund_for


@login_required
def password_change(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if permissions.requires_second_factor(user) and not request.session.get(SESSION_KEY):
        return redirect("tenancy:second_factor")
    form = ChangePasswordForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_password(user, form.cleaned_data["new_password"])
        except ValidationError as exc:
            add_validation_errors(form, ValidationError({"new_password": exc.messages}))
        else:
            update_session_auth_hash(request, user)
            messages.success(request, _("Ditt lösenord är bytt."))
            return redirect("home")
    return render(
        request,
        "tenancy/password_change.html",
        {"form": form, "temporary": user.must_change_password},
        status=400 if form.errors else 200,
    )


def _account(request: AuthenticatedHttpRequest, forbund_slug: str, user_id: int):
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_USERS)
    ids = RoleAssignment.objects.filter(forbund=forbund).values("user_id")
    return forbund, get_object_or_404(User, pk=user_id, pk__in=ids)


@login_required
def account(request: AuthenticatedHttpRequest, forbund_slug: str, user_id: int) -> HttpResponse:
    """One user of the förbund, for its admin: roles, a new temporary password, the second factor, the login."""
    forbund, target = _account(request, forbund_slug, user_id)
    form = ResetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.reset_password(request.user, forbund, target, form.cleaned_data["temporary_password"])
        except ValidationError as exc:
            add_validation_errors(form, ValidationError({"temporary_password": exc.messages}))
        else:
            messages.success(
                request,
                _("%(name)s har ett tillfälligt lösenord och byter det vid nästa inloggning.")
                % {"name": target.display_name()},
            )
            return redirect("tenancy:account", forbund_slug=forbund.slug, user_id=target.pk)
    return _account_page(request, forbund, target, form=form)


def _account_page(request, forbund, target, *, form=None, employer_form=None):
    roles = RoleAssignment.objects.filter(forbund=forbund, user=target).select_related("employer")
    handler = next((r for r in roles if r.role == Role.PARTICIPANT_HANDLER), None)
    if handler is not None and employer_form is None:
        employer_form = EmployerForm(forbund=forbund, prefix="employer")
    return render(
        request,
        "tenancy/account.html",
        {
            "forbund": forbund,
            "target": target,
            "form": form or ResetPasswordForm(),
            "roles": roles,
            "handler": handler,
            "employer_form": employer_form,
        },
        status=400
        if (form is not None and form.errors) or (employer_form is not None and employer_form.errors)
        else 200,
    )


@login_required
@require_POST
def role_employer(request: AuthenticatedHttpRequest, forbund_slug: str, user_id: int) -> HttpResponse:
    """The admin records which member (or the förbund) employs a participant handler."""
    forbund, target = _account(request, forbund_slug, user_id)
    assignment = get_object_or_404(RoleAssignment, forbund=forbund, user=target, role=Role.PARTICIPANT_HANDLER)
    form = EmployerForm(request.POST, forbund=forbund, prefix="employer")
    if form.is_valid():
        employer, by_forbund = form.employer_choice()
        try:
            actions.set_role_employer(request.user, assignment, employer=employer, by_forbund=by_forbund)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s är anställd av %(employer)s.")
                % {"name": target.display_name(), "employer": assignment.employer_label},
            )
            return redirect("tenancy:account", forbund_slug=forbund.slug, user_id=target.pk)
    return _account_page(request, forbund, target, employer_form=form)


def _account_step(request: AuthenticatedHttpRequest, forbund_slug: str, user_id: int, step, done: str):
    forbund, target = _account(request, forbund_slug, user_id)
    try:
        step(forbund, target)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done % {"name": target.display_name()})
    return redirect("tenancy:account", forbund_slug=forbund.slug, user_id=target.pk)


@login_required
@require_POST
def reset_second_factor(request: AuthenticatedHttpRequest, forbund_slug: str, user_id: int) -> HttpResponse:
    return _account_step(
        request,
        forbund_slug,
        user_id,
        lambda forbund, target: actions.reset_second_factor(request.user, forbund, target),
        _("%(name)s lägger upp tvåstegsverifieringen på nytt vid nästa inloggning."),
    )


@login_required
@require_POST
def set_active(request: AuthenticatedHttpRequest, forbund_slug: str, user_id: int) -> HttpResponse:
    active = request.POST.get("active") == "1"
    return _account_step(
        request,
        forbund_slug,
        user_id,
        lambda forbund, target: actions.set_user_active(request.user, forbund, target, active),
        _("%(name)s kan logga in igen.") if active else _("%(name)s kan inte längre logga in. Historiken finns kvar."),
    )


class _EmailOnly:
    def dispatch(self, request: HttpRequest, *args, **kwargs):
        if not email_configured():
            raise Http404(_("Återställning via e-post är inte påslagen här. Be förbundets administratör om hjälp."))
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class PasswordResetView(_EmailOnly, auth_views.PasswordResetView):
    template_name = "tenancy/password_reset.html"
    email_template_name = "tenancy/password_reset_email.txt"
    subject_template_name = "tenancy/password_reset_subject.txt"
    success_url = reverse_lazy("tenancy:password_reset_sent")


class PasswordResetSentView(_EmailOnly, auth_views.PasswordResetDoneView):
    template_name = "tenancy/password_reset_sent.html"


class PasswordResetConfirmView(_EmailOnly, auth_views.PasswordResetConfirmView):
    template_name = "tenancy/password_reset_confirm.html"
    form_class = EmailSetPasswordForm
    success_url = reverse_lazy("tenancy:password_reset_done")


class PasswordResetDoneView(_EmailOnly, auth_views.PasswordResetCompleteView):
    template_name = "tenancy/password_reset_done.html"
