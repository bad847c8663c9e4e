"""Which record of a person a handler may build on when they enrol a number the förbund already knows.

The same person may take part in insatser whose handlers share nothing: each keeps its own record, so that
enrolling a known number tells nothing of the other stay (name, consent, dates, insats). A record is reused only
when every one of its stays lies in the handler's insatser; otherwise the enrolment starts a record of its own.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, QuerySet

from .models import Participant, Participation


def records_within(forbund, scope: set[int] | None) -> QuerySet[Participant]:
    """The förbund's person records whose stays all lie in `scope` (every record when `scope` is None: an
    operator's console import or the demo, which act for the whole förbund)."""
    people = Participant.objects.filter(forbund=forbund)
    if scope is None:
        return people
    elsewhere = Participation.objects.filter(participant=OuterRef("pk")).exclude(intervention_id__in=scope)
    return people.exclude(Exists(elsewhere))


def record_for(forbund, scope: set[int] | None, key: str, *, lock: bool = False) -> Participant | None:
    """The identified record with lookup key `key` that a handler with `scope` may build on, or None."""
    people = records_within(forbund, scope).filter(lookup_key=key).order_by("created_at", "pk")
    if lock:
        people = people.select_for_update()
    return people.first()


def records_by_key(forbund, scope: set[int] | None, keys: Iterable[str]) -> dict[str, Participant]:
    """{lookup key: record} for the keys that have a record the handler may build on (the oldest, if several)."""
    found: dict[str, Participant] = {}
    for person in records_within(forbund, scope).filter(lookup_key__in=list(keys)).order_by("-created_at", "-pk"):
        found[person.lookup_key] = person
    return found


def same_person(person: Participant) -> QuerySet[Participant]:
    """Every record of the förbund with this person's number (through the keyed hash), the person's own included:
    for the data protection officer's extract and erasure, which answer for the whole förbund."""
    if not person.lookup_key:
        return Participant.objects.filter(pk=person.pk)
    return Participant.objects.filter(forbund=person.forbund, lookup_key=person.lookup_key)
