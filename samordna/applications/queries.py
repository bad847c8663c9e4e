"""Reads of applications: visibility, the computed budget table, completeness and the register."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    Max,
    Q,
    QuerySet,
    Sum,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.finance.queries import GrantEffect
from samordna.lib.formats import number
from samordna.meetings.models import AgendaItem
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


@dataclass
class YearRoom(GrantEffect):
    """A grant's effect on one year's room for new projects. Without a budget for the year it is unknown."""

    year: int = 0
    has_budget: bool = True

    @property
    def fits(self) -> bool:
        return not self.has_budget or self.room_after >= 0


@dataclass
class EconomicRoom:
    """The förbund's room for new projects next to a decision: before and after its grant, per year."""

    as_of: dt.date
    decided: bool
    years: list[YearRoom]


def economic_room(application: Application, on: dt.date | None = None) -> EconomicRoom:
    """Before a decision: what granting the applied amount would do, as of `on` (the meeting, or today).

    After a decision: the room just before this grant and just after it. Grants of the same day count in the
    order they were committed, so the meeting's grants add up: § 602 takes the room from 2 180 732 to
    1 580 732 and § 604 on to 1 380 732.
    """
    return economic_rooms(application.forbund, [application], on)[application.pk]


def economic_rooms(forbund, applications: list[Application], on: dt.date | None = None) -> dict[int, EconomicRoom]:
    """`economic_room` for each of the förbund's `applications`, by application id, read in one pass: the room for
    new projects is computed once per year and day asked about, not once per application, so a page of minutes
    asks as often for one deciding paragraph as for many."""
    from samordna.finance.models import BudgetYear as FinanceYear
    from samordna.finance.models import GrantCommitment
    from samordna.finance.queries import economic_report

    if not applications:
        return {}
    budgeted = set(FinanceYear.objects.filter(forbund=forbund).values_list("year", flat=True))
    prefetch_related_objects(applications, "decision__years")
    decided = [a for a in applications if getattr(a, "decision", None) is not None]
    undecided = [a for a in applications if getattr(a, "decision", None) is None]
    prefetch_related_objects(undecided, "budget_years")
    meeting_days = {}
    if undecided and on is None:
        meeting_days = dict(
            AgendaItem.objects.filter(application__in=undecided)
            .values("application_id")
            .annotate(day=Max("meeting__date"))
            .values_list("application_id", "day")
        )
    # Grants of a decision's day, for counting those committed before it on the same day.
    same_day: dict[tuple[int, dt.date], list[tuple[int, int]]] = {}
    if decided:
        for year, day, pk, amount in GrantCommitment.objects.filter(
            forbund=forbund, decided_on__in={a.decision.decided_on for a in decided}
        ).values_list("year", "decided_on", "pk", "amount"):
            same_day.setdefault((year, day), []).append((pk, amount))
    room_for_new: dict[tuple[int, dt.date], int] = {}

    def room(year: int, day: dt.date) -> int:
        if (year, day) not in room_for_new:
            room_for_new[year, day] = economic_report(forbund, year, day).room_for_new
        return room_for_new[year, day]

    rooms = {}
    for application in undecided:
        as_of = on or meeting_days.get(application.pk) or timezone.localdate()
        per_year = {b.year: b.net for b in application.budget_years.all() if b.net > 0} or {as_of.year: 0}
        years = []
        for year, amount in sorted(per_year.items()):
            before = room(year, as_of)
            years.append(YearRoom(amount, before, before - amount, year=year, has_budget=year in budgeted))
        rooms[application.pk] = EconomicRoom(as_of=as_of, decided=False, years=years)
    for application in decided:
        day = application.decision.decided_on
        years = []
        rows: list[DecisionYear | None] = list(application.decision.years.all())
        for row in rows or [None]:
            year = row.year if row else day.year
            base = room(year, day - dt.timedelta(days=1))
            earlier = 0
            if row is not None and row.grant_id:
                earlier = sum(amount for pk, amount in same_day.get((year, day), []) if pk < row.grant_id)
            amount = row.amount if row else 0
            years.append(
                YearRoom(amount, base - earlier, base - earlier - amount, year=year, has_budget=year in budgeted)
            )
        rooms[application.pk] = EconomicRoom(as_of=day, decided=True, years=years)
    return rooms


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
