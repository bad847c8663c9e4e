"""Handout codes for the public survey page: drawn at random, typed by hand, and guarded against guessing.

A code is ten characters from an alphabet without look-alikes (no 0/O, 1/I/L), about 49 bits: with the lock-out
below (a few wrong codes per address and quarter of an hour) guessing one that was handed out is hopeless. The
page answers a wrong code and a used one with their own messages, and no answer tells which insats a code
belongs to.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from samordna.tenancy.lockout import client_address

from .models import CodeAttemptFailure

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 10
GROUP = 5
MAX_FAILURES = 10
LOCKOUT_MINUTES = 15
MAX_BATCH = 300


def draw() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(typed: str) -> str:
    """What a person typed, in capitals, without the spaces and dashes that only make it easier to read."""
    return "".join(ch for ch in (typed or "").upper() if ch not in " -\t")[:32]


def shown(code: str) -> str:
    """A code as printed: two groups of five, easier to read aloud and type."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def address_key(request: HttpRequest) -> str:
    """A keyed hash of the client's address: enough to count its wrong codes, useless to find the address."""
    return salted_hmac("samordna.instruments.codes", client_address(request)).hexdigest()


def window_start(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(minutes=LOCKOUT_MINUTES)


def locked(key: str) -> bool:
    return CodeAttemptFailure.objects.filter(address_key=key, at__gte=window_start()).count() >= MAX_FAILURES
