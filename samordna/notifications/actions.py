"""Every write to notifications: notifying users of an event, reading, and each user's choices.

The apps' actions call `notify` explicitly, inside their own transaction; the e-mail goes once that
transaction has committed, so that no one is told of a change that was rolled back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from contextvars import ContextVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.audit.actions import record
from samordna.tenancy.models import Forbund, User

from . import mail
from .kinds import default_delivery, text_of
from .models import Delivery, Kind, Notification, Preference

logger = logging.getLogger(__name__)

# While loading records that describe the past (the demo), nobody is told about them.
_silenced: ContextVar[bool] = ContextVar("notifications_silenced", default=False)


# While the daily run works, it sends the mail itself (and a dry run sends none).
_held: ContextVar[bool] = ContextVar("notifications_held", default=False)


@contextlib.contextmanager
def silenced() -> Iterator[None]:
    token = _silenced.set(True)
    try:
        yield
    finally:
        _silenced.reset(token)


@contextlib.contextmanager
def held() -> Iterator[None]:
    token = _held.set(True)
    try:
        yield
    finally:
        _held.reset(token)


def deliveries(users: Iterable[User], kind: str) -> dict[int, str]:
    """Each user's choice for `kind`, the kind's default where they have made none."""
    ids = [u.pk for u in users]
    chosen = dict(Preference.objects.filter(user_id__in=ids, kind=kind).values_list("user_id", "delivery"))
    return {pk: chosen.get(pk, default_delivery(kind)) for pk in ids}


def notify(
    kind: Kind,
    forbund: Forbund,
    recipients: Iterable[User | None],
    link: str,
    *,
    key: str = "",
    day: dt.date | None = None,
    **params,
) -> list[Notification]:
    """Tell each recipient that work of `kind` waits at `link`, as each has chosen.

    `params` fill the kind's text and must carry no personal data of participants. With a `key` (a
    reminder's identity) a recipient who already has that reminder gets nothing new. Mail that goes at
    once needs a mail server: without one the whole action is refused rather than the mail dropped.
    """
    if _silenced.get():
        return []
    users = {u.pk: u for u in recipients if u is not None and u.is_active}
    if not users:
        return []
    if key:
        had = set(Notification.objects.filter(user_id__in=users, key=key).values_list("user_id", flat=True))
        users = {pk: u for pk, u in users.items() if pk not in had}
    choices = deliveries(users.values(), kind)
    text_of(kind, params)  # a missing value fails here, in the action, not later in someone's mailbox
    day = day or timezone.localdate()
    created = [
        Notification(
            user=user,
            forbund=forbund,
            kind=kind,
            link=link,
            params=params,
            day=day,
            delivery=choices[pk],
            key=key,
        )
        for pk, user in users.items()
        if choices[pk] != Delivery.NONE
    ]
    Notification.objects.bulk_create(created)
    at_once = [n.pk for n in created if n.delivery == Delivery.IMMEDIATE and n.user.email]
    if at_once and not _held.get():
        mail.require_mail()
        transaction.on_commit(lambda: _deliver_after_commit(at_once))
    return created


def _deliver_after_commit(pks: list[int]) -> None:
    # The event itself is saved; a mail server that fails now leaves the mail for the daily run to retry.
    try:
        deliver_immediate(Notification.objects.filter(pk__in=pks))
    except Exception:
        logger.exception("Aviseringarna %s kunde inte skickas nu; den dagliga körningen försöker igen.", pks)


def deliver_immediate(notifications, *, dry_run: bool = False) -> list[mail.Outgoing]:
    """Mail each notification that is meant to go at once and has not gone yet, one message each."""
    sent = []
    for pk in notifications.filter(delivery=Delivery.IMMEDIATE, mailed_at__isnull=True).values_list("pk", flat=True):
        with transaction.atomic():
            n = (
                Notification.objects.select_for_update(of=("self",), no_key=True)
                .select_related("user", "forbund")
                .filter(pk=pk, mailed_at__isnull=True)
                .first()
            )
            if n is None or not n.user.email:
                continue
            label = Kind(n.kind).label
            message = mail.compose(n.user, n.forbund, "notifications/mail_one.txt", label.__str__, [n])
            if dry_run:
                sent.append(mail.Outgoing(n.user.email, n.kind, str(message.subject), 1))
                continue
            sent.append(mail.send(n.user, n.forbund, n.kind, message, 1))
            n.mailed_at = timezone.now()
            n.save(update_fields=["mailed_at"])
    return sent


# --- The user's own notifications and choices -------------------------------------------------------


@transaction.atomic
def mark_read(actor: User, notification_ids: Iterable[int]) -> int:
    """Mark the actor's own notifications read; anyone else's are not found."""
    ids = [int(pk) for pk in notification_ids]
    mine = Notification.objects.filter(user=actor, pk__in=ids, read_at__isnull=True)
    if len(ids) != Notification.objects.filter(user=actor, pk__in=ids).count():
        raise ValidationError(_("Aviseringen finns inte bland dina. Ladda om sidan och försök igen."))
    changed = mine.update(read_at=timezone.now())
    if changed:
        record(actor, "notification.read", actor, changes={"count": changed})
    return changed


@transaction.atomic
def mark_all_read(actor: User) -> int:
    changed = Notification.objects.filter(user=actor, read_at__isnull=True).update(read_at=timezone.now())
    if changed:
        record(actor, "notification.read", actor, changes={"count": changed})
    return changed


@transaction.atomic
def set_preferences(actor: User, choices: dict[str, str], *, language: str | None = None) -> User:
    """Save how the actor wants each kind of notification, and the language of their mail and pages."""
    unknown = set(choices) - set(Kind.values)
    if unknown:
        raise ValidationError(_("Okända slag av aviseringar: %(kinds)s.") % {"kinds": ", ".join(sorted(unknown))})
    for kind, delivery in choices.items():
        if delivery not in Delivery.values:
            raise ValidationError({kind: _("Välj direkt, daglig sammanfattning eller inte alls.")})
    current = dict(Preference.objects.filter(user=actor).values_list("kind", "delivery"))
    changes: dict[str, list[str]] = {}
    for kind, delivery in choices.items():
        before = current.get(kind, default_delivery(kind))
        if before != delivery:
            changes[kind] = [before, delivery]
        Preference.objects.update_or_create(user=actor, kind=kind, defaults={"delivery": delivery})
    user = User.objects.select_for_update().get(pk=actor.pk)
    if language is not None and language != user.language:
        changes["language"] = [user.language, language]
        user.language = language
        user.full_clean(validate_unique=False)
        user.save(update_fields=["language"])
    if changes:
        record(actor, "notification.preferences", user, changes=changes)
    return user
