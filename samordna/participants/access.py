"""The one door to participants' personal data: fetch for a user, authorise by insats scope, log the read.

A participant handler sees the people of the insatser named in their role whose controller is the handler's
employer, and nothing else; every read of a record writes a read-log row with the pseudonymous id, and every list
writes one row with its query. A refused read writes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _

from samordna.audit.actions import log_read
from samordna.interventions.models import Intervention
from samordna.interventions.permissions import (
    controller_refusal,
    handler_intervention_ids,
    scoped_intervention_ids,
)
from samordna.lib.errors import Refused
from samordna.tenancy import permissions
from samordna.tenancy.models import Forbund, Role, User
from samordna.tenancy.permissions import Capability, Decision

from .models import Participant, Participation

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class VisibleStays(TypedDict):
        visible_participations: list[Participation]


def handler_scope(user: User, forbund: Forbund) -> set[int]:
    """The insatser whose participants `user` may see: those of their participant-handler role, today, whose
    controller employs them."""
    if not permissions.check(user, forbund, Capability.HANDLE_PARTICIPANTS).allowed:
        return set()
    return handler_intervention_ids(user, forbund)


def check_intervention(user: User, forbund: Forbund, intervention: Intervention) -> Decision:
    """May `user` see and change the participants of `intervention`?"""
    decision = permissions.check(user, forbund, Capability.HANDLE_PARTICIPANTS)
    if not decision.allowed:
        return decision
    if intervention.forbund_id == forbund.pk and intervention.pk in handler_scope(user, forbund):
        return Decision(True, _("Du är deltagaransvarig för %(insats)s.") % {"insats": intervention.registration_no})
    if intervention.forbund_id == forbund.pk and intervention.pk in scoped_intervention_ids(
        user, forbund, Role.PARTICIPANT_HANDLER
    ):
        return controller_refusal(user, intervention)
    return Decision(
        False,
        _(
            "Du är inte deltagaransvarig för insatsen %(insats)s. Be förbundets administratör lägga till "
            "insatsen i din roll."
        )
        % {"insats": intervention.registration_no},
    )


def require_import(user: User, forbund: Forbund) -> None:
    decision = permissions.check(user, forbund, Capability.IMPORT_PARTICIPANTS)
    if not decision.allowed:
        raise Refused(decision.reason)


def _not_found() -> Http404:
    # The same answer whether the record is missing or outside the user's insatser: existence is personal data too.
    return Http404(_("Deltagaren finns inte, eller så hör hen inte till någon av dina insatser."))


def get_participant_for(
    user: User, forbund: Forbund, participant_id, *, purpose: str = ""
) -> WithAnnotations[Participant, VisibleStays]:
    """The participant with the stays the user may see (prefetched as `visible_participations`), read-logged."""
    scope = handler_scope(user, forbund)
    visible = Participation.objects.filter(intervention_id__in=scope).select_related("intervention")
    participant = (
        Participant.objects.filter(forbund=forbund, pk=participant_id, participations__intervention_id__in=scope)
        .select_related("home_kommun")
        .prefetch_related(
            Prefetch("participations", queryset=visible.order_by("-enrolment_date"), to_attr="visible_participations"),
            "consents",
        )
        .distinct()
        .first()
    )
    if participant is None:
        raise _not_found()
    log_read(user, forbund, "participants.Participant", object_id=str(participant.pk), purpose=purpose)
    return participant


def get_participation_for(user: User, forbund: Forbund, participation_id, *, purpose: str = "") -> Participation:
    participation = (
        Participation.objects.filter(
            pk=participation_id, intervention__forbund=forbund, intervention_id__in=handler_scope(user, forbund)
        )
        .select_related("participant", "intervention")
        .first()
    )
    if participation is None:
        raise _not_found()
    log_read(user, forbund, "participants.Participation", object_id=str(participation.pk), purpose=purpose)
    return participation


def list_participations_for(user: User, forbund: Forbund, *, query: str, purpose: str = ""):
    """Every stay in the user's insatser. The read log gets one row naming the list, not one per person."""
    scope = handler_scope(user, forbund)
    qs = Participation.objects.filter(intervention__forbund=forbund, intervention_id__in=scope).select_related(
        "participant", "intervention"
    )
    if scope:  # a handler of no insats (or none whose controller employs them) reads nothing
        log_read(user, forbund, "participants.Participation", query=query, purpose=purpose)
    return qs
