"""Swedish payment identifiers: OCR references, bankgiro and plusgiro numbers, all checked with modulus 10.

Bankgirot calls the check "10-modulmetoden": from the rightmost digit leftwards, digits are weighted 2, 1, 2, 1 …,
products over 9 have their two digits added, and the check digit brings the sum up to the next ten (the Luhn
algorithm). An OCR reference may also carry a length digit, the last digit of its total length, just before the
check digit; a bank then refuses a payment where a digit was dropped or added.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

OCR_MIN_LENGTH = 2
OCR_MAX_LENGTH = 25


def _digits_only(value: str) -> str:
    return "".join(ch for ch in (value or "") if ch not in " -")


def modulus10_sum(digits: str) -> int:
    """The weighted digit sum of `digits`, the rightmost digit weighted 2."""
    total = 0
    for position, ch in enumerate(reversed(digits)):
        product = int(ch) * (2 if position % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return total


def check_digit(digits: str) -> str:
    """The modulus-10 check digit to append to `digits`."""
    if not digits.isdigit():
        raise ValueError("Only digits carry a modulus-10 check digit.")
    return str(-modulus10_sum(digits) % 10)


def has_valid_check_digit(digits: str) -> bool:
    """True when the last digit of `digits` is the modulus-10 check digit of the ones before it."""
    return len(digits) >= 2 and digits.isdigit() and check_digit(digits[:-1]) == digits[-1]


def ocr_reference(base: str, *, length_digit: bool = True) -> str:
    """An OCR reference for `base` (digits): the base, a length digit (unless turned off) and the check digit."""
    if not base.isdigit():
        raise ValueError("An OCR reference is made of digits.")
    if length_digit:
        base += str((len(base) + 2) % 10)
    reference = base + check_digit(base)
    if not OCR_MIN_LENGTH <= len(reference) <= OCR_MAX_LENGTH:
        raise ValueError(f"An OCR reference has {OCR_MIN_LENGTH}–{OCR_MAX_LENGTH} digits, not {len(reference)}.")
    return reference


def is_valid_ocr(reference: str, *, length_digit: bool = True) -> bool:
    """True when `reference` has a correct check digit and, if asked for, a correct length digit."""
    digits = _digits_only(reference)
    if not (OCR_MIN_LENGTH <= len(digits) <= OCR_MAX_LENGTH and has_valid_check_digit(digits)):
        return False
    return not length_digit or (len(digits) >= 3 and digits[-2] == str(len(digits) % 10))


def normalize_bankgiro(value: str) -> str:
    """Return a bankgiro number as NNN-NNNN or NNNN-NNNN, or raise a ValidationError that says what is wrong."""
    raw = (value or "").strip()
    digits = _digits_only(raw)
    if not digits.isdigit() or len(digits) not in (7, 8):
        raise ValidationError(
            _("Bankgironumret %(value)s ska ha sju eller åtta siffror, till exempel 123-4566 eller 1234-5674.")
            % {"value": raw},
            code="bankgiro_length",
        )
    if not has_valid_check_digit(digits):
        raise ValidationError(
            _("Bankgironumret %(value)s har fel kontrollsiffra. Kontrollera numret mot avtalet med banken.")
            % {"value": raw},
            code="bankgiro_checksum",
        )
    return f"{digits[:-4]}-{digits[-4:]}"


def normalize_plusgiro(value: str) -> str:
    """Return a plusgiro number as digits, a dash and the check digit (NNNNNN-N), or raise a ValidationError."""
    raw = (value or "").strip()
    digits = _digits_only(raw)
    if not digits.isdigit() or not 2 <= len(digits) <= 8:
        raise ValidationError(
            _("Plusgironumret %(value)s ska ha två till åtta siffror, till exempel 12345-5.") % {"value": raw},
            code="plusgiro_length",
        )
    if not has_valid_check_digit(digits):
        raise ValidationError(
            _("Plusgironumret %(value)s har fel kontrollsiffra. Kontrollera numret mot avtalet med banken.")
            % {"value": raw},
            code="plusgiro_checksum",
        )
    return f"{digits[:-1]}-{digits[-1]}"


def validate_bankgiro(value: str) -> None:
    normalize_bankgiro(value)


def validate_plusgiro(value: str) -> None:
    normalize_plusgiro(value)


def giro_digits(value: str) -> str:
    """The digits of a formatted bankgiro or plusgiro number, as Peppol and payment files want them."""
    return _digits_only(value)
