"""Forms for the handler's pages. The rules themselves live in `rules` and the actions, not here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.lib.forms import DateInput, limit_choices
from samordna.lib.versioning import VersionField
from samordna.tenancy.models import Kommun

from .codes import (
    ConsentMethod,
    DischargeReason,
    Education,
    FollowUpKind,
    IncomeSource,
    OccupationAfter,
    OccupationBefore,
    Referrer,
    Sex,
)
from .models import SipParty

CHOOSE = _("– välj –")

if TYPE_CHECKING:
    from samordna.interventions.models import Intervention


def _date(label, required=True, **kwargs):
    return forms.DateField(label=label, required=required, widget=DateInput(), **kwargs)


def _blank(choices):
    return [("", "–"), *choices]


def _fact(label, choices, message, **kwargs):
    """A required choice of a fact about the person: it starts unchosen, and skipping it says what to choose."""
    return forms.ChoiceField(
        label=label, choices=[("", CHOOSE), *choices], error_messages={"required": message}, **kwargs
    )


class EnrolForm(forms.Form):
    intervention: forms.ModelChoiceField[Intervention] = forms.ModelChoiceField(label=_("Insats"), queryset=None)
    enrolment_date = _date(_("Inskrivningsdatum"))
    personnummer = forms.CharField(
        label=_("Personnummer eller samordningsnummer"),
        required=False,
        help_text=_("Lämna tomt för en anonym deltagare. Sparas bara med samtycke."),
    )
    name = forms.CharField(label=_("Namn"), required=False, max_length=200)
    protected_identity = forms.BooleanField(
        label=_("Skyddade personuppgifter (registreras alltid anonymt)"), required=False
    )
    consent_given_on = _date(_("Samtycke lämnat"), required=False)
    consent_method = forms.ChoiceField(
        label=_("Hur samtycket lämnades"),
        choices=_blank([c for c in ConsentMethod.choices if c[0] != ConsentMethod.IMPORTED]),
        required=False,
    )
    consent_form_version = forms.CharField(label=_("Samtyckesblankettens version"), required=False, max_length=40)
    sex = forms.ChoiceField(
        label=_("Kön"), choices=_blank(Sex.choices), required=False, help_text=_("Krävs för anonyma deltagare.")
    )
    birth_year = forms.IntegerField(label=_("Födelseår"), required=False, help_text=_("Krävs för anonyma deltagare."))
    home_kommun = forms.ModelChoiceField(
        label=_("Folkbokföringskommun"), queryset=Kommun.objects.none(), required=False
    )
    referrer = _fact(_("Remittent"), Referrer.choices, _("Välj remittent: vem som har remitterat personen."))
    income_before = _fact(
        _("Huvudsaklig försörjning före"),
        IncomeSource.choices,
        _("Välj personens huvudsakliga försörjning före insatsen (Okänd om den inte är känd)."),
    )
    income_before_other = forms.MultipleChoiceField(
        label=_("Annan försörjning före"),
        choices=IncomeSource.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    occupation_before = _fact(
        _("Sysselsättning före"),
        OccupationBefore.choices,
        _("Välj personens sysselsättning före insatsen (Okänd om den inte är känd)."),
    )
    education = _fact(
        _("Utbildningsnivå"), Education.choices, _("Välj personens utbildningsnivå (Okänd om den inte är känd).")
    )

    def __init__(self, *args, interventions, kommuner, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "intervention", interventions)
        limit_choices(self, "home_kommun", kommuner)


class SipForm(forms.Form):
    held_on = _date(_("Datum för SIP-mötet"))
    parties_present = forms.MultipleChoiceField(
        label=_("Närvarande parter"), choices=SipParty.choices, widget=forms.CheckboxSelectMultiple
    )
    next_on = _date(_("Nästa SIP"), required=False)
    note = forms.CharField(label=_("Anteckning"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PlanForm(forms.Form):
    revised_on = _date(_("Reviderad"))
    summary = forms.CharField(label=_("Planens innehåll"), widget=forms.Textarea(attrs={"rows": 5}))


class FollowUpForm(forms.Form):
    kind = _fact(_("Slag"), FollowUpKind.choices, _("Välj vilket slags uppföljning det är."))
    contacted_on = _date(_("Datum"))
    occupation = forms.ChoiceField(label=_("Sysselsättning"), choices=_blank(OccupationAfter.choices), required=False)
    income = forms.ChoiceField(label=_("Försörjning"), choices=_blank(IncomeSource.choices), required=False)
    note = forms.CharField(label=_("Anteckning"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class DischargeForm(forms.Form):
    expected_version = VersionField()
    discharge_date = _date(_("Utskrivningsdatum"))
    reason = _fact(_("Avslutsorsak"), DischargeReason.choices, _("Välj avslutsorsak."))
    occupation_after = forms.ChoiceField(
        label=_("Sysselsättning efter"), choices=_blank(OccupationAfter.choices), required=False
    )
    income_after = forms.ChoiceField(label=_("Försörjning efter"), choices=_blank(IncomeSource.choices), required=False)


CONFIRM_WORD = "ANONYMISERA"


class WithdrawForm(forms.Form):
    withdrawn_on = _date(_("Samtycket återkallades"))
    confirmation = forms.CharField(
        label=_("Skriv ANONYMISERA för att bekräfta"), help_text=_("Det som tas bort kan inte återställas.")
    )

    def clean_confirmation(self):
        if self.cleaned_data["confirmation"].strip() != CONFIRM_WORD:
            raise forms.ValidationError(_("Skriv ordet ANONYMISERA med versaler för att bekräfta, eller avbryt."))
        return CONFIRM_WORD


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fil (CSV eller XLSX)"),
        help_text=_("Kolumnerna enligt importformatet; semikolon eller komma; UTF-8 med eller utan BOM."),
    )


class CaseloadSearchForm(forms.Form):
    sok = forms.CharField(
        label=_("Sök bland dina deltagare"),
        required=False,
        max_length=100,
        help_text=_("Namn, personnummer, pseudonym (D-…) eller insatsens diarienummer."),
        error_messages={
            "max_length": _("Sök på högst 100 tecken: ett namn, ett personnummer, en pseudonym eller ett diarienummer.")
        },
    )
