"""Login throttling, per name typed and per client address, that tells nobody whether an account exists.

Failed logins are kept as `LoginFailure` rows for `LOGIN_LOCKOUT_MINUTES`. A name with `LOGIN_MAX_FAILURES`
failures in that window is locked; so is an address with `LOGIN_MAX_ADDRESS_FAILURES`. A name is locked the same
way whether an account has it or not, and every attempt runs the password hasher once, against the account's
hash or a dummy one, so the answer and its time are the same for an unknown, a locked and an ordinary account.

A lock on a name does not stop its owner: the right password and the second factor, from an address that made
none of the failures, get through (the attacker's own addresses stay locked out by name and by address).
An account without a second factor stays locked until the window has passed.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import secrets

from django.conf import settings
from django.contrib.auth.hashers import check_password, get_hasher, make_password
from django.http import HttpRequest
from django.utils import timezone

from .models import LoginFailure, User

_dummy_hashes: dict[str, str] = {}


def window_start(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def name_key(username: str) -> str:
    return username.strip().casefold()[:150]


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind a proxy (`BEHIND_PROXY=1`) the address the proxy added last."""
    address = request.META.get("REMOTE_ADDR", "")
    if settings.BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded and forwarded[-1]:
            address = forwarded[-1]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return "okänd"


def address_locked(address: str) -> bool:
    failures = LoginFailure.objects.filter(address=address, at__gte=window_start())
    return failures.count() >= settings.LOGIN_MAX_ADDRESS_FAILURES


def name_locked(username: str) -> bool:
    failures = LoginFailure.objects.filter(username=name_key(username), at__gte=window_start())
    return failures.count() >= settings.LOGIN_MAX_FAILURES


def failed_from(username: str, address: str) -> bool:
    return LoginFailure.objects.filter(username=name_key(username), address=address, at__gte=window_start()).exists()


def refused(username: str, address: str, user: User | None) -> bool:
    """Whether an attempt on `username` from `address` is refused whatever the password.

    The lock on a name lets through an account that has a second factor, from an address that made none of the
    failures: it must still give the right password and code.
    """
    if address_locked(address):
        return True
    if not name_locked(username):
        return False
    return user is None or not user.has_totp or failed_from(username, address)


def _dummy_hash() -> str:
    algorithm = str(get_hasher("default").algorithm)
    if algorithm not in _dummy_hashes:
        _dummy_hashes[algorithm] = make_password(secrets.token_urlsafe(24))
    return _dummy_hashes[algorithm]


def password_matches(user: User | None, password: str, *, refused: bool) -> bool:
    """Run the hasher exactly once: against the account's hash, or a dummy one for no account or a refused one."""
    if user is None or refused or not user.has_usable_password():
        check_password(password, _dummy_hash())
        return False
    return user.check_password(password)
