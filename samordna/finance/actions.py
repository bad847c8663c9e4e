"""Every write to finance. Each checks permission, changes and writes one audit event, in one transaction.

`actor=None` is the operator's console (the demo loader, imports run by cron).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samordna.audit.actions import diff, record
from samordna.interventions.permissions import check_manage
from samordna.lib.dates import refuse_future
from samordna.lib.errors import Refused
from samordna.lib.versioning import claim_version
from samordna.tenancy import permissions
from samordna.tenancy.models import Forbund, InvoiceFrequency, Member
from samordna.tenancy.permissions import Capability

from . import invoicing, queries
from .imports import ResolvedActual
from .models import (
    INCOME_CATEGORIES,
    INVOICE_TRANSITIONS,
    AccountMapping,
    Actual,
    ActualSource,
    BudgetLine,
    BudgetYear,
    Contribution,
    Forecast,
    GrantCommitment,
    InterventionBudgetLine,
    InvoiceStatus,
    LineKind,
    MemberInvoice,
    month_end,
)

PERIODS_PER_YEAR: dict[str, int] = {
    InvoiceFrequency.MONTHLY: 12,
    InvoiceFrequency.QUARTERLY: 4,
    InvoiceFrequency.HALF_YEARLY: 2,
    InvoiceFrequency.YEARLY: 1,
}
PAYMENT_DAYS = 30
MIN_PAYMENT_DAYS = 10


def _require(actor, forbund: Forbund, capability: Capability = Capability.MANAGE_FINANCE) -> None:
    if actor is None:
        return
    decision = permissions.check(actor, forbund, capability)
    if not decision.allowed:
        raise Refused(decision.reason)


def _save(obj) -> None:
    obj.full_clean()
    obj.save()


# --- Contributions and invoices ------------------------------------------------------------------


@transaction.atomic
def set_contribution(
    actor, member: Member, year: int, amount: int, key_value: int | None = None
) -> tuple[Contribution, queries.ShareCheck]:
    """Set a member's contribution for a year and return the year's share check, which may warn (R19)."""
    forbund = member.forbund
    _require(actor, forbund)
    contribution = Contribution.objects.filter(member=member, year=year).first()
    if contribution is not None and contribution.invoices.exclude(status=InvoiceStatus.DRAFT).exists():
        raise ValidationError(
            _("%(member)s har redan skickade fakturor för %(year)s. Kreditera dem innan bidraget ändras.")
            % {"member": member.name, "year": year}
        )
    before = (contribution.amount, contribution.key_value) if contribution else None
    contribution = contribution or Contribution(forbund=forbund, member=member, year=year)
    contribution.amount, contribution.key_value = amount, key_value
    _save(contribution)
    contribution.invoices.filter(status=InvoiceStatus.DRAFT).delete()
    check = queries.contribution_shares(forbund, year)
    record(
        actor,
        "contribution.set",
        contribution,
        forbund=forbund,
        changes={
            "year": year,
            "amount": [before[0] if before else None, amount],
            "key_value": key_value,
            "warnings": check.warnings,
        },
    )
    return contribution, check


def _periods(year: int, count: int) -> list[tuple[dt.date, dt.date]]:
    months = 12 // count
    out = []
    for i in range(count):
        start = dt.date(year, i * months + 1, 1)
        out.append((start, month_end(dt.date(year, start.month + months - 1, 1))))
    return out


def split_amount(amount: int, parts: int) -> list[int]:
    """Whole kronor per period; the last period takes what rounding leaves, so that the parts add up."""
    base = amount // parts
    return [base] * (parts - 1) + [amount - base * (parts - 1)]


@transaction.atomic
def create_invoices(actor, forbund: Forbund, year: int) -> list[MemberInvoice]:
    """Draft invoices for every contribution of the year, one per period of the förbund's rhythm (R22)."""
    _require(actor, forbund)
    count = PERIODS_PER_YEAR[forbund.invoice_frequency]
    created = []
    contributions = Contribution.objects.filter(forbund=forbund, year=year, amount__gt=0).select_related("member")
    for contribution in contributions:
        if contribution.invoices.exists():
            continue
        for period_no, ((start, end), amount) in enumerate(
            zip(_periods(year, count), split_amount(contribution.amount, count), strict=True), start=1
        ):
            invoice = MemberInvoice(
                forbund=forbund,
                contribution=contribution,
                number=f"{year}-{contribution.member_id}-{period_no}",
                period_no=period_no,
                period_start=start,
                period_end=end,
                amount=amount,
                due_date=start + dt.timedelta(days=PAYMENT_DAYS),
            )
            _save(invoice)
            created.append(invoice)
    if not created and not contributions.exists():
        raise ValidationError(
            _("Det finns inga medlemsbidrag för %(year)s att fakturera. Lägg in bidragen först.") % {"year": year}
        )
    record(actor, "invoice.create", None, forbund=forbund, changes={"year": year, "count": len(created)})
    return created


