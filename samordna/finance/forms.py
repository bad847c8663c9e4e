from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.lib.forms import DateInput, limit_choices, set_choices
from samordna.lib.versioning import VersionField

from .imports import parse_period
from .models import BudgetLine, BudgetYear, LineCategory, month_end

if TYPE_CHECKING:
    from samordna.interventions.models import Intervention
    from samordna.tenancy.models import Member


class ReportDateForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2004, max_value=2100)
    date = forms.DateField(label=_("Per datum"), required=False, help_text=_("ÅÅÅÅ-MM-DD. Tomt: i dag."))

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("date") and data.get("year") and data["date"].year != data["year"]:
            self.add_error("date", _("Datumet måste ligga i det valda året."))
        return data


class ReportForm(ReportDateForm):
    grant = forms.IntegerField(
        label=_("Föreslaget bidrag (kr)"),
        min_value=0,
        required=False,
        help_text=_("Visar vad bidraget gör med utrymmet."),
    )


class EconomyExportForm(ReportDateForm):
    format = forms.ChoiceField(label=_("Format"), choices=[("xlsx", _("Excel")), ("pdf", _("PDF"))])


class ContributionForm(forms.Form):
    member: forms.ModelChoiceField[Member] = forms.ModelChoiceField(label=_("Medlem"), queryset=None)
    year = forms.IntegerField(label=_("År"), min_value=2004, max_value=2100)
    amount = forms.IntegerField(label=_("Belopp (kr)"), min_value=0)
    key_value = forms.IntegerField(
        label=_("Fördelningsnyckel"), min_value=1, required=False, help_text=_("För kommuner, t.ex. folkmängd.")
    )

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "member", forbund.members.all())


class ActualForm(forms.Form):
    line: forms.ModelChoiceField[BudgetLine] = forms.ModelChoiceField(label=_("Budgetrad"), queryset=None)
    period = forms.CharField(label=_("Period"), help_text=_("Månad (2015-03) eller kvartal (2015-Q1)."))
    amount = forms.IntegerField(label=_("Utfall (kr)"))

    def __init__(self, *args, budget_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.budget_year = budget_year
        limit_choices(self, "line", BudgetLine.objects.filter(budget_year=budget_year))

    def clean_period(self):
        period = parse_period(self.cleaned_data["period"])
        if period is None or period[0].year != self.budget_year.year:
            raise forms.ValidationError(
                _("Skriv en månad eller ett kvartal i %(year)s, till exempel %(year)s-03 eller %(year)s-Q1.")
                % {"year": self.budget_year.year}
            )
        return period


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Fil"))
    kind = forms.ChoiceField(label=_("Format"), choices=[("excel", _("Excel (.xlsx)")), ("sie", _("SIE 4"))])


class NewBudgetYearForm(forms.Form):
    year = forms.IntegerField(label=_("Budgetår"), min_value=2004, max_value=2100)
    equity_start = forms.IntegerField(
        label=_("Eget kapital vid årets början (kr)"),
        help_text=_("Enligt bokslutet för året före, eller prognosen om bokslutet inte är klart."),
    )
    copy_from: forms.ModelChoiceField[BudgetYear] = forms.ModelChoiceField(
        label=_("Kopiera raderna från"),
        queryset=None,
        required=False,
        empty_label=_("Ingen, börja med en tom budget"),
        help_text=_("Raderna kopieras med sina belopp, som du sedan justerar. Avslutade insatser kopieras inte."),
    )

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "copy_from", BudgetYear.objects.filter(forbund=forbund).order_by("-year"))
        self.fields["copy_from"].label_from_instance = lambda budget_year: str(budget_year.year)  # type: ignore[attr-defined]


