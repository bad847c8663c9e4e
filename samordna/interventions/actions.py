"""Every write to insatser: creation with its registration number, the parties, the fixed kind, and goals.

Budget and staffing are written by `samordna.finance`, the reporting schedule by `samordna.reporting`."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.audit.actions import diff, record
from samordna.lib.errors import Refused
from samordna.lib.versioning import save_with_version
from samordna.tenancy.models import Forbund, Member, PartyType, User, distinct_parties

from . import permissions
from .models import (
    REGISTRATION_NO_PATTERN,
    Goal,
    Intervention,
)

EDITABLE = [
    "registration_no",
    "name",
    "start_date",
    "end_date",
    "target_group",
    "specific_focus",
    "age_min",
    "age_max",
    "criteria",
    "description",
]


def _require(decision) -> None:
    if not decision.allowed:
        raise Refused(decision.reason)


def next_registration_no(forbund: Forbund, year: int) -> str:
    """The next free diarienummer of the year in this förbund, as YYYY:NN."""
    used = Intervention.objects.filter(forbund=forbund, registration_no__startswith=f"{year}:").values_list(
        "registration_no", flat=True
    )
    numbers = [int(no.split(":", 1)[1]) for no in used if no.split(":", 1)[1].isdigit()]
    return f"{year}:{max(numbers, default=0) + 1:02d}"


def _check_registration_no(forbund: Forbund, registration_no: str, exclude_pk: int | None = None) -> str:
    value = (registration_no or "").strip()
    if not re.match(REGISTRATION_NO_PATTERN, value):
        raise ValidationError(
            {
                "registration_no": _("Diarienumret %(value)s ska skrivas ÅÅÅÅ:NN, till exempel 2017:48.")
                % {"value": value}
            }
        )
    clash = Intervention.objects.filter(forbund=forbund, registration_no=value).exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError(
            {
                "registration_no": _(
                    "Diarienumret %(value)s används redan av en annan insats i förbundet. Välj ett annat nummer "
                    "eller lämna fältet tomt så tilldelas nästa lediga."
                )
                % {"value": value}
            }
        )
    return value


def check_parties(forbund: Forbund, owner: Member | None, partners: Iterable[Member]) -> None:
    """R1: an insats needs ≥2 distinct parties among owner and partners; kommuner together are one party."""
    members = [m for m in [owner, *partners] if m is not None]
    if any(m.forbund_id != forbund.pk for m in members):
        raise ValidationError(_("Insatsägare och samverkansparter måste vara medlemmar i förbundet."))
    parties = distinct_parties(m.party_type for m in members)
    if len(parties) < 2:
        named = ", ".join(str(PartyType(p).label) for p in sorted(parties)) or _("ingen part")
        raise ValidationError(
            _(
                "En insats kräver samverkan mellan minst två parter, men ägare och samverkansparter utgör bara "
                "%(parties)s. Kommunerna räknas tillsammans som en part. Lägg till en samverkanspart från "
                "Försäkringskassan, Arbetsförmedlingen, regionen eller en kommun."
            )
            % {"parties": named},
            code="parties",
        )


@transaction.atomic
def create_intervention(
    actor: User | None,
    forbund: Forbund,
    *,
    owner: Member | None,
    partners: Iterable[Member] = (),
    registration_no: str = "",
    registration_year: int | None = None,
    **fields,
) -> Intervention:
    """Create an insats. Without a given diarienummer the next free one of the year is assigned."""
    if actor is not None:
        _require(permissions.check_create(actor, forbund))
    Forbund.objects.select_for_update().filter(pk=forbund.pk).first()
    partners = list(partners)
    check_parties(forbund, owner, partners)
    if registration_no:
        registration_no = _check_registration_no(forbund, registration_no)
    else:
        registration_no = next_registration_no(forbund, registration_year or timezone.localdate().year)
    intervention = Intervention(forbund=forbund, owner=owner, registration_no=registration_no, **fields)
    intervention.full_clean()
    intervention.save()
    intervention.partners.set(partners)
    record(
        actor,
        "intervention.create",
        intervention,
        forbund=forbund,
        changes={
            "registration_no": registration_no,
            "kind": intervention.kind,
            "owner": owner.name if owner else None,
            "partners": [p.name for p in partners],
        },
    )
    return intervention


@transaction.atomic
def update_intervention(
    actor: User | None, intervention: Intervention, *, expected_version: int | None = None, **changes
) -> Intervention:
    """Change an insats. The kind (individual/structural) is fixed once the insats exists (R29)."""
    if actor is not None:
        _require(permissions.check_manage(actor, intervention))
    intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
    if "kind" in changes and changes.pop("kind") != intervention.kind:
        raise ValidationError(
            {
                "kind": _(
                    "Inriktningen (individinriktad eller strukturövergripande) kan inte ändras efter att insatsen "
                    "lagts upp. En insats med båda inriktningarna läggs upp som två insatser."
                )
            }
        )
    before = {name: getattr(intervention, name) for name in [*EDITABLE, "owner"]}
    before_partners = sorted(p.name for p in intervention.partners.all())
    owner = changes.pop("owner", intervention.owner)
    partners = list(changes.pop("partners", intervention.partners.all()))
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(_("Fältet %(field)s kan inte ändras här.") % {"field": ", ".join(sorted(unknown))})
    if "registration_no" in changes:
        changes["registration_no"] = _check_registration_no(
            intervention.forbund, changes["registration_no"], exclude_pk=intervention.pk
        )
    check_parties(intervention.forbund, owner, partners)
    for name, value in changes.items():
        setattr(intervention, name, value)
    intervention.owner = owner
    intervention.full_clean()
    save_with_version(intervention, expected_version)
    intervention.partners.set(partners)
    changed = diff(intervention, before, [*EDITABLE, "owner"])
    after_partners = sorted(p.name for p in partners)
    if after_partners != before_partners:
        changed["partners"] = [before_partners, after_partners]
    record(actor, "intervention.update", intervention, changes=changed)
    return intervention


@transaction.atomic
def add_goal(actor: User | None, intervention: Intervention, **fields) -> Goal:
    if actor is not None:
        _require(permissions.check_manage(actor, intervention))
    goal = Goal(intervention=intervention, **fields)
    goal.full_clean()
    goal.save()
    record(
        actor,
        "intervention.goal.add",
        goal,
        forbund=intervention.forbund,
        changes={"text": goal.text, "target": goal.target_label},
    )
    return goal
