"""Reads for finance: the share check, budget vs outcome, the economic report and the room for new projects.

Sums are computed by the database; Python only combines the handful of totals it returns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Max, Min, OuterRef, Q, Subquery, Sum, Value, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.lib.formats import kr, number, whole_kronor
from samordna.lib.years import latest_up_to
from samordna.tenancy.models import Forbund, PartyType

from .models import (
    Actual,
    BudgetLine,
    BudgetYear,
    Contribution,
    Forecast,
    GrantCommitment,
    InterventionBudgetLine,
    InvoiceStatus,
    LineCategory,
    LineKind,
    MemberInvoice,
)

# R19: each party's share of the year's total contributions.
PARTY_SHARES = {
    PartyType.FK: Decimal("0.5"),
    PartyType.REGION: Decimal("0.25"),
    PartyType.KOMMUN: Decimal("0.25"),
    PartyType.AF: Decimal("0"),
}
# Rounding to whole kronor may leave each member this far from its exact share without a warning.
SHARE_TOLERANCE = 1


@dataclass
class MemberShare:
    member: str
    party_type: str
    amount: int
    expected: int | None
    key_value: int | None


@dataclass
class ShareCheck:
    year: int
    total: int
    by_party: dict[str, int]
    members: list[MemberShare]
    warnings: list[str]

    @property
    def ok(self) -> bool:
        return not self.warnings


def contribution_shares(forbund: Forbund, year: int) -> ShareCheck:
    """Check a year's contributions against the law's split (R19). Deviations warn; nothing is blocked."""
    rows = Contribution.objects.filter(forbund=forbund, year=year)
    total = rows.aggregate(total=Coalesce(Sum("amount"), 0))["total"]
    by_party = {
        r["member__party_type"]: r["total"]
        for r in rows.values("member__party_type").annotate(total=Sum("amount")).order_by()
    }
    warnings: list[str] = []
    party_names = {
        PartyType.FK: _("Försäkringskassan"),
        PartyType.REGION: _("Regionerna tillsammans"),
        PartyType.KOMMUN: _("Kommunerna tillsammans"),
        PartyType.AF: _("Arbetsförmedlingen"),
    }
    share_words = {
        PartyType.FK: _("hälften"),
        PartyType.REGION: _("en fjärdedel"),
        PartyType.KOMMUN: _("en fjärdedel"),
        PartyType.AF: _("ingenting (Försäkringskassan betalar Arbetsförmedlingens del)"),
    }
    for party, share in PARTY_SHARES.items():
        paid = by_party.get(party, 0)
        expected = whole_kronor(total * share)
        if abs(paid - expected) > SHARE_TOLERANCE and total:
            warnings.append(
                _("%(who)s betalar %(paid)s men ska betala %(share)s, %(expected)s (skillnad %(diff)s).")
                % {
                    "who": party_names[party],
                    "paid": kr(paid),
                    "share": share_words[party],
                    "expected": kr(expected),
                    "diff": kr(paid - expected),
                }
            )

    members = [
        MemberShare(c.member.name, c.member.party_type, c.amount, None, c.key_value)
        for c in rows.select_related("member").order_by("member__party_type", "member__name")
    ]
    kommuner = [m for m in members if m.party_type == PartyType.KOMMUN]
    keys = [m.key_value or 0 for m in kommuner]
    if len(kommuner) > 1 and all(keys):
        quarter = by_party.get(PartyType.KOMMUN, 0)
        key_total = sum(keys)
        for m, key in zip(kommuner, keys, strict=True):
            m.expected = whole_kronor(Decimal(quarter) * key / key_total)
            if abs(m.amount - m.expected) > SHARE_TOLERANCE:
                warnings.append(
                    _(
                        "%(member)s betalar %(paid)s men ska enligt fördelningsnyckeln (%(key)s av %(keys)s) "
                        "betala %(expected)s av kommunernas del (skillnad %(diff)s)."
                    )
                    % {
                        "member": m.member,
                        "paid": kr(m.amount),
                        "key": number(m.key_value),
                        "keys": number(key_total),
                        "expected": kr(m.expected),
                        "diff": kr(m.amount - m.expected),
                    }
                )
    elif len(kommuner) > 1 and any(keys):
        warnings.append(_("Ange fördelningsnyckel för alla kommuner, eller för ingen."))
    return ShareCheck(year=year, total=total, by_party=by_party, members=members, warnings=warnings)


# --- Budget vs outcome ---------------------------------------------------------------------------


def _latest_forecast(on: dt.date):
    return Subquery(Forecast.objects.filter(line=OuterRef("pk"), as_of__lte=on).order_by("-as_of").values("amount")[:1])


def budget_lines(budget_year: BudgetYear, on: dt.date, interventions=None):
    """Each line with its budget, outcome up to `on` and full-year forecast as of `on`."""
    lines = BudgetLine.objects.filter(budget_year=budget_year)
    if interventions is not None:
        lines = lines.filter(intervention__in=interventions)
    return (
        lines.select_related("intervention")
        .annotate(
            actual=Coalesce(Sum("actuals__amount", filter=Q(actuals__period_end__lte=on)), 0),
            forecast=Coalesce(_latest_forecast(on), F("amount")),
        )
        .order_by("kind", "category", "code")
    )


def actuals_by_period(budget_year: BudgetYear):
    return (
        Actual.objects.filter(line__budget_year=budget_year)
        .select_related("line")
        .order_by("period_start", "line__kind", "line__code")
    )


# --- The economic report -------------------------------------------------------------------------


@dataclass
class EconomicReport:
    forbund: str
    year: int
    date: dt.date
    income_to_date: int
    cost_to_date: int
    result_to_date: int
    income_budget: int
    cost_budget: int
    income_forecast: int
    cost_forecast_budget_lines: int
    committed_grants: int
    cost_forecast: int
    result_forecast: int
    equity_start: int
    equity_end_forecast: int
    contributions: int
    equity_cap_percent: Decimal
    equity_cap_fixed: bool
    equity_cap: int
    room_for_new: int
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        """Whole kronor as ints, the date as ISO, the percent as a number."""
        data = asdict(self)
        data["date"] = self.date.isoformat()
        data["equity_cap_percent"] = float(self.equity_cap_percent)
        return data


def default_report_date(year: int, today: dt.date | None = None) -> dt.date:
    """Today within the year; the last day of a year that has ended; the first of one not yet begun."""
    today = today or timezone.localdate()
    return min(max(today, dt.date(year, 1, 1)), dt.date(year, 12, 31))


def economic_report(forbund: Forbund, year: int, on: dt.date | None = None, *, extra_grant: int = 0) -> EconomicReport:
    """The economic report for `year` as of `on` (R20, R21). `extra_grant` previews a proposed grant."""
    on = on or default_report_date(year)
    budget_year = BudgetYear.objects.filter(forbund=forbund, year=year).first()
    lines = BudgetLine.objects.filter(budget_year=budget_year)
    income = Q(kind=LineKind.INCOME)
    cost = Q(kind=LineKind.COST)
    totals = lines.annotate(forecast=Coalesce(_latest_forecast(on), F("amount"))).aggregate(
        income_budget=Coalesce(Sum("amount", filter=income), 0),
        cost_budget=Coalesce(Sum("amount", filter=cost), 0),
        income_forecast=Coalesce(Sum("forecast", filter=income), 0),
        cost_forecast=Coalesce(Sum("forecast", filter=cost), 0),
    )
    to_date = Actual.objects.filter(line__budget_year=budget_year, period_end__lte=on).aggregate(
        income=Coalesce(Sum("amount", filter=Q(line__kind=LineKind.INCOME)), 0),
        cost=Coalesce(Sum("amount", filter=Q(line__kind=LineKind.COST)), 0),
    )
    grants = GrantCommitment.objects.filter(forbund=forbund, year=year, decided_on__lte=on).aggregate(
        total=Coalesce(Sum("amount"), Value(0))
    )["total"] + int(extra_grant)

    contributions = Contribution.objects.filter(forbund=forbund, year=year).aggregate(total=Coalesce(Sum("amount"), 0))[
        "total"
    ]
    if not contributions:
        contributions = lines.filter(category=LineCategory.CONTRIBUTIONS).aggregate(total=Coalesce(Sum("amount"), 0))[
            "total"
        ]
    percent = Decimal(forbund.equity_cap_percent)
    fixed_cap = budget_year.equity_cap_fixed if budget_year is not None else None
    fixed = fixed_cap is not None
    cap = fixed_cap if fixed_cap is not None else whole_kronor(Decimal(contributions) * percent / 100)

    equity_start = budget_year.equity_start if budget_year else 0
    cost_forecast = totals["cost_forecast"] + grants
    result_forecast = totals["income_forecast"] - cost_forecast
    equity_end = equity_start + result_forecast
    report = EconomicReport(
        forbund=forbund.slug,
        year=year,
        date=on,
        income_to_date=to_date["income"],
        cost_to_date=to_date["cost"],
        result_to_date=to_date["income"] - to_date["cost"],
        income_budget=totals["income_budget"],
        cost_budget=totals["cost_budget"],
        income_forecast=totals["income_forecast"],
        cost_forecast_budget_lines=totals["cost_forecast"],
        committed_grants=grants,
        cost_forecast=cost_forecast,
        result_forecast=result_forecast,
        equity_start=equity_start,
        equity_end_forecast=equity_end,
        contributions=contributions,
        equity_cap_percent=percent,
        equity_cap_fixed=fixed,
        equity_cap=cap,
        room_for_new=equity_end - cap,
    )
    if budget_year is None:
        report.warnings.append(_("Det finns ingen budget för %(year)s. Lägg in budgeten först.") % {"year": year})
    if equity_end > cap:
        report.warnings.append(
            _("Prognosen för eget kapital vid årets slut, %(equity)s, är över taket %(cap)s.")
            % {"equity": kr(equity_end), "cap": kr(cap)}
        )
    if equity_end < 0:
        report.warnings.append(_("Prognosen visar ett negativt eget kapital vid årets slut."))
    return report


# --- An economic report as a document states it ----------------------------------------------------


@dataclass
class StatedFigure:
    """One figure of a stated economic report, and what the system computes for it from the report's own inputs
    (None when the figure is an input, or when the inputs to compute it are missing)."""

    name: str
    label: str
    stated: int | None
    computed: int | None

    @property
    def differs(self) -> bool:
        return self.stated is not None and self.computed is not None and self.stated != self.computed


def _stated_labels() -> tuple[tuple[str, str], ...]:
    return (
        ("result_to_date", _("Resultat hittills")),
        ("income_forecast", _("Prognos intäkter")),
        ("cost_forecast", _("Prognos kostnader")),
        ("result_forecast", _("Prognos resultat för året")),
        ("equity_start", _("Eget kapital vid årets början")),
        ("equity_end_forecast", _("Prognos eget kapital vid årets slut")),
        ("equity_cap", _("Tak för eget kapital")),
        ("room_for_new", _("Utrymme för nya insatser")),
    )


@dataclass
class StatedReport:
    figures: list[StatedFigure]

    @property
    def differs(self) -> bool:
        return any(f.differs for f in self.figures)

    def __bool__(self) -> bool:
        return bool(self.figures)


def stated_report(stated: dict) -> StatedReport:
    """The figures of an economic report as minutes state them (by the names of `EconomicReport`), each beside the
    system's figure computed the way `economic_report` does: result = income − costs, equity at the end = equity at
    the start + result, room = equity at the end − cap. A computed figure builds on the computed figures before it,
    so that one wrong sum in the source shows in every figure that follows from it."""

    def given(name: str) -> int | None:
        value = stated.get(name)
        return None if value is None else int(value)

    computed: dict[str, int | None] = {}
    income, cost = given("income_forecast"), given("cost_forecast")
    result = income - cost if income is not None and cost is not None else None
    computed["result_forecast"] = result
    result = result if result is not None else given("result_forecast")
    start = given("equity_start")
    end = start + result if start is not None and result is not None else None
    computed["equity_end_forecast"] = end
    end = end if end is not None else given("equity_end_forecast")
    cap = given("equity_cap")
    computed["room_for_new"] = end - cap if end is not None and cap is not None else None
    return StatedReport(
        [
            StatedFigure(name, label, given(name), computed.get(name))
            for name, label in _stated_labels()
            if given(name) is not None or computed.get(name) is not None
        ]
    )


@dataclass
class GrantEffect:
    amount: int
    room_before: int
    room_after: int

    @property
    def fits(self) -> bool:
        return self.room_after >= 0


def grant_effect(forbund: Forbund, year: int, amount: int, on: dt.date | None = None) -> GrantEffect:
    """What a proposed grant of `amount` does to the room for new projects."""
    before = economic_report(forbund, year, on)
    return GrantEffect(amount=amount, room_before=before.room_for_new, room_after=before.room_for_new - amount)


def grants(forbund: Forbund, year: int):
    return GrantCommitment.objects.filter(forbund=forbund, year=year).select_related("intervention")


# --- The room next to a board decision on an application -------------------------------------------


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


def economic_room(application, on: dt.date | None = None) -> EconomicRoom:
    """Before a decision: what granting the applied amount would do, as of `on` (the meeting, or today).

    After a decision: the room just before this grant and just after it. Grants of the same day count in the
    order they were committed, so the meeting's grants add up: § 602 takes the room from 2 180 732 to
    1 580 732 and § 604 on to 1 380 732.
    """
    return economic_rooms(application.forbund, [application], on)[application.pk]


def economic_rooms(forbund, applications: list, on: dt.date | None = None) -> dict[int, EconomicRoom]:
    """`economic_room` for each of the förbund's `applications`, by application id, read in one pass: the room for
    new projects is computed once per year and day asked about, not once per application, so a page of minutes
    asks as often for one deciding paragraph as for many."""
    from samordna.applications.models import DecisionYear
    from samordna.meetings.models import AgendaItem

    if not applications:
        return {}
    budgeted = set(BudgetYear.objects.filter(forbund=forbund).values_list("year", flat=True))
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


# --- Invoices ------------------------------------------------------------------------------------


def invoices(forbund: Forbund, year: int | None = None):
    rows = MemberInvoice.objects.filter(forbund=forbund).select_related("contribution__member")
    if year is not None:
        rows = rows.filter(contribution__year=year)
    return rows


def member_statement(invoice: MemberInvoice) -> dict:
    """What the member has been invoiced and has paid for the invoice's year."""
    rows = MemberInvoice.objects.filter(contribution=invoice.contribution).exclude(status="DRAFT")
    sums = rows.aggregate(
        invoiced=Coalesce(Sum("amount"), 0),
        paid=Coalesce(Sum("amount", filter=Q(status="PAID")), 0),
    )
    return {
        "rows": MemberInvoice.objects.filter(contribution=invoice.contribution).order_by("period_no"),
        "contribution": invoice.contribution.amount,
        "invoiced": sums["invoiced"],
        "paid": sums["paid"],
        "outstanding": sums["invoiced"] - sums["paid"],
    }


