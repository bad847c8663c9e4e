"""Swedish identifiers: organisationsnummer and personnummer, validated with python-stdnum.

Every function raises `django.core.exceptions.ValidationError` with a Swedish message that says
what to fix, so forms, the API and imports all report the same thing.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum import luhn
from stdnum.se import orgnr


def normalize_org_number(value: str) -> str:
    """Return the organisationsnummer as NNNNNN-NNNN, or raise a ValidationError saying what is wrong."""
    raw = (value or "").strip()
    try:
        compact = orgnr.validate(raw)
    except stdnum_errors.InvalidLength:
        raise ValidationError(
            _("Organisationsnumret %(value)s ska ha tio siffror, till exempel 222000-1234.") % {"value": raw},
            code="org_number_length",
        ) from None
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(
            _("Organisationsnumret %(value)s har fel kontrollsiffra. Kontrollera numret mot registreringsbeviset.")
            % {"value": raw},
            code="org_number_checksum",
        ) from None
    except stdnum_errors.ValidationError:
        raise ValidationError(
            _("%(value)s är inte ett organisationsnummer. Skriv tio siffror, till exempel 222000-1234.")
            % {"value": raw},
            code="org_number_invalid",
        ) from None
    return orgnr.format(compact)


def validate_org_number(value: str) -> None:
    normalize_org_number(value)


def normalize_personnummer(value: str, today: dt.date | None = None) -> str:
    """Return a personnummer or samordningsnummer (day + 60) as YYYYMMDDNNNN, twelve digits.

    Ten-digit numbers take the century that makes the person younger than 100, or older with '+'.
    """
    raw = (value or "").strip()
    over_hundred = "+" in raw
    digits = raw.replace("-", "").replace("+", "").replace(" ", "")
    if not digits.isdigit() or len(digits) not in (10, 12):
        raise ValidationError(
            _("Personnumret %(value)s ska ha tolv siffror (ÅÅÅÅMMDD-NNNN) eller tio (ÅÅMMDD-NNNN).") % {"value": raw},
            code="pnr_length",
        )
    ten = digits[-10:]
    if not luhn.is_valid(ten):
        raise ValidationError(
            _("Personnumret %(value)s har fel kontrollsiffra. Kontrollera den sista siffran.") % {"value": raw},
            code="pnr_checksum",
        )
    if len(digits) == 12:
        year = int(digits[:4])
    else:
        today = today or dt.date.today()
        year = today.year // 100 * 100 + int(ten[:2])
        if year > today.year:
            year -= 100
        if over_hundred:
            year -= 100
    number = f"{year:04d}{ten[2:]}"
    try:
        birth_date_of(number)
    except ValueError:
        raise ValidationError(
            _("Personnumret %(value)s innehåller inget giltigt födelsedatum.") % {"value": raw},
            code="pnr_date",
        ) from None
    return number


def birth_date_of(pnr12: str) -> dt.date:
    """Birth date of a normalised twelve-digit number; samordningsnummer add 60 to the day."""
    day = int(pnr12[6:8])
    if day > 60:
        day -= 60
    return dt.date(int(pnr12[0:4]), int(pnr12[4:6]), day)


def legal_sex_of(pnr12: str) -> str:
    """'M' when the ninth digit (the third of the last four) is odd, else 'K'."""
    return "M" if int(pnr12[10]) % 2 else "K"
