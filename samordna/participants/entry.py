"""Rules that other apps add to a person's entry into an insats, registered when those apps are ready.

Participants knows the enrolment, the import and the stay's warnings; an app that adds a condition on entry (open
entry adds "SAMSIP before start") registers an `EntryRule` here in its `AppConfig.ready`, so that the dependency
runs one way: the app builds on participants, never the reverse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Protocol

from django.db.models import Q

Problem = tuple[str, str]


class EntryRule(Protocol):
    # Relations of Intervention that the rule reads, so that a list of stays asks the database once.
    intervention_relations: tuple[str, ...]

    def evidence(self, forbund, interventions: Iterable) -> Any:
        """What the rule reads once for a whole import of `forbund`'s file."""

    def enrolment_problems(
        self, forbund, intervention, start: dt.date, personnummer: str, evidence: Any = None
    ) -> list[Problem]:
        """The (field, message) problems that refuse an enrolment; `evidence` from `evidence` for an import."""

    def warned_stays(self) -> Q:
        """The stays (a filter on Participation) that may get the rule's warning."""

    def warning_context(self, participations: list) -> Any:
        """What the rule reads once to warn about a list of stays."""

    def stay_warning(self, participation, context: Any = None) -> str:
        """The warning for one stay, empty when none; `context` from `warning_context` for a list."""


ENTRY_RULES: list[EntryRule] = []


def register(rule: EntryRule) -> None:
    if rule not in ENTRY_RULES:
        ENTRY_RULES.append(rule)


def intervention_relations() -> list[str]:
    return [relation for rule in ENTRY_RULES for relation in rule.intervention_relations]


def import_evidence(forbund, interventions: Iterable) -> list:
    interventions = list(interventions)
    return [rule.evidence(forbund, interventions) for rule in ENTRY_RULES]


def enrolment_problems(
    forbund, intervention, start: dt.date, personnummer: str, evidence: list | None = None
) -> list[Problem]:
    problems: list[Problem] = []
    for index, rule in enumerate(ENTRY_RULES):
        known = evidence[index] if evidence is not None else None
        problems += rule.enrolment_problems(forbund, intervention, start, personnummer, known)
    return problems


def warned_stays() -> Q:
    """Stays that some registered rule may warn about; matches nothing when no rule is registered."""
    condition = Q(pk__in=[])
    for rule in ENTRY_RULES:
        condition |= rule.warned_stays()
    return condition


def warning_context(participations: list) -> list:
    return [rule.warning_context(participations) for rule in ENTRY_RULES]


def stay_warnings(participation, context: list | None = None) -> list[str]:
    texts = []
    for index, rule in enumerate(ENTRY_RULES):
        text = rule.stay_warning(participation, context[index] if context is not None else None)
        if text:
            texts.append(text)
    return texts