@transaction.atomic
def move_invoice(actor, invoice: MemberInvoice, status: str, on: dt.date) -> MemberInvoice:
    """Move an invoice along draft → sent → paid; other moves are refused with the allowed ones named."""
    _require(actor, invoice.forbund)
    invoice = MemberInvoice.objects.select_for_update().get(pk=invoice.pk)
    if status not in InvoiceStatus.values:
        raise ValidationError(_("Välj vad som har hänt med fakturan: skickad eller betald."))
    if status not in INVOICE_TRANSITIONS[invoice.status]:
        allowed = ", ".join(str(InvoiceStatus(s).label).lower() for s in INVOICE_TRANSITIONS[invoice.status])
        raise ValidationError(
            _("Fakturan %(number)s är %(status)s och kan inte bli %(new)s. %(hint)s")
            % {
                "number": invoice.number,
                "status": invoice.get_status_display().lower(),
                "new": str(InvoiceStatus(status).label).lower(),
                "hint": _("Den kan bli: %(allowed)s.") % {"allowed": allowed} if allowed else _("Den är avslutad."),
            }
        )
    refuse_future("on", on, _("Datumet då fakturan skickades eller betalades kan inte ligga i framtiden."))
    if status == InvoiceStatus.SENT:
        missing = invoicing.missing_for_invoice(invoice)
        if missing:
            raise ValidationError(
                _("Fakturan %(number)s kan inte skickas förrän uppgifterna finns: %(missing)s")
                % {"number": invoice.number, "missing": " ".join(gap.text for gap in missing)}
            )
    before = invoice.status
    invoice.status = status
    if status == InvoiceStatus.SENT:
        invoice.sent_on = on
        if invoice.due_date < on + dt.timedelta(days=MIN_PAYMENT_DAYS):
            # An invoice sent late still gives the member time to pay.
            invoice.due_date = on + dt.timedelta(days=PAYMENT_DAYS)
    elif status == InvoiceStatus.PAID:
        if invoice.sent_on and on < invoice.sent_on:
            raise ValidationError(_("Betaldatumet kan inte ligga före datumet då fakturan skickades."))
        invoice.paid_on = on
    invoice.save()
    record(actor, "invoice.status", invoice, changes={"status": [before, status], "on": on.isoformat()})
    return invoice


# --- Budget, outcome, forecasts, grants ----------------------------------------------------------


def _refuse_adopted(budget_year: BudgetYear) -> None:
    if budget_year.adopted:
        raise ValidationError(
            _(
                "Budgeten för %(year)s är fastställd av styrelsen (%(reference)s, %(date)s) och kan inte ändras. "
                "Lägg in en prognos i stället."
            )
            % {
                "year": budget_year.year,
                "reference": budget_year.adopted_reference,
                "date": budget_year.adopted_on.isoformat() if budget_year.adopted_on else "",
            }
        )


