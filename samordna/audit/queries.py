"""Searching the logs."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from .models import AuditEvent, ReadLogEntry


def search_events(forbund, *, text: str = "", since: dt.date | None = None, until: dt.date | None = None):
    qs = AuditEvent.objects.filter(forbund=forbund)
    if text:
        qs = qs.filter(Q(action__icontains=text) | Q(actor_label__icontains=text) | Q(object_label__icontains=text))
    if since:
        qs = qs.filter(at__date__gte=since)
    if until:
        qs = qs.filter(at__date__lte=until)
    return qs.order_by("-at", "-id")


def record_ids(forbund, *, personnummer: str = "", intervention=None) -> set[str] | None:
    """The ids the read log names for one person (found by the keyed hash) and/or one insats; None for no filter."""
    from samordna.participants.identity import lookup_key
    from samordna.participants.models import Participation

    if not personnummer and intervention is None:
        return None
    stays = Participation.objects.filter(forbund=forbund)
    if personnummer:
        stays = stays.filter(participant__forbund=forbund, participant__lookup_key=lookup_key(personnummer))
    if intervention is not None:
        stays = stays.filter(intervention=intervention)
    ids: set[str] = set()
    for stay, person in stays.values_list("pk", "participant_id"):
        ids |= {str(stay), str(person)}
    return ids


def search_reads(
    forbund,
    *,
    text: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
    personnummer: str = "",
    user: str = "",
    insats=None,
):
    qs = ReadLogEntry.objects.filter(forbund=forbund)
    if text:
        qs = qs.filter(Q(actor_label__icontains=text) | Q(object_id__icontains=text) | Q(query__icontains=text))
    if user:
        qs = qs.filter(actor_label__iexact=user)
    ids = record_ids(forbund, personnummer=personnummer, intervention=insats)
    if ids is not None:
        qs = qs.filter(object_id__in=ids)
    if since:
        qs = qs.filter(at__date__gte=since)
    if until:
        qs = qs.filter(at__date__lte=until)
    return qs.order_by("-at", "-id")
