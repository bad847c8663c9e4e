"""Who may change an insats: the office everywhere, an intervention manager only in the insatser of their role."""

from __future__ import annotations

from django.utils.translation import gettext as _

from samordna.tenancy import permissions
from samordna.tenancy.models import Forbund, Role, RoleAssignment, User
from samordna.tenancy.permissions import Capability, Decision

FORBUND_WIDE = frozenset({Role.FORBUND_ADMIN, Role.OFFICE})


def scoped_intervention_ids(user: User, forbund: Forbund, role: Role) -> set[int]:
    """The insatser that `user`'s role in `forbund` is limited to, today. A scoped role without insatser has none."""
    if not user.is_authenticated:
        return set()
    ids = (
        RoleAssignment.objects.in_force()
        .filter(user=user, forbund=forbund, role=role, interventions__isnull=False)
        .values_list("interventions", flat=True)
    )
    return set(ids)


def check_create(user: User, forbund: Forbund) -> Decision:
    decision = permissions.check(user, forbund, Capability.MANAGE_INTERVENTIONS)
    if decision.allowed and not FORBUND_WIDE & permissions.roles_in(user, forbund):
        return Decision(False, _("Bara förbundets administratör eller kansli kan lägga upp nya insatser."))
    return decision


def check_manage(user: User, intervention) -> Decision:
    forbund = intervention.forbund
    decision = permissions.check(user, forbund, Capability.MANAGE_INTERVENTIONS)
    if not decision.allowed or FORBUND_WIDE & permissions.roles_in(user, forbund):
        return decision
    if intervention.pk in scoped_intervention_ids(user, forbund, Role.INTERVENTION_MANAGER):
        return Decision(True, _("Du är insatsansvarig för %(insats)s.") % {"insats": intervention.registration_no})
    return Decision(
        False,
        _("Du är inte insatsansvarig för %(insats)s. Be förbundets administratör lägga till insatsen i din roll.")
        % {"insats": intervention.registration_no},
    )


def check_report_volume(user: User, intervention) -> Decision:
    """Volume counts are reported by those who report for the insats: the office, or its manager or applicant."""
    from samordna.finance.permissions import check_intervention

    return check_intervention(user, intervention, Capability.SUBMIT_INSATS_REPORTS)
