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


def search_reads(forbund, *, text: str = "", since: dt.date | None = None, until: dt.date | None = None):
    qs = ReadLogEntry.objects.filter(forbund=forbund)
    if text:
        qs = qs.filter(Q(actor_label__icontains=text) | Q(object_id__icontains=text) | Q(query__icontains=text))
    if since:
        qs = qs.filter(at__date__gte=since)
    if until:
        qs = qs.filter(at__date__lte=until)
    return qs.order_by("-at", "-id")
