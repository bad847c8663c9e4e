"""Login with a second factor, the förbund pages, users and roles."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from samordna.lib.errors import Refused
from samordna.lib.forms import add_validation_errors

from . import actions, lockout, permissions, twofactor
from .dashboard import sections_for
from .forms import (
    AssignRoleForm,
    CodeForm,
    CreateUserForm,
    DpoContactForm,
    ForbundSettingsForm,
    LoginForm,
    MemberInvoicingForm,
)
from .http import AuthenticatedHttpRequest
from .mail import email_configured
from .middleware import SESSION_KEY
from .models import BoardSeat, Forbund, Member, RoleAssignment, User, seats_in_force
from .permissions import Capability

PENDING_USER = "samordna_pending_user"
PENDING_AT = "samordna_pending_at"
PENDING_SECRET = "samordna_pending_secret"  # a session key name, not a secret  # nosec B105
PENDING_SECONDS = 300


def forbund_for(request: AuthenticatedHttpRequest, slug: str, capability: Capability) -> Forbund:
    """Fetch the förbund in the URL and authorise the user for `capability` in it.

    A user with no role in the förbund gets 404, so that other tenants' slugs reveal nothing;
    a user with a role but not this capability gets 403 with the reason.
    """
    forbund = Forbund.objects.filter(slug=slug).first()
    if forbund is None or not permissions.roles_in(request.user, forbund):
        raise Http404(_("Förbundet finns inte eller så har du ingen roll i det."))
    decision = permissions.check(request.user, forbund, capability)
    if not decision.allowed:
        raise Refused(decision.reason)
    request.forbund = forbund
    return forbund


# --- Logging in ------------------------------------------------------------------------------


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return settings.LOGIN_REDIRECT_URL


def _refusal() -> str:
    """The one answer to a refused login: wrong name, wrong password, a locked account and an unknown one alike."""
    return _(
        "Fel användarnamn eller lösenord, eller så är kontot tillfälligt låst efter för många misslyckade försök. "
        "Vänta %(minutes)s minuter och försök igen, eller be förbundets administratör om hjälp."
    ) % {"minutes": settings.LOGIN_LOCKOUT_MINUTES}


def _address_refusal() -> str:
    return _("För många misslyckade inloggningar från din anslutning. Vänta %(minutes)s minuter och försök igen.") % {
        "minutes": settings.LOGIN_LOCKOUT_MINUTES
    }


def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.session.get(SESSION_KEY):
        return redirect("home")
    form = LoginForm(request.POST or None)
    error = ""
    status = 200
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        address = lockout.client_address(request)
        candidate = User.objects.filter(username__iexact=username, is_active=True).first()
        refused = lockout.refused(username, address, candidate)
        # The hasher runs once whatever happens, so that the time of the answer tells nothing either.
        matches = lockout.password_matches(candidate, form.cleaned_data["password"], refused=refused)
        if lockout.address_locked(address):
            error, status = _address_refusal(), 429
        elif refused or not matches or candidate is None:
            if not refused:
                actions.register_failed_login(username, address, candidate)
            error, status = _refusal(), 400
        elif permissions.requires_second_factor(candidate) or lockout.name_locked(username):
            # Past a lock on the name, the right password is not enough: the second factor must follow.
            request.session[PENDING_USER] = candidate.pk
            request.session[PENDING_AT] = time.time()
            request.session["samordna_next"] = _safe_next(request)
            return redirect("tenancy:second_factor")
        else:
            login(request, candidate, backend="django.contrib.auth.backends.ModelBackend")
            request.session[SESSION_KEY] = False
            actions.register_successful_login(candidate, second_factor=False)
            return redirect(_safe_next(request))
    return render(
        request,
        "tenancy/login.html",
        {"form": form, "error": error, "next": request.GET.get("next", ""), "reset_by_email": email_configured()},
        status=status,
    )


def _second_factor_user(request: HttpRequest) -> User | None:
    if request.user.is_authenticated:
        return request.user
    pk, started = request.session.get(PENDING_USER), request.session.get(PENDING_AT, 0)
    if pk is None or time.time() - started > PENDING_SECONDS:
        return None
    return User.objects.filter(pk=pk, is_active=True).first()


def _complete_login(request: HttpRequest, user: User) -> HttpResponse:
    target = request.session.pop("samordna_next", settings.LOGIN_REDIRECT_URL)
    if not request.user.is_authenticated:
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    for key in (PENDING_USER, PENDING_AT, PENDING_SECRET):
        request.session.pop(key, None)
    request.session[SESSION_KEY] = True
    actions.register_successful_login(user, second_factor=True)
    return redirect(target)


def second_factor_view(request: HttpRequest) -> HttpResponse:
    user = _second_factor_user(request)
    if user is None:
        messages.info(request, _("Logga in igen, inloggningen hann gå ut."))
        return redirect("tenancy:login")
    if not user.has_totp:
        return redirect("tenancy:enrol")
    address = lockout.client_address(request)
    if lockout.refused(user.get_username(), address, user):
        error = _address_refusal() if lockout.address_locked(address) else _refusal()
        return render(request, "tenancy/second_factor.html", {"form": CodeForm(), "error": error}, status=400)
    form = CodeForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        step = twofactor.matching_step(user.totp_secret, form.cleaned_data["code"])
        if step is not None and actions.accept_totp_step(user, step):
            return _complete_login(request, user)
        actions.register_failed_login(user.get_username(), address, user)
        error = (
            _refusal()
            if lockout.refused(user.get_username(), address, user)
            else _("Koden stämmer inte. Ta nästa kod från appen och försök igen.")
        )
    return render(request, "tenancy/second_factor.html", {"form": form, "error": error}, status=400 if error else 200)


def enrol_view(request: HttpRequest) -> HttpResponse:
    user = _second_factor_user(request)
    if user is None:
        return redirect("tenancy:login")
    if user.has_totp:
        return redirect("tenancy:second_factor")
    secret = request.session.get(PENDING_SECRET) or twofactor.new_secret()
    request.session[PENDING_SECRET] = secret
    form = CodeForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        step = twofactor.matching_step(secret, form.cleaned_data["code"])
        if step is not None:
            actions.enrol_totp(user, secret, step)
            user.refresh_from_db()
            return _complete_login(request, user)
        error = _("Koden stämmer inte. Kontrollera att appen visar koden för Samordna och försök igen.")
    uri = twofactor.provisioning_uri(secret, user.get_username())
    return render(
        request,
        "tenancy/enrol.html",
        {
            "form": form,
            "error": error,
            "secret": secret,
            "qr": twofactor.qr_svg(uri),
        },
        status=400 if error else 200,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("Du är utloggad."))
    return redirect("tenancy:login")


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and monitoring: the process answers. The view itself touches no database."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement (tillgänglighetsredogörelse), open to everyone, signed in or not."""
    return render(
        request,
        "tenancy/accessibility.html",
        {"contact": settings.ACCESSIBILITY_CONTACT, "contact_is_email": "@" in settings.ACCESSIBILITY_CONTACT},
    )


