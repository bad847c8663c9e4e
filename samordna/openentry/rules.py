"""Rules checked when a person enters an insats from the open entry, kept here so that enrolment can ask."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from samordna.interventions.models import Intervention

from .models import InsatsEntryRule, IntakeRequest, SamsipMeeting, SamsipRule


@dataclass(frozen=True)
class RuleResult:
    allowed: bool
    warning: str = ""


def samsip_before_start(intervention: Intervention, request: IntakeRequest | None, start: dt.date) -> RuleResult:
    """The insats's 'SAMSIP before start' rule: no rule, a warning, or a refusal when no SAMSIP was held by `start`."""
    rule = InsatsEntryRule.objects.filter(intervention=intervention).values_list("samsip_before_start", flat=True)
    rule = rule.first() or SamsipRule.NONE
    if rule == SamsipRule.NONE:
        return RuleResult(True)
    held = request is not None and SamsipMeeting.objects.filter(request=request, held_on__lte=start).exists()
    if held:
        return RuleResult(True)
    message = _(
        "Insatsen %(insats)s ska ha en SAMSIP före start, och ingen SAMSIP är registrerad för personen senast %(date)s."
    ) % {"insats": intervention.registration_no, "date": f"{start:%Y-%m-%d}"}
    if rule == SamsipRule.WARN:
        return RuleResult(True, message)
    return RuleResult(False, message + " " + _("Registrera SAMSIP-mötet först."))
