"""Reads of applications: visibility, the computed budget table, completeness and the register."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.http import Http404
from django.utils.translation import gettext as _

from samordna.lib.formats import number
from samordna.tenancy import permissions
from samordna.tenancy.models import Role, distinct_parties

from .models import (
    BUDGET_INPUTS,
    Application,
    ApplicationKind,
    BudgetYear,
    ConditionStatus,
    Decision,
    DecisionOutcome,
    DecisionYear,
    State,
)
from .sections import SECTIONS

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class AppliedAmount(TypedDict):
        applied: int


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


def with_applied_amount(qs: QuerySet[Application]) -> QuerySet[WithAnnotations[Application, AppliedAmount]]:
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
            % {"detail": number(detail_total), "table": number(table.total_costs_sum)}
        )
    for (label, _values, total), name in zip(table.rows, BUDGET_INPUTS, strict=True):
        in_detail = sum(line.amount for line in lines if line.category == name)
        if in_detail != total:
            warnings.append(
                _("%(row)s: %(detail)s kr i den detaljerade budgeten men %(table)s kr i tabellen.")
                % {"row": label, "detail": number(in_detail), "table": number(total)}
            )
    return warnings


def missing_for_submission(application: Application) -> list[str]:
    """What stops the application from being submitted (R1, R2), in Swedish, one reason per gap.

    A framställan has no form: it needs a title, who makes the request, a contact, the background and purpose.
    """
    if application.kind == ApplicationKind.REQUEST:
        return _missing_for_request(application)
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


def _missing_for_request(application: Application) -> list[str]:
    reasons = []
    if not application.title.strip():
        reasons.append(_("Ange vad framställan gäller."))
    if not application.org_name.strip():
        reasons.append(_("Ange vem framställan kommer från."))
    if not application.contact_name.strip():
        reasons.append(_("Ange en kontaktperson."))
    empty = [str(s.heading) for s in SECTIONS if s.key in REQUEST_SECTIONS and not application.section(s.key).strip()]
    if empty:
        reasons.append(_("Fyll i avsnitten: %(sections)s.") % {"sections": ", ".join(empty)})
    return reasons


REQUEST_SECTIONS = ("background", "purpose")


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
    """Applied vs granted per year, aggregated by the database.

    The amounts are per year the money is for: applied is the budget's net cost for the year, granted is the
    decisions' amounts for the year (a grant whose condition failed no longer counts; one still waiting for its
    condition is granted and also shown as reserved). The counts are per year of arrival and of decision.
    """
    received = Application.objects.filter(forbund=forbund).exclude(state=State.DRAFT).exclude(received_date=None)
    applied = dict(
        BudgetYear.objects.filter(application__in=received)
        .values("year")
        .annotate(applied=Sum(NET))
        .values_list("year", "applied")
    )
    granted: dict[int, Mapping[str, Any]] = {
        row["year"]: row
        for row in DecisionYear.objects.filter(decision__application__forbund=forbund)
        .exclude(decision__condition_status=ConditionStatus.FAILED)
        .values("year")
        .annotate(
            granted=Sum("amount"),
            reserved=Coalesce(Sum("amount", filter=Q(decision__condition_status=ConditionStatus.OPEN)), Value(0)),
        )
    }
    arrived = dict(
        received.annotate(year=ExtractYear("received_date"))
        .values("year")
        .annotate(n=Count("id"))
        .values_list("year", "n")
    )
    decided: dict[int, Mapping[str, Any]] = {
        row["year"]: row
        for row in Decision.objects.filter(application__forbund=forbund)
        .annotate(year=ExtractYear("decided_on"))
        .values("year")
        .annotate(
            granted_count=Count("id", filter=~Q(outcome=DecisionOutcome.REJECTED)),
            rejected_count=Count("id", filter=Q(outcome=DecisionOutcome.REJECTED)),
        )
    }
    out = []
    for year in sorted(set(applied) | set(granted) | set(arrived) | set(decided)):
        out.append(
            {
                "year": year,
                "count": arrived.get(year, 0),
                "applied": applied.get(year, 0),
                "granted": granted.get(year, {}).get("granted", 0),
                "reserved": granted.get(year, {}).get("reserved", 0),
                "granted_count": decided.get(year, {}).get("granted_count", 0),
                "rejected_count": decided.get(year, {}).get("rejected_count", 0),
            }
        )
    return out


def conditional_decisions(forbund) -> QuerySet[Decision]:
    """Grants on conditions, for following the conditions up: those still open first."""
    return (
        Decision.objects.filter(application__forbund=forbund, outcome=DecisionOutcome.CONDITIONAL)
        .select_related("application", "condition_settled_by", "paragraph")
        .order_by(ExpressionWrapper(~Q(condition_status=ConditionStatus.OPEN), BooleanField()), "decided_on")
    )


# --- The start page ------------------------------------------------------------------------------

# What the office does next with an application in each state (the workflow's transitions from it).
OFFICE_WAITING_STATES = (State.SUBMITTED, State.IN_PREPARATION, State.PREPARED)


def waiting_for_office(forbund) -> dict[str, list[Application]]:
    """Applications that wait for the office, by state: submitted ones to register and send for preparation,
    those in preparation to follow, and those the preparatory group has reviewed, ready for the agenda. One query."""
    waiting: dict[str, list[Application]] = {state: [] for state in OFFICE_WAITING_STATES}
    rows = (
        Application.objects.filter(forbund=forbund, state__in=OFFICE_WAITING_STATES)
        .only("id", "forbund_id", "state", "title", "registration_no", "received_date", "created_at")
        .order_by("received_date", "created_at", "id")
    )
    for application in rows:
        waiting[application.state].append(application)
    return waiting


def waiting_for_preparation(forbund) -> QuerySet[Application]:
    """The applications the office has sent to the preparatory group and that it has not yet reviewed."""
    return (
        Application.objects.filter(forbund=forbund, state=State.IN_PREPARATION)
        .only("id", "forbund_id", "state", "title", "registration_no", "received_date", "created_at")
        .order_by("received_date", "created_at", "id")
    )


def drafts_of(user, forbund) -> QuerySet[Application]:
    """The user's own applications still to complete and submit: new drafts and those sent back for completion."""
    return (
        Application.objects.filter(forbund=forbund, created_by=user, state=State.DRAFT)
        .only("id", "forbund_id", "state", "title", "registration_no", "received_date", "created_at")
        .order_by("created_at", "id")
    )