@transaction.atomic
def create_budget_year(
    actor, forbund: Forbund, year: int, *, equity_start: int, copy_from: BudgetYear | None = None
) -> BudgetYear:
    """Start a new budget year, empty or with the lines of an earlier year to adjust.

    Insats lines are copied only for insatser still running in the new year; nothing of the board's decisions
    (the cap, the adoption) is copied, since the board decides them anew each year.
    """
    _require(actor, forbund)
    if BudgetYear.objects.filter(forbund=forbund, year=year).exists():
        raise ValidationError({"year": _("Det finns redan en budget för %(year)s.") % {"year": year}})
    if copy_from is not None and copy_from.forbund_id != forbund.pk:
        raise Refused(_("Budgetåret hör inte till förbundet."))
    budget_year = BudgetYear(forbund=forbund, year=year, equity_start=equity_start)
    _save(budget_year)
    copied = 0
    if copy_from is not None:
        for line in copy_from.lines.select_related("intervention"):
            end = line.intervention.end_date if line.intervention is not None else None
            if end is not None and end.year < year:
                continue
            _save(
                BudgetLine(
                    budget_year=budget_year,
                    code=line.code,
                    label=line.label,
                    kind=line.kind,
                    category=line.category,
                    intervention=line.intervention,
                    amount=line.amount,
                )
            )
            copied += 1
    record(
        actor,
        "budget_year.create",
        budget_year,
        forbund=forbund,
        changes={
            "equity_start": equity_start,
            "copied_from": copy_from.year if copy_from else None,
            "lines": copied,
        },
    )
    return budget_year


@transaction.atomic
def adopt_budget_year(actor, budget_year: BudgetYear, *, adopted_on: dt.date, reference: str) -> BudgetYear:
    """Record that the board adopted the budget as it stands, in the paragraph `reference`; the lines are then fixed."""
    _require(actor, budget_year.forbund)
    budget_year = BudgetYear.objects.select_for_update().get(pk=budget_year.pk)
    _refuse_adopted(budget_year)
    reference = reference.strip()
    if not reference:
        raise ValidationError({"reference": _("Ange paragrafen i styrelsens protokoll, till exempel § 12.")})
    refuse_future("adopted_on", adopted_on, _("Dagen då styrelsen fastställde budgeten kan inte ligga i framtiden."))
    if not budget_year.lines.exists():
        raise ValidationError(_("Budgeten har inga rader. Lägg in budgetraderna innan den fastställs."))
    budget_year.adopted_on, budget_year.adopted_reference = adopted_on, reference
    _save(budget_year)
    record(
        actor,
        "budget_year.adopt",
        budget_year,
        forbund=budget_year.forbund,
        changes={"year": budget_year.year, "adopted_on": adopted_on.isoformat(), "reference": reference},
    )
    return budget_year


@transaction.atomic
def remove_budget_line(actor, line: BudgetLine) -> None:
    """Remove a line of a budget not yet adopted. A line with outcome or forecasts stays: they would be lost."""
    budget_year = line.budget_year
    _require(actor, budget_year.forbund)
    _refuse_adopted(budget_year)
    if line.actuals.exists() or line.forecasts.exists():
        raise ValidationError(
            _("Raden %(code)s har utfall eller prognoser och kan inte tas bort. Sätt budgeten till 0 kr i stället.")
            % {"code": line.code}
        )
    record(
        actor,
        "budget_line.remove",
        line,
        forbund=budget_year.forbund,
        changes={"year": budget_year.year, "code": line.code, "amount": line.amount},
    )
    line.delete()