# --- Insats budgets ------------------------------------------------------------------------------


@dataclass
class InterventionYearBudget:
    year: int
    forbund_amount: int
    total: int
    fte: Decimal


def intervention_budget(intervention) -> tuple[list[InterventionYearBudget], int]:
    """Per year: what the förbund pays, the total from all financiers and the staff in FTE; then the total."""
    rows = (
        InterventionBudgetLine.objects.filter(intervention=intervention)
        .values("year")
        .annotate(
            forbund_amount=Coalesce(Sum("amount", filter=Q(financier="FORBUND")), 0),
            total=Sum("amount"),
            fte_hundredths=Coalesce(Sum(F("headcount") * F("fte_percent")), 0),
        )
        .order_by("year")
    )
    years = [
        InterventionYearBudget(r["year"], r["forbund_amount"], r["total"], Decimal(r["fte_hundredths"]) / 100)
        for r in rows
    ]
    return years, sum(y.total for y in years)


# --- The start page ------------------------------------------------------------------------------


def invoice_work(forbund: Forbund, today: dt.date) -> dict:
    """Member invoices that wait for the office: drafts whose period has begun (to send now) and sent invoices
    past their due date and not yet paid (to follow up), each with the year of the earliest, for the link."""
    to_send = Q(status=InvoiceStatus.DRAFT, period_start__lte=today)
    unpaid = Q(status=InvoiceStatus.SENT, due_date__lt=today)
    return MemberInvoice.objects.filter(forbund=forbund).aggregate(
        to_send=Count("id", filter=to_send),
        to_send_from=Min("period_start", filter=to_send),
        unpaid=Count("id", filter=unpaid),
        unpaid_from=Min("due_date", filter=unpaid),
    )


