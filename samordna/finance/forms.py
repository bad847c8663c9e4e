from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.lib.forms import limit_choices

from .imports import parse_period
from .models import BudgetLine

if TYPE_CHECKING:
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
