"""Swedish identifiers: organisationsnummer and personnummer, validated with python-stdnum.

Every function raises `django.core.exceptions.ValidationError` with a Swedish message that says
what to fix, so forms, the API and imports all report the same thing.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.se import orgnr


def _ten_digit_org_number(raw: str) -> str:
    """The ten digits of an organisationsnummer written in twelve: "16" + the ten digits, or, for a sole trader, the
    owner's personnummer with its century (the sole trader's organisationsnummer is the ten-digit personnummer)."""
    digits = orgnr.compact(raw)
    if len(digits) != 12 or not digits.isdigit():
        return raw
    if digits.startswith("16"):
        return digits[2:]
    if digits[:2] in ("18", "19", "20"):
        try:
            return normalize_personnummer(digits)[2:]
        except ValidationError:
            raise ValidationError(
                _(
                    "Organisationsnumret %(value)s har tolv siffror men är inget giltigt personnummer. Skriv "
                    "organisationsnumret med tio siffror, eller med 16 före."
                )
                % {"value": raw},
                code="org_number_invalid",
            ) from None
    raise ValidationError(
        _("Organisationsnumret %(value)s har tolv siffror men börjar inte med 16 eller ett sekel (18, 19, 20).")
        % {"value": raw},
        code="org_number_invalid",
    )


def normalize_org_number(value: str) -> str:
    """Return the organisationsnummer as NNNNNN-NNNN, or raise a ValidationError saying what is wrong.

    Ten digits, or twelve as in some registers: "16" + the ten digits, or a sole trader's personnummer.
    """
    raw = (value or "").strip()
    try:
        compact = orgnr.validate(_ten_digit_org_number(raw))
    except stdnum_errors.InvalidLength:
        raise ValidationError(
            _(
                "Organisationsnumret %(value)s ska ha tio siffror, till exempel 222000-1234 (eller tolv med 16 före: "
                "16222000-1234)."
            )
            % {"value": raw},
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


# Each digit doubled, with the digits of the product summed: the Luhn algorithm's step for every second digit.
_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def _luhn_valid(digits: str) -> bool:
    """The Luhn check of a string of digits, as stdnum's `luhn.is_valid`; an import asks it of every row."""
    total = 0
    for position, digit in enumerate(reversed(digits)):
        total += _DOUBLED[int(digit)] if position % 2 else int(digit)
    return total % 10 == 0


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
    if not _luhn_valid(ten):
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
    if ten[6:9] == "000":
        raise ValidationError(
            _("Personnumret %(value)s har födelsenumret 000, som aldrig delas ut. Kontrollera de fyra sista siffrorna.")
            % {"value": raw},
            code="pnr_serial",
        )
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


class OrgNumberField(models.CharField):
    """An organisationsnummer column: stored as NNNNNN-NNNN, typed in with ten digits or twelve.

    The twelve-digit form is turned into the stored one before the length check, and the form field is wide
    enough for it. It migrates as the plain CharField it is in the database.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 11)
        kwargs.setdefault("validators", [validate_org_number])
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        try:
            return normalize_org_number(value)
        except ValidationError:
            return value  # the validator reports what is wrong

    def formfield(self, **kwargs):
        return super().formfield(**{"max_length": 20, **kwargs})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs
