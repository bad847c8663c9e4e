"""Reads of applications: visibility, the computed budget table, completeness and the register."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.http import Http404
from django.utils.translation import gettext as _

from samordna.tenancy import permissions
from samordna.tenancy.models import Role, distinct_parties

from .models import BUDGET_INPUTS, Application, BudgetYear, DecisionOutcome, State
from .sections import SECTIONS

NET = F("personnel") + F("premises") + F("other") + F("evaluation") - F("income")

ROW_LABELS = {
    "personnel": _("Personal"),
    "premises": _("Lokal"),
    "other": _("Övriga kostnader (inkl. ev. startkostnader)"),
    "evaluation": _("Ev. utvärderingskostnader"),
}


def visible_applications(user, forbund) -> QuerySet[Application]:
    """Everything for the förbund's own roles; an applicant organisation sees only its own."""
    qs = Application.objects.filter(forbund=forbund)
    held = permissions.roles_in(user, forbund)
    if held <= {Role.APPLICANT}:
        qs = qs.filter(created_by=user)
    return qs


def application_for(user, forbund, pk: int) -> Application:
    application = visible_applications(user, forbund).filter(pk=pk).first()
    if application is None:
        raise Http404(_("Ansökan finns inte eller så får du inte se den."))
    return application


def with_applied_amount(qs: QuerySet[Application]) -> QuerySet[Application]:
    """Annotate `applied` = Σ net cost over the year columns, computed by the database (R6)."""
    return qs.annotate(
        applied=Coalesce(
            Sum(
                F("budget_years__personnel")
                + F("budget_years__premises")
                + F("budget_years__other")
                + F("budget_years__evaluation")
                - F("budget_years__income")
            ),
            Value(0),
        )
    )


@dataclass
class BudgetTable:
    years: list[int]
    rows: list[tuple[str, list[int], int]]  # label, per year, total
    total_costs: list[int]
    income: list[int]
    net: list[int]
    total_costs_sum: int = 0
    income_sum: int = 0
    net_sum: int = 0
    warnings: list[str] = field(default_factory=list)


def budget_table(application: Application) -> BudgetTable:
    """The budget table with every sum computed; the total column is Σ years and the applied amount its net."""
    columns = {b.year: b for b in application.budget_years.all()}
    years = sorted(set(application.years) | set(columns))
    empty = BudgetYear(application=application, year=0)
    cells = [columns.get(y, empty) for y in years]
    rows = []
    for name in BUDGET_INPUTS:
        values = [getattr(c, name) for c in cells]
        rows.append((ROW_LABELS[name], values, sum(values)))
    total_costs = [c.total_costs for c in cells]
    income = [c.income for c in cells]
    net = [c.net for c in cells]
    table = BudgetTable(
        years=years,
        rows=rows,
        total_costs=total_costs,
        income=income,
        net=net,
        total_costs_sum=sum(total_costs),
        income_sum=sum(income),
        net_sum=sum(net),
    )
    table.warnings = detail_warnings(application, table)
    return table


def applied_amount(application: Application) -> int:
    """Applied amount = total net cost (R6). Never typed."""
    return application.budget_years.aggregate(n=Coalesce(Sum(NET), Value(0)))["n"] if application.pk else 0


def detail_warnings(application: Application, table: BudgetTable | None = None) -> list[str]:
    """Differences between the detailed budget and the table (R7): the total must match, categories warn."""
    lines = list(application.budget_lines.all())
    if not lines:
        return []
    table = table or budget_table(application)
    warnings = []
    detail_total = sum(line.amount for line in lines)
    if detail_total != table.total_costs_sum:
        warnings.append(
            _("Den detaljerade budgeten summerar till %(detail)s kr men budgettabellen till %(table)s kr.")
            % {"detail": kronor(detail_total), "table": kronor(table.total_costs_sum)}
        )
    for (label, _values, total), name in zip(table.rows, BUDGET_INPUTS, strict=True):
        in_detail = sum(line.amount for line in lines if line.category == name)
        if in_detail != total:
            warnings.append(
                _("%(row)s: %(detail)s kr i den detaljerade budgeten men %(table)s kr i tabellen.")
                % {"row": label, "detail": kronor(in_detail), "table": kronor(total)}
            )
    return warnings


