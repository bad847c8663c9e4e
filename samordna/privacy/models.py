"""Retention (gallring): each förbund's plan for when participants' personal data is anonymised."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samordna.tenancy.models import Forbund


class RetentionPlan(models.Model):
    """The förbund's decided retention plan. Without one nothing is anonymised automatically (DOMAIN §3.16)."""

    forbund = models.OneToOneField(Forbund, on_delete=models.CASCADE, related_name="retention_plan")
    years_after_discharge = models.PositiveSmallIntegerField(
        _("år efter sista utskrivning"),
        validators=[MinValueValidator(1)],
        help_text=_("Personuppgifterna anonymiseras så många år efter deltagarens sista utskrivning."),
    )
    decided_on = models.DateField(_("beslutad"))
    decision_reference = models.CharField(_("beslut (paragraf)"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("gallringsplan")
        verbose_name_plural = _("gallringsplaner")

    def __str__(self) -> str:
        return f"{self.forbund}: {self.years_after_discharge} år"
