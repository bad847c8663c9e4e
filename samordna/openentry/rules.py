"""Rules checked when a person enters an insats from the open entry, kept here so that enrolment can ask.

`samsip_before_start` is asked when the insats's handler accepts a referral from the team (the request is known);
`enrolment_problems` is asked by every other way in, the direct enrolment and the participant import, where the
person is known only by the personnummer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Min, Q
from django.utils.translation import gettext as _

from samordna.interventions.models import Intervention
from samordna.participants.identity import lookup_key
from samordna.participants.models import Participation
from samordna.tenancy.models import Forbund

from .models import InsatsEntryRule, IntakeRequest, SamsipMeeting, SamsipRule


@dataclass(frozen=True)
class RuleResult:
    allowed: bool
    warning: str = ""


def rule_of(intervention: Intervention) -> str:
    """The insats's SAMSIP rule; read through the relation, so an import asking row by row asks the database once."""
    try:
        return intervention.entry_rule.samsip_before_start
    except InsatsEntryRule.DoesNotExist:
        return SamsipRule.NONE


def samsip_before_start(intervention: Intervention, request: IntakeRequest | None, start: dt.date) -> RuleResult:
    """The insats's 'SAMSIP before start' rule: no rule, a warning, or a refusal when no SAMSIP was held by `start`."""
    rule = rule_of(intervention)
    if rule == SamsipRule.NONE:
        return RuleResult(True)
    held = request is not None and SamsipMeeting.objects.filter(request=request, held_on__lte=start).exists()
    if held:
        return RuleResult(True)
    message = _missing(intervention, start)
    if rule == SamsipRule.WARN:
        return RuleResult(True, message)
    return RuleResult(False, message + " " + _("Registrera SAMSIP-mötet först."))


class SamsipEvidence:
    """What the refusal of 'SAMSIP before start' looks at outside a referral: the first SAMSIP held for each person on
    requests to the förbund's teams, and the stays already stored in the insatser that refuse without one.

    Read from the database on the first question and answered from memory after that, so an import asks twice in
    all however many rows it has. `personnummer` narrows the reading to one person (a direct enrolment).
    """

    def __init__(self, forbund: Forbund, interventions: Iterable[Intervention], personnummer: str = ""):
        self.forbund = forbund
        self.refusing = [i.pk for i in interventions if rule_of(i) == SamsipRule.REFUSE]
        self.personnummer = personnummer

    @cached_property
    def first_held(self) -> dict[str, dt.date]:
        meetings = SamsipMeeting.objects.filter(request__forbund=self.forbund)
        if self.personnummer:
            meetings = meetings.filter(request__lookup_key=lookup_key(self.personnummer))
        return dict(
            meetings.values("request__lookup_key")
            .annotate(first=Min("held_on"))
            .order_by()
            .values_list("request__lookup_key", "first")
        )

    @cached_property
    def stored(self) -> set[tuple[str, int, dt.date]]:
        stays = Participation.objects.filter(
            participant__forbund=self.forbund, intervention_id__in=self.refusing
        ).exclude(participant__lookup_key="")
        if self.personnummer:
            stays = stays.filter(participant__lookup_key=lookup_key(self.personnummer))
        return set(stays.values_list("participant__lookup_key", "intervention_id", "enrolment_date"))

    def lets_in(self, intervention: Intervention, personnummer: str, start: dt.date) -> bool:
        """Was a SAMSIP held for the person by `start`, or is the stay already stored (an import sending it again,
        let in when it was entered)?"""
        first = self.first_held.get(lookup_key(personnummer))
        if first is not None and first <= start:
            return True
        return (lookup_key(personnummer), intervention.pk, start) in self.stored