@transaction.atomic
def save_budget_year(
    actor,
    forbund: Forbund,
    year: int,
    *,
    equity_start: int,
    equity_cap_fixed: int | None = None,
    equity_cap_basis: str = "",
    note: str = "",
) -> BudgetYear:
    _require(actor, forbund)
    budget_year, created = BudgetYear.objects.get_or_create(forbund=forbund, year=year)
    _refuse_adopted(budget_year)
    before = {"equity_start": budget_year.equity_start, "equity_cap_fixed": budget_year.equity_cap_fixed}
    budget_year.equity_start = equity_start
    budget_year.equity_cap_fixed = equity_cap_fixed
    budget_year.equity_cap_basis = equity_cap_basis
    budget_year.note = note
    _save(budget_year)
    record(
        actor,
        "budget_year.create" if created else "budget_year.update",
        budget_year,
        forbund=forbund,
        changes={"before": before, "equity_start": equity_start, "equity_cap_fixed": equity_cap_fixed},
    )
    return budget_year


@transaction.atomic
def save_budget_line(
    actor,
    budget_year: BudgetYear,
    *,
    code: str,
    label: str,
    category: str,
    amount: int,
    intervention=None,
    expected_version: int | None = None,
) -> BudgetLine:
    """Add a line, or change the line with the same code (at `expected_version`, if given).

    The kind (income or cost) follows the category.
    """
    _require(actor, budget_year.forbund)
    _refuse_adopted(budget_year)
    line = BudgetLine.objects.filter(budget_year=budget_year, code=code).first()
    before = line.amount if line else None
    if line is not None:
        claim_version(line, expected_version)
    line = line or BudgetLine(budget_year=budget_year, code=code)
    line.label, line.category, line.amount, line.intervention = label, category, amount, intervention
    line.kind = LineKind.INCOME if category in INCOME_CATEGORIES else LineKind.COST
    _save(line)
    record(
        actor,
        "budget_line.save",
        line,
        forbund=budget_year.forbund,
        changes={"year": budget_year.year, "code": code, "amount": [before, amount]},
    )
    return line


@transaction.atomic
def record_actual(
    actor, line: BudgetLine, period_start: dt.date, period_end: dt.date, amount: int, source=ActualSource.MANUAL
) -> Actual:
    """Enter the outcome of a line for whole months. A second entry for the same period replaces the first."""
    forbund = line.budget_year.forbund
    _require(actor, forbund)
    actual = Actual.objects.filter(line=line, period_start=period_start, period_end=period_end).first()
    before = actual.amount if actual else None
    actual = actual or Actual(line=line, period_start=period_start, period_end=period_end)
    actual.amount, actual.source = amount, source
    _save(actual)
    record(
        actor,
        "actual.save",
        actual,
        forbund=forbund,
        changes={"line": line.code, "period": f"{period_start}–{period_end}", "amount": [before, amount]},
    )
    return actual


@transaction.atomic
def import_actuals(
    actor,
    forbund: Forbund,
    rows: list[ResolvedActual],
    *,
    source: str,
    filename: str,
    replaces: BudgetYear | None = None,
) -> int:
    """Save checked import rows: all of them or, if anything fails, none.

    With `replaces`, the file is that budget year's whole outcome from `source`: what earlier files from the same
    source gave the year is removed first, so that a file of year balances after a file of vouchers (or the
    reverse) does not count the year twice.
    """
    _require(actor, forbund)
    for row in rows:
        if row.line.budget_year.forbund_id != forbund.pk:
            raise Refused(_("Budgetraden hör inte till förbundet."))
        if replaces is not None and row.line.budget_year_id != replaces.pk:
            raise ValidationError(_("Raden hör inte till budgetåret %(year)s.") % {"year": replaces.year})
    replaced = 0
    if replaces is not None:
        replaced, _deleted = Actual.objects.filter(line__budget_year=replaces, source=source).delete()
    for row in rows:
        actual = Actual.objects.filter(
            line=row.line, period_start=row.period_start, period_end=row.period_end
        ).first() or Actual(line=row.line, period_start=row.period_start, period_end=row.period_end)
        actual.amount, actual.source = row.amount, source
        _save(actual)
    record(
        actor,
        "actual.import",
        None,
        forbund=forbund,
        changes={"source": source, "file": filename[:200], "rows": len(rows), "replaced": replaced},
    )
    return len(rows)


