"""Every write to förbund, members, the board, users and roles. Each checks, changes and logs in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.audit.actions import diff, record
from samordna.lib.dates import refuse_future
from samordna.lib.errors import Refused
from samordna.lib.versioning import save_with_version

from . import lockout, permissions
from .models import (
    BoardOffice,
    BoardRole,
    BoardSeat,
    Forbund,
    Kommun,
    LoginFailure,
    Member,
    PreparatoryMember,
    Role,
    RoleAssignment,
    Statutes,
    User,
)
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
    forbund = Forbund.objects.select_for_update(no_key=True).get(pk=forbund.pk)
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
    if Statutes.objects.filter(forbund=forbund, valid_from=statutes.valid_from).exists():
        raise ValidationError(
            {"valid_from": _("Det finns redan en version som gäller från %(day)s.") % {"day": statutes.valid_from}}
        )
    statutes.full_clean()
    statutes.save()
    changes: dict[str, object] = {"valid_from": str(statutes.valid_from)}
    in_force = forbund.statutes_on(timezone.localdate())
    if statutes.equity_cap_percent is not None and in_force is not None and in_force.pk == statutes.pk:
        # The cap the statutes set is the one the economic report uses from now on.
        Forbund.objects.filter(pk=forbund.pk).update(equity_cap_percent=statutes.equity_cap_percent)
        changes["equity_cap_percent"] = str(statutes.equity_cap_percent)
    record(actor, "statutes.add", statutes, forbund=forbund, changes=changes)
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


@transaction.atomic
def end_membership(actor: User, member: Member, *, left: dt.date) -> Member:
    """Record a member's leaving (utträde) on `left`; its history and board seats until then stay."""
    _require(permissions.check(actor, member.forbund, Capability.MANAGE_FORBUND))
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.left:
        raise ValidationError({"left": _("%(member)s har redan lämnat förbundet.") % {"member": member.name}})
    member.left = left
    member.full_clean()
    member.save(update_fields=["left"])
    record(actor, "member.leave", member, forbund=member.forbund, changes={"left": str(left)})
    return member


@transaction.atomic
def set_kommuner(
    actor: User, forbund: Forbund, kommuner: Iterable[Kommun], *, new: Iterable[tuple[str, str]] = ()
) -> list[Kommun]:
    """Set the kommuner the förbund covers; `new` adds kommuner (SCB code, name) not yet in the register."""
    _require(permissions.check(actor, forbund, Capability.MANAGE_FORBUND))
    chosen = list(kommuner)
    for code, name in new:
        code, name = code.strip(), name.strip()
        if not (len(code) == 4 and code.isdigit()):
            raise ValidationError({"new_code": _("Kommunkoden är fyra siffror, till exempel 2482.")})
        if not name:
            raise ValidationError({"new_name": _("Skriv kommunens namn.")})
        existing = Kommun.objects.filter(code=code).first()
        if existing is not None and existing.name != name:
            raise ValidationError(
                {"new_code": _("Kod %(code)s är redan %(name)s.") % {"code": code, "name": existing.name}}
            )
        if existing is None and Kommun.objects.filter(name__iexact=name).exists():
            raise ValidationError({"new_name": _("%(name)s finns redan med en annan kod.") % {"name": name}})
        chosen.append(existing or Kommun.objects.create(code=code, name=name))
    members = Member.objects.filter(forbund=forbund, left__isnull=True, kommun__isnull=False)
    stranded = members.exclude(kommun__in=[k.pk for k in chosen]).first()
    if stranded is not None:
        raise ValidationError(
            {
                "kommuner": _("%(member)s är medlem och dess kommun kan inte tas bort. Registrera utträdet först.")
                % {"member": stranded.name}
            }
        )
    before = sorted(forbund.kommuner.values_list("code", flat=True))
    forbund.kommuner.set(chosen)
    after = sorted({k.code for k in chosen})
    record(actor, "forbund.kommuner", forbund, forbund=forbund, changes={"kommuner": [before, after]})
    return chosen


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


