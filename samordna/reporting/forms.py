"""Forms of the audit page: the auditors' documents, their recommendations, the board's response and follow-up."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samordna.lib.forms import DateInput, limit_choices
from samordna.tenancy.models import Member

from .models import AuditDocument, ReportSignature


class AuditDocumentForm(forms.ModelForm):
    class Meta:
        model = AuditDocument
        fields = ["kind", "year", "title", "received_on", "summary", "recommends_discharge", "response_due"]
        widgets = {
            "received_on": DateInput(),
            "response_due": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def _post_clean(self):
        # The action checks the document; the form only collects it.
        pass


class RecommendationForm(forms.Form):
    text = forms.CharField(label=_("Rekommendation"), widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label=_("Åtgärdas senast"), required=False, widget=DateInput())
    owner = forms.CharField(
        label=_("Ansvarig"), max_length=200, required=False, help_text=_("Till exempel förbundschefen.")
    )


class ResponseForm(forms.Form):
    text = forms.CharField(label=_("Styrelsens yttrande"), widget=forms.Textarea(attrs={"rows": 4}))
    approved_on = forms.DateField(label=_("Godkänt den"), widget=DateInput())
    approved_by = forms.CharField(
        label=_("Godkänt av"), max_length=200, help_text=_("Till exempel styrelsen § 14 eller presidiet på delegation.")
    )
    sent_on = forms.DateField(label=_("Lämnat till revisorerna den"), required=False, widget=DateInput())


class CompletionForm(forms.Form):
    measure = forms.CharField(label=_("Vidtagna åtgärder"), widget=forms.Textarea(attrs={"rows": 2}))
    on = forms.DateField(label=_("Åtgärdad den"), widget=DateInput())


class SignatureForm(forms.ModelForm):
    """Question 19: one party's signature of the final report."""

    class Meta:
        model = ReportSignature
        fields = ["member", "signed_on", "name", "printed_name", "email"]
        widgets = {"signed_on": DateInput()}

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        intervention = report.intervention
        parties = Member.objects.filter(
            Q(pk=intervention.owner_id) | Q(pk__in=intervention.partners.values("pk"))
        ).exclude(pk__in=report.signatures.values("member"))
        limit_choices(self, "member", parties.order_by("name"))

    def _post_clean(self):
        # The action checks that the organisation is a party and that the date has passed.
        pass


class NoteForm(forms.Form):
    on = forms.DateField(
        label=_("Lagd till handlingarna den"),
        widget=DateInput(),
        help_text=_("Dagen då styrelsen tackade för rapporten."),
    )
