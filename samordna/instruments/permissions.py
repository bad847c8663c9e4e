"""Who hands out survey codes in an insats: its participant handlers, its manager, and the office."""

from __future__ import annotations

from samordna.interventions import permissions as intervention_permissions
from samordna.participants import access
from samordna.tenancy.models import User
from samordna.tenancy.permissions import Decision


def check_handouts(user: User, intervention) -> Decision:
    handler = access.check_intervention(user, intervention.forbund, intervention)
    if handler.allowed:
        return handler
    return intervention_permissions.check_manage(user, intervention)
