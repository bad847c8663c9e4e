"""The data protection officer's forms. Nothing is pre-filled: each fact is typed by the person who knows it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.lib.identifiers import normalize_personnummer

CONFIRM_WORD = "RADERA"


def _date(label):
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}))


class RetentionPlanForm(forms.Form):
    years_after_discharge = forms.IntegerField(label=_("År efter sista utskrivning"), min_value=1, max_value=100)
    decided_on = _date(_("Beslutad"))
    decision_reference = forms.CharField(label=_("Beslut (paragraf)"), max_length=100, required=False)


class PersonForm(forms.Form):
    personnummer = forms.CharField(label=_("Personnummer"), help_text=_("ÅÅÅÅMMDD-NNNN"))

    def clean_personnummer(self):
        return normalize_personnummer(self.cleaned_data["personnummer"])


class ErasureRequestForm(PersonForm):
    received_on = _date(_("Begäran kom in"))


class ConfirmForm(forms.Form):
    confirmation = forms.CharField(
        label=_("Skriv RADERA för att bekräfta"), help_text=_("Det som raderas kan inte återställas.")
    )

    def clean_confirmation(self):
        if self.cleaned_data["confirmation"].strip() != CONFIRM_WORD:
            raise forms.ValidationError(_("Skriv ordet RADERA med versaler för att bekräfta, eller avbryt."))
        return CONFIRM_WORD
