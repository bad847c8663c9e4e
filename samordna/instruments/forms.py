from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.participants.forms import DateInput

from .models import KasamVersion, ProgressionScale


class Who5Form(forms.Form):
    answered_on = forms.DateField(label=_("Datum"), widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, 6):
            self.fields[f"item{number}"] = forms.IntegerField(
                label=_("Påstående %(n)s (0–5)") % {"n": number}, min_value=0, max_value=5
            )

    def clean(self):
        data = super().clean()
        if not self.errors:
            data["items"] = [data.pop(f"item{n}") for n in range(1, 6)]
        return data


class KasamForm(forms.Form):
    version = forms.ChoiceField(label=_("Version"), choices=KasamVersion.choices)
    answered_on = forms.DateField(label=_("Datum"), widget=DateInput(), initial=timezone.localdate)
    total = forms.IntegerField(label=_("Summa från pappersformuläret"), min_value=0)


class ProgressionForm(forms.Form):
    scale = forms.ModelChoiceField(label=_("Skala"), queryset=ProgressionScale.objects.none())
    rated_on = forms.DateField(label=_("Datum"), widget=DateInput(), initial=timezone.localdate)
    values = forms.CharField(
        label=_("Värden"), help_text=_("Ett värde per fråga i skalans ordning, åtskilda med komma, t.ex. 3,4,2.")
    )

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scale"].queryset = ProgressionScale.objects.filter(forbund=forbund)

    def clean_values(self):
        try:
            return [int(v) for v in self.cleaned_data["values"].replace(";", ",").split(",") if v.strip()]
        except ValueError:
            raise ValidationError(_("Skriv heltal åtskilda med komma.")) from None