def _office_clash(member: Member, office: str, start: dt.date, end: dt.date, *, leaving: BoardSeat | None = None):
    """Refuse a second chair (or vice chair) whose term overlaps that of the one on record."""
    if not office:
        return
    clash = BoardSeat.objects.filter(
        member__forbund=member.forbund, office=office, term_start__lte=end, term_end__gte=start
    )
    if leaving is not None:
        clash = clash.exclude(pk=leaving.pk)
    holder = clash.first()
    if holder is not None:
        raise ValidationError(
            {
                "office": _("%(name)s är redan %(office)s under den mandatperioden.")
                % {"name": holder.person_name, "office": BoardOffice(office).label.lower()}
            }
        )


@transaction.atomic
def add_board_pair(
    actor: User,
    member: Member,
    *,
    ledamot: str,
    ersattare: str,
    term_start: dt.date,
    term_end: dt.date,
    office: str = "",
) -> tuple[BoardSeat, BoardSeat]:
    """The member's ledamot and the ersättare who serves for them, for one term."""
    _require(permissions.check(actor, member.forbund, Capability.MANAGE_FORBUND))
    if member.left and member.left < term_start:
        raise ValidationError(_("%(member)s har lämnat förbundet före mandatperioden.") % {"member": member.name})
    _office_clash(member, office, term_start, term_end)
    term = {"term_start": term_start, "term_end": term_end}
    seat = add_board_seat(actor, member, person_name=ledamot.strip(), role=BoardRole.LEDAMOT, office=office, **term)
    deputy = add_board_seat(
        actor, member, person_name=ersattare.strip(), role=BoardRole.ERSATTARE, deputy_for=seat, **term
    )
    return seat, deputy


@transaction.atomic
def end_board_seat(
    actor: User, seat: BoardSeat, *, ended_on: dt.date, successor: str = "", successor_from: dt.date | None = None
) -> BoardSeat | None:
    """A ledamot or ersättare leaves before the term ends; a successor, if named, sits for the rest of it.

    The successor takes over the seat's office, and a ledamot's ersättare serve for the successor from then on.
    """
    forbund = seat.member.forbund
    _require(permissions.check(actor, forbund, Capability.MANAGE_FORBUND))
    seat = BoardSeat.objects.select_for_update(of=("self", "member")).select_related("member__forbund").get(pk=seat.pk)
    refuse_future("ended_on", ended_on, _("Avgången kan inte ligga i framtiden: registrera den när den har skett."))
    if seat.ended_early:
        raise ValidationError(_("%(name)s har redan lämnat uppdraget.") % {"name": seat.person_name})
    if not seat.term_start <= ended_on < seat.term_end:
        raise ValidationError({"ended_on": _("Avgången ska ligga inom mandatperioden och före dess sista dag.")})
    original_end = seat.term_end
    seat.term_end, seat.ended_early = ended_on, True
    seat.full_clean()
    seat.save(update_fields=["term_end", "ended_early"])
    record(actor, "board_seat.end", seat, forbund=forbund, changes={"ended_on": str(ended_on)})
    if not successor.strip():
        return None
    start = successor_from or ended_on + dt.timedelta(days=1)
    if not ended_on < start <= original_end:
        raise ValidationError({"successor_from": _("Efterträdaren börjar efter avgången och inom mandatperioden.")})
    replacement = add_board_seat(
        actor,
        seat.member,
        person_name=successor.strip(),
        role=seat.role,
        office=seat.office,
        deputy_for=seat.deputy_for,
        term_start=start,
        term_end=original_end,
        replaces=seat,
    )
    seat.deputies.filter(term_end__gte=start).update(deputy_for=replacement)
    return replacement


@transaction.atomic
def add_preparatory_member(actor: User, forbund: Forbund, **fields) -> PreparatoryMember:
    _require(permissions.check(actor, forbund, Capability.MANAGE_FORBUND))
    person = PreparatoryMember(forbund=forbund, **fields)
    person.full_clean()
    person.save()
    record(
        actor,
        "preparatory.add",
        person,
        forbund=forbund,
        changes={"member": person.member.name if person.member else None, "joined": str(person.joined)},
    )
    return person