@transaction.atomic
def record_forecast(actor, line: BudgetLine, as_of: dt.date, amount: int) -> Forecast:
    """The full-year forecast of a line made when a month or tertial closed on `as_of`. One per line and day."""
    forbund = line.budget_year.forbund
    _require(actor, forbund)
    year = line.budget_year.year
    if as_of.year != year:
        raise ValidationError(
            {"period": _("Prognosen gäller budgetåret %(year)s; välj en period i det året.") % {"year": year}}
        )
    refuse_future("period", as_of, _("Prognosen görs när perioden är slut; perioden kan inte ligga i framtiden."))
    forecast, _created = Forecast.objects.update_or_create(line=line, as_of=as_of, defaults={"amount": amount})
    record(
        actor,
        "forecast.save",
        forecast,
        forbund=forbund,
        changes={"line": line.code, "as_of": as_of.isoformat(), "amount": amount},
    )
    return forecast


@transaction.atomic
def commit_grant(
    actor,
    forbund: Forbund,
    *,
    year: int,
    label: str,
    amount: int,
    decided_on: dt.date,
    reference: str = "",
    conditional: bool = False,
    intervention=None,
) -> tuple[GrantCommitment, queries.GrantEffect]:
    """Record a decided (or reserved) grant and return what it did to the room for new projects."""
    _require(actor, forbund)
    effect = queries.grant_effect(forbund, year, amount, decided_on)
    grant = GrantCommitment(
        forbund=forbund,
        year=year,
        label=label,
        amount=amount,
        decided_on=decided_on,
        reference=reference,
        conditional=conditional,
        intervention=intervention,
    )
    _save(grant)
    record(
        actor,
        "grant.commit",
        grant,
        forbund=forbund,
        changes={"amount": amount, "room_before": effect.room_before, "room_after": effect.room_after},
    )
    return grant, effect


def _reserved(grant: GrantCommitment) -> GrantCommitment:
    """Lock the grant and check that it is still a reservation (a grant on a condition not yet settled)."""
    grant = GrantCommitment.objects.select_for_update().get(pk=grant.pk)
    if not grant.conditional:
        raise ValidationError(
            _("Bidraget %(label)s (%(year)s) är redan beviljat utan villkor och är ingen reservation.")
            % {"label": grant.label, "year": grant.year}
        )
    return grant


@transaction.atomic
def confirm_grant(actor, grant: GrantCommitment, *, intervention=None) -> GrantCommitment:
    """Make a reserved grant firm once its condition is met, linked to the insats it pays for, if any.

    The room for new projects stays as it was: the reservation already counted.
    """
    _require(actor, grant.forbund)
    grant = _reserved(grant)
    if intervention is not None and intervention.forbund_id != grant.forbund_id:
        raise ValidationError(_("Bidraget kan bara kopplas till en insats i samma förbund."))
    grant.conditional = False
    grant.intervention = intervention
    grant.save(update_fields=["conditional", "intervention"])
    record(
        actor,
        "grant.confirm",
        grant,
        forbund=grant.forbund,
        changes={"year": grant.year, "amount": grant.amount, "intervention": intervention.pk if intervention else None},
    )
    return grant


@transaction.atomic
def release_grant(actor, grant: GrantCommitment, *, reason: str) -> None:
    """A reserved grant lapses (its condition was not met): the money goes back to the room for new projects."""
    _require(actor, grant.forbund)
    grant = _reserved(grant)
    record(
        actor,
        "grant.release",
        grant,
        forbund=grant.forbund,
        changes={"year": grant.year, "amount": grant.amount, "reason": reason},
    )
    grant.delete()


