"""The length check of a model's text columns, with a message that names the field and says how much to cut."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _


def too_long_message(label: str, limit: int, length: int) -> str:
    return _("%(field)s får vara högst %(max)s tecken men har %(length)s; korta texten.") % {
        "field": capfirst(label),
        "max": limit,
        "length": length,
    }


def check_lengths(instance: models.Model) -> None:
    """Refuse text longer than its column before it reaches the database (PostgreSQL would raise a DataError)."""
    errors = {}
    for field in instance._meta.concrete_fields:
        if not isinstance(field, models.CharField) or not field.max_length:
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, str) and len(value) > field.max_length:
            errors[field.name] = too_long_message(str(field.verbose_name), field.max_length, len(value))
    if errors:
        raise ValidationError(errors)
