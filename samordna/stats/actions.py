"""The one write of statistics: releasing exact figures outside the participant-handler role leaves a trace."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from samordna.audit.actions import log_read, record
from samordna.tenancy.models import Forbund

# The read log's name for exact figures: counts below the threshold can point at a person.
EXACT_STATISTICS = "stats.exact"


@transaction.atomic
def record_unsuppressed_release(actor, forbund: Forbund, *, report: str, parameters: dict) -> None:
    """An operator took exact (unsuppressed) figures out of the system: who, which report, which selection."""
    record(actor, "stats.unsuppressed_report", forbund, forbund=forbund, changes={"report": report, **parameters})
    log_read(actor, forbund, EXACT_STATISTICS, query=f"{report} (konsol)", purpose=_("Statistik med exakta tal"))
