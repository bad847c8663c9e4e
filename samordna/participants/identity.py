"""Finding a person by personnummer without reading every row: a keyed hash of the normalised number."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def lookup_key(pnr12: str) -> str:
    """HMAC-SHA256 of a normalised twelve-digit number under the installation's lookup key."""
    key = hashlib.sha256(f"samordna-personnummer:{settings.PERSONAL_ID_LOOKUP_KEY}".encode()).digest()
    return hmac.new(key, pnr12.encode(), hashlib.sha256).hexdigest()


def withdrawn_key(pnr12: str) -> str:
    """The fingerprint kept of a person who withdrew consent or was erased. Under its own derivation of the key, so
    it matches no lookup key: the person cannot be found by number anywhere but in the import's refusal."""
    key = hashlib.sha256(f"samordna-withdrawn:{settings.PERSONAL_ID_LOOKUP_KEY}".encode()).digest()
    return hmac.new(key, pnr12.encode(), hashlib.sha256).hexdigest()


def anonymous_key(intervention_id: int, sex: str, birth_year: int, kommun_code: str, enrolment, ordinal: int) -> str:
    """The natural key of an anonymous stay: the same row imported twice finds the same stay.

    `ordinal` tells apart identical rows (same insats, sex, birth year, kommun and enrolment date).
    """
    basis = f"{intervention_id}|{sex}|{birth_year}|{kommun_code}|{enrolment:%Y-%m-%d}"
    return f"{hashlib.sha256(basis.encode()).hexdigest()[:64]}#{ordinal}"
