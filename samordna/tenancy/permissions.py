"""Who may do what in a förbund: one policy table, checks that say why, and the role-combination rules.

Every check returns a `Decision` (allowed + reason) so that views, the API, the menu and the tests all
read the same answer. The table is the single source: the menu is derived from it too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Forbund, Role, RoleAssignment, User


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str

    def __bool__(self) -> bool:
        return self.allowed


class Capability(StrEnum):
    VIEW_DASHBOARD = "view_dashboard"
    VIEW_FORBUND = "view_forbund"
    MANAGE_FORBUND = "manage_forbund"
    VIEW_USERS = "view_users"
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT_LOG = "view_audit_log"
    VIEW_CATALOGUE = "view_catalogue"
    VIEW_APPLICATIONS = "view_applications"
    CREATE_APPLICATION = "create_application"
    VIEW_APPLICATION_REGISTER = "view_application_register"
    VIEW_MEETINGS = "view_meetings"
    MANAGE_MEETINGS = "manage_meetings"
    MANAGE_INTERVENTIONS = "manage_interventions"
    HANDLE_PARTICIPANTS = "handle_participants"
    IMPORT_PARTICIPANTS = "import_participants"
    MANAGE_INSTRUMENTS = "manage_instruments"
    VIEW_FINANCE = "view_finance"
    MANAGE_FINANCE = "manage_finance"
    VIEW_OWN_INSATS_FINANCE = "view_own_insats_finance"
    VIEW_REPORTING = "view_reporting"
    MANAGE_REPORTING = "manage_reporting"
    SUBMIT_INSATS_REPORTS = "submit_insats_reports"
    RESPOND_TO_AUDIT = "respond_to_audit"
    WRITE_AUDIT = "write_audit"
    VIEW_STATISTICS = "view_statistics"
    EXPORT_FINSAM = "export_finsam"
    VIEW_TEAMS = "view_teams"
    SIT_IN_TEAM = "sit_in_team"
    MANAGE_TEAMS = "manage_teams"
    FILE_INTAKE_REQUEST = "file_intake_request"
    VIEW_SYSTEM_GAPS = "view_system_gaps"
    MANAGE_PRIVACY = "manage_privacy"
    VIEW_PROCESSING_RECORDS = "view_processing_records"


ALL_ROLES = frozenset(Role)

# Capability -> the roles that hold it (DOMAIN.md §8). Participant data gets its own, scoped checks.
POLICY: dict[Capability, frozenset[Role]] = {
    Capability.VIEW_DASHBOARD: ALL_ROLES,
    Capability.VIEW_FORBUND: ALL_ROLES,
    Capability.MANAGE_FORBUND: frozenset({Role.FORBUND_ADMIN}),
    Capability.VIEW_USERS: frozenset({Role.FORBUND_ADMIN, Role.OFFICE}),
    Capability.MANAGE_USERS: frozenset({Role.FORBUND_ADMIN}),
    Capability.VIEW_AUDIT_LOG: frozenset({Role.FORBUND_ADMIN, Role.DPO}),
    Capability.VIEW_CATALOGUE: ALL_ROLES,
    # Applicants see only their own applications (applications.queries); the workflow table says who moves them.
    Capability.VIEW_APPLICATIONS: frozenset(
        {Role.FORBUND_ADMIN, Role.OFFICE, Role.BOARD_MEMBER, Role.PREPARATORY, Role.AUDITOR, Role.APPLICANT}
    ),
    Capability.CREATE_APPLICATION: frozenset({Role.FORBUND_ADMIN, Role.OFFICE, Role.APPLICANT}),
    Capability.VIEW_APPLICATION_REGISTER: frozenset(
        {Role.FORBUND_ADMIN, Role.OFFICE, Role.BOARD_MEMBER, Role.PREPARATORY, Role.AUDITOR}
    ),
    Capability.VIEW_MEETINGS: frozenset(
        {Role.FORBUND_ADMIN, Role.OFFICE, Role.BOARD_MEMBER, Role.PREPARATORY, Role.AUDITOR, Role.DPO}
    ),
    # Signing is open to whoever is named as chair, secretary or adjuster of the minutes (meetings.actions).
    Capability.MANAGE_MEETINGS: frozenset({Role.FORBUND_ADMIN, Role.OFFICE}),
    # Intervention managers hold these only for the insatser named in their role (interventions.permissions).
    Capability.MANAGE_INTERVENTIONS: frozenset({Role.FORBUND_ADMIN, Role.OFFICE, Role.INTERVENTION_MANAGER}),
    # Participant handlers see personal data only for their own insatser (participants.access).
    Capability.HANDLE_PARTICIPANTS: frozenset({Role.PARTICIPANT_HANDLER}),
    # The members hold the participants' data: only their handlers import it, into their own insatser.
    Capability.IMPORT_PARTICIPANTS: frozenset({Role.PARTICIPANT_HANDLER}),
    Capability.MANAGE_INSTRUMENTS: frozenset({Role.FORBUND_ADMIN, Role.OFFICE}),
    Capability.VIEW_FINANCE: frozenset({Role.FORBUND_ADMIN, Role.OFFICE, Role.BOARD_MEMBER, Role.AUDITOR}),
    Capability.MANAGE_FINANCE: frozenset({Role.FORBUND_ADMIN, Role.OFFICE}),
    # Scoped: the insatser named on the role assignment.
    Capability.VIEW_OWN_INSATS_FINANCE: frozenset({Role.INTERVENTION_MANAGER}),
    Capability.VIEW_REPORTING: frozenset({Role.FORBUND_ADMIN, Role.OFFICE, Role.BOARD_MEMBER, Role.AUDITOR}),
    Capability.MANAGE_REPORTING: frozenset({Role.FORBUND_ADMIN, Role.OFFICE}),
    # Managers and applicants only for the insatser on their role assignment.
    Capability.SUBMIT_INSATS_REPORTS: frozenset(
        {Role.FORBUND_ADMIN, Role.OFFICE, Role.INTERVENTION_MANAGER, Role.APPLICANT}
    ),
    Capability.RESPOND_TO_AUDIT: frozenset({Role.FORBUND_ADMIN}),
    Capability.WRITE_AUDIT: frozenset({Role.AUDITOR}),
    # Suppressed for all but participant handlers, and scoped for managers, applicants and handlers (stats.access).
    Capability.VIEW_STATISTICS: ALL_ROLES,
    # The Uppföljning Finsam export has exact counts: the director's task (DOMAIN.md §8).
    Capability.EXPORT_FINSAM: frozenset({Role.FORBUND_ADMIN}),
    # Open entry (openentry): members' staff sit in the collaboration teams through a TeamSeat and one of these
    # roles; they see a request's personal data only once it is on their own team's agenda (openentry.access).
    Capability.VIEW_TEAMS: frozenset(
        {Role.FORBUND_ADMIN, Role.OFFICE, Role.PREPARATORY, Role.INTERVENTION_MANAGER, Role.PARTICIPANT_HANDLER}
    ),
    Capability.SIT_IN_TEAM: frozenset({Role.PREPARATORY, Role.INTERVENTION_MANAGER, Role.PARTICIPANT_HANDLER}),
    Capability.MANAGE_TEAMS: frozenset({Role.FORBUND_ADMIN, Role.OFFICE}),
    # Requests carry personal data, so only the members' staff file them (a paper request too, by a seat of the
    # team); the förbund's admin and office set the teams up but never hold a request.
    Capability.FILE_INTAKE_REQUEST: frozenset({Role.PREPARATORY, Role.INTERVENTION_MANAGER, Role.PARTICIPANT_HANDLER}),
    # The data protection officer's tools: the retention plan, erasure on request, register extracts (privacy).
    Capability.MANAGE_PRIVACY: frozenset({Role.DPO}),
    # The record of processing (art. 30): the förbund's DPO for every controller, a handler for their employer's.
    Capability.VIEW_PROCESSING_RECORDS: frozenset({Role.DPO, Role.PARTICIPANT_HANDLER}),
    Capability.VIEW_SYSTEM_GAPS: frozenset(
        {
            Role.FORBUND_ADMIN,
            Role.OFFICE,
            Role.BOARD_MEMBER,
            Role.AUDITOR,
            Role.PREPARATORY,
            Role.INTERVENTION_MANAGER,
            Role.PARTICIPANT_HANDLER,
        }
    ),
}

# Roles whose holders see personal data: they must log in with a second factor.
PERSONAL_DATA_ROLES = frozenset({Role.FORBUND_ADMIN, Role.OFFICE, Role.PARTICIPANT_HANDLER, Role.DPO})

# "Whoever sees personal data does not administer" (SUS): the handler role excludes these.
EXCLUDED_WITH_HANDLER = frozenset({Role.FORBUND_ADMIN, Role.OFFICE, Role.DPO})


def roles_in(user: User, forbund: Forbund, day: dt.date | None = None) -> frozenset[Role]:
    """The roles `user` holds in `forbund` today (or on `day`). Cached per user object and day."""
    if not user.is_authenticated:
        return frozenset()
    day = day or timezone.localdate()
    cache = user.__dict__.setdefault("_samordna_roles", {})
    key = (forbund.pk, day)
    if key not in cache:
        cache[key] = frozenset(
            Role(r)
            for r in RoleAssignment.objects.in_force(day)
            .filter(user=user, forbund=forbund)
            .values_list("role", flat=True)
        )
    return cache[key]


def forbund_of_user(user: User) -> list[Forbund]:
    """The förbund where the user holds at least one role today."""
    if not user.is_authenticated:
        return []
    ids = RoleAssignment.objects.in_force().filter(user=user).values("forbund_id")
    return list(Forbund.objects.filter(pk__in=ids).order_by("name"))


def check(user: User, forbund: Forbund, capability: Capability) -> Decision:
    if not user.is_authenticated:
        return Decision(False, _("Du måste logga in."))
    held = roles_in(user, forbund)
    if not held:
        return Decision(False, _("Du har ingen roll i %(forbund)s.") % {"forbund": forbund.name})
    granting = POLICY[capability] & held
    if granting:
        role = sorted(granting)[0]
        return Decision(True, _("Tillåtet för rollen %(role)s.") % {"role": Role(role).label})
    needed = ", ".join(str(Role(r).label) for r in sorted(POLICY[capability]))
    return Decision(False, _("Kräver någon av rollerna: %(roles)s.") % {"roles": needed})


# Other apps add checks for duties that reveal personal data outside a role (a seat in a collaboration team).
SECOND_FACTOR_CHECKS: list[Callable[[User], bool]] = []


def requires_second_factor(user: User) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_system_admin or user.has_totp:
        return True
    if RoleAssignment.objects.in_force().filter(user=user, role__in=PERSONAL_DATA_ROLES).exists():
        return True
    return any(check(user) for check in SECOND_FACTOR_CHECKS)


def check_role_combination(user: User, forbund: Forbund, new_role: Role) -> Decision:
    """May `user` take `new_role` in `forbund`, given the roles already held there (DOMAIN.md §8 rule 1)?"""
    held = set(RoleAssignment.objects.filter(user=user, forbund=forbund).values_list("role", flat=True))
    if new_role in held:
        return Decision(False, _("Användaren har redan rollen %(role)s i förbundet.") % {"role": new_role.label})
    if new_role == Role.PARTICIPANT_HANDLER:
        if user.is_system_admin:
            return Decision(False, _("En systemadministratör kan inte vara deltagaransvarig."))
        clash = EXCLUDED_WITH_HANDLER & held
        if clash:
            return Decision(
                False,
                _(
                    "Den som ser deltagarnas personuppgifter får inte administrera förbundet: "
                    "användaren är redan %(role)s. Ta bort den rollen först."
                )
                % {"role": Role(sorted(clash)[0]).label},
            )
        if Role.BOARD_MEMBER in held and not forbund.handler_may_sit_on_board:
            return Decision(
                False,
                _(
                    "Förbundet tillåter inte att en styrelseledamot är deltagaransvarig. "
                    "Ändra förbundets inställning eller välj en annan person."
                ),
            )
    elif Role.PARTICIPANT_HANDLER in held:
        if new_role in EXCLUDED_WITH_HANDLER:
            return Decision(
                False,
                _("Användaren är deltagaransvarig och kan därför inte bli %(role)s i samma förbund.")
                % {"role": new_role.label},
            )
        if new_role == Role.BOARD_MEMBER and not forbund.handler_may_sit_on_board:
            return Decision(
                False,
                _("Förbundet tillåter inte att en deltagaransvarig sitter i styrelsen."),
            )
    return Decision(True, _("Rollkombinationen är tillåten."))


def check_system_admin(user: User) -> Decision:
    if user.is_authenticated and user.is_system_admin:
        return Decision(True, _("Systemadministratör."))
    return Decision(False, _("Kräver systemadministratör."))
