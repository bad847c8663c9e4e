"""Retention and erasure of participants' personal data, through the same anonymisation as consent withdrawal.

Anonymising keeps sex, birth year, kommun and every stay's facts, so every statistic is the same afterwards.
Never within six months of the last discharge (the follow-up needs the person), whatever the plan says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

from samordna.audit.actions import record
from samordna.lib.dates import refuse_future
from samordna.lib.errors import Refused
from samordna.participants.actions import anonymise, lock_person
from samordna.participants.holders import same_person
from samordna.participants.models import FOLLOW_UP_MONTHS, Participant
from samordna.reporting.schedule import add_months
from samordna.tenancy import permissions
from samordna.tenancy.models import Forbund, User
from samordna.tenancy.permissions import Capability

from .models import RetentionPlan

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class DueAnnotations(TypedDict):
        open_stays: int
        last_discharge: dt.date


@transaction.atomic
def set_retention_plan(
    actor: User | None, forbund: Forbund, *, years_after_discharge: int, decided_on: dt.date, decision_reference=""
) -> RetentionPlan:
    if actor is not None:
        decision = permissions.check(actor, forbund, Capability.MANAGE_PRIVACY)
        if not decision.allowed:
            decision = permissions.check(actor, forbund, Capability.MANAGE_FORBUND)
        if not decision.allowed:
            raise Refused(decision.reason)
    if years_after_discharge < 1:
        raise ValidationError({"years_after_discharge": _("Ange minst ett år efter utskrivningen.")})
    refuse_future("decided_on", decided_on, _("Beslutsdatumet kan inte ligga i framtiden."))
    plan, _created = RetentionPlan.objects.update_or_create(
        forbund=forbund,
        defaults={
            "years_after_discharge": years_after_discharge,
            "decided_on": decided_on,
            "decision_reference": decision_reference,
        },
    )
    record(
        actor,
        "retention.plan",
        plan,
        forbund=forbund,
        changes={"years_after_discharge": years_after_discharge, "decided_on": f"{decided_on:%Y-%m-%d}"},
    )
    return plan


def retention_cutoff(plan: RetentionPlan, today: dt.date) -> dt.date:
    """People whose last discharge is on or before this day are due; never later than six months back."""
    return min(add_months(today, -12 * plan.years_after_discharge), add_months(today, -FOLLOW_UP_MONTHS))


def due_for_retention(plan: RetentionPlan, today: dt.date):
    """Not yet anonymised, every stay discharged, the last discharge on or before the cutoff."""
    return (
        Participant.objects.filter(forbund=plan.forbund, anonymised_at__isnull=True)
        .annotate(
            open_stays=Count("participations", filter=Q(participations__discharge_date__isnull=True)),
            last_discharge=Max("participations__discharge_date"),
        )
        .filter(open_stays=0, last_discharge__lte=retention_cutoff(plan, today))
        .order_by("last_discharge", "id")
    )


@dataclass
class RetentionRun:
    forbund: Forbund
    cutoff: dt.date
    due: list[WithAnnotations[Participant, DueAnnotations]] = field(default_factory=list)


def _anonymise_due(participant: Participant, cutoff: dt.date) -> None:
    participant, stays = lock_person(None, participant)
    anonymise(None, participant, stays, action="participant.retention", changes={"cutoff": f"{cutoff:%Y-%m-%d}"})


def run_retention(today: dt.date, *, dry_run: bool = False, forbund: Forbund | None = None) -> list[RetentionRun]:
    """Anonymise everyone due under their förbund's plan (console job; one transaction per förbund)."""
    runs = []
    plans = RetentionPlan.objects.select_related("forbund").order_by("forbund__slug")
    for plan in plans.filter(forbund=forbund) if forbund is not None else plans:
        run = RetentionRun(plan.forbund, retention_cutoff(plan, today), list(due_for_retention(plan, today)))
        runs.append(run)
        if dry_run or not run.due:
            continue
        with transaction.atomic():
            for participant in run.due:
                _anonymise_due(participant, run.cutoff)
            record(
                None,
                "retention.run",
                plan,
                forbund=plan.forbund,
                changes={"cutoff": f"{run.cutoff:%Y-%m-%d}", "anonymised": len(run.due)},
            )
    return runs


@transaction.atomic
def erase_on_request(actor: User | None, participant: Participant, *, received_on: dt.date) -> Participant:
    """The person asked to be erased: their identity and notes go now; the stays stay, without a name.

    The data protection officer erases in the whole förbund; a participant handler only in their own insatser.
    """
    dpo = actor is not None and permissions.check(actor, participant.forbund, Capability.MANAGE_PRIVACY).allowed
    participant, stays = lock_person(None if dpo else actor, participant)
    if participant.anonymised_at is not None:
        raise ValidationError(_("Deltagarens personuppgifter är redan borttagna."))
    refuse_future("received_on", received_on, _("Datumet då begäran kom in kan inte ligga i framtiden."))
    # The officer erases the person everywhere: also the records other insatser keep of the same number.
    others = list(same_person(participant).exclude(pk=participant.pk)) if dpo or actor is None else []
    _erase(actor, participant, stays, received_on)
    for other in others:
        _erase(actor, *lock_person(None, other), received_on)
    return participant


def _erase(actor: User | None, person: Participant, stays: list, received_on: dt.date) -> None:
    person.consents.filter(withdrawn_on__isnull=True, given_on__lte=received_on).update(withdrawn_on=received_on)
    changes = {"received_on": f"{received_on:%Y-%m-%d}"}
    anonymise(actor, person, stays, action="participant.erased", changes=changes)
