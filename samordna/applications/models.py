"""Applications for funds (ansökan om medel): the form, its budget, the review and the board's decision."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from samordna.lib.attachments import Attachment
from samordna.lib.free_text import GuardedFreeText
from samordna.lib.identifiers import OrgNumberField, normalize_org_number, validate_org_number
from samordna.lib.versioning import Versioned
from samordna.tenancy.models import Forbund, Member

from .sections import SECTION_KEYS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ApplicationKind(models.TextChoices):
    FORM = "FORM", _("Ansökan på blankett")
    REQUEST = "REQUEST", _("Framställan")


class State(models.TextChoices):
    DRAFT = "DRAFT", _("Utkast")
    SUBMITTED = "SUBMITTED", _("Inlämnad")
    IN_PREPARATION = "IN_PREPARATION", _("Under beredning")
    PREPARED = "PREPARED", _("Beredd")
    ON_AGENDA = "ON_AGENDA", _("På föredragningslistan")
    DECIDED = "DECIDED", _("Beslutad")


class Application(GuardedFreeText, Versioned):
    FREE_TEXT_FIELDS = ("title", "sections")
    forbund = models.ForeignKey(Forbund, on_delete=models.CASCADE, related_name="applications")
    kind = models.CharField(_("typ"), max_length=8, choices=ApplicationKind.choices, default=ApplicationKind.FORM)
    state = models.CharField(_("status"), max_length=16, choices=State.choices, default=State.DRAFT)
    title = models.CharField(_("projektets eller verksamhetens namn"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("skapad av"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # A. The applicant organisation (stödmottagare).
    org_name = models.CharField(_("organisationens namn"), max_length=200, blank=True)
    org_unit = models.CharField(_("enhet/arbetsställe"), max_length=200, blank=True)
    org_number = OrgNumberField(_("organisationsnummer"), max_length=11, blank=True, validators=[validate_org_number])
    street_address = models.CharField(_("utdelningsadress"), max_length=200, blank=True)
    postal_code = models.CharField(_("postnummer"), max_length=10, blank=True)
    postal_town = models.CharField(_("postadress"), max_length=100, blank=True)
    contact_name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    contact_phone = models.CharField(_("kontaktpersonens telefon"), max_length=40, blank=True)
    contact_email = models.EmailField(_("kontaktpersonens e-post"), blank=True)
    contact_mobile = models.CharField(_("kontaktpersonens mobil"), max_length=40, blank=True)
    plusgiro = models.CharField(_("plusgiro"), max_length=20, blank=True)
    bankgiro = models.CharField(_("bankgiro"), max_length=20, blank=True)

    # B. The description, one text per section key (see sections.py).
    sections = models.JSONField(_("beskrivning"), default=dict, blank=True)
    period_start = models.DateField(_("period från"), null=True, blank=True)
    period_end = models.DateField(_("period till"), null=True, blank=True)
    involved_parties = models.ManyToManyField(
        Member, blank=True, related_name="applications", verbose_name=_("samverkande huvudmän")
    )
    external_cofunder = models.CharField(_("annan medfinansiär (t.ex. ESF)"), max_length=200, blank=True)

    # Set when the förbund receives it.
    received_date = models.DateField(_("ankomstdatum"), null=True, blank=True)
    registration_no = models.CharField(_("diarienummer"), max_length=20, blank=True)
    intervention = models.OneToOneField(
        "interventions.Intervention",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="application",
        verbose_name=_("insats"),
    )

    class Meta:
        ordering = ["forbund", "-received_date", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["forbund", "registration_no"],
                condition=~models.Q(registration_no=""),
                name="application_unique_regno",
            )
        ]
        verbose_name = _("ansökan")
        verbose_name_plural = _("ansökningar")

    def __str__(self) -> str:
        return f"{self.registration_no} {self.title}".strip()

    def clean(self) -> None:
        if self.org_number:
            self.org_number = normalize_org_number(self.org_number)
        unknown = set(self.sections) - set(SECTION_KEYS)
        if unknown:
            raise ValidationError({"sections": _("Okända avsnitt: %(keys)s.") % {"keys": ", ".join(sorted(unknown))}})
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("Perioden kan inte sluta innan den börjar.")})

    def section(self, key: str) -> str:
        return (self.sections or {}).get(key, "")

    @property
    def section_items(self) -> list[tuple[str, StrOrPromise, str]]:
        from .sections import SECTIONS

        return [(s.key, s.heading, self.section(s.key)) for s in SECTIONS]

    @property
    def years(self) -> list[int]:
        """The year columns of the budget table, generated from the requested period (R6)."""
        if not self.period_start or not self.period_end:
            return []
        return list(range(self.period_start.year, self.period_end.year + 1))


class Signatory(models.Model):
    """Firmatecknare or chef who signs for the applicant. One or more (R8)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="signatories")
    name = models.CharField(_("namn"), max_length=200)
    title = models.CharField(_("befattning"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    signed_on = models.DateField(_("datum"), null=True, blank=True)

    class Meta:
        ordering = ["application", "id"]
        verbose_name = _("firmatecknare")
        verbose_name_plural = _("firmatecknare")

    def __str__(self) -> str:
        return self.name


BUDGET_INPUTS = ("personnel", "premises", "other", "evaluation")

# The applicant's own fields of the form, editable while the application is a draft.
APPLICANT_FIELDS = (
    "title",
    "kind",
    "org_name",
    "org_unit",
    "org_number",
    "street_address",
    "postal_code",
    "postal_town",
    "contact_name",
    "contact_phone",
    "contact_email",
    "contact_mobile",
    "plusgiro",
    "bankgiro",
    "period_start",
    "period_end",
    "external_cofunder",
)


class BudgetYear(models.Model):
    """One year column of the budget table. Sums are never stored: they are computed (R5)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="budget_years")
    year = models.PositiveSmallIntegerField(_("år"))
    personnel = models.BigIntegerField(_("personal"), default=0)
    premises = models.BigIntegerField(_("lokal"), default=0)
    other = models.BigIntegerField(_("övriga kostnader (inkl. ev. startkostnader)"), default=0)
    evaluation = models.BigIntegerField(_("ev. utvärderingskostnader"), default=0)
    income = models.BigIntegerField(_("intäkter (exkl. bidrag från förbundet)"), default=0)

    class Meta:
        ordering = ["application", "year"]
        constraints = [models.UniqueConstraint(fields=["application", "year"], name="budget_one_column_per_year")]
        verbose_name = _("budgetår")
        verbose_name_plural = _("budgetår")

    def __str__(self) -> str:
        return str(self.year)

    @property
    def total_costs(self) -> int:
        return sum(getattr(self, name) for name in BUDGET_INPUTS)

    @property
    def net(self) -> int:
        return self.total_costs - self.income


class BudgetCategory(models.TextChoices):
    PERSONNEL = "personnel", _("Personal")
    PREMISES = "premises", _("Lokal")
    OTHER = "other", _("Övriga kostnader")
    EVALUATION = "evaluation", _("Utvärdering")


class BudgetLine(models.Model):
    """A line of the optional detailed budget: monthly cost × months, or a lump sum (R7)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="budget_lines")
    description = models.CharField(_("beskrivning"), max_length=200)
    category = models.CharField(_("kategori"), max_length=12, choices=BudgetCategory.choices)
    monthly_cost = models.BigIntegerField(_("månadskostnad"), null=True, blank=True)
    months = models.PositiveSmallIntegerField(_("antal månader"), null=True, blank=True)
    lump_sum = models.BigIntegerField(_("klumpsumma"), null=True, blank=True)

    class Meta:
        ordering = ["application", "id"]
        verbose_name = _("budgetrad")
        verbose_name_plural = _("budgetrader")

    def __str__(self) -> str:
        return self.description

    def clean(self) -> None:
        has_monthly = self.monthly_cost is not None or self.months is not None
        if has_monthly and self.lump_sum is not None:
            raise ValidationError(_("Ange antingen månadskostnad och antal månader, eller en klumpsumma."))
        if has_monthly and (self.monthly_cost is None or self.months is None):
            raise ValidationError(_("Ange både månadskostnad och antal månader."))

    @property
    def amount(self) -> int:
        if self.lump_sum is not None:
            return self.lump_sum
        return (self.monthly_cost or 0) * (self.months or 0)


class ReviewOutcome(models.TextChoices):
    RECOMMENDED = "RECOMMENDED", _("Tillstyrkt")
    RECOMMENDED_WITH_CONDITIONS = "RECOMMENDED_WITH_CONDITIONS", _("Tillstyrkt med villkor")
    ADVISED_AGAINST = "ADVISED_AGAINST", _("Avstyrkt")


class Review(GuardedFreeText, models.Model):
    """The preparatory group's statement (beredning) on an application."""

    FREE_TEXT_FIELDS = ("statement",)

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="review")
    body = models.CharField(_("beredande organ"), max_length=200)
    reviewed_on = models.DateField(_("datum"))
    outcome = models.CharField(_("utfall"), max_length=28, choices=ReviewOutcome.choices)
    statement = models.TextField(_("yttrande"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("beredning")
        verbose_name_plural = _("beredningar")

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} {self.reviewed_on:%Y-%m-%d}"


class DecisionOutcome(models.TextChoices):
    GRANTED = "GRANTED", _("Beviljad")
    PARTIALLY_GRANTED = "PARTIALLY_GRANTED", _("Delvis beviljad")
    CONDITIONAL = "CONDITIONAL", _("Beviljad med villkor")
    REJECTED = "REJECTED", _("Avslagen")


GRANTING_OUTCOMES = (DecisionOutcome.GRANTED, DecisionOutcome.PARTIALLY_GRANTED, DecisionOutcome.CONDITIONAL)


class ConditionStatus(models.TextChoices):
    OPEN = "OPEN", _("Väntar")
    MET = "MET", _("Uppfyllt")
    FAILED = "FAILED", _("Inte uppfyllt")


class Decision(GuardedFreeText, models.Model):
    """The board's decision on an application, taken in a paragraph of the minutes."""

    FREE_TEXT_FIELDS = ("conditions", "condition_note", "motivation")

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(_("beslut"), max_length=20, choices=DecisionOutcome.choices)
    decided_on = models.DateField(_("beslutsdatum"))
    amount = models.BigIntegerField(_("beviljat belopp"), default=0)
    scope = models.CharField(_("avser"), max_length=200, blank=True, help_text=_("T.ex. år 2015 eller en fas."))
    conditions = models.TextField(_("villkor"), blank=True)
    # A conditional grant is followed up: the condition is later marked met or not met (R12).
    condition_status = models.CharField(
        _("villkorets status"), max_length=6, choices=ConditionStatus.choices, blank=True
    )
    condition_due = models.DateField(_("villkoret ska vara uppfyllt senast"), null=True, blank=True)
    condition_settled_on = models.DateField(_("villkoret bedömt"), null=True, blank=True)
    condition_settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bedömt av"),
    )
    condition_note = models.TextField(_("anteckning om villkoret"), blank=True)
    motivation = models.TextField(_("motivering"), blank=True)
    # The paragraph of the minutes that holds the decision; it cannot be removed while the decision stands.
    paragraph = models.ForeignKey(
        "meetings.Paragraph",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("paragraf"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut")

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} {self.decided_on:%Y-%m-%d}"


class DecisionYear(models.Model):
    """The granted amount for one year. The years of a decision add up to its amount."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("år"))
    amount = models.BigIntegerField(_("belopp (kr)"))
    # The commitment in the förbund's finances that this year of the grant reserves.
    grant = models.OneToOneField(
        "finance.GrantCommitment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decision_year",
        verbose_name=_("åtagande i ekonomin"),
    )

    class Meta:
        ordering = ["decision", "year"]
        constraints = [models.UniqueConstraint(fields=["decision", "year"], name="decision_one_amount_per_year")]
        verbose_name = _("beviljat belopp per år")
        verbose_name_plural = _("beviljade belopp per år")

    def __str__(self) -> str:
        return f"{self.year}: {self.amount}"


class ApplicationAttachment(Attachment):
    """A file attached to an application: by the applicant while it is a draft, by the office at any time."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")

    class Meta(Attachment.Meta):
        verbose_name = _("bilaga till ansökan")
        verbose_name_plural = _("bilagor till ansökan")

    @property
    def forbund(self) -> Forbund:
        return self.application.forbund

    def folder(self) -> str:
        return f"{self.application.forbund.slug}/ansokningar/{self.application_id}"
