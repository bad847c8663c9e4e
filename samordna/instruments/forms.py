from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samordna.lib.forms import DateInput, limit_choices

from .models import KasamVersion, ProgressionScale, Respondent


class Who5Form(forms.Form):
    answered_on = forms.DateField(label=_("Datum"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, 6):
            self.fields[f"item{number}"] = forms.IntegerField(
                label=_("Påstående %(n)s (0–5)") % {"n": number}, min_value=0, max_value=5
            )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if not self.errors:
            data["items"] = [data.pop(f"item{n}") for n in range(1, 6)]
        return data


class KasamForm(forms.Form):
    version = forms.ChoiceField(
        label=_("Version"),
        choices=[("", _("– välj –")), *KasamVersion.choices],
        error_messages={"required": _("Välj vilken version av KASAM som besvarades.")},
    )
    answered_on = forms.DateField(label=_("Datum"), widget=DateInput())
    total = forms.IntegerField(label=_("Summa från pappersformuläret"), min_value=0)


class ProgressionForm(forms.Form):
    scale = forms.ModelChoiceField(label=_("Skala"), queryset=ProgressionScale.objects.none())
    rated_on = forms.DateField(label=_("Datum"), widget=DateInput())
    values = forms.CharField(
        label=_("Värden"), help_text=_("Ett värde per fråga i skalans ordning, åtskilda med komma, t.ex. 3,4,2.")
    )

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "scale", ProgressionScale.objects.filter(forbund=forbund))

    def clean_values(self):
        try:
            return [int(v) for v in self.cleaned_data["values"].replace(";", ",").split(",") if v.strip()]
        except ValueError:
            raise ValidationError(_("Skriv heltal åtskilda med komma.")) from None


class LinesField(forms.CharField):
    """Items or questions, one per line."""

    widget = forms.Textarea(attrs={"rows": 8})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


class ProgressionScaleForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=100)
    respondent = forms.ChoiceField(label=_("Skattas av"), choices=Respondent.choices)
    items = LinesField(label=_("Frågor"), help_text=_("En fråga per rad, i den ordning de skattas."))
    scale_min = forms.IntegerField(label=_("Lägsta värde"), min_value=0, initial=1)
    scale_max = forms.IntegerField(label=_("Högsta värde"), min_value=1, initial=5)


class IndicatorSurveyForm(forms.Form):
    code = forms.SlugField(label=_("Kod"), max_length=40, help_text=_("Samma kod för alla versioner av enkäten."))
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    respondent_group = forms.CharField(
        label=_("Svarsgrupp"), max_length=100, help_text=_("Till exempel deltagare, personal eller styrelse.")
    )
    questions = LinesField(label=_("Frågor"), help_text=_("En fråga per rad, ordagrant som de ska ställas."))
    scale_max = forms.IntegerField(label=_("Högsta svarsvärde"), min_value=2, max_value=10, initial=5)
    positive_from = forms.IntegerField(label=_("Positivt svar från och med"), min_value=1, initial=4)
    target_percent = forms.IntegerField(label=_("Målvärde (% positiva)"), min_value=0, max_value=100, required=False)
    wording_locked = forms.BooleanField(
        label=_("Låst formulering (NNS)"),
        required=False,
        initial=True,
        help_text=_("En låst enkät kan inte formuleras om: en ändring blir en ny version."),
    )
