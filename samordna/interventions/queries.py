"""Reading insatser for the catalogue: the figures are summed by the database."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, Prefetch, Sum

from samordna.tenancy.models import Forbund

from .models import BudgetLine, Intervention, StaffingLine


def catalogue(forbund: Forbund):
    return (
        Intervention.objects.filter(forbund=forbund)
        .select_related("owner")
        .prefetch_related("partners", "goals")
        .order_by("-start_date", "registration_no")
    )


def budget_by_year(intervention: Intervention) -> list[dict]:
    """Budget per year and financier, as rows {year, financier, member, amount, actual}, plus a total per year."""
    rows = (
        BudgetLine.objects.filter(intervention=intervention)
        .values("year", "financier", "member__name")
        .annotate(amount=Sum("amount"), actual=Sum("actual"), participants=Sum("planned_participants"))
        .order_by("year", "financier", "member__name")
    )
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for row in rows:
        totals[row["year"]] += row["amount"] or 0
    return [{"rows": [r for r in rows if r["year"] == year], "year": year, "total": totals[year]} for year in totals]


def staffing_summary(intervention: Intervention) -> dict:
    fte = ExpressionWrapper(F("count") * F("fte_pct"), output_field=DecimalField(max_digits=8, decimal_places=2))
    sums = StaffingLine.objects.filter(intervention=intervention).aggregate(fte_pct=Sum(fte), cost=Sum("yearly_cost"))
    return {
        "lines": intervention.staffing_lines.select_related("member"),
        "fte": Decimal(sums["fte_pct"] or 0) / 100,
        "cost": sums["cost"] or Decimal(0),
    }


def detail(forbund: Forbund, intervention_id: int) -> Intervention | None:
    return (
        Intervention.objects.filter(forbund=forbund, pk=intervention_id)
        .select_related("owner")
        .prefetch_related("partners", Prefetch("goals"), "reports_due")
        .first()
    )