@transaction.atomic
def set_account_mapping(actor, forbund: Forbund, account_from: int, account_to: int, line_code: str) -> AccountMapping:
    _require(actor, forbund)
    overlapping = AccountMapping.objects.filter(
        forbund=forbund, account_from__lte=account_to, account_to__gte=account_from
    ).first()
    if overlapping is not None:
        raise ValidationError(
            _("Kontona %(range)s är redan kopplade till %(code)s. Ta bort den kopplingen först.")
            % {"range": f"{overlapping.account_from}–{overlapping.account_to}", "code": overlapping.line_code}
        )
    mapping = AccountMapping(forbund=forbund, account_from=account_from, account_to=account_to, line_code=line_code)
    _save(mapping)
    record(actor, "account_mapping.add", mapping, forbund=forbund, changes={"line_code": line_code})
    return mapping


@transaction.atomic
def remove_account_mapping(actor, mapping: AccountMapping) -> None:
    """Remove a mapping; outcome already imported through it stays."""
    _require(actor, mapping.forbund)
    record(
        actor,
        "account_mapping.remove",
        mapping,
        forbund=mapping.forbund,
        changes={"range": f"{mapping.account_from}–{mapping.account_to}", "line_code": mapping.line_code},
    )
    mapping.delete()


INTERVENTION_BUDGET_FIELDS = (
    "year",
    "financier",
    "financier_member",
    "label",
    "headcount",
    "fte_percent",
    "monthly_amount",
    "months",
    "amount",
    "temporary",
)


# What the board decided about a line that carries a grant: only a decision changes these (see `change_grant`).
GRANT_DECIDED_FIELDS = frozenset({"year", "financier", "financier_member", "monthly_amount", "months", "amount"})


def _refuse_adopted_insats_year(intervention, year: int) -> None:
    """An insats's lines of a year whose förbund budget the board has adopted are fixed with that budget."""
    adopted = BudgetYear.objects.filter(forbund_id=intervention.forbund_id, year=year, adopted_on__isnull=False).first()
    if adopted is not None:
        raise ValidationError(
            _(
                "Förbundets budget för %(year)s är fastställd av styrelsen (%(reference)s, %(date)s). "
                "Insatsens budgetrader för %(year)s kan inte längre ändras eller tas bort."
            )
            % {"year": year, "reference": adopted.adopted_reference, "date": f"{adopted.adopted_on:%Y-%m-%d}"}
        )


def _refuse_grant_line(line: InterventionBudgetLine) -> None:
    if line.grant_id is not None:
        raise ValidationError(
            _(
                "Raden %(label)s är styrelsens beviljade belopp för %(year)s (%(reference)s). Den ändras bara med "
                "ett beslut: ändra det beviljade bidraget på ansökans sida, med beslutets paragraf."
            )
            % {"label": line.label, "year": line.year, "reference": line.grant.reference if line.grant else ""}
        )


