"""The record of processing (GDPR art. 30) that the installation, as processor, keeps for each controller of
participant data: built from the configuration (who controls which insats, the DPO contacts, the retention plan),
never from the participants themselves, so it holds no personal data about them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.interventions.models import ControllerKind, DataController, Intervention
from samordna.lib.errors import Refused
from samordna.tenancy import permissions
from samordna.tenancy.models import Forbund, Member, Role, RoleAssignment, User

from .models import RetentionPlan

FORBUND_KEY = "forbund"


@dataclass
class ControlledInsats:
    intervention: Intervention
    joint_with: list[str]
    answers_requests: str
    informs_subjects: str
    agreement: str
    forbund_reason: str


@dataclass
class DpoContact:
    name: str
    email: str
    phone: str


@dataclass
class ProcessingRecord:
    forbund: Forbund
    key: str
    controller: str
    org_number: str
    dpo: DpoContact
    insatser: list[ControlledInsats]
    handlers: int
    retention: str
    instruments: list[str] = field(default_factory=list)
    made_at: dt.datetime = field(default_factory=timezone.now)


def _party(forbund: Forbund, key: str) -> Forbund | Member | None:
    if key == FORBUND_KEY:
        return forbund
    if key.isascii() and key.isdigit():
        return Member.objects.filter(forbund=forbund, pk=int(key)).first()
    return None


def _handler_employer_key(user: User, forbund: Forbund) -> str | None:
    assignment = (
        RoleAssignment.objects.in_force().filter(user=user, forbund=forbund, role=Role.PARTICIPANT_HANDLER).first()
    )
    if assignment is None:
        return None
    if assignment.employed_by_forbund:
        return FORBUND_KEY
    return str(assignment.employer_id) if assignment.employer_id is not None else None


def readable_keys(user: User, forbund: Forbund) -> set[str] | None:
    """The controllers whose record `user` may read: all (None) for the förbund's DPO, their employer's for a
    participant handler, none for anyone else."""
    held = permissions.roles_in(user, forbund)
    if Role.DPO in held:
        return None
    if Role.PARTICIPANT_HANDLER in held:
        key = _handler_employer_key(user, forbund)
        return {key} if key is not None else set()
    return set()


def require_reader(user: User, forbund: Forbund, key: str | None = None) -> None:
    keys = readable_keys(user, forbund)
    if keys is not None and not keys:
        raise Refused(
            _(
                "Förteckningen över behandlingar visas för förbundets dataskyddsombud och för deltagaransvariga "
                "hos den som är personuppgiftsansvarig."
            )
        )
    if key is not None and keys is not None and key not in keys:
        raise Refused(_("Du kan bara se förteckningen för din egen arbetsgivare."))


@dataclass
class ControllerRow:
    key: str
    name: str
    insatser: int
    dpo_name: str


def controllers(forbund: Forbund, keys: set[str] | None) -> list[ControllerRow]:
    """The controllers of participant data in the förbund (those `keys` allow), with how many insatser each has."""
    rows = [
        ControllerRow(str(m.pk), m.name, m.insatser, m.dpo_name)
        for m in Member.objects.filter(forbund=forbund)
        .annotate(insatser=Count("controlled_interventions", filter=Q(controlled_interventions__kind="MEMBERS")))
        .filter(insatser__gt=0)
        .order_by("name")
    ]
    own = DataController.objects.filter(intervention__forbund=forbund, kind=ControllerKind.FORBUND).count()
    if own:
        rows.append(ControllerRow(FORBUND_KEY, forbund.name, own, forbund.dpo_name))
    return [row for row in rows if keys is None or row.key in keys]


def _retention(forbund: Forbund) -> str:
    plan = RetentionPlan.objects.filter(forbund=forbund).first()
    if plan is None:
        return _(
            "Ingen gallringsplan är beslutad. Tills den finns anonymiseras inga uppgifter automatiskt; när en "
            "deltagare återkallar sitt samtycke eller begär radering anonymiseras uppgifterna direkt."
        )
    text = _(
        "Personnummer, namn och anteckningar tas bort %(years)s år efter deltagarens sista utskrivning, aldrig "
        "inom sex månader från den (gallringsplan beslutad %(decided)s). Kön, födelseår och deltagandenas "
        "uppgifter sparas utan identitet för statistiken."
    ) % {"years": plan.years_after_discharge, "decided": f"{plan.decided_on:%Y-%m-%d}"}
    if plan.decision_reference:
        text += " " + _("Beslut: %(reference)s.") % {"reference": plan.decision_reference}
    return text


def _instruments(forbund: Forbund) -> list[str]:
    """The scales a stay can be rated on: the fixed ones and the förbund's own progression scales."""
    from samordna.instruments.models import ProgressionScale

    return [
        "WHO-5",
        "KASAM",
        *ProgressionScale.objects.filter(forbund=forbund).order_by("name").values_list("name", flat=True),
    ]


def processing_record(forbund: Forbund, key: str) -> ProcessingRecord:
    party = _party(forbund, key)
    if party is None:
        raise Http404(_("Den personuppgiftsansvarige finns inte i förbundet."))
    controlled = DataController.objects.filter(intervention__forbund=forbund).select_related(
        "intervention", "answers_requests", "informs_subjects"
    )
    if isinstance(party, Forbund):
        controlled = controlled.filter(kind=ControllerKind.FORBUND)
    else:
        controlled = controlled.filter(kind=ControllerKind.MEMBERS, members=party)
    insatser = []
    for c in controlled.prefetch_related("members").order_by("intervention__registration_no"):
        others = sorted(m.name for m in c.members.all() if m.pk != party.pk)
        insatser.append(
            ControlledInsats(
                intervention=c.intervention,
                joint_with=others,
                answers_requests=c.answers_requests.name if c.answers_requests else "",
                informs_subjects=c.informs_subjects.name if c.informs_subjects else "",
                agreement=f"{c.agreement_reference}, {c.agreement_date:%Y-%m-%d}" if c.agreement_date else "",
                forbund_reason=c.forbund_reason,
            )
        )
    ids = [i.intervention.pk for i in insatser]
    employed = Q(employed_by_forbund=True) if isinstance(party, Forbund) else Q(employer=party)
    handlers = (
        RoleAssignment.objects.in_force()
        .filter(employed, forbund=forbund, role=Role.PARTICIPANT_HANDLER, interventions__in=ids)
        .values("user")
        .distinct()
        .count()
    )
    return ProcessingRecord(
        forbund=forbund,
        key=key,
        controller=party.name,
        org_number=party.org_number,
        dpo=DpoContact(party.dpo_name, party.dpo_email, party.dpo_phone),
        insatser=insatser,
        handlers=handlers,
        retention=_retention(forbund),
        instruments=_instruments(forbund),
    )
