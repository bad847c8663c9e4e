"""Measurements during a stay (WHO-5, KASAM totals, progression ratings) and anonymous indicator surveys.

KASAM items are licensed and never stored or shown: only the total entered from the paper form.
Indicator surveys keep their wording fixed per version; answers carry the insats, never a person.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from samordna.interventions.models import Intervention
from samordna.lib.record_keys import draw_record_key
from samordna.participants.models import Participation
from samordna.tenancy.models import Forbund

WHO5_FLAG_BELOW = 13
WHO5_LOW_ITEM = 1
# KASAM-13 default bands (configurable later): low ≤ 60, moderate 61–75, high 76–91.
KASAM13_BANDS = ((60, _("låg")), (75, _("måttlig")), (91, _("hög")))


class Who5(models.Model):
    """WHO-5 well-being index: five items 0–5 about the last two weeks; raw 0–25, ×4 gives 0–100."""

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="who5")
    answered_on = models.DateField(_("datum"))
    items = models.JSONField(_("svar"))
    raw = models.PositiveSmallIntegerField(_("råpoäng"))
    percent = models.PositiveSmallIntegerField(_("procentpoäng"))
    flagged = models.BooleanField(_("flaggad"))

    class Meta:
        ordering = ["participation", "answered_on"]
        verbose_name = _("WHO-5")
        verbose_name_plural = _("WHO-5")

    def __str__(self) -> str:
        return f"WHO-5 {self.answered_on:%Y-%m-%d}: {self.percent}"

    @staticmethod
    def score(items: list[int]) -> tuple[int, int, bool]:
        if len(items) != 5 or any(not isinstance(i, int) or not 0 <= i <= 5 for i in items):
            raise ValidationError({"items": _("WHO-5 har fem frågor som var och en besvaras med 0–5.")})
        raw = sum(items)
        return raw, raw * 4, raw < WHO5_FLAG_BELOW or min(items) <= WHO5_LOW_ITEM


class KasamVersion(models.TextChoices):
    KASAM13 = "KASAM13", _("KASAM-13")
    KASAM29 = "KASAM29", _("KASAM-29")


KASAM_RANGE = {KasamVersion.KASAM13: (13, 91), KasamVersion.KASAM29: (29, 203)}


class KasamScore(models.Model):
    """A KASAM total from the paper form; the licence bars storing or showing the items."""

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="kasam")
    version = models.CharField(_("version"), max_length=7, choices=KasamVersion.choices)
    answered_on = models.DateField(_("datum"))
    total = models.PositiveSmallIntegerField(_("summa"))

    class Meta:
        ordering = ["participation", "answered_on"]
        verbose_name = _("KASAM-poäng")
        verbose_name_plural = _("KASAM-poäng")

    def __str__(self) -> str:
        return f"{self.get_version_display()} {self.answered_on:%Y-%m-%d}: {self.total}"

    def clean(self) -> None:
        low, high = KASAM_RANGE[KasamVersion(self.version)]
        if not low <= self.total <= high:
            raise ValidationError(
                {
                    "total": _("Summan för %(version)s ligger mellan %(low)s och %(high)s. Kontrollera uträkningen.")
                    % {"version": self.get_version_display(), "low": low, "high": high}
                }
            )

    @property
    def band(self) -> str:
        if self.version != KasamVersion.KASAM13:
            return ""
        return str(next(label for limit, label in KASAM13_BANDS if self.total <= limit))


class Respondent(models.TextChoices):
    PARTICIPANT = "PARTICIPANT", _("Deltagaren")
    STAFF = "STAFF", _("Personalen")


class ProgressionScale(models.Model):
    """A progression rating in the style of BIP/SMAIL: the förbund's own items until licensed forms are loaded."""

    forbund = models.ForeignKey(Forbund, on_delete=models.CASCADE, related_name="progression_scales")
    name = models.CharField(_("namn"), max_length=100)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    respondent = models.CharField(_("skattas av"), max_length=11, choices=Respondent.choices)
    items = models.JSONField(_("frågor"))
    scale_min = models.PositiveSmallIntegerField(_("lägsta värde"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("högsta värde"), default=5)

    class Meta:
        ordering = ["forbund", "name", "version"]
        constraints = [
            models.UniqueConstraint(fields=["forbund", "name", "version"], name="progression_scale_unique_version")
        ]
        verbose_name = _("progressionsskala")
        verbose_name_plural = _("progressionsskalor")

    def __str__(self) -> str:
        return f"{self.name} v{self.version} ({self.get_respondent_display()})"


class ProgressionRating(models.Model):
    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="progression_ratings")
    scale = models.ForeignKey(ProgressionScale, on_delete=models.PROTECT, related_name="ratings")
    rated_on = models.DateField(_("datum"))
    values = models.JSONField(_("värden"))
    total = models.PositiveIntegerField(_("summa"))

    class Meta:
        ordering = ["participation", "scale", "rated_on"]
        verbose_name = _("progressionsskattning")
        verbose_name_plural = _("progressionsskattningar")

    def __str__(self) -> str:
        return f"{self.scale.name} {self.rated_on:%Y-%m-%d}: {self.total}"