class InterventionBudgetWriter:
    """Writes the budget and staffing lines of one insats. The permission is checked on the first write and not
    again, so a form saving many lines asks once; the single-line actions below are a writer used once.

    The office writes every insats's lines, an intervention manager those of their own insatser. A line of a year
    whose förbund budget is adopted, and the amount and year of a line that carries a board's grant, stay as they
    are: changing them by hand is refused."""

    def __init__(self, actor, intervention):
        self.actor = actor
        self.intervention = intervention
        self.checked = False

    def _check(self) -> None:
        if not self.checked:
            if self.actor is not None:
                decision = check_manage(self.actor, self.intervention)
                if not decision.allowed:
                    raise Refused(decision.reason)
            self.checked = True

    @transaction.atomic
    def add(self, fields: dict) -> InterventionBudgetLine:
        self._check()
        line = InterventionBudgetLine(intervention=self.intervention, **fields)
        if line.monthly_amount is not None and line.months is not None and "amount" not in fields:
            line.amount = line.monthly_amount * line.months
        _save(line)
        record(
            self.actor,
            "intervention_budget.add",
            line,
            forbund=self.intervention.forbund,
            changes={"year": line.year, "financier": line.financier, "amount": line.amount},
        )
        return line

    @transaction.atomic
    def update(self, line: InterventionBudgetLine, changes: dict) -> InterventionBudgetLine:
        self._check()
        line = (
            InterventionBudgetLine.objects.select_for_update(of=("self",))
            .select_related("intervention", "grant")
            .get(pk=line.pk, intervention=self.intervention)
        )
        before = {name: getattr(line, name) for name in INTERVENTION_BUDGET_FIELDS}
        for name, value in changes.items():
            if name not in INTERVENTION_BUDGET_FIELDS:
                raise ValidationError(_("Fältet %(field)s kan inte ändras här.") % {"field": name})
            setattr(line, name, value)
        changed = diff(line, before, INTERVENTION_BUDGET_FIELDS)
        if changed:
            if GRANT_DECIDED_FIELDS & set(changed):
                _refuse_grant_line(line)
            for year in {before["year"], line.year}:
                _refuse_adopted_insats_year(self.intervention, year)
        _save(line)
        if changed:
            record(self.actor, "intervention_budget.update", line, forbund=self.intervention.forbund, changes=changed)
        return line

    @transaction.atomic
    def remove(self, line: InterventionBudgetLine) -> None:
        self._check()
        line = (
            InterventionBudgetLine.objects.select_for_update(of=("self",))
            .select_related("grant")
            .get(pk=line.pk, intervention=self.intervention)
        )
        _refuse_grant_line(line)
        _refuse_adopted_insats_year(self.intervention, line.year)
        record(
            self.actor,
            "intervention_budget.remove",
            line,
            forbund=self.intervention.forbund,
            changes={"year": line.year, "financier": line.financier, "label": line.label, "amount": line.amount},
        )
        line.delete()


def save_intervention_budget_line(actor, intervention, **fields) -> InterventionBudgetLine:
    return InterventionBudgetWriter(actor, intervention).add(fields)


def update_intervention_budget_line(actor, line: InterventionBudgetLine, **changes) -> InterventionBudgetLine:
    return InterventionBudgetWriter(actor, line.intervention).update(line, changes)


def remove_intervention_budget_line(actor, line: InterventionBudgetLine) -> None:
    InterventionBudgetWriter(actor, line.intervention).remove(line)


@transaction.atomic
def change_grant(actor, grant: GrantCommitment, *, amount: int, reference: str) -> GrantCommitment | None:
    """Set a grant's amount for its year as a board's decision (`reference`, its paragraph) says; 0 withdraws it.

    The insats's budget lines that carry the grant follow it. The room for new projects changes with the amount.
    """
    _require(actor, grant.forbund)
    grant = GrantCommitment.objects.select_for_update().get(pk=grant.pk)
    reference = reference.strip()
    if not reference:
        raise ValidationError({"reference": _("Ange paragrafen i styrelsens protokoll, till exempel § 12.")})
    if amount < 0:
        raise ValidationError(_("Beloppen per år kan inte vara negativa."))
    before = grant.amount
    lines = list(grant.intervention_lines.select_for_update())
    changes = {"year": grant.year, "amount": [before, amount], "reference": [grant.reference, reference]}
    if amount == 0:
        record(actor, "grant.withdraw", grant, forbund=grant.forbund, changes=changes)
        for line in lines:
            line.delete()
        grant.delete()
        return None
    grant.amount, grant.reference = amount, reference[:40]
    _save(grant)
    if lines:
        # A grant is one line of the insats's budget, named after the decision that set it last.
        line, *extra = lines
        line.amount, line.monthly_amount, line.months = amount, None, None
        line.label = _("Beviljat av styrelsen, %(reference)s") % {"reference": grant.reference}
        _save(line)
        for other in extra:
            other.delete()
    record(actor, "grant.change", grant, forbund=grant.forbund, changes=changes)
    return grant
