from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from samordna.lib.forms import set_choices

from .kinds import default_delivery
from .models import Delivery, Kind


class PreferencesForm(forms.Form):
    """One group of choices per kind of notification, and the language of the user's mail."""

    language = forms.ChoiceField(
        label=_("Språk i e-post och på sidorna"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, current: dict[str, str], language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = language
        for kind in Kind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                widget=forms.RadioSelect,
                initial=current.get(kind.value, default_delivery(kind.value)),
            )

    def choices(self) -> dict[str, str]:
        return {kind.value: self.cleaned_data[kind.value] for kind in Kind}


class MailLogSearchForm(forms.Form):
    address = forms.CharField(label=_("Mottagarens adress innehåller"), required=False, max_length=254)
    kind = forms.ChoiceField(label=_("Slag"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        set_choices(self, "kind", [("", _("Alla slag")), ("DIGEST", _("Daglig sammanfattning")), *Kind.choices])


class MarkReadForm(forms.Form):
    notification = forms.IntegerField(required=False, min_value=1)
    all = forms.BooleanField(required=False)

    def clean(self):
        data = super().clean() or {}
        if not data.get("notification") and not data.get("all"):
            raise forms.ValidationError(_("Välj vilken avisering som ska markeras som läst."))
        return data