def kronor(amount: int) -> str:
    """Swedish grouping with a narrow space: 2 750 000."""
    return f"{amount:,}".replace(",", "\u202f")


def missing_for_submission(application: Application) -> list[str]:
    """What stops the application from being submitted (R1, R2), in Swedish, one reason per gap."""
    reasons = []
    if not application.title.strip():
        reasons.append(_("Ange projektets eller verksamhetens namn."))
    if not application.org_name.strip():
        reasons.append(_("Ange den sökande organisationens namn."))
    if not application.contact_name.strip():
        reasons.append(_("Ange en kontaktperson."))
    if not application.period_start or not application.period_end:
        reasons.append(_("Ange vilken period ansökan gäller (från och till)."))
    empty = [str(s.heading) for s in SECTIONS if s.required and not application.section(s.key).strip()]
    if empty:
        reasons.append(_("Fyll i avsnitten: %(sections)s.") % {"sections": ", ".join(empty)})
    parties = distinct_parties(application.involved_parties.values_list("party_type", flat=True))
    if len(parties) < 2:
        reasons.append(
            _(
                "Ansökan måste gälla samverkan mellan minst två av förbundets parter "
                "(Försäkringskassan, Arbetsförmedlingen, regionen och kommunerna, där alla kommuner räknas som "
                "en part). Nu anges %(n)s."
            )
            % {"n": len(parties)}
        )
    if (
        application.pk
        and not application.budget_years.filter(
            Q(personnel__gt=0) | Q(premises__gt=0) | Q(other__gt=0) | Q(evaluation__gt=0)
        ).exists()
    ):
        reasons.append(_("Fyll i budgettabellen: minst en kostnad behövs."))
    return reasons


def motivation_reused(application: Application) -> bool:
    """R10: warn when a rejection's motivation repeats one given to another application."""
    decision = getattr(application, "decision", None)
    if decision is None or not decision.motivation.strip():
        return False
    return (
        Application.objects.filter(forbund=application.forbund, decision__motivation=decision.motivation)
        .exclude(pk=application.pk)
        .exists()
    )


def register(forbund) -> list[dict]:
    """Applied vs granted per year of arrival, aggregated by the database."""
    received = Application.objects.filter(forbund=forbund).exclude(state=State.DRAFT).exclude(received_date=None)
    applied = {
        row["year"]: row
        for row in received.annotate(year=ExtractYear("received_date"))
        .values("year")
        .annotate(
            applied=Coalesce(
                Sum(
                    F("budget_years__personnel")
                    + F("budget_years__premises")
                    + F("budget_years__other")
                    + F("budget_years__evaluation")
                    - F("budget_years__income")
                ),
                Value(0),
            ),
            count=Count("id", distinct=True),
        )
        .order_by("year")
    }
    decided = {
        row["year"]: row
        for row in received.filter(state=State.DECIDED)
        .annotate(year=ExtractYear("received_date"))
        .values("year")
        .annotate(
            granted=Coalesce(Sum("decision__amount"), Value(0)),
            granted_count=Coalesce(Sum(Value(1), filter=~Q(decision__outcome=DecisionOutcome.REJECTED)), Value(0)),
            rejected_count=Coalesce(Sum(Value(1), filter=Q(decision__outcome=DecisionOutcome.REJECTED)), Value(0)),
        )
        .order_by("year")
    }
    out = []
    for year in sorted(applied):
        d = decided.get(year, {})
        out.append(
            {
                "year": year,
                "count": applied[year]["count"],
                "applied": applied[year]["applied"],
                "granted": d.get("granted", 0),
                "granted_count": d.get("granted_count", 0),
                "rejected_count": d.get("rejected_count", 0),
            }
        )
    return out
