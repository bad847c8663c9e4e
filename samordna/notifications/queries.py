"""Reads: a user's own notifications and choices, and a förbund's log of e-mail sent."""

from __future__ import annotations

from .kinds import text_of
from .models import EmailLog, Notification, Preference


def notifications_of(user, *, unread_only: bool = False, limit: int = 200) -> list[dict]:
    rows = Notification.objects.filter(user=user).select_related("forbund")
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return [{"notification": n, "text": text_of(n.kind, n.params)} for n in rows[:limit]]


def choices_of(user) -> dict[str, str]:
    return dict(Preference.objects.filter(user=user).values_list("kind", "delivery"))


def mail_log(forbund, *, address: str = "", kind: str = "", limit: int = 500):
    rows = EmailLog.objects.filter(forbund=forbund).select_related("user")
    if address:
        rows = rows.filter(address__icontains=address)
    if kind:
        rows = rows.filter(kind=kind)
    return rows[:limit]
