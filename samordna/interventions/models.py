"""Insatser (interventions) financed by a förbund, and their measurable goals.

Budget and staffing per year live in `samordna.finance` (InterventionBudgetLine); the reporting schedule in
`samordna.reporting`.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from samordna.lib.free_text import GuardedFreeText
from samordna.lib.record_keys import draw_record_key
from samordna.lib.versioning import Versioned
from samordna.participants.codes import Sex
from samordna.tenancy.models import Forbund, Member

REGISTRATION_NO_PATTERN = r"^\d{4}:\d{1,4}$"


class InterventionKind(models.TextChoices):
    INDIVIDUAL = "INDIVIDUAL", _("Individinriktad")
    STRUCTURAL = "STRUCTURAL", _("Strukturövergripande")


class FollowUpMethod(models.TextChoices):
    """How the insats's results are followed up, as Uppföljning Finsam records it."""

    INDIVIDUAL = "INDIVIDUAL", _("Uppföljning av deltagarna på individnivå")
    INDICATORS = "INDICATORS", _("Indikatorer för finsam (enkäter)")
    COUNTS = "COUNTS", _("Antal deltagare och aktiviteter")
    EVALUATION = "EVALUATION", _("Extern utvärdering")
    OTHER = "OTHER", _("Annan metod")


# Fixed once given (R29): Uppföljning Finsam does not let them change for a registered insats.
FIXED_ONCE_SET = ("esf_financed", "follow_up_method")


class Intervention(GuardedFreeText, Versioned):
    """A coordinated rehabilitation measure that the förbund finances and its members run."""

    FREE_TEXT_FIELDS = ("description", "target_group", "criteria")

    forbund = models.ForeignKey(Forbund, on_delete=models.CASCADE, related_name="interventions")
    registration_no = models.CharField(_("diarienummer"), max_length=20)
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("inriktning"), max_length=10, choices=InterventionKind.choices)
    start_date = models.DateField(_("startdatum"))
    end_date = models.DateField(_("slutdatum"), null=True, blank=True)
    owner = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_interventions",
        verbose_name=_("insatsägare"),
    )
    partners = models.ManyToManyField(
        Member, blank=True, related_name="partner_interventions", verbose_name=_("samverkansparter")
    )
    target_group = models.TextField(_("målgrupp"), blank=True)
    specific_focus = models.CharField(_("preciserad inriktning"), max_length=200, blank=True)
    age_min = models.PositiveSmallIntegerField(_("lägsta ålder"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("högsta ålder"), null=True, blank=True)
    criteria = models.TextField(_("kriterier för deltagande"), blank=True)
    max_stay_months = models.PositiveSmallIntegerField(
        _("längsta vistelse (månader)"),
        null=True,
        blank=True,
        help_text=_("Riktvärde: en längre vistelse ger en varning, den hindras inte."),
    )
    description = models.TextField(_("beskrivning"), blank=True)
    planned_participants = models.PositiveIntegerField(
        _("planerat antal deltagare per år"),
        null=True,
        blank=True,
        help_text=_("Det budgeterade antalet, som Uppföljning Finsam frågar efter."),
    )
    esf_financed = models.BooleanField(
        _("medfinansierad av ESF"),
        null=True,
        blank=True,
        help_text=_("Kan inte ändras när det väl är angivet."),
    )
    follow_up_method = models.CharField(
        _("uppföljningsmetod"),
        max_length=10,
        choices=FollowUpMethod.choices,
        blank=True,
        help_text=_("Kan inte ändras när den väl är angiven."),
    )

    class Meta:
        ordering = ["forbund", "-start_date", "name"]
        constraints = [
            models.UniqueConstraint(fields=["forbund", "registration_no"], name="intervention_unique_regno"),
        ]
        verbose_name = _("insats")
        verbose_name_plural = _("insatser")

    def __str__(self) -> str:
        return f"{self.registration_no} {self.name}"

    def clean(self) -> None:
        if self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Slutdatum kan inte ligga före startdatum.")})
        if self.age_min is not None and self.age_max is not None and self.age_max < self.age_min:
            raise ValidationError({"age_max": _("Högsta ålder kan inte vara lägre än lägsta ålder.")})

    @property
    def age_range(self) -> str:
        if self.age_min is None and self.age_max is None:
            return ""
        return f"{self.age_min if self.age_min is not None else ''}–{self.age_max if self.age_max is not None else ''}"


class GoalLevel(models.TextChoices):
    PART = "PART", _("Delmål")
    EFFECT = "EFFECT", _("Effektmål")


class GoalIndicator(models.TextChoices):
    """What the system can compute for a goal; OTHER goals are followed up by their declared answer only."""

    WORK_OR_STUDIES_SHARE = "WORK_OR_STUDIES_SHARE", _("Andel utskrivna till arbete eller studier")
    PARTICIPANTS_PER_YEAR = "PARTICIPANTS_PER_YEAR", _("Deltagare per år")
    PLAN_COVERAGE = "PLAN_COVERAGE", _("Andel aktiva med aktuell handlingsplan")
    OTHER = "OTHER", _("Annat mått")


class Comparator(models.TextChoices):
    AT_LEAST = "GTE", "≥"
    AT_MOST = "LTE", "≤"


class GoalUnit(models.TextChoices):
    PERCENT = "PERCENT", "%"
    COUNT = "COUNT", _("st")


class Attainment(models.TextChoices):
    """What the report declares about a goal. "Delvis" counts as not met when compared with the computed result."""

    MET = "ja", _("Ja")
    NOT_MET = "nej", _("Nej")
    PARTLY = "delvis", _("Delvis")


class Goal(GuardedFreeText, models.Model):
    """A measurable goal of an insats, with its target, e.g. "≥ 40 % of discharges to work or studies"."""

    FREE_TEXT_FIELDS = ("text", "declared_text")

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(_("mål"), max_length=300)
    level = models.CharField(_("nivå"), max_length=6, choices=GoalLevel.choices, default=GoalLevel.PART)
    indicator = models.CharField(_("mått"), max_length=24, choices=GoalIndicator.choices, default=GoalIndicator.OTHER)
    comparator = models.CharField(
        _("jämförelse"), max_length=3, choices=Comparator.choices, default=Comparator.AT_LEAST
    )
    target = models.DecimalField(_("målvärde"), max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("enhet"), max_length=7, choices=GoalUnit.choices, default=GoalUnit.PERCENT)
    declared_met = models.BooleanField(_("uppnått enligt rapport"), null=True, blank=True)
    declared_text = models.TextField(_("redovisat utfall"), blank=True)
    declared_attainment = models.CharField(
        _("uppnått enligt rapport (ja, nej, delvis)"), max_length=6, choices=Attainment.choices, blank=True
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["intervention", "level", "position", "pk"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")

    def __str__(self) -> str:
        return self.text

    @property
    def target_label(self) -> str:
        if self.target is None:
            return ""
        value = self.target.normalize() if self.target == self.target.to_integral() else self.target
        number = f"{value:f}".replace(".", ",")
        unit = "%" if self.unit == GoalUnit.PERCENT else str(_("st"))
        return f"{Comparator(self.comparator).label} {number} {unit}"

    def is_met_by(self, value: Decimal | float) -> bool | None:
        if self.target is None:
            return None
        value = Decimal(str(value))
        return value >= self.target if self.comparator == Comparator.AT_LEAST else value <= self.target


class VolumeCount(Versioned):
    """How many took part in a structural insats during a period, per organisation (member) and sex.

    Counts only, no persons: structural insatser reach staff and groups rather than enrolled participants.
    """

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="volume_counts")
    period_start = models.DateField(_("från"))
    period_end = models.DateField(_("till"))
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="volume_counts", verbose_name=_("organisation")
    )
    sex = models.CharField(_("kön"), max_length=1, choices=Sex.choices)
    count = models.PositiveIntegerField(_("antal deltagare"))
    # Drawn once and kept (also through anonymisation): the statistics sum these into cell keys, so that the same
    # set of records always gets the same perturbation (stats.suppression).
    record_key = models.PositiveIntegerField(default=draw_record_key, editable=False)

    class Meta:
        ordering = ["intervention", "period_start", "member__name", "sex"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="volume_count_period_order"
            ),
            models.UniqueConstraint(
                fields=["intervention", "period_start", "period_end", "member", "sex"], name="volume_count_unique"
            ),
        ]
        verbose_name = _("volymuppgift")
        verbose_name_plural = _("volymuppgifter")

    def __str__(self) -> str:
        return f"{self.intervention.registration_no} {self.period_start:%Y-%m-%d}–{self.period_end:%Y-%m-%d}"


