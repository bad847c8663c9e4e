"""The one write of statistics: releasing exact figures outside the participant-handler role leaves a trace."""

from __future__ import annotations

from django.db import transaction

from samordna.audit.actions import record
from samordna.tenancy.models import Forbund


@transaction.atomic
def record_unsuppressed_release(actor, forbund: Forbund, *, report: str, parameters: dict) -> None:
    """An operator took exact (unsuppressed) figures out of the system: who, which report, which selection."""
    record(actor, "stats.unsuppressed_report", forbund, forbund=forbund, changes={"report": report, **parameters})
