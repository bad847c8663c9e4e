"""Who is told: the people whose work an event is, found from their roles, seats and assignments today."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from samordna.tenancy.models import Forbund, Role, RoleAssignment, User, seats_in_force


def with_role(forbund: Forbund, *roles: Role, intervention=None, day: dt.date | None = None) -> QuerySet[User]:
    """Active users holding one of `roles` in `forbund` on `day`; with `intervention`, only those whose role
    names that insats."""
    assignments = RoleAssignment.objects.in_force(day).filter(forbund=forbund, role__in=roles)
    if intervention is not None:
        assignments = assignments.filter(interventions=intervention)
    return User.objects.filter(is_active=True, pk__in=assignments.values("user_id")).order_by("pk")


def office(forbund: Forbund) -> QuerySet[User]:
    """The kansli: its staff and the förbundschef who leads it."""
    return with_role(forbund, Role.OFFICE, Role.FORBUND_ADMIN)


def board(forbund: Forbund, day: dt.date | None = None) -> QuerySet[User]:
    """Ledamöter and ersättare: the users of the seats in force, and those holding the board role."""
    day = day or timezone.localdate()
    seated = seats_in_force(forbund, day).filter(user__isnull=False).values("user_id")
    roles = RoleAssignment.objects.in_force(day).filter(forbund=forbund, role=Role.BOARD_MEMBER).values("user_id")
    return User.objects.filter(Q(pk__in=seated) | Q(pk__in=roles), is_active=True).order_by("pk")


def insats_reporters(intervention) -> QuerySet[User]:
    """The insats manager and the applicant's contact: who writes the insats's reports."""
    return with_role(intervention.forbund, Role.INTERVENTION_MANAGER, Role.APPLICANT, intervention=intervention)


def handlers(intervention) -> QuerySet[User]:
    return with_role(intervention.forbund, Role.PARTICIPANT_HANDLER, intervention=intervention)
