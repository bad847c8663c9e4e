"""Swedish postal addresses: the postnummer, validated with python-stdnum and written "NNN NN"."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.se import postnummer


def normalize_postal_code(value: str) -> str:
    """Return the postnummer as NNN NN, or raise a ValidationError that says what to write."""
    raw = (value or "").strip()
    try:
        return postnummer.format(postnummer.validate(raw))
    except stdnum_errors.ValidationError:
        raise ValidationError(
            _("Postnumret %(value)s ska ha fem siffror, till exempel 931 30.") % {"value": raw},
            code="postal_code_invalid",
        ) from None


def validate_postal_code(value: str) -> None:
    normalize_postal_code(value)
