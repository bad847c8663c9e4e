"""Reads for the data protection officer: the retention plan and who is due under it, the read log to review, and
one person found by number for an erasure or a register extract."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from samordna.audit.actions import log_read
from samordna.audit.labels import object_type_label
from samordna.audit.models import ReadLogEntry
from samordna.participants.holders import same_person
from samordna.participants.identity import lookup_key
from samordna.participants.models import Consent, Participant, Participation
from samordna.tenancy.models import Forbund

from .actions import due_for_retention
from .models import RetentionPlan

READ_REVIEW_DAYS = 30


@dataclass
class PrivacyItems:
    plan: RetentionPlan | None
    due_for_retention: int
    reads_since: dt.date
    reads: int


def open_items(forbund: Forbund, today: dt.date) -> PrivacyItems:
    """The DPO's open items, as counts: no personal data leaves this function."""
    plan = RetentionPlan.objects.filter(forbund=forbund).first()
    due = due_for_retention(plan, today).count() if plan is not None else 0
    since = today - dt.timedelta(days=READ_REVIEW_DAYS)
    reads = ReadLogEntry.objects.filter(forbund=forbund, at__date__gte=since).count()
    return PrivacyItems(plan=plan, due_for_retention=due, reads_since=since, reads=reads)


def find_person(actor, forbund: Forbund, personnummer: str, *, purpose: str) -> Participant | None:
    """The förbund's identified person with this number (through the keyed hash), read-logged when found."""
    person = (
        Participant.objects.filter(forbund=forbund, lookup_key=lookup_key(personnummer))
        .select_related("home_kommun")
        .first()
    )
    if person is not None:
        log_read(actor, forbund, "participants.Participant", object_id=str(person.pk), purpose=purpose)
    return person


@dataclass
class Extract:
    """What a register extract (GDPR art. 15) shows of one person."""

    person: Participant
    consents: list
    stays: list
    reads: list
    made_at: dt.datetime


def register_extract(forbund: Forbund, person: Participant) -> Extract:
    """Everything the förbund holds on the person: every record with the number, each kept by its own insatser."""
    records = same_person(person)
    stays = list(
        Participation.objects.filter(participant__in=records)
        .select_related("intervention", "kommun_at_enrolment")
        .order_by("enrolment_date")
    )
    ids = {str(pk) for pk in records.values_list("pk", flat=True)} | {str(stay.pk) for stay in stays}
    reads = list(ReadLogEntry.objects.filter(forbund=forbund, object_id__in=ids).order_by("at", "id"))
    return Extract(
        person=person,
        consents=list(Consent.objects.filter(participant__in=records).order_by("given_on")),
        stays=stays,
        reads=[
            {"at": r.at, "by": r.actor_label, "what": object_type_label(r.object_type), "why": r.purpose} for r in reads
        ],
        made_at=timezone.now(),
    )