class ControllerKind(models.TextChoices):
    MEMBERS = "MEMBERS", _("En eller flera medlemmar")
    FORBUND = "FORBUND", _("Förbundet självt")


class DataController(models.Model):
    """Who is controller (personuppgiftsansvarig) for the personal data of an individual insats's participants.

    The members hold that data, each for its own staff's work; several members that share the records are joint
    controllers (GDPR art. 26) with the arrangement recorded. The förbund is controller only where it really employs
    the staff, and then as a choice made with its reason. The installation is processor for each controller.
    """

    intervention = models.OneToOneField(Intervention, on_delete=models.CASCADE, related_name="data_controller")
    kind = models.CharField(_("personuppgiftsansvarig"), max_length=8, choices=ControllerKind.choices)
    members = models.ManyToManyField(
        Member, blank=True, related_name="controlled_interventions", verbose_name=_("ansvariga medlemmar")
    )
    forbund_reason = models.TextField(_("skäl till att förbundet är ansvarigt"), blank=True)
    # The arrangement between joint controllers (art. 26), when there are several members.
    answers_requests = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("besvarar de registrerades begäranden"),
    )
    informs_subjects = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("informerar de registrerade"),
    )
    agreement_date = models.DateField(_("avtalet om gemensamt ansvar daterat"), null=True, blank=True)
    agreement_reference = models.CharField(_("avtalets beteckning"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("personuppgiftsansvarig")
        verbose_name_plural = _("personuppgiftsansvariga")

    def __str__(self) -> str:
        return f"{self.intervention.registration_no}: {self.get_kind_display()}"

    @property
    def is_joint(self) -> bool:
        return self.kind == ControllerKind.MEMBERS and self.members.count() > 1
