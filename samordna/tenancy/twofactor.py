"""Time-based one-time passwords (RFC 6238) for the second login factor."""

from __future__ import annotations

import time

import pyotp
import segno
from django.conf import settings

STEP_SECONDS = 30


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=settings.TOTP_ISSUER)


def qr_svg(uri: str) -> str:
    """The provisioning URI as an inline SVG QR code, to scan with an authenticator app."""
    return segno.make(uri, error="m").svg_inline(scale=4, dark="#1b1b1b", light="#ffffff")


def matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    """The time step a code belongs to (this one or its neighbours, for clock skew), or None."""
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if len(code) != 6 or not secret:
        return None
    totp = pyotp.TOTP(secret)
    now = time.time() if now is None else now
    current = int(now // STEP_SECONDS)
    for step in (current, current - 1, current + 1):
        if pyotp.utils.strings_equal(totp.at(step * STEP_SECONDS), code):
            return step
    return None


def current_code(secret: str) -> str:
    return pyotp.TOTP(secret).now()