@dataclass
class YearRoomNow:
    year: int
    has_budget: bool
    room_for_new: int


def room_this_year(forbund: Forbund, today: dt.date | None = None) -> YearRoomNow:
    """The room for new projects this year as of today, and whether the year has a budget at all."""
    today = today or timezone.localdate()
    has_budget = BudgetYear.objects.filter(forbund=forbund, year=today.year).exists()
    room = economic_report(forbund, today.year, today).room_for_new if has_budget else 0
    return YearRoomNow(year=today.year, has_budget=has_budget, room_for_new=room)


# The latest year with data, up to this year: the year a finance page opens on when none is asked for.


def _latest_year(rows, field: str = "year", today: dt.date | None = None) -> int | None:
    this_year = (today or timezone.localdate()).year
    return latest_up_to([rows.filter(**{f"{field}__lte": this_year}).aggregate(latest=Max(field))["latest"]], today)


def latest_budget_year(forbund: Forbund, today: dt.date | None = None) -> int | None:
    """The latest year with a budget that has lines (the economic report and "Budget och utfall")."""
    return _latest_year(BudgetYear.objects.filter(forbund=forbund, lines__isnull=False), today=today)


def latest_contribution_year(forbund: Forbund, today: dt.date | None = None) -> int | None:
    return _latest_year(Contribution.objects.filter(forbund=forbund), today=today)


