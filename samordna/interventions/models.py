"""Insatser (interventions) financed by a förbund."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from samordna.tenancy.models import Forbund, Member


class InterventionKind(models.TextChoices):
    INDIVIDUAL = "INDIVIDUAL", _("Individinriktad")
    STRUCTURAL = "STRUCTURAL", _("Strukturövergripande")


class Intervention(models.Model):
    """A coordinated rehabilitation measure that the förbund finances and its members run."""

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
