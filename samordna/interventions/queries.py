"""Reading insatser for the catalogue and an insats's page."""

from __future__ import annotations

from django.db.models import Prefetch

from samordna.tenancy.models import Forbund

from .models import Intervention


def catalogue(forbund: Forbund):
    return (
        Intervention.objects.filter(forbund=forbund)
        .select_related("owner")
        .prefetch_related("partners", "goals")
        .order_by("-start_date", "registration_no")
    )


def detail(forbund: Forbund, intervention_id: int) -> Intervention | None:
    return (
        Intervention.objects.filter(forbund=forbund, pk=intervention_id)
        .select_related("owner")
        .prefetch_related("partners", Prefetch("goals"), "reports")
        .first()
    )