def latest_invoice_year(forbund: Forbund, today: dt.date | None = None) -> int | None:
    """The latest year with invoices, or with contributions to invoice."""
    return latest_up_to(
        [
            _latest_year(MemberInvoice.objects.filter(forbund=forbund), "contribution__year", today),
            latest_contribution_year(forbund, today),
        ],
        today,
    )


def latest_insats_budget_year(forbund: Forbund, interventions, today: dt.date | None = None) -> int | None:
    """The latest year with a budget line of one of `interventions`, in the förbund's budget or the insats's own."""
    own = list(interventions)
    return latest_up_to(
        [
            _latest_year(BudgetYear.objects.filter(forbund=forbund, lines__intervention__in=own), today=today),
            _latest_year(InterventionBudgetLine.objects.filter(intervention__in=own), today=today),
        ],
        today,
    )


def line_codes(forbund: Forbund, year: int) -> list[tuple[str, str]]:
    """The budget line codes accounts can be mapped to: the year's lines, or every code used if the year has none."""
    lines = BudgetLine.objects.filter(budget_year__forbund=forbund)
    of_year = lines.filter(budget_year__year=year)
    chosen = of_year if of_year.exists() else lines.order_by("code", "-budget_year__year")
    seen: dict[str, str] = {}
    for code, label in chosen.values_list("code", "label"):
        seen.setdefault(code, f"{code} – {label}")
    return sorted(seen.items())


def forecasts(budget_year: BudgetYear):
    return (
        Forecast.objects.filter(line__budget_year=budget_year).select_related("line").order_by("-as_of", "line__code")
    )
