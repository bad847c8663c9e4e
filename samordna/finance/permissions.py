"""Checks scoped to single insatser, on top of the förbund-wide policy table."""

from __future__ import annotations

from django.utils.translation import gettext as _

from samordna.tenancy import permissions
from samordna.tenancy.models import Role, RoleAssignment
from samordna.tenancy.permissions import Capability, Decision

# Roles whose capability reaches only the insatser listed on their role assignment.
SCOPED_ROLES = frozenset({Role.INTERVENTION_MANAGER, Role.APPLICANT, Role.PARTICIPANT_HANDLER})


def own_intervention_ids(user, forbund) -> set[int]:
    """The insatser named on the user's scoped role assignments in `forbund` today."""
    if not user.is_authenticated:
        return set()
    return set(
        RoleAssignment.objects.in_force()
        .filter(user=user, forbund=forbund, role__in=SCOPED_ROLES)
        .values_list("interventions", flat=True)
        .exclude(interventions=None)
    )


def check_intervention(user, intervention, capability: Capability) -> Decision:
    """May `user` use `capability` on this one insats? Förbund-wide roles may; scoped roles only on their own."""
    forbund = intervention.forbund
    decision = permissions.check(user, forbund, capability)
    if not decision.allowed:
        return decision
    granting = permissions.POLICY[capability] & permissions.roles_in(user, forbund)
    if granting - SCOPED_ROLES:
        return decision
    if intervention.pk in own_intervention_ids(user, forbund):
        return Decision(True, _("Insatsen %(insats)s är din.") % {"insats": intervention.registration_no})
    return Decision(
        False,
        _("Du har bara behörighet för de insatser du är knuten till, inte %(insats)s.")
        % {"insats": intervention.registration_no},
    )