@transaction.atomic
def end_preparatory_member(actor: User, person: PreparatoryMember, *, left: dt.date) -> PreparatoryMember:
    _require(permissions.check(actor, person.forbund, Capability.MANAGE_FORBUND))
    person = PreparatoryMember.objects.select_for_update().get(pk=person.pk)
    if person.left:
        message = _("%(name)s har redan lämnat beredningsgruppen.") % {"name": person.person_name}
        raise ValidationError({"left": message})
    refuse_future("left", left, _("Slutdatumet kan inte ligga i framtiden."))
    person.left = left
    person.full_clean()
    person.save(update_fields=["left"])
    record(actor, "preparatory.end", person, forbund=person.forbund, changes={"left": str(left)})
    return person


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
    employer: Member | None = None,
    employed_by_forbund: bool = False,
) -> RoleAssignment:
    """Give `user` a role in `forbund`, refusing combinations that SUS forbids, with the reason.

    A participant handler's employer (a member, or the förbund) may be given at once or later
    (`set_role_employer`); without one the handler sees no personal data."""
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
    if (employer is not None or employed_by_forbund) and role != Role.PARTICIPANT_HANDLER:
        raise ValidationError(_("Arbetsgivare anges bara för deltagaransvariga."))
    if employer is not None and (employed_by_forbund or employer.forbund_id != forbund.pk):
        raise ValidationError(_("Välj en av förbundets egna medlemmar eller förbundet som arbetsgivare."))
    assignment = RoleAssignment.objects.create(
        user=user,
        forbund=forbund,
        role=role,
        valid_from=valid_from,
        valid_to=valid_to,
        employer=employer,
        employed_by_forbund=employed_by_forbund,
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
            **({"employer": assignment.employer_label} if assignment.employer_label else {}),
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
    validate_password(password, user)
    user.set_password(password)
    # A password chosen by someone else is temporary: the user replaces it at the first login.
    user.must_change_password = actor is not None
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


# --- Passwords, second factors and deactivation ----------------------------------------------------------


def _require_account_admin(actor: User, forbund: Forbund, user: User) -> None:
    """The förbund admin may manage a login only when it belongs to their förbund alone.

    A login with roles in another förbund, or a system admin's, is managed by the system admin.
    """
    _require(permissions.check(actor, forbund, Capability.MANAGE_USERS))
    if actor.is_system_admin:
        return
    elsewhere = RoleAssignment.objects.filter(user=user).exclude(forbund=forbund).exists()
    if not RoleAssignment.objects.filter(user=user, forbund=forbund).exists():
        raise Refused(_("Användaren har ingen roll i %(forbund)s.") % {"forbund": forbund.name})
    if user.is_system_admin or elsewhere:
        raise Refused(_("Användaren har roller i andra förbund. Be systemadministratören om hjälp."))


@transaction.atomic
def change_password(user: User, new_password: str) -> User:
    """The user sets their own password, which ends the duty to change a temporary one."""
    validate_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    record(user, "user.password", user)
    return user


@transaction.atomic
def reset_password(actor: User, forbund: Forbund, user: User, temporary_password: str) -> User:
    """Give a user a temporary password, to be changed at the next login."""
    _require_account_admin(actor, forbund, user)
    validate_password(temporary_password, user)
    user.set_password(temporary_password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    record(actor, "user.password_reset", user, forbund=forbund, changes={"username": user.get_username()})
    return user


@transaction.atomic
def reset_second_factor(actor: User, forbund: Forbund, user: User) -> User:
    """Forget a lost authenticator: at the next login the user sets up a new one."""
    _require_account_admin(actor, forbund, user)
    if actor.pk == user.pk:
        raise ValidationError(_("Du kan inte återställa din egen tvåstegsverifiering. Be en annan administratör."))
    if not user.totp_secret:
        raise ValidationError(_("Användaren har ingen tvåstegsverifiering att återställa."))
    User.objects.filter(pk=user.pk).update(totp_secret="", totp_confirmed_at=None, totp_last_step=0)  # nosec B106  # clears the second factor, no password
    user.refresh_from_db()
    record(actor, "totp.reset", user, forbund=forbund, changes={"username": user.get_username()})
    return user


@transaction.atomic
def set_user_active(actor: User, forbund: Forbund, user: User, active: bool) -> User:
    """Deactivate a login (it can no longer log in; its history stays) or let it log in again."""
    _require_account_admin(actor, forbund, user)
    if actor.pk == user.pk:
        raise ValidationError(_("Du kan inte stänga av ditt eget konto."))
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    record(
        actor,
        "user.activate" if active else "user.deactivate",
        user,
        forbund=forbund,
        changes={"username": user.get_username()},
    )
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


DPO_FIELDS = ["dpo_name", "dpo_email", "dpo_phone"]


@transaction.atomic
def set_dpo_contact(actor: User | None, forbund: Forbund, member: Member | None = None, **contact) -> Forbund | Member:
    """Record the data protection officer of the förbund (`member` None) or of one of its members."""
    if actor is not None:
        _require(permissions.check(actor, forbund, Capability.MANAGE_FORBUND))
    if member is not None and member.forbund_id != forbund.pk:
        raise ValidationError(_("Medlemmen hör inte till förbundet."))
    party: Forbund | Member = (
        Member.objects.select_for_update().get(pk=member.pk)
        if member is not None
        else Forbund.objects.select_for_update(no_key=True).get(pk=forbund.pk)
    )
    unknown = set(contact) - set(DPO_FIELDS)
    if unknown:
        raise ValidationError(_("Fältet %(field)s kan inte ändras här.") % {"field": ", ".join(sorted(unknown))})
    before = {name: getattr(party, name) for name in DPO_FIELDS}
    for name, value in contact.items():
        setattr(party, name, (value or "").strip())
    if not party.dpo_name and (party.dpo_email or party.dpo_phone):
        raise ValidationError({"dpo_name": _("Ange dataskyddsombudets namn.")})
    if party.dpo_name and not (party.dpo_email or party.dpo_phone):
        raise ValidationError({"dpo_email": _("Ange dataskyddsombudets e-post eller telefon, så att det går att nå.")})
    party.full_clean()
    party.save(update_fields=DPO_FIELDS)
    record(
        actor,
        "member.dpo" if member is not None else "forbund.dpo",
        party,
        forbund=forbund,
        changes=diff(party, before, DPO_FIELDS),
    )
    return party


@transaction.atomic
def set_role_employer(
    actor: User | None, assignment: RoleAssignment, *, employer: Member | None, by_forbund: bool = False
) -> RoleAssignment:
    """Record whose staff a participant handler is: a member, or the förbund itself. The handler then sees personal
    data only in the insatser of their role where that employer is controller."""
    forbund = assignment.forbund
    if actor is not None:
        _require(permissions.check(actor, forbund, Capability.MANAGE_USERS))
    assignment = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.role != Role.PARTICIPANT_HANDLER:
        raise ValidationError(_("Arbetsgivare anges bara för deltagaransvariga."))
    if by_forbund and employer is not None:
        raise ValidationError({"employer": _("Välj antingen en medlem eller förbundet, inte båda.")})
    if employer is not None and employer.forbund_id != forbund.pk:
        raise ValidationError({"employer": _("Välj bland förbundets egna medlemmar.")})
    before = assignment.employer_label or None
    assignment.employer = employer
    assignment.employed_by_forbund = by_forbund
    assignment.save(update_fields=["employer", "employed_by_forbund"])
    after = assignment.employer_label or None
    record(
        actor,
        "role.employer",
        assignment,
        forbund=forbund,
        changes={"user": assignment.user.get_username(), "employer": [before, after]},
    )
    return assignment
