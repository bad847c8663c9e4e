"""The application workflow as data: states, the transitions between them and who may take each.

Roles in `own_only` may take a transition only on applications they created themselves (an external
applicant organisation sees and handles its own applications and nothing else).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samordna.tenancy import permissions
from samordna.tenancy.models import Role
from samordna.tenancy.permissions import Decision

from .models import Application, State

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


OFFICE_ROLES = frozenset({Role.FORBUND_ADMIN, Role.OFFICE})


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[State, ...]
    target: State
    roles: frozenset[Role]
    label: StrOrPromise
    own_only: frozenset[Role] = frozenset()


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            "submit",
            (State.DRAFT,),
            State.SUBMITTED,
            OFFICE_ROLES | {Role.APPLICANT},
            gettext_lazy("Skicka in ansökan"),
            own_only=frozenset({Role.APPLICANT}),
        ),
        Transition(
            "return_for_completion",
            (State.SUBMITTED,),
            State.DRAFT,
            OFFICE_ROLES,
            gettext_lazy("Skicka tillbaka för komplettering"),
        ),
        Transition(
            "start_preparation",
            (State.SUBMITTED,),
            State.IN_PREPARATION,
            OFFICE_ROLES,
            gettext_lazy("Lämna till beredning"),
        ),
        Transition(
            "review",
            (State.IN_PREPARATION,),
            State.PREPARED,
            frozenset({Role.PREPARATORY}),
            gettext_lazy("Registrera beredningens ställningstagande"),
        ),
        Transition(
            "put_on_agenda",
            # The board may take up an application that the preparatory group has not reviewed [003 L315–393].
            (State.IN_PREPARATION, State.PREPARED),
            State.ON_AGENDA,
            OFFICE_ROLES,
            gettext_lazy("Sätt upp på föredragningslistan"),
        ),
        Transition(
            "decide",
            (State.ON_AGENDA,),
            State.DECIDED,
            OFFICE_ROLES,
            gettext_lazy("Protokollför styrelsens beslut"),
        ),
    )
}


def check_transition(user, application: Application, name: str) -> Decision:
    """May `user` take transition `name` on `application` now? The reason says why not."""
    transition = TRANSITIONS[name]
    if application.state not in transition.sources:
        return Decision(
            False,
            _("Det går inte att %(action)s när ansökan har status %(state)s.")
            % {"action": str(transition.label).lower(), "state": State(application.state).label.lower()},
        )
    held = permissions.roles_in(user, application.forbund)
    granting = transition.roles & held
    if not granting:
        needed = ", ".join(str(Role(r).label) for r in sorted(transition.roles))
        return Decision(False, _("Kräver någon av rollerna: %(roles)s.") % {"roles": needed})
    if granting <= transition.own_only and application.created_by_id != user.pk:
        return Decision(False, _("Du kan bara hantera ansökningar som din organisation själv har skapat."))
    return Decision(True, _("Tillåtet."))


def available_transitions(user, application: Application) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if check_transition(user, application, t.name).allowed]


def check_edit(user, application: Application) -> Decision:
    """The form is editable while it is a draft, by its creator or by the office."""
    if application.state != State.DRAFT:
        return Decision(False, _("Ansökan är inskickad och kan inte längre ändras."))
    held = permissions.roles_in(user, application.forbund)
    if held & OFFICE_ROLES:
        return Decision(True, _("Tillåtet för kansliet."))
    if Role.APPLICANT in held and application.created_by_id == user.pk:
        return Decision(True, _("Tillåtet för den sökande organisationen."))
    return Decision(False, _("Bara den sökande organisationen och kansliet kan ändra ansökan."))


def check_register_request(user, forbund) -> Decision:
    """Only the office registers a framställan; applicant organisations apply on the form."""
    if permissions.roles_in(user, forbund) & OFFICE_ROLES:
        return Decision(True, _("Tillåtet för kansliet."))
    return Decision(False, _("Bara kansliet kan registrera en framställan. Ansök på blanketten."))


def check_condition(user, application: Application) -> Decision:
    """The office follows up the conditions of conditional grants."""
    if permissions.roles_in(user, application.forbund) & OFFICE_ROLES:
        return Decision(True, _("Tillåtet för kansliet."))
    return Decision(False, _("Bara kansliet kan följa upp villkoren i ett beslut."))


def check_attach(user, application: Application) -> Decision:
    """Attachments: the applicant organisation while its application is a draft; the office at any time."""
    held = permissions.roles_in(user, application.forbund)
    if held & OFFICE_ROLES:
        return Decision(True, _("Tillåtet för kansliet."))
    if Role.APPLICANT in held and application.created_by_id == user.pk and application.state == State.DRAFT:
        return Decision(True, _("Tillåtet för den sökande organisationen."))
    return Decision(
        False, _("Bilagor kan läggas till av den sökande medan ansökan är ett utkast, och av kansliet när som helst.")
    )