# --- Förbund pages ---------------------------------------------------------------------------


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    mine = permissions.forbund_of_user(request.user)
    if len(mine) == 1:
        return redirect("tenancy:dashboard", forbund_slug=mine[0].slug)
    return render(request, "tenancy/choose_forbund.html", {"choices": mine})


@login_required
def dashboard(request: AuthenticatedHttpRequest, forbund_slug: str) -> HttpResponse:
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_DASHBOARD)
    roles = permissions.roles_in(request.user, forbund)
    sections = sections_for(request.user, forbund, roles, timezone.localdate())
    return render(request, "tenancy/dashboard.html", {"forbund": forbund, "sections": sections})


@login_required
def forbund_detail(request: AuthenticatedHttpRequest, forbund_slug: str) -> HttpResponse:
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_FORBUND)
    today = timezone.localdate()
    seats = seats_in_force(forbund, today)
    seats_day = today
    if not seats.exists():
        # Show the latest term on record rather than an empty board when no term covers today.
        latest = BoardSeat.objects.filter(member__forbund=forbund).order_by("-term_end").first()
        if latest is not None:
            seats_day = latest.term_end
            seats = seats_in_force(forbund, seats_day)
    return render(
        request,
        "tenancy/forbund_detail.html",
        {
            "forbund": forbund,
            "members": forbund.members.select_related("kommun"),
            "statutes": forbund.statutes.all(),
            "statutes_now": forbund.statutes_on(today),
            "seats": seats.select_related("member", "deputy_for"),
            "seats_day": seats_day if seats_day != today else None,
            "kommuner": forbund.kommuner.all(),
            "preparatory": forbund.preparatory_members.select_related("member"),
            "can_manage": permissions.check(request.user, forbund, Capability.MANAGE_FORBUND).allowed,
        },
    )


