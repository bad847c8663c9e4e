"""The förbund's money: member contributions and invoices, the yearly budget, actuals, forecasts and grants.

All amounts are whole kronor. Income lines and cost lines both hold positive amounts; the kind says which.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from samordna.lib.free_text import GuardedFreeText
from samordna.lib.payments import ocr_reference
from samordna.lib.versioning import Versioned
from samordna.tenancy.models import Forbund, Member


class Contribution(models.Model):
    """What one member pays the förbund for one year (medlemsbidrag), with its share key for kommuner."""

    forbund = models.ForeignKey(Forbund, on_delete=models.CASCADE, related_name="contributions")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="contributions")
    year = models.PositiveSmallIntegerField(_("år"))
    amount = models.BigIntegerField(_("belopp (kr)"))
    key_value = models.PositiveIntegerField(
        _("fördelningsnyckel"),
        null=True,
        blank=True,
        help_text=_("Till exempel kommunens folkmängd. Kommunernas fjärdedel fördelas efter nyckeln."),
    )

    class Meta:
        ordering = ["forbund", "year", "member__party_type", "member__name"]
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="contribution_one_per_member_year")]
        verbose_name = _("medlemsbidrag")
        verbose_name_plural = _("medlemsbidrag")

    def __str__(self) -> str:
        return f"{self.member} {self.year}"

    def clean(self) -> None:
        if self.member_id and self.member.forbund_id != self.forbund_id:
            raise ValidationError({"member": _("Medlemmen hör inte till förbundet.")})
        if self.amount is not None and self.amount < 0:
            raise ValidationError({"amount": _("Beloppet kan inte vara negativt.")})


class InvoiceStatus(models.TextChoices):
    DRAFT = "DRAFT", _("Utkast")
    SENT = "SENT", _("Skickad")
    PAID = "PAID", _("Betald")


# The invoice workflow as data: state -> the states it may move to.
INVOICE_TRANSITIONS: dict[str, frozenset[str]] = {
    InvoiceStatus.DRAFT: frozenset({InvoiceStatus.SENT}),
    InvoiceStatus.SENT: frozenset({InvoiceStatus.PAID}),
    InvoiceStatus.PAID: frozenset(),
}


class MemberInvoice(models.Model):
    """One period's share of a member's yearly contribution (medlemsavgift)."""

    forbund = models.ForeignKey(Forbund, on_delete=models.CASCADE, related_name="member_invoices")
    contribution = models.ForeignKey(Contribution, on_delete=models.PROTECT, related_name="invoices")
    number = models.CharField(_("fakturanummer"), max_length=30)
    period_no = models.PositiveSmallIntegerField(_("period"))
    period_start = models.DateField(_("period från"))
    period_end = models.DateField(_("period till"))
    amount = models.BigIntegerField(_("belopp (kr)"))
    due_date = models.DateField(_("förfallodag"))
    status = models.CharField(_("status"), max_length=5, choices=InvoiceStatus.choices, default=InvoiceStatus.DRAFT)
    sent_on = models.DateField(_("skickad"), null=True, blank=True)
    paid_on = models.DateField(_("betald"), null=True, blank=True)

    class Meta:
        ordering = ["forbund", "period_start", "contribution__member__name"]
        constraints = [
            models.UniqueConstraint(fields=["contribution", "period_no"], name="invoice_one_per_period"),
            models.UniqueConstraint(fields=["forbund", "number"], name="invoice_unique_number"),
        ]
        verbose_name = _("medlemsfaktura")
        verbose_name_plural = _("medlemsfakturor")

    def __str__(self) -> str:
        return self.number

    @property
    def member(self) -> Member:
        return self.contribution.member

    @property
    def invoice_date(self) -> dt.date:
        """The day the invoice was sent; a draft carries the first day of its period, when it is due to go."""
        return self.sent_on or self.period_start

    @property
    def ocr(self) -> str:
        """The payment reference: year, member and period, with Bankgirot's length and check digits.

        The period takes two fixed digits at the end and the year four at the start, so the member in between
        is read unambiguously whatever its length.
        """
        return ocr_reference(f"{self.contribution.year}{self.contribution.member_id}{self.period_no:02d}")


class BudgetYear(GuardedFreeText, models.Model):
    """The budget of one year, with the equity carried in and the board's cap decision."""

    FREE_TEXT_FIELDS = ("note",)

    forbund = models.ForeignKey(Forbund, on_delete=models.CASCADE, related_name="budget_years")
    year = models.PositiveSmallIntegerField(_("år"))
    equity_start = models.BigIntegerField(_("eget kapital vid årets början (kr)"), default=0)
    equity_cap_fixed = models.BigIntegerField(
        _("tak för eget kapital, fast belopp (kr)"),
        null=True,
        blank=True,
        help_text=_("Lämna tomt för att räkna taket som förbundets procentsats av årets medlemsbidrag."),
    )
    equity_cap_basis = models.CharField(_("beslut om taket"), max_length=200, blank=True)
    note = models.TextField(_("anteckning"), blank=True)
    adopted_on = models.DateField(_("fastställd"), null=True, blank=True)
    adopted_reference = models.CharField(_("styrelsens paragraf"), max_length=40, blank=True)

    class Meta:
        ordering = ["forbund", "-year"]
        constraints = [models.UniqueConstraint(fields=["forbund", "year"], name="budget_one_per_year")]
        verbose_name = _("budgetår")
        verbose_name_plural = _("budgetår")

    def __str__(self) -> str:
        return f"{self.forbund} {self.year}"

    @property
    def adopted(self) -> bool:
        """Adopted by the board: its lines and equity figures are then fixed; outcome and forecasts go on."""
        return self.adopted_on is not None


