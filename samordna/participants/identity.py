"""Finding a person by personnummer without reading every row: a keyed hash of the normalised number."""

from __future__ import annotations

import functools
import hashlib
import hmac

from django.conf import settings


@functools.lru_cache(maxsize=8)
def _derived(purpose: str, secret: str) -> hmac.HMAC:
    """The keyed hash for `purpose`, derived once per key: an import asks for it on every row."""
    return hmac.new(hashlib.sha256(f"{purpose}:{secret}".encode()).digest(), digestmod=hashlib.sha256)


def _keyed(purpose: str, pnr12: str) -> str:
    mac = _derived(purpose, settings.PERSONAL_ID_LOOKUP_KEY).copy()
    mac.update(pnr12.encode())
    return mac.hexdigest()


def lookup_key(pnr12: str) -> str:
    """HMAC-SHA256 of a normalised twelve-digit number under the installation's lookup key."""
    return _keyed("samordna-personnummer", pnr12)


def withdrawn_key(pnr12: str) -> str:
    """The fingerprint kept of a person who withdrew consent or was erased. Under its own derivation of the key, so
    it matches no lookup key: the person cannot be found by number anywhere but in the import's refusal."""
    return _keyed("samordna-withdrawn", pnr12)


def anonymous_key(intervention_id: int, sex: str, birth_year: int, kommun_code: str, enrolment, ordinal: int) -> str:
    """The natural key of an anonymous stay: the same row imported twice finds the same stay.

    `ordinal` tells apart identical rows (same insats, sex, birth year, kommun and enrolment date).
    """
    basis = f"{intervention_id}|{sex}|{birth_year}|{kommun_code}|{enrolment:%Y-%m-%d}"
    return f"{hashlib.sha256(basis.encode()).hexdigest()[:64]}#{ordinal}"