@login_required
def forbund_settings(request: AuthenticatedHttpRequest, forbund_slug: str) -> HttpResponse:
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_FORBUND)
    form = ForbundSettingsForm(request.POST or None, instance=Forbund.objects.get(pk=forbund.pk))
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_forbund(
                request.user,
                forbund,
                expected_version=form.cleaned_data["expected_version"],
                **{f: form.cleaned_data[f] for f in form.Meta.fields},
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Inställningarna är sparade."))
            return redirect("tenancy:forbund", forbund_slug=forbund.slug)
    return render(
        request,
        "tenancy/forbund_settings.html",
        {"forbund": forbund, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def member_invoicing(request: AuthenticatedHttpRequest, forbund_slug: str, member_id: int) -> HttpResponse:
    """The member's organisation number, invoice address and reference, which its invoices cannot go without."""
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_FORBUND)
    member = get_object_or_404(Member, pk=member_id, forbund=forbund)
    form = MemberInvoicingForm(request.POST or None, instance=Member.objects.get(pk=member.pk))
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_member_invoicing(request.user, member, **{f: form.cleaned_data[f] for f in form.Meta.fields})
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Uppgifterna om %(member)s är sparade.") % {"member": member.name})
            if request.POST.get("next"):
                return redirect(_safe_next(request))
            return redirect("tenancy:forbund", forbund_slug=forbund.slug)
    return render(
        request,
        "tenancy/member_invoicing.html",
        {"forbund": forbund, "member": member, "form": form, "next": request.GET.get("next", "")},
        status=400 if form.errors else 200,
    )


@login_required
def users(request: AuthenticatedHttpRequest, forbund_slug: str) -> HttpResponse:
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_USERS)
    can_manage = permissions.check(request.user, forbund, Capability.MANAGE_USERS).allowed
    assign_form = AssignRoleForm(forbund=forbund)
    create_form = CreateUserForm(prefix="create")
    status = 200
    if request.method == "POST":
        if not can_manage:
            raise Refused(permissions.check(request.user, forbund, Capability.MANAGE_USERS).reason)
        if request.POST.get("form") == "create":
            create_form = CreateUserForm(request.POST, prefix="create")
            if create_form.is_valid():
                data = dict(create_form.cleaned_data)
                try:
                    actions.create_user(request.user, forbund, **data)
                except ValidationError as exc:
                    add_validation_errors(create_form, exc)
                else:
                    messages.success(
                        request,
                        _("Användaren %(name)s är skapad. Ge den en roll nedan.") % {"name": data["username"]},
                    )
                    return redirect("tenancy:users", forbund_slug=forbund.slug)
        else:
            assign_form = AssignRoleForm(request.POST, forbund=forbund)
            if assign_form.is_valid():
                data = assign_form.cleaned_data
                target = User.objects.filter(username__iexact=data["username"], is_active=True).first()
                if target is None:
                    assign_form.add_error(
                        "username", _("Det finns ingen användare med det namnet. Skapa användaren först.")
                    )
                else:
                    held = RoleAssignment.objects.filter(user=target, forbund=forbund, role=data["role"]).first()
                    try:
                        if held is not None and data["interventions"]:
                            # The role is held already: the insatser chosen are added to its scope.
                            actions.add_role_interventions(request.user, held, data["interventions"])
                        else:
                            actions.assign_role(
                                request.user,
                                forbund,
                                target,
                                data["role"],
                                interventions=data["interventions"],
                                valid_from=data["valid_from"],
                                valid_to=data["valid_to"],
                            )
                    except ValidationError as exc:
                        add_validation_errors(assign_form, exc)
                    else:
                        messages.success(request, _("Rollen är tilldelad."))
                        return redirect("tenancy:users", forbund_slug=forbund.slug)
        status = 400
    assignments = (
        RoleAssignment.objects.filter(forbund=forbund)
        .select_related("user", "employer", "forbund")
        .prefetch_related("interventions")
        .order_by("user__last_name", "user__username", "role")
    )
    return render(
        request,
        "tenancy/users.html",
        {
            "forbund": forbund,
            "assignments": assignments,
            "can_manage": can_manage,
            "assign_form": assign_form,
            "create_form": create_form,
        },
        status=status,
    )


@login_required
@require_POST
def revoke_role(request: AuthenticatedHttpRequest, forbund_slug: str, assignment_id: int) -> HttpResponse:
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_USERS)
    assignment = get_object_or_404(RoleAssignment, pk=assignment_id, forbund=forbund)
    try:
        actions.revoke_role(request.user, assignment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Rollen är borttagen."))
    return redirect("tenancy:users", forbund_slug=forbund.slug)


@login_required
def dpo_contact(request: AuthenticatedHttpRequest, forbund_slug: str, member_id: int | None = None) -> HttpResponse:
    """The data protection officer of the förbund or of one member, whom the record of processing names."""
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_FORBUND)
    member = get_object_or_404(Member, pk=member_id, forbund=forbund) if member_id is not None else None
    party = member if member is not None else forbund
    form = DpoContactForm(request.POST or None, initial={name: getattr(party, name) for name in actions.DPO_FIELDS})
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_dpo_contact(request.user, forbund, member, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Dataskyddsombudet för %(party)s är sparat.") % {"party": party.name})
            return redirect("tenancy:forbund", forbund_slug=forbund.slug)
    return render(
        request,
        "tenancy/dpo_contact.html",
        {"forbund": forbund, "party": party, "form": form},
        status=400 if form.errors else 200,
    )
