"""Whether this installation can send e-mail, which decides if a password can be reset by e-mail."""

from django.conf import settings


def email_configured() -> bool:
    """True unless e-mail still goes to Django's default SMTP server on localhost, which no installation sets up."""
    smtp = settings.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"
    return not smtp or settings.EMAIL_HOST not in ("", "localhost")
