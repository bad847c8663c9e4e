"""Participants over the API, read only. Everything goes through `access`: a handler sees the stays of the insatser
assigned to them, every answer with personal data writes a read-log row, and a refused request logs nothing."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from samordna.api.api import answers, forbund_for_api
from samordna.interventions.models import Intervention
from samordna.tenancy.http import AuthenticatedHttpRequest
from samordna.tenancy.permissions import Capability

from . import access

router = Router(tags=["deltagare"])
MAX_LIMIT = 1000


class StayOut(Schema):
    id: uuid.UUID
    participant_id: uuid.UUID
    pseudonym: str
    insats: str
    enrolment_date: dt.date
    referrer: str
    income_before: str
    income_before_other: list[str]
    occupation_before: str
    education: str
    discharge_date: dt.date | None
    discharge_reason: str
    occupation_after: str
    income_after: str


class PersonStayOut(StayOut):
    identity_mode: str
    personnummer: str
    name: str
    sex: str
    birth_year: int


class SipOut(Schema):
    held_on: dt.date
    parties_present: list[str]
    next_on: dt.date | None


class FollowUpOut(Schema):
    kind: str
    contacted_on: dt.date
    occupation: str
    income: str


class ParticipantStayOut(StayOut):
    sip_meetings: list[SipOut]
    plan_revised_on: list[dt.date]
    follow_ups: list[FollowUpOut]


class ConsentOut(Schema):
    given_on: dt.date
    method: str
    form_version: str
    withdrawn_on: dt.date | None


class ParticipantOut(Schema):
    id: uuid.UUID
    pseudonym: str
    identity_mode: str
    personnummer: str
    name: str
    sex: str
    birth_year: int
    home_kommun: str | None
    protected_identity: bool
    consents: list[ConsentOut]
    stays: list[ParticipantStayOut]


def _stay(stay) -> dict:
    return {
        "id": stay.pk,
        "participant_id": stay.participant_id,
        "pseudonym": stay.participant.pseudonym,
        "insats": stay.intervention.registration_no,
        **{
            name: getattr(stay, name)
            for name in (
                "enrolment_date",
                "referrer",
                "income_before",
                "income_before_other",
                "occupation_before",
                "education",
                "discharge_date",
                "discharge_reason",
                "occupation_after",
                "income_after",
            )
        },
    }


def _person(participant) -> dict:
    return {
        "identity_mode": participant.identity_mode,
        "personnummer": participant.personnummer,
        "name": participant.name,
        "sex": participant.sex,
        "birth_year": participant.birth_year,
    }


@router.get(
    "/forbund/{forbund_slug}/participants/stays",
    response=answers(list[PersonStayOut]),
    summary="Deltaganden i dina insatser (deltagaransvarig)",
)
def list_stays(
    request: AuthenticatedHttpRequest, forbund_slug: str, insats: str | None = None, limit: int = 500, offset: int = 0
):
    """Every stay in the insatser assigned to you, or in the one insats named by its diarienummer."""
    forbund = forbund_for_api(request, forbund_slug, Capability.HANDLE_PARTICIPANTS)
    if not (1 <= limit <= MAX_LIMIT and offset >= 0):
        raise HttpError(422, _("Ange limit mellan 1 och %(max)s och offset 0 eller mer.") % {"max": MAX_LIMIT})
    query = "api:stays"
    if insats:
        intervention = Intervention.objects.filter(forbund=forbund, registration_no=insats).first()
        if intervention is None:
            raise HttpError(
                404,
                _("Insatsen %(insats)s finns inte i förbundet. Ange insatsens diarienummer som ÅÅÅÅ:NN.")
                % {"insats": insats},
            )
        decision = access.check_intervention(request.user, forbund, intervention)
        if not decision.allowed:
            raise HttpError(403, decision.reason)
        query = f"api:stays insats={insats}"
    stays = access.list_participations_for(request.user, forbund, query=query, purpose="API")
    if insats:
        stays = stays.filter(intervention__registration_no=insats)
    stays = stays.order_by("intervention__registration_no", "enrolment_date", "pk")[offset : offset + limit]
    return [{**_stay(stay), **_person(stay.participant)} for stay in stays]


@router.get(
    "/forbund/{forbund_slug}/participants/{participant_id}",
    response=answers(ParticipantOut),
    summary="En deltagare med sina deltaganden i dina insatser",
)
def get_participant(request: AuthenticatedHttpRequest, forbund_slug: str, participant_id: uuid.UUID):
    forbund = forbund_for_api(request, forbund_slug, Capability.HANDLE_PARTICIPANTS)
    participant = access.get_participant_for(request.user, forbund, participant_id, purpose="API")
    # One query per kind of record for all the stays, not one per stay.
    prefetch_related_objects(participant.visible_participations, "sip_meetings", "plan_revisions", "follow_ups")
    stays = []
    for stay in participant.visible_participations:
        stay.participant = participant
        stays.append(
            {
                **_stay(stay),
                "sip_meetings": [
                    {"held_on": s.held_on, "parties_present": s.parties_present, "next_on": s.next_on}
                    for s in stay.sip_meetings.all()
                ],
                "plan_revised_on": [p.revised_on for p in stay.plan_revisions.all()],
                "follow_ups": [
                    {"kind": f.kind, "contacted_on": f.contacted_on, "occupation": f.occupation, "income": f.income}
                    for f in stay.follow_ups.all()
                ],
            }
        )
    return {
        "id": participant.pk,
        "pseudonym": participant.pseudonym,
        **_person(participant),
        "home_kommun": participant.home_kommun.name if participant.home_kommun is not None else None,
        "protected_identity": participant.protected_identity,
        "consents": list(participant.consents.values("given_on", "method", "form_version", "withdrawn_on")),
        "stays": stays,
    }
