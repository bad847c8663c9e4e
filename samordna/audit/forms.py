"""The read log's search: by personnummer (through the keyed hash), user, period and insats."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.interventions.models import Intervention
from samordna.lib.forms import limit_choices
from samordna.lib.identifiers import normalize_personnummer
from samordna.tenancy.forms import LogSearchForm


class ReadSearchForm(LogSearchForm):
    personnummer = forms.CharField(
        label=_("Personnummer"),
        required=False,
        help_text=_("ÅÅÅÅMMDD-NNNN. Numret sparas inte i loggen; sökningen görs på dess nyckel."),
    )
    user = forms.CharField(label=_("Användare"), required=False)
    insats: forms.ModelChoiceField[Intervention] = forms.ModelChoiceField(
        queryset=Intervention.objects.none(), label=_("Insats"), required=False
    )

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "insats", Intervention.objects.filter(forbund=forbund).order_by("registration_no"))

    def clean_personnummer(self):
        value = self.cleaned_data["personnummer"].strip()
        if not value:
            return ""
        # A ValidationError with the identifier's Swedish message becomes the field's error.
        return normalize_personnummer(value)
