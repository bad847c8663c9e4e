"""Writing to the logs. Called by every action inside its own transaction."""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.db.models import F

from .models import AuditEvent, EventCount, ReadLogEntry

# Sign-ins and second-factor enrolments change no data any figure is made of, and happen all day long: they are
# not counted, so they neither drop cached reports nor wait for each other on the counter's row.
SIGN_IN_EVENTS = ("login.", "totp.")


def _label(actor) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "system"
    return actor.get_username()


def record(
    actor,
    action: str,
    obj: models.Model | None = None,
    *,
    forbund=None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. Must run inside the transaction of the write it describes."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record must be called inside the write's transaction")
    if forbund is None and obj is not None:
        forbund = getattr(obj, "forbund", None)
    if not action.startswith(SIGN_IN_EVENTS):
        _count(forbund.pk if forbund is not None else 0)
    return AuditEvent.objects.create(
        forbund=forbund,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=_label(actor),
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_label=str(obj)[:200] if obj is not None else "",
        changes=changes or {},
    )


def _count(scope: int) -> None:
    if EventCount.objects.filter(scope=scope).update(events=F("events") + 1):
        return
    try:
        with transaction.atomic():
            EventCount.objects.create(scope=scope, events=1)
    except IntegrityError:  # another transaction created the row first; it has committed by now
        EventCount.objects.filter(scope=scope).update(events=F("events") + 1)


def event_count(forbund) -> tuple[int, int]:
    """The events recorded so far for the förbund and without a förbund: equal counts, equal data."""
    counts = dict(EventCount.objects.filter(scope__in=(forbund.pk, 0)).values_list("scope", "events"))
    return counts.get(forbund.pk, 0), counts.get(0, 0)


def log_read(actor, forbund, object_type: str, *, object_id: str = "", query: str = "", purpose: str = ""):
    """Append one read of personal data: a record by its pseudonymous id, or a list by its query.

    Without a signed-in user (`actor` None) the read is the console's, labelled with the operating-system account.
    """
    signed_in = getattr(actor, "is_authenticated", False)
    return ReadLogEntry.objects.create(
        forbund=forbund,
        actor=actor if signed_in else None,
        actor_label=_label(actor) if signed_in else _console_label(),
        object_type=object_type,
        object_id=object_id,
        query=query[:500],
        purpose=purpose[:200],
    )


def _console_label() -> str:
    try:
        account = getpass.getuser()
    except (KeyError, OSError):  # no name for the process's uid (a container without one in /etc/passwd)
        account = str(os.getuid())
    return f"konsol ({account})"[:150]


def diff(instance: models.Model, before: dict[str, Any], fields) -> dict[str, list[Any]]:
    """Changed fields as {field: [old, new]}, values made JSON-safe with str()."""
    out: dict[str, list[Any]] = {}
    for name in fields:
        new = getattr(instance, name)
        old = before.get(name)
        if old != new:
            out[name] = [None if old is None else str(old), None if new is None else str(new)]
    return out