class BudgetYearForm(forms.Form):
    """The year's equity figures and the board's decision on the cap, if it overrides the statutes' percentage."""

    equity_start = forms.IntegerField(label=_("Eget kapital vid årets början (kr)"))
    equity_cap_fixed = forms.IntegerField(
        label=_("Tak för eget kapital, fast belopp (kr)"),
        min_value=0,
        required=False,
        help_text=_("Bara om styrelsen har beslutat ett annat tak än förbundsordningens procentsats."),
    )
    equity_cap_basis = forms.CharField(
        label=_("Styrelsens beslut om taket"),
        max_length=200,
        required=False,
        help_text=_("Till exempel: styrelsen 2015-02-12 § 8."),
    )
    note = forms.CharField(label=_("Anteckning"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("equity_cap_fixed") is not None and not data.get("equity_cap_basis"):
            self.add_error("equity_cap_basis", _("Ange styrelsens beslut som ger det fasta taket."))
        return data


class BudgetLineForm(forms.Form):
    code = forms.SlugField(
        label=_("Kod"),
        max_length=40,
        help_text=_("Kort och unik inom året, t.ex. lokaler. Kontokopplingen pekar på koden."),
    )
    label = forms.CharField(label=_("Benämning"), max_length=200)
    category = forms.ChoiceField(label=_("Kategori"), choices=LineCategory.choices)
    intervention: forms.ModelChoiceField[Intervention] = forms.ModelChoiceField(
        label=_("Insats"), queryset=None, required=False, help_text=_("Bara för kategorin Insats.")
    )
    amount = forms.IntegerField(label=_("Budget (kr)"), min_value=0)

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "intervention", forbund.interventions.order_by("registration_no"))


class LineChangeForm(forms.Form):
    """One row of the budget table: its label and amount, at the version the page showed."""

    label = forms.CharField(label=_("Benämning"), max_length=200)
    amount = forms.IntegerField(label=_("Budget (kr)"), min_value=0)
    expected_version = VersionField()


class AdoptForm(forms.Form):
    adopted_on = forms.DateField(label=_("Styrelsens beslutsdatum"), widget=DateInput())
    reference = forms.CharField(
        label=_("Paragraf i protokollet"), max_length=40, help_text=_("Till exempel § 12 eller 2015-06-11 § 12.")
    )


class ForecastForm(forms.Form):
    line: forms.ModelChoiceField[BudgetLine] = forms.ModelChoiceField(label=_("Budgetrad"), queryset=None)
    as_of = forms.TypedChoiceField(
        label=_("Prognos per"), coerce=dt.date.fromisoformat, help_text=_("Slutet av den månad eller tertial som gått.")
    )
    amount = forms.IntegerField(label=_("Prognos för helåret (kr)"), min_value=0)

    def __init__(self, *args, budget_year, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "line", BudgetLine.objects.filter(budget_year=budget_year))
        choices = []
        for month in range(1, 13):
            end = month_end(dt.date(budget_year.year, month, 1))
            label = f"{end:%Y-%m}"
            if month % 4 == 0:
                label = _("%(month)s (tertial %(tertial)s)") % {"month": label, "tertial": month // 4}
            choices.append((end.isoformat(), label))
        set_choices(self, "as_of", choices)


class MappingForm(forms.Form):
    account_from = forms.IntegerField(label=_("Från konto"), min_value=1000, max_value=99999)
    account_to = forms.IntegerField(
        label=_("Till konto"), min_value=1000, max_value=99999, required=False, help_text=_("Tomt: bara ett konto.")
    )
    line_code = forms.ChoiceField(label=_("Budgetrad"))

    def __init__(self, *args, line_choices, **kwargs):
        super().__init__(*args, **kwargs)
        set_choices(self, "line_code", [("", "---------"), *line_choices])

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("account_from") is not None and data.get("account_to") is None:
            data["account_to"] = data["account_from"]
        return data


class SieAccountsForm(forms.Form):
    file = forms.FileField(
        label=_("SIE-fil"), help_text=_("Filen läses bara för att visa dess konton; inget utfall sparas.")
    )
