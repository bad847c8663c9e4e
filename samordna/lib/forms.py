"""Helpers shared by the apps' forms and views."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet


class DateInput(forms.DateInput):
    """The browser's date picker, with the ISO dates the forms parse."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def add_validation_errors(form, exc: ValidationError) -> None:
    """Show an action's ValidationError on the form: by field where the form has it, else above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def limit_choices(form: forms.BaseForm, name: str, queryset: QuerySet | None) -> None:
    """Offer only `queryset` in the model choice field `name` of this form (the form's own copy of the field)."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"The field {name!r} is a {type(field).__name__}, not a model choice field.")
    field.queryset = queryset


def set_choices(form: forms.BaseForm, name: str, choices: Iterable[tuple[Any, Any]]) -> None:
    """Offer `choices` in the choice field `name` of this form (the form's own copy of the field)."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"The field {name!r} is a {type(field).__name__}, not a choice field.")
    field.choices = choices
