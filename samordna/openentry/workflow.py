"""The intake request's workflow as data: each step, the states it leaves and reaches, and who may take it.

Parties are relations to the request, not roles: the office, the team's conversation leader, a seated team
member, the staff member who filed it. `parties_of` says which a user is.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samordna.tenancy import permissions
from samordna.tenancy.models import User
from samordna.tenancy.permissions import Capability, Decision

from .models import IntakeRequest, RequestState, TeamSeat

S = RequestState


class Party(StrEnum):
    OFFICE = "office"
    LEADER = "leader"
    SEAT = "seat"
    FILER = "filer"


PARTY_LABELS = {
    Party.OFFICE: gettext_lazy("kansliet"),
    Party.LEADER: gettext_lazy("teamets samtalsledare"),
    Party.SEAT: gettext_lazy("en ledamot i teamet"),
    Party.FILER: gettext_lazy("den som registrerade ansökan"),
}


@dataclass(frozen=True)
class Step:
    sources: frozenset[str]
    target: str
    parties: frozenset[Party]


STEPS: dict[str, Step] = {
    "schedule": Step(frozenset({S.RECEIVED, S.ANOTHER_MEETING}), S.ON_AGENDA, frozenset({Party.OFFICE, Party.LEADER})),
    "recommend": Step(frozenset({S.ON_AGENDA}), S.RECOMMENDED, frozenset({Party.LEADER, Party.SEAT})),
    "not_relevant": Step(frozenset({S.ON_AGENDA}), S.NOT_RELEVANT, frozenset({Party.LEADER, Party.SEAT})),
    "another_meeting": Step(frozenset({S.ON_AGENDA}), S.ANOTHER_MEETING, frozenset({Party.LEADER, Party.SEAT})),
    "withdraw": Step(
        frozenset({S.RECEIVED, S.ON_AGENDA, S.ANOTHER_MEETING}), S.WITHDRAWN, frozenset({Party.OFFICE, Party.FILER})
    ),
}
OUTCOME_STEP: dict[str, str] = {
    S.RECOMMENDED: "recommend",
    S.NOT_RELEVANT: "not_relevant",
    S.ANOTHER_MEETING: "another_meeting",
}


def team_parties(user: User, team) -> set[Party]:
    """Leader and seat, for a user who also holds a role that may sit in a team."""
    parties: set[Party] = set()
    if not permissions.check(user, team.forbund, Capability.SIT_IN_TEAM).allowed:
        return parties
    if team.leader_id == user.pk:
        parties.add(Party.LEADER)
    if TeamSeat.objects.filter(team=team, holder=user).exists():
        parties.add(Party.SEAT)
    return parties


def parties_of(user: User, request: IntakeRequest) -> set[Party]:
    if not user.is_authenticated:
        return set()
    forbund = request.forbund
    parties = team_parties(user, request.team)
    if permissions.check(user, forbund, Capability.MANAGE_TEAMS).allowed:
        parties.add(Party.OFFICE)
    if request.filed_by_id == user.pk and permissions.check(user, forbund, Capability.FILE_INTAKE_REQUEST).allowed:
        parties.add(Party.FILER)
    return parties


def check_step(user: User | None, request: IntakeRequest, name: str) -> Decision:
    step = STEPS[name]
    if request.state not in step.sources:
        return Decision(
            False,
            _("Ansökan %(ref)s är %(state)s och kan inte flyttas så. Ladda om sidan och se vad som gäller nu.")
            % {"ref": request.reference, "state": RequestState(request.state).label.lower()},
        )
    if user is None:
        return Decision(True, _("Systemet."))
    if parties_of(user, request) & step.parties:
        return Decision(True, _("Tillåtet."))
    who = ", ".join(str(PARTY_LABELS[p]) for p in sorted(step.parties))
    return Decision(False, _("Det steget kan bara tas av %(who)s.") % {"who": who})
