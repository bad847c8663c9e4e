"""The one door to intake requests' personal data: authorise, then write a read-log row.

Who sees a request's personal data: the staff member who filed it; the seated members and the conversation
leader of its team once it is on the team's agenda (never before); and the participant handlers of an insats
the team referred the person to. The office registers paper requests but does not read them back.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from samordna.audit.actions import log_read
from samordna.lib.errors import Refused
from samordna.participants import access as participant_access
from samordna.tenancy import permissions
from samordna.tenancy.models import Forbund, User
from samordna.tenancy.permissions import Capability, Decision

from .models import AgendaItem, IntakeRequest, RequestState, TeamMeeting
from .workflow import Party, parties_of, team_parties

NOT_YET_ON_AGENDA = frozenset({RequestState.RECEIVED, RequestState.WITHDRAWN})


def check_personal(user: User, request: IntakeRequest) -> Decision:
    """May `user` see this request's personal data?"""
    if request.state == RequestState.WITHDRAWN:
        return Decision(False, _("Ansökan är återtagen och personuppgifterna är borttagna."))
    parties = parties_of(user, request)
    if Party.FILER in parties:
        return Decision(True, _("Du registrerade ansökan."))
    if parties & {Party.LEADER, Party.SEAT}:
        if request.state in NOT_YET_ON_AGENDA:
            return Decision(False, _("Teamet ser personuppgifterna först när ansökan står på teamets dagordning."))
        return Decision(True, _("Ansökan står på ditt teams dagordning."))
    scope = participant_access.handler_scope(user, request.forbund)
    if scope and request.agenda_items.filter(parts__intervention_id__in=scope).exists():
        return Decision(True, _("Teamet har remitterat personen till din insats."))
    return Decision(False, _("Du har inte tillgång till den här ansökan."))


def _not_found() -> Http404:
    return Http404(_("Ansökan finns inte, eller så har du inte tillgång till den."))


def get_request_for(
    user: User,
    forbund: Forbund,
    request_id,
    *,
    purpose: str = "",
    require: Callable[[IntakeRequest], Decision] | None = None,
) -> IntakeRequest:
    """The request with its personal data, read-logged, or 404 (the same whether missing or not allowed).

    `require` is what the page needs beyond reading (a workflow step, a team seat); it is checked before the
    read is logged, so that a refused request leaves no trace of a read that never reached the user.
    """
    request = (
        IntakeRequest.objects.filter(forbund=forbund, pk=request_id)
        .select_related("team", "filing_member", "home_kommun", "forbund")
        .first()
    )
    if request is None or not check_personal(user, request).allowed:
        raise _not_found()
    if require is not None:
        decision = require(request)
        if not decision.allowed:
            raise Refused(decision.reason)
    log_read(user, forbund, "openentry.IntakeRequest", object_id=str(request.pk), purpose=purpose)
    return request


def agenda_for(user: User, meeting: TeamMeeting, *, purpose: str = ""):
    """The meeting's agenda with personal data for the team's own members, one read-log row for the list."""
    if not team_parties(user, meeting.team):
        return None
    items = (
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("request", "request__home_kommun", "request__filing_member")
        .prefetch_related("parts__intervention", "parts__member", "parts__entry")
        .order_by("position")
    )
    log_read(
        user,
        meeting.team.forbund,
        "openentry.IntakeRequest",
        query=f"agenda team={meeting.team_id} meeting={meeting.date:%Y-%m-%d}",
        purpose=purpose,
    )
    return items


def my_requests(user: User, forbund: Forbund, *, purpose: str = ""):
    """Requests the user filed, or that are on the agenda of a team the user sits in; one read-log row."""
    teams = [
        t.pk for t in forbund.teams.filter(Q(leader=user) | Q(seats__holder=user)).distinct() if team_parties(user, t)
    ]
    visible = Q(team_id__in=teams) & ~Q(state__in=NOT_YET_ON_AGENDA)
    if permissions.check(user, forbund, Capability.FILE_INTAKE_REQUEST).allowed:
        visible |= Q(filed_by=user)
    qs = (
        IntakeRequest.objects.filter(forbund=forbund)
        .filter(visible)
        .exclude(state=RequestState.WITHDRAWN)
        .select_related("team")
        .order_by("-received_on", "reference")
    )
    log_read(user, forbund, "openentry.IntakeRequest", query="mine", purpose=purpose)
    return qs
