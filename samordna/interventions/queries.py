"""Reading insatser for the catalogue and an insats's page."""

from __future__ import annotations

from django.db.models import Prefetch

from samordna.tenancy.models import Forbund

from .models import DataController, Intervention, VolumeCount


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


def volume_counts(intervention: Intervention):
    return VolumeCount.objects.filter(intervention=intervention).select_related("member")


def volume_count(forbund: Forbund, volume_id: int) -> VolumeCount | None:
    return (
        VolumeCount.objects.filter(intervention__forbund=forbund, pk=volume_id)
        .select_related("intervention", "member")
        .first()
    )


def data_controller(intervention: Intervention) -> DataController | None:
    """The insats's controller of participant data, with its members and their DPO contacts; None when not set."""
    return (
        DataController.objects.filter(intervention=intervention)
        .select_related("answers_requests", "informs_subjects", "intervention__forbund")
        .prefetch_related("members")
        .first()
    )
