"""An action's ValidationError shown on a form: by field where the form has the field, else above the form."""

from django import forms
from django.core.exceptions import ValidationError

from samordna.lib.forms import add_validation_errors


class NameForm(forms.Form):
    name = forms.CharField()


def bound_form():
    form = NameForm({"name": "Alfa"})
    assert form.is_valid()
    return form


def test_an_error_on_a_field_the_form_lacks_is_shown_above_the_form():
    form = bound_form()

    add_validation_errors(form, ValidationError({"title": ["För lång rubrik."], "name": ["Namnet finns redan."]}))

    assert form.non_field_errors() == ["För lång rubrik."]
    assert form.errors["name"] == ["Namnet finns redan."]


def test_an_error_without_a_field_is_shown_above_the_form():
    form = bound_form()

    add_validation_errors(form, ValidationError(["Sammanträdet är låst.", "Försök igen."]))

    assert form.non_field_errors() == ["Sammanträdet är låst.", "Försök igen."]
