"""Who may change an insats (the office everywhere, an intervention manager only in the insatser of their role), and
in which insatser a participant handler works with personal data (their own, where their employer is controller)."""

from __future__ import annotations

from django.db.models import Q
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


def _handler_assignment(user: User, forbund: Forbund) -> RoleAssignment | None:
    if not user.is_authenticated:
        return None
    return (
        RoleAssignment.objects.in_force()
        .filter(user=user, forbund=forbund, role=Role.PARTICIPANT_HANDLER)
        .select_related("employer")
        .first()
    )


def _controlled_by(assignment: RoleAssignment) -> Q | None:
    """The insatser whose controller employs the handler of `assignment`, as a filter; None when nobody does."""
    from .models import ControllerKind

    if assignment.employed_by_forbund:
        return Q(data_controller__kind=ControllerKind.FORBUND)
    if assignment.employer_id is not None:
        return Q(data_controller__kind=ControllerKind.MEMBERS, data_controller__members=assignment.employer_id)
    return None


def handler_intervention_ids(user: User, forbund: Forbund) -> set[int]:
    """The insatser whose participants `user` may see: assigned to their participant-handler role, today, and with
    their employer among the insats's controllers (the members hold the data; DOMAIN.md §3.16)."""
    from .models import Intervention

    assignment = _handler_assignment(user, forbund)
    if assignment is None:
        return set()
    controlled = _controlled_by(assignment)
    if controlled is None:
        return set()
    assigned = assignment.interventions.values("pk")
    return set(Intervention.objects.filter(controlled, forbund=forbund, pk__in=assigned).values_list("pk", flat=True))


def controller_refusal(user: User, intervention) -> Decision:
    """Why a handler assigned to `intervention` may not see its participants (a refusal), or that they may."""
    from .models import ControllerKind, DataController

    assignment = _handler_assignment(user, intervention.forbund)
    insats = intervention.registration_no
    controller = DataController.objects.filter(intervention=intervention).first()
    if controller is None:
        return Decision(
            False,
            _(
                "Insatsen %(insats)s har ingen personuppgiftsansvarig angiven. Inga deltagare kan skrivas in eller "
                "visas förrän förbundets administratör eller kansli har angett den på insatsens sida."
            )
            % {"insats": insats},
        )
    if assignment is None or (assignment.employer_id is None and not assignment.employed_by_forbund):
        return Decision(
            False,
            _(
                "Din roll som deltagaransvarig saknar arbetsgivare. Be förbundets administratör ange vilken medlem "
                "du är anställd av."
            ),
        )
    controls = (
        assignment.employed_by_forbund
        if controller.kind == ControllerKind.FORBUND
        else assignment.employer_id is not None and controller.members.filter(pk=assignment.employer_id).exists()
    )
    if not controls:
        return Decision(
            False,
            _(
                "Du är anställd av %(employer)s, som inte är personuppgiftsansvarig för insatsen %(insats)s. "
                "Deltagarnas uppgifter visas bara för personal hos den som är ansvarig."
            )
            % {"employer": assignment.employer_label, "insats": insats},
        )
    return Decision(True, _("Din arbetsgivare är personuppgiftsansvarig för %(insats)s.") % {"insats": insats})
