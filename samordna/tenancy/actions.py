"""Every write to förbund, members, the board, users and roles. Each checks, changes and logs in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.audit.actions import diff, record
from samordna.lib.errors import Refused
from samordna.lib.versioning import save_with_version

from . import lockout, permissions
from .models import BoardSeat, Forbund, LoginFailure, Member, Role, RoleAssignment, Statutes, User
from .permissions import Capability


def _require(decision: permissions.Decision) -> None:
    if not decision.allowed:
        raise Refused(decision.reason)


@transaction.atomic
def create_forbund(actor: User | None, **fields) -> Forbund:
    """System admins create tenants. `actor=None` is the operator's console (demo, createforbund)."""
    if actor is not None:
        _require(permissions.check_system_admin(actor))
    kommuner = fields.pop("kommuner", [])
    forbund = Forbund(**fields)
    forbund.full_clean()
    forbund.save()
    forbund.kommuner.set(kommuner)
    record(actor, "forbund.create", forbund, forbund=forbund, changes={"name": forbund.name})
    return forbund


FORBUND_SETTINGS = [
    "name",
    "org_number",
    "address",
    "postal_code",
    "city",
    "bankgiro",
    "plusgiro",
    "website",
    "notice_board",
    "storage_place",
    "registration_start",
    "suppression_threshold",
    "equity_cap_percent",
    "invoice_frequency",
    "paragraph_numbering",
    "paragraph_start",
    "handler_may_sit_on_board",
    "warn_dpo_is_controller_delegate",
    "mail_sender_name",
    "mail_reply_to",
]


@transaction.atomic
def update_forbund(actor: User, forbund: Forbund, *, expected_version: int | None = None, **changes) -> Forbund:
    _require(permissions.check(actor, forbund, Capability.MANAGE_FORBUND))
    forbund = Forbund.objects.select_for_update().get(pk=forbund.pk)
    before = {name: getattr(forbund, name) for name in FORBUND_SETTINGS}
    for name, value in changes.items():
        if name not in FORBUND_SETTINGS:
            raise ValidationError(_("Fältet %(field)s kan inte ändras här.") % {"field": name})
        setattr(forbund, name, value)
    forbund.full_clean()
    save_with_version(forbund, expected_version)
    record(actor, "forbund.update", forbund, forbund=forbund, changes=diff(forbund, before, FORBUND_SETTINGS))
    return forbund


@transaction.atomic
def add_statutes(actor: User | None, forbund: Forbund, **fields) -> Statutes:
    if actor is not None:
        _require(permissions.check(actor, forbund, Capability.MANAGE_FORBUND))
    statutes = Statutes(forbund=forbund, **fields)
    statutes.full_clean()
    statutes.save()
    record(actor, "statutes.add", statutes, forbund=forbund, changes={"valid_from": str(statutes.valid_from)})
    return statutes


@transaction.atomic
def add_member(actor: User | None, forbund: Forbund, **fields) -> Member:
    if actor is not None:
        _require(permissions.check(actor, forbund, Capability.MANAGE_FORBUND))
    member = Member(forbund=forbund, **fields)
    member.full_clean()
    member.save()
    record(actor, "member.add", member, forbund=forbund, changes={"party_type": member.party_type})
    return member


MEMBER_INVOICING = ["org_number", "address", "postal_code", "city", "invoice_reference"]


@transaction.atomic
def update_member_invoicing(actor: User, member: Member, **changes) -> Member:
    """Set what the member's invoices need: organisation number, postal address and the member's reference."""
    _require(permissions.check(actor, member.forbund, Capability.MANAGE_FORBUND))
    member = Member.objects.select_for_update().get(pk=member.pk)
    before = {name: getattr(member, name) for name in MEMBER_INVOICING}
    for name, value in changes.items():
        if name not in MEMBER_INVOICING:
            raise ValidationError(_("Fältet %(field)s kan inte ändras här.") % {"field": name})
        setattr(member, name, value)
    member.full_clean()
    member.save()
    record(actor, "member.update", member, forbund=member.forbund, changes=diff(member, before, MEMBER_INVOICING))
    return member


@transaction.atomic
def add_board_seat(actor: User | None, member: Member, **fields) -> BoardSeat:
    forbund = member.forbund
    if actor is not None:
        _require(permissions.check(actor, forbund, Capability.MANAGE_FORBUND))
    seat = BoardSeat(member=member, **fields)
    seat.full_clean()
    seat.save()
    record(actor, "board_seat.add", seat, forbund=forbund, changes={"role": seat.role, "office": seat.office})
    return seat


