"""The REST API (OpenAPI at /api/v1/docs). It reads through the same queries and permission checks as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from ninja import Field, NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from samordna.tenancy import permissions
from samordna.tenancy.http import AuthenticatedHttpRequest
from samordna.tenancy.models import Forbund, seats_in_force
from samordna.tenancy.permissions import Capability

api = NinjaAPI(
    title="Samordna API",
    version="1",
    description="Samordningsförbundets data för behöriga användare. Inloggning med session och tvåstegsverifiering.",
    auth=django_auth,
    urls_namespace="api",
)


class ErrorOut(Schema):
    detail: str = Field(description="vad som är fel, på svenska")


class ValidationErrorOut(Schema):
    detail: str | list[dict[str, Any]] = Field(description="vad som är fel: en text, eller ett fel per parameter")


def answers(ok: Any, *, in_forbund: bool = True, parameters: bool = True) -> dict[int, Any]:
    """The documented answers of an operation: `ok` on success, and the errors it can give. 401 without a
    session; 403 and 404 for a förbund the user has no right to or no role in; 422 for parameters that do not
    parse or make no sense."""
    out: dict[int, Any] = {200: ok, 401: ErrorOut}
    if in_forbund:
        out |= {403: ErrorOut, 404: ErrorOut}
    if parameters or in_forbund:
        out[422] = ValidationErrorOut
    return out


def forbund_for_api(request: AuthenticatedHttpRequest, slug: str, capability: Capability) -> Forbund:
    forbund = Forbund.objects.filter(slug=slug).first()
    if forbund is None or not permissions.roles_in(request.user, forbund):
        raise HttpError(404, "Förbundet finns inte eller så har du ingen roll i det.")
    decision = permissions.check(request.user, forbund, capability)
    if not decision.allowed:
        raise HttpError(403, decision.reason)
    return forbund


class ForbundOut(Schema):
    slug: str
    name: str
    org_number: str
    founded: dt.date | None


class MemberOut(Schema):
    name: str
    party_type: str
    org_number: str
    kommun: str | None


class ForbundDetailOut(ForbundOut):
    members: list[MemberOut]
    roles: list[str]


class SeatOut(Schema):
    person_name: str
    member: str
    role: str
    office: str
    term_start: dt.date
    term_end: dt.date


class InterventionOut(Schema):
    registration_no: str
    name: str
    kind: str
    start_date: dt.date
    end_date: dt.date | None
    owner: str | None


@api.get(
    "/forbund",
    response=answers(list[ForbundOut], in_forbund=False, parameters=False),
    summary="Förbund där du har en roll",
)
def list_forbund(request):
    return permissions.forbund_of_user(request.user)


@api.get("/forbund/{forbund_slug}", response=answers(ForbundDetailOut), summary="Ett förbund med dess medlemmar")
def get_forbund(request, forbund_slug: str):
    forbund = forbund_for_api(request, forbund_slug, Capability.VIEW_FORBUND)
    return {
        "slug": forbund.slug,
        "name": forbund.name,
        "org_number": forbund.org_number,
        "founded": forbund.founded,
        "members": [
            {
                "name": m.name,
                "party_type": m.party_type,
                "org_number": m.org_number,
                "kommun": m.kommun.name if m.kommun else None,
            }
            for m in forbund.members.select_related("kommun")
        ],
        "roles": sorted(permissions.roles_in(request.user, forbund)),
    }


@api.get("/forbund/{forbund_slug}/board", response=answers(list[SeatOut]), summary="Styrelsen som sitter i dag")
def get_board(request, forbund_slug: str):
    forbund = forbund_for_api(request, forbund_slug, Capability.VIEW_FORBUND)
    return [
        {
            "person_name": s.person_name,
            "member": s.member.name,
            "role": s.role,
            "office": s.office,
            "term_start": s.term_start,
            "term_end": s.term_end,
        }
        for s in seats_in_force(forbund, timezone.localdate()).select_related("member")
    ]


@api.get("/forbund/{forbund_slug}/interventions", response=answers(list[InterventionOut]), summary="Insatskatalogen")
def get_interventions(request, forbund_slug: str):
    forbund = forbund_for_api(request, forbund_slug, Capability.VIEW_CATALOGUE)
    return [
        {
            "registration_no": i.registration_no,
            "name": i.name,
            "kind": i.kind,
            "start_date": i.start_date,
            "end_date": i.end_date,
            "owner": i.owner.name if i.owner else None,
        }
        for i in forbund.interventions.select_related("owner")
    ]


def _add_routers() -> None:
    # Imported late: the apps' routers import `forbund_for_api` from this module.
    from samordna.participants.api import router as participants_router
    from samordna.stats.api import router as stats_router

    api.add_router("", stats_router)
    api.add_router("", participants_router)


_add_routers()
