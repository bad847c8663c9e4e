from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samordna.lib.forms import DateInput, limit_choices

from .codes import MAX_BATCH
from .models import IndicatorSurvey, KasamVersion, ProgressionScale, Respondent


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


class SurveyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return _("%(title)s, version %(v)s") % {"title": obj.title, "v": obj.version}


class HandoutForm(forms.Form):
    survey = SurveyChoiceField(
        label=_("Enkät"),
        queryset=IndicatorSurvey.objects.none(),
        empty_label=_("– välj –"),
        error_messages={"required": _("Välj vilken enkät koderna gäller.")},
    )
    count = forms.IntegerField(
        label=_("Antal koder"),
        min_value=1,
        max_value=MAX_BATCH,
    )

    def __init__(self, *args, surveys, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "survey", surveys)
        self.fields["count"].help_text = _("En kod per deltagare som ska svara, högst %(max)s åt gången.") % {
            "max": MAX_BATCH
        }


def _code_input() -> forms.TextInput:
    return forms.TextInput(
        attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false", "maxlength": 32}
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Svarskod"),
        max_length=32,
        widget=_code_input(),
        help_text=_("Koden står på lappen du har fått, till exempel ABCDE-FGH23."),
        error_messages={"required": _("Skriv koden från lappen du har fått.")},
    )


class AnswerForm(forms.Form):
    """One question per radio group; a question left blank is simply not answered."""

    code = forms.CharField(widget=forms.HiddenInput(), max_length=32)

    def __init__(self, *args, survey: IndicatorSurvey, **kwargs):
        super().__init__(*args, **kwargs)
        low, high = 1, survey.scale_max
        choices = [(str(value), str(value)) for value in range(low, high + 1)]
        choices[0] = (str(low), _("%(n)s – stämmer inte alls") % {"n": low})
        choices[-1] = (str(high), _("%(n)s – stämmer helt") % {"n": high})
        for number, text in enumerate(survey.questions, start=1):
            self.fields[f"q{number}"] = forms.TypedChoiceField(
                label=f"{number}. {text}",
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
        self.question_count = len(survey.questions)

    def answers(self) -> list[int | None]:
        return [self.cleaned_data.get(f"q{number}") for number in range(1, self.question_count + 1)]


class RewordForm(forms.Form):
    def __init__(self, *args, survey: IndicatorSurvey, **kwargs):
        super().__init__(*args, **kwargs)
        for number, text in enumerate(survey.questions, start=1):
            self.fields[f"q{number}"] = forms.CharField(
                label=_("Fråga %(n)s") % {"n": number},
                initial=text,
                max_length=500,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={"required": _("Frågan behöver en formulering.")},
            )
        self.question_count = len(survey.questions)

    def questions(self) -> list[str]:
        return [self.cleaned_data[f"q{number}"] for number in range(1, self.question_count + 1)]