class LineKind(models.TextChoices):
    INCOME = "INCOME", _("Intäkt")
    COST = "COST", _("Kostnad")


class LineCategory(models.TextChoices):
    CONTRIBUTIONS = "CONTRIBUTIONS", _("Medlemsbidrag")
    ESF = "ESF", _("ESF-medel")
    GRANT = "GRANT", _("Andra bidrag")
    OTHER_INCOME = "OTHER_INCOME", _("Övriga intäkter")
    INTERVENTION = "INTERVENTION", _("Insats")
    PREMISES = "PREMISES", _("Administration: lokaler")
    PERSONNEL = "PERSONNEL", _("Administration: personal")
    BOARD = "BOARD", _("Administration: styrelse och revision")
    ADMIN_OTHER = "ADMIN_OTHER", _("Administration: övrigt (telefon, material m.m.)")
    OTHER_COST = "OTHER_COST", _("Övriga kostnader")


INCOME_CATEGORIES = frozenset(
    {LineCategory.CONTRIBUTIONS, LineCategory.ESF, LineCategory.GRANT, LineCategory.OTHER_INCOME}
)


class BudgetLine(Versioned):
    """One income or cost line of a year's budget. `code` is what imports and account mappings point at."""

    budget_year = models.ForeignKey(BudgetYear, on_delete=models.CASCADE, related_name="lines")
    code = models.SlugField(_("kod"), max_length=40)
    label = models.CharField(_("benämning"), max_length=200)
    kind = models.CharField(_("slag"), max_length=6, choices=LineKind.choices)
    category = models.CharField(_("kategori"), max_length=14, choices=LineCategory.choices)
    intervention = models.ForeignKey(
        "interventions.Intervention",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name=_("insats"),
    )
    amount = models.BigIntegerField(_("budget (kr)"), default=0)

    class Meta:
        ordering = ["budget_year", "kind", "category", "code"]
        constraints = [models.UniqueConstraint(fields=["budget_year", "code"], name="budget_line_unique_code")]
        verbose_name = _("budgetrad")
        verbose_name_plural = _("budgetrader")

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    def clean(self) -> None:
        expected = LineKind.INCOME if self.category in INCOME_CATEGORIES else LineKind.COST
        if self.kind != expected:
            raise ValidationError(
                {
                    "kind": _("Kategorin %(category)s är en %(kind)s.")
                    % {"category": LineCategory(self.category).label, "kind": LineKind(expected).label.lower()}
                }
            )
        if self.category == LineCategory.INTERVENTION:
            if self.intervention is None:
                raise ValidationError({"intervention": _("Välj vilken insats kostnaden gäller.")})
            if self.intervention.forbund_id != self.budget_year.forbund_id:
                raise ValidationError({"intervention": _("Insatsen hör inte till förbundet.")})
        elif self.intervention_id:
            raise ValidationError({"intervention": _("Bara insatsrader kan kopplas till en insats.")})
        if self.amount is not None and self.amount < 0:
            raise ValidationError({"amount": _("Budgetbeloppet kan inte vara negativt.")})


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


class ActualSource(models.TextChoices):
    MANUAL = "MANUAL", _("Inmatat")
    EXCEL = "EXCEL", _("Excel")
    SIE = "SIE", _("SIE-fil")


class Actual(models.Model):
    """The outcome (utfall) of one budget line over whole months: one month, a quarter or a longer span."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="actuals")
    period_start = models.DateField(_("period från"))
    period_end = models.DateField(_("period till"))
    amount = models.BigIntegerField(_("utfall (kr)"))
    source = models.CharField(_("källa"), max_length=6, choices=ActualSource.choices, default=ActualSource.MANUAL)

    class Meta:
        ordering = ["line", "period_start"]
        constraints = [
            models.UniqueConstraint(fields=["line", "period_start", "period_end"], name="actual_one_per_period")
        ]
        verbose_name = _("utfall")
        verbose_name_plural = _("utfall")

    def __str__(self) -> str:
        return f"{self.line.code} {self.period_start:%Y-%m}–{self.period_end:%Y-%m}"

    def clean(self) -> None:
        year = self.line.budget_year.year
        if self.period_start.day != 1 or self.period_end != month_end(self.period_end):
            raise ValidationError(_("En utfallsperiod består av hela månader."))
        if not (self.period_start.year == self.period_end.year == year) or self.period_end < self.period_start:
            raise ValidationError(_("Perioden måste ligga inom budgetåret %(year)s.") % {"year": year})


class Forecast(models.Model):
    """A forecast for a budget line's full-year amount, made on `as_of`. Without one, the budget is the forecast."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="forecasts")
    as_of = models.DateField(_("prognosdatum"))
    amount = models.BigIntegerField(_("prognos för helåret (kr)"))

    class Meta:
        ordering = ["line", "-as_of"]
        constraints = [models.UniqueConstraint(fields=["line", "as_of"], name="forecast_one_per_day")]
        verbose_name = _("prognos")
        verbose_name_plural = _("prognoser")

    def __str__(self) -> str:
        return f"{self.line.code} {self.as_of:%Y-%m-%d}"