class IndicatorSurvey(models.Model):
    """An indicator questionnaire (NNS style). Its wording is fixed once locked: a change is a new version."""

    forbund = models.ForeignKey(Forbund, on_delete=models.CASCADE, related_name="indicator_surveys")
    code = models.CharField(_("kod"), max_length=40)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    title = models.CharField(_("rubrik"), max_length=200)
    respondent_group = models.CharField(_("svarsgrupp"), max_length=100)
    questions = models.JSONField(_("frågor"))
    scale_max = models.PositiveSmallIntegerField(_("högsta svarsvärde"), default=5)
    positive_from = models.PositiveSmallIntegerField(_("positivt svar från och med"), default=4)
    target_percent = models.PositiveSmallIntegerField(_("målvärde (% positiva)"), null=True, blank=True)
    wording_locked = models.BooleanField(_("formuleringen är låst"), default=True)

    class Meta:
        ordering = ["forbund", "code", "version"]
        constraints = [models.UniqueConstraint(fields=["forbund", "code", "version"], name="survey_unique_version")]
        verbose_name = _("indikatorenkät")
        verbose_name_plural = _("indikatorenkäter")

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class SurveyResponse(models.Model):
    """One anonymous answer sheet, tied to an insats and never to a person."""

    survey = models.ForeignKey(IndicatorSurvey, on_delete=models.PROTECT, related_name="responses")
    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, related_name="survey_responses")
    answered_on = models.DateField(_("datum"))
    # Drawn once and kept (also through anonymisation): the statistics sum these into cell keys, so that the same
    # set of records always gets the same perturbation (stats.suppression).
    record_key = models.PositiveIntegerField(default=draw_record_key, editable=False)

    class Meta:
        ordering = ["survey", "answered_on"]
        verbose_name = _("enkätsvar")
        verbose_name_plural = _("enkätsvar")

    def __str__(self) -> str:
        return f"{self.survey} {self.answered_on:%Y-%m-%d}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.PositiveSmallIntegerField(_("fråga"))
    value = models.PositiveSmallIntegerField(_("svar"))

    class Meta:
        ordering = ["response", "question"]
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="survey_answer_once")]

    def __str__(self) -> str:
        return f"{self.question}: {self.value}"


class SurveyHandout(models.Model):
    """A batch of handout codes for one survey in one insats, made by its staff to print and hand out.

    A participant answers on the public survey page with a code; the code says which survey and insats the
    answer sheet belongs to, and nothing else.
    """

    survey = models.ForeignKey(IndicatorSurvey, on_delete=models.PROTECT, related_name="handouts")
    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, related_name="survey_handouts")
    created_on = models.DateField(_("skapad"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["intervention", "-created_on", "-pk"]
        verbose_name = _("omgång svarskoder")
        verbose_name_plural = _("omgångar svarskoder")

    def __str__(self) -> str:
        return f"{self.survey} {self.intervention.registration_no} {self.created_on:%Y-%m-%d}"


class HandoutCode(models.Model):
    """One handout code, good for one answer sheet.

    A used code is only marked used: it never points at the answer sheet it opened, so whoever handed the code
    to a person cannot find that person's answers through it.
    """

    handout = models.ForeignKey(SurveyHandout, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(_("kod"), max_length=16, unique=True)
    used = models.BooleanField(_("använd"), default=False)

    class Meta:
        ordering = ["handout", "pk"]
        verbose_name = _("svarskod")
        verbose_name_plural = _("svarskoder")

    def __str__(self) -> str:
        return f"{self.handout_id}: {'*' * len(self.code)}"


class CodeAttemptFailure(models.Model):
    """A wrong or used code typed on the public survey page, by a keyed hash of the client's address (never the
    address itself); rows older than the lock-out window are removed as new ones come."""

    address_key = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("felaktig svarskod")
        verbose_name_plural = _("felaktiga svarskoder")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M}"