@transaction.atomic
def assign_role(
    actor: User | None,
    forbund: Forbund,
    user: User,
    role: Role,
    *,
    interventions: Iterable = (),
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> RoleAssignment:
    """Give `user` a role in `forbund`, refusing combinations that SUS forbids, with the reason."""
    role = Role(role)
    if actor is not None:
        _require(permissions.check(actor, forbund, Capability.MANAGE_USERS))
    # Lock the user row so that two concurrent assignments cannot both pass the combination check.
    User.objects.select_for_update().filter(pk=user.pk).first()
    combination = permissions.check_role_combination(user, forbund, role)
    if not combination.allowed:
        raise ValidationError(combination.reason, code="role_combination")
    interventions = list(interventions)
    if any(i.forbund_id != forbund.pk for i in interventions):
        raise ValidationError(_("Insatserna måste höra till samma förbund som rollen."))
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationError(_("Slutdatumet för rollen ligger före startdatumet."))
    assignment = RoleAssignment.objects.create(
        user=user, forbund=forbund, role=role, valid_from=valid_from, valid_to=valid_to
    )
    assignment.interventions.set(interventions)
    record(
        actor,
        "role.assign",
        assignment,
        forbund=forbund,
        changes={
            "user": user.get_username(),
            "role": role.value,
            "interventions": [i.registration_no for i in interventions],
        },
    )
    return assignment


@transaction.atomic
def add_role_interventions(actor: User | None, assignment: RoleAssignment, interventions: Iterable) -> RoleAssignment:
    """Widen a role limited to insatser by more insatser of its förbund; those it has already stay."""
    forbund = assignment.forbund
    if actor is not None:
        _require(permissions.check(actor, forbund, Capability.MANAGE_USERS))
    assignment = RoleAssignment.objects.select_for_update().select_related("user").get(pk=assignment.pk)
    interventions = list(interventions)
    if any(i.forbund_id != forbund.pk for i in interventions):
        raise ValidationError(_("Insatserna måste höra till samma förbund som rollen."))
    held = set(assignment.interventions.values_list("pk", flat=True))
    added = [i for i in interventions if i.pk not in held]
    if not added:
        return assignment
    assignment.interventions.add(*added)
    record(
        actor,
        "role.scope",
        assignment,
        forbund=forbund,
        changes={
            "user": assignment.user.get_username(),
            "role": assignment.role,
            "added": sorted(i.registration_no for i in added),
        },
    )
    return assignment


@transaction.atomic
def revoke_role(actor: User, assignment: RoleAssignment) -> None:
    forbund = assignment.forbund
    _require(permissions.check(actor, forbund, Capability.MANAGE_USERS))
    if assignment.user_id == actor.pk and assignment.role == Role.FORBUND_ADMIN:
        raise ValidationError(_("Du kan inte ta bort din egen administratörsroll. Be en annan administratör."))
    record(
        actor,
        "role.revoke",
        assignment,
        forbund=forbund,
        changes={"user": assignment.user.get_username(), "role": assignment.role},
    )
    assignment.delete()


@transaction.atomic
def create_user(actor: User | None, forbund: Forbund | None, *, username: str, password: str, **fields) -> User:
    """Create a login. In a förbund, its admin may create users; on the console, the operator."""
    if actor is not None:
        if forbund is None:
            _require(permissions.check_system_admin(actor))
        else:
            _require(permissions.check(actor, forbund, Capability.MANAGE_USERS))
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("Användarnamnet %(name)s är upptaget. Välj ett annat.") % {"name": username})
    user = User(username=username, **fields)
    from django.contrib.auth.password_validation import validate_password

    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    record(actor, "user.create", user, forbund=forbund, changes={"username": username})
    return user


@transaction.atomic
def set_system_admin(actor: User | None, user: User, value: bool) -> User:
    if actor is not None:
        _require(permissions.check_system_admin(actor))
    if value and RoleAssignment.objects.filter(user=user, role=Role.PARTICIPANT_HANDLER).exists():
        raise ValidationError(_("En deltagaransvarig kan inte bli systemadministratör."))
    user.is_system_admin = value
    user.is_staff = value
    user.is_superuser = value
    user.save(update_fields=["is_system_admin", "is_staff", "is_superuser"])
    record(actor, "user.system_admin", user, changes={"is_system_admin": value})
    return user


# --- Authentication events -------------------------------------------------------------------


@transaction.atomic
def register_failed_login(username: str, address: str, user: User | None = None) -> None:
    """Count a wrong password or code against the name typed and the client's address.

    The audit log gets an event when the name belongs to an account (`login.locked` when this failure locks it).
    """
    now = timezone.now()
    LoginFailure.objects.filter(at__lt=lockout.window_start(now)).delete()
    LoginFailure.objects.create(username=lockout.name_key(username), address=address, at=now)
    if user is not None:
        failures = LoginFailure.objects.filter(username=lockout.name_key(username), at__gte=lockout.window_start(now))
        changes: dict[str, int | str] = {"failed_logins": failures.count(), "address": address}
        locked = changes["failed_logins"] == settings.LOGIN_MAX_FAILURES
        record(None, "login.locked" if locked else "login.failed", user, changes=changes)


@transaction.atomic
def register_successful_login(user: User, *, second_factor: bool) -> None:
    User.objects.filter(pk=user.pk).update(last_login=timezone.now())
    LoginFailure.objects.filter(username=lockout.name_key(user.get_username())).delete()
    record(user, "login.success", user, changes={"second_factor": second_factor})


@transaction.atomic
def enrol_totp(user: User, secret: str, step: int) -> None:
    User.objects.filter(pk=user.pk).update(totp_secret=secret, totp_confirmed_at=timezone.now(), totp_last_step=step)
    record(user, "totp.enrol", user)


@transaction.atomic
def accept_totp_step(user: User, step: int) -> bool:
    """Remember the time step of an accepted code so that the same code cannot be used twice."""
    updated = User.objects.filter(pk=user.pk, totp_last_step__lt=step).update(totp_last_step=step)
    return bool(updated)
