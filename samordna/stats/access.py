"""Who sees which statistics, and whether exactly (DOMAIN.md §8, column "Participant statistics").

Förbund-wide roles see suppressed aggregates of every insats. Intervention managers, applicants and participant
handlers see only the insatser on their role assignment; handlers see exact figures for those, everyone else
(and a handler asking about any other insats) sees them suppressed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from samordna.audit.actions import log_read
from samordna.interventions.models import Intervention
from samordna.interventions.permissions import handler_intervention_ids, scoped_intervention_ids
from samordna.tenancy import permissions
from samordna.tenancy.models import Forbund, Role, User
from samordna.tenancy.permissions import Capability

from .actions import EXACT_STATISTICS

FORBUND_WIDE = frozenset({Role.FORBUND_ADMIN, Role.OFFICE, Role.BOARD_MEMBER, Role.PREPARATORY, Role.AUDITOR, Role.DPO})
SCOPED = (Role.INTERVENTION_MANAGER, Role.APPLICANT, Role.PARTICIPANT_HANDLER)


@dataclass(frozen=True)
class StatsAccess:
    forbund: Forbund
    interventions: frozenset[int] | None  # None: every insats of the förbund
    exact_for: frozenset[int]  # the insatser whose figures this user may see unsuppressed

    def restrict(self, wanted: int | None) -> frozenset[int] | None:
        """The insatser a report covers: the one asked for if the user may see it (else none), or all of theirs."""
        if wanted is None:
            return self.interventions
        if self.interventions is not None and wanted not in self.interventions:
            return frozenset()
        return frozenset({wanted})

    def threshold(self, covered: frozenset[int] | None) -> int | None:
        """None (exact) only when every covered insats is one the user handles; otherwise the förbund's.

        Exact figures are personal data to the handler who sees them: the page or answer that shows them logs the
        read (`log_exact_read`).
        """
        if covered is not None and covered and covered <= self.exact_for:
            return None
        return self.forbund.suppression_threshold

    def insatser(self):
        rows = Intervention.objects.filter(forbund=self.forbund).order_by("registration_no")
        return rows if self.interventions is None else rows.filter(pk__in=self.interventions)


def stats_access(user: User, forbund: Forbund) -> StatsAccess:
    held = permissions.roles_in(user, forbund)
    # Exact figures rest on personal data: only where the handler's employer is the insats's controller.
    exact = frozenset(handler_intervention_ids(user, forbund))
    exact = exact if Role.PARTICIPANT_HANDLER in held else frozenset()
    if held & FORBUND_WIDE:
        return StatsAccess(forbund, None, exact)
    scope: set[int] = set()
    for role in SCOPED:
        if role in held:
            scope |= scoped_intervention_ids(user, forbund, role)
    return StatsAccess(forbund, frozenset(scope), exact)


def log_exact_read(user: User, forbund: Forbund, report: str, covered: frozenset[int] | None, **selection) -> None:
    """Exact statistics of a handler's own insatser rest on personal data: showing them is a read, logged like a
    list of stays (by what was asked, not by row)."""

    names = ",".join(
        sorted(Intervention.objects.filter(pk__in=covered or ()).values_list("registration_no", flat=True))
    )
    asked = " ".join(f"{key}={value}" for key, value in selection.items() if value not in (None, ""))
    log_read(
        user,
        forbund,
        EXACT_STATISTICS,
        query=f"{report} insatser={names} {asked}".strip(),
        purpose=_("Statistik med exakta tal"),
    )


def sees_costs(user: User, forbund: Forbund) -> bool:
    """Whether the insatser report shows costs to this user: those who see the förbund's or their own finances."""
    return any(
        permissions.check(user, forbund, capability).allowed
        for capability in (Capability.VIEW_FINANCE, Capability.VIEW_OWN_INSATS_FINANCE)
    )
