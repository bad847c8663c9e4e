"""Sending e-mail: the förbund's sender name and reply-to, the user's language, and a log row per message.

Without an SMTP server configured, DEBUG prints mail to the console; in production the backend below
refuses, so that a feature that needs mail fails with a clear message instead of dropping it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from email.utils import formataddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from samordna.tenancy.models import Forbund, User

from .models import EmailLog

UNCONFIGURED_BACKEND = "samordna.notifications.mail.UnconfiguredBackend"


class MailUnavailable(ValidationError):
    """Mail is needed but no SMTP server is configured."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Det här skickar e-post, men servern har ingen e-postserver inställd. Inget har sparats. "
                "Be driften ställa in e-posten (SAMORDNA_EMAIL_HOST)."
            )
        )


class UnconfiguredBackend(BaseEmailBackend):
    """The production backend when SAMORDNA_EMAIL_HOST is not set: every send is refused."""

    def send_messages(self, email_messages):
        if email_messages:
            raise MailUnavailable()
        return 0


def mail_available() -> bool:
    return settings.EMAIL_BACKEND != UNCONFIGURED_BACKEND


def require_mail() -> None:
    if not mail_available():
        raise MailUnavailable()


def site_url(path: str) -> str:
    """An absolute address of `path` for a message read outside the browser."""
    base = settings.SAMORDNA_SITE_URL.rstrip("/")
    return f"{base}{path}"


def language_of(user: User) -> str:
    supported = {code for code, _name in settings.LANGUAGES}
    return user.language if user.language in supported else settings.LANGUAGE_CODE


@dataclass(frozen=True)
class Outgoing:
    """A message about to go out (or, in a dry run, that would): what `remind` prints."""

    address: str
    kind: str
    subject: str
    items: int


def compose(user: User, forbund: Forbund, template: str, subject: Callable[[], str], notifications) -> EmailMessage:
    """The message about `notifications` in the user's language (its subject and texts are made in it too),
    from the förbund's sender name, answered to its reply-to address."""
    from .kinds import text_of

    with translation.override(language_of(user)):
        items = [{"text": text_of(n.kind, n.params), "url": site_url(n.link)} for n in notifications]
        body = render_to_string(
            template,
            {
                "items": items,
                "user": user,
                "forbund": forbund,
                "preferences_url": site_url(reverse("notifications:preferences")),
                "list_url": site_url(reverse("notifications:list")),
            },
        )
        subject_line = f"{forbund.mail_sender_name or forbund.name}: {subject()}"
    sender = formataddr((forbund.mail_sender_name or forbund.name, settings.DEFAULT_FROM_EMAIL))
    return EmailMessage(
        subject=subject_line,
        body=body,
        from_email=sender,
        to=[user.email],
        reply_to=[forbund.mail_reply_to] if forbund.mail_reply_to else None,
    )


def send(user: User, forbund: Forbund, kind: str, message: EmailMessage, items: int) -> Outgoing:
    """Send one message now (errors propagate) and log who got what kind when; the body is not kept."""
    get_connection(fail_silently=False).send_messages([message])
    EmailLog.objects.create(user=user, address=user.email, forbund=forbund, kind=kind, items=items)
    return Outgoing(user.email, kind, str(message.subject), items)
