"""The period and insats a statistics page covers."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.lib.forms import set_choices


class OrderedPeriod(forms.Form):
    """A period from `date_from` to `date_to` that must not end before it starts."""

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("Periodens slut ligger före dess början. Byt plats på datumen."))
        return data


class PeriodForm(OrderedPeriod):
    date_from = forms.DateField(label=_("Från"), widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Till"), widget=forms.DateInput(attrs={"type": "date"}))
    insats = forms.TypedChoiceField(label=_("Insats"), coerce=int, required=False, empty_value=None)

    def __init__(self, data, insatser, year: int | None = None):
        """`year`: the calendar year the period covers when the dates are not given (default: this year)."""
        year = year or timezone.localdate().year
        defaults = {"date_from": dt.date(year, 1, 1), "date_to": dt.date(year, 12, 31)}
        super().__init__({**{k: v.isoformat() for k, v in defaults.items()}, **data.dict()} if data else defaults)
        set_choices(self, "insats", [("", _("Alla mina insatser"))] + [(i.pk, str(i)) for i in insatser])


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2004, max_value=2100)
    insats = forms.TypedChoiceField(label=_("Insats"), coerce=int, required=False, empty_value=None)

    def __init__(self, data, insatser, year: int | None = None):
        """`year`: the year shown, which replaces whatever the query said (see `samordna.lib.years`)."""
        defaults = {"year": year or timezone.localdate().year}
        super().__init__({**data.dict(), **defaults} if data else defaults)
        set_choices(self, "insats", [("", _("Alla mina insatser"))] + [(i.pk, str(i)) for i in insatser])


class FinsamExportForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2004, max_value=2100)
    format = forms.ChoiceField(label=_("Format"), choices=[("csv", _("CSV")), ("xlsx", _("Excel")), ("pdf", _("PDF"))])


class StatisticsExportForm(OrderedPeriod):
    report = forms.ChoiceField(
        label=_("Rapport"),
        choices=[
            ("participants", _("Deltagarrapport")),
            ("goals", _("Måluppfyllelse")),
            ("questionnaires", _("Enkäter och skattningar")),
            ("insatser", _("Insatser och kostnader")),
        ],
    )
    date_from = forms.DateField(label=_("Från"))
    date_to = forms.DateField(label=_("Till"))
    insats = forms.IntegerField(label=_("Insats"), required=False)
    format = forms.ChoiceField(label=_("Format"), choices=[("xlsx", _("Excel")), ("pdf", _("PDF"))])