def enrolment_problems(
    forbund: Forbund,
    intervention: Intervention,
    start: dt.date,
    personnummer: str,
    evidence: SamsipEvidence | None = None,
) -> list[tuple[str, str]]:
    """An insats that requires a SAMSIP before start refuses an enrolment without one, as (field, message) problems.

    Outside a referral the SAMSIP is found through the person's requests to the förbund's teams, by the normalised
    personnummer; a person enrolled without one cannot show a SAMSIP. A rule that only warns does not stop here: its
    warning is among the stay's warnings (`samsip_warning`). An import passes one `evidence` for all its rows; without
    it the one person is looked up.
    """
    if rule_of(intervention) != SamsipRule.REFUSE:
        return []
    values = {"insats": intervention.registration_no, "date": f"{start:%Y-%m-%d}"}
    if not personnummer:
        return [
            (
                "enrolment_date",
                _(
                    "Insatsen %(insats)s kräver en SAMSIP före start, och en SAMSIP kan bara visas för en person "
                    "med personnummer. Håll SAMSIP-mötet först och skriv in personen med personnummer."
                )
                % values,
            )
        ]
    if evidence is None:
        evidence = SamsipEvidence(forbund, [intervention], personnummer)
    if evidence.lets_in(intervention, personnummer, start):
        return []
    return [
        (
            "enrolment_date",
            _(
                "Insatsen %(insats)s kräver en SAMSIP före start, och ingen SAMSIP är registrerad för personen "
                "senast %(date)s. Håll ett SAMSIP-möte först, registrera det på personens ansökan i "
                "samverkansteamet och skriv sedan in personen."
            )
            % values,
        )
    ]


def samsip_warning(participation: Participation, first_samsip: dict | None = None) -> str:
    """The warning for a stay in an insats whose rule only warns, when no SAMSIP for the person was held by the
    enrolment date; empty otherwise. Shown with the stay's other warnings, never blocking. A list passes
    `first_samsip` (from `first_samsips`) so that it asks the database once, not once per stay."""
    if rule_of(participation.intervention) != SamsipRule.WARN:
        return ""
    insats, start = participation.intervention, participation.enrolment_date
    personnummer = participation.participant.personnummer
    if first_samsip is None:
        held = bool(personnummer) and _held_for_person(insats.forbund_id, personnummer, start)
    else:
        first = first_samsip.get((insats.forbund_id, lookup_key(personnummer))) if personnummer else None
        held = first is not None and first <= start
    return "" if held else _missing(insats, start)


def first_samsips(participations) -> dict[tuple[int, str], dt.date]:
    """The first SAMSIP held for each person of `participations` in insatser whose rule warns,
    by (förbund, the number's lookup key)."""
    warned = [p for p in participations if p.participant.personnummer and rule_of(p.intervention) == SamsipRule.WARN]
    if not warned:
        return {}
    rows = (
        SamsipMeeting.objects.filter(
            request__forbund_id__in={p.intervention.forbund_id for p in warned},
            request__lookup_key__in={lookup_key(p.participant.personnummer) for p in warned},
        )
        .values("request__forbund_id", "request__lookup_key")
        .annotate(first=Min("held_on"))
        .order_by()
    )
    return {(row["request__forbund_id"], row["request__lookup_key"]): row["first"] for row in rows}


def _held_for_person(forbund_id: int, personnummer: str, start: dt.date) -> bool:
    """Was a SAMSIP held by `start` on any of the person's requests to the förbund's teams?"""
    return SamsipMeeting.objects.filter(
        request__forbund_id=forbund_id, request__lookup_key=lookup_key(personnummer), held_on__lte=start
    ).exists()


def _missing(intervention: Intervention, start: dt.date) -> str:
    return _(
        "Insatsen %(insats)s ska ha en SAMSIP före start, och ingen SAMSIP är registrerad för personen senast %(date)s."
    ) % {"insats": intervention.registration_no, "date": f"{start:%Y-%m-%d}"}


class SamsipEntryRule:
    """'SAMSIP before start' as a rule of entry, registered with participants when open entry is ready."""

    intervention_relations: tuple[str, ...] = ("entry_rule",)
    evidence = staticmethod(SamsipEvidence)
    enrolment_problems = staticmethod(enrolment_problems)
    warning_context = staticmethod(first_samsips)
    stay_warning = staticmethod(samsip_warning)

    def warned_stays(self) -> Q:
        return Q(intervention__entry_rule__samsip_before_start=SamsipRule.WARN)


SAMSIP_ENTRY_RULE = SamsipEntryRule()
