"""Reads for the data protection officer: the retention plan and who is due under it, and the read log to review."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from samordna.audit.models import ReadLogEntry
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