class GrantCommitment(models.Model):
    """A grant the board has decided (or reserved, if conditional) that is not yet in the year's budget lines."""

    forbund = models.ForeignKey(Forbund, on_delete=models.CASCADE, related_name="grant_commitments")
    year = models.PositiveSmallIntegerField(_("år"))
    label = models.CharField(_("benämning"), max_length=200)
    amount = models.BigIntegerField(_("belopp (kr)"))
    decided_on = models.DateField(_("beslutsdatum"))
    reference = models.CharField(_("paragraf"), max_length=40, blank=True)
    conditional = models.BooleanField(
        _("villkorat"), default=False, help_text=_("Pengarna reserveras tills villkoret är uppfyllt.")
    )
    intervention = models.ForeignKey(
        "interventions.Intervention", on_delete=models.PROTECT, null=True, blank=True, related_name="grants"
    )

    class Meta:
        ordering = ["forbund", "year", "decided_on", "pk"]
        verbose_name = _("beviljat bidrag")
        verbose_name_plural = _("beviljade bidrag")

    def __str__(self) -> str:
        return f"{self.label} ({self.year})"


class AccountMapping(models.Model):
    """Maps bookkeeping accounts (a range of the chart of accounts) to the budget line with `line_code`."""

    forbund = models.ForeignKey(Forbund, on_delete=models.CASCADE, related_name="account_mappings")
    account_from = models.PositiveIntegerField(_("från konto"))
    account_to = models.PositiveIntegerField(_("till konto"))
    line_code = models.SlugField(_("budgetradens kod"), max_length=40)

    class Meta:
        ordering = ["forbund", "account_from"]
        verbose_name = _("kontokoppling")
        verbose_name_plural = _("kontokopplingar")

    def __str__(self) -> str:
        return f"{self.account_from}–{self.account_to} → {self.line_code}"

    def clean(self) -> None:
        if self.account_to < self.account_from:
            raise ValidationError(_("Kontointervallet slutar före det börjar."))


class Financier(models.TextChoices):
    FORBUND = "FORBUND", _("Samordningsförbundet")
    MEMBER = "MEMBER", _("Medlem")
    ESF = "ESF", _("ESF")
    OTHER = "OTHER", _("Annan")


class InterventionBudgetLine(models.Model):
    """One line of an insats's yearly budget: staff (count × FTE %) or a cost (per month × months), by financier."""

    intervention = models.ForeignKey(
        "interventions.Intervention", on_delete=models.CASCADE, related_name="finance_budget_lines"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    financier = models.CharField(_("finansiär"), max_length=7, choices=Financier.choices)
    financier_member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("finansierande medlem")
    )
    label = models.CharField(_("kostnad avser"), max_length=200)
    headcount = models.PositiveSmallIntegerField(_("antal"), null=True, blank=True)
    fte_percent = models.PositiveSmallIntegerField(_("tjänstgöringsgrad (%)"), null=True, blank=True)
    monthly_amount = models.BigIntegerField(_("belopp per månad (kr)"), null=True, blank=True)
    months = models.PositiveSmallIntegerField(_("månader"), null=True, blank=True)
    amount = models.BigIntegerField(_("belopp per år (kr)"))
    temporary = models.BooleanField(_("tillfällig förstärkning"), default=False)
    # The board's grant this line carries into the insats's budget: it changes only with the grant, by decision.
    grant = models.ForeignKey(
        GrantCommitment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="intervention_lines",
        verbose_name=_("beviljat bidrag"),
    )

    class Meta:
        ordering = ["intervention", "year", "financier", "pk"]
        verbose_name = _("insatsbudgetrad")
        verbose_name_plural = _("insatsbudgetrader")

    def __str__(self) -> str:
        return f"{self.intervention.registration_no} {self.year} {self.label}"

    def clean(self) -> None:
        if self.financier == Financier.MEMBER and self.financier_member_id is None:
            raise ValidationError({"financier_member": _("Ange vilken medlem som finansierar raden.")})
        if (self.monthly_amount is None) != (self.months is None):
            raise ValidationError(_("Ange både belopp per månad och antal månader, eller inget av dem."))
        if (
            self.monthly_amount is not None
            and self.months is not None
            and self.amount != self.monthly_amount * self.months
        ):
            raise ValidationError(
                {
                    "amount": _("Årsbeloppet ska vara belopp per månad × månader = %(sum)s kr.")
                    % {"sum": self.monthly_amount * self.months}
                }
            )
