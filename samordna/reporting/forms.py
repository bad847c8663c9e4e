"""Forms of the audit page: the auditors' documents, their recommendations, the board's response and follow-up."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samordna.lib.forms import DateInput, limit_choices
from samordna.meetings.models import MeetingKind, MinutesState, Paragraph
from samordna.tenancy.models import BoardSeat, Member

from .annual import TEXT_PARTS
from .models import AuditDocument, ForbundReportKind, ReportSignature


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


class ForbundReportForm(forms.Form):
    """Draft the förbund's annual accounts, or an interim report, for a period that is over."""

    kind = forms.ChoiceField(label=_("Rapport"), choices=ForbundReportKind.choices, initial=ForbundReportKind.ANNUAL)
    year = forms.IntegerField(
        label=_("Verksamhetsår"),
        min_value=2004,
        max_value=2100,
        error_messages={"required": _("Ange vilket år rapporten gäller.")},
    )
    period_end = forms.DateField(
        label=_("Delårsrapporten avser perioden till och med"),
        required=False,
        widget=DateInput(),
        help_text=_("Bara för en delårsrapport."),
    )


class ForbundReportTextsForm(forms.Form):
    """The parts of the förvaltningsberättelse the office writes; the figures are not typed."""

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        for part in TEXT_PARTS:
            self.fields[part.key] = forms.CharField(
                label=part.title,
                help_text=part.help,
                required=False,
                initial=report.texts.get(part.key, ""),
                widget=forms.Textarea(attrs={"rows": 5}),
            )


class AdoptionForm(forms.Form):
    paragraph: forms.ModelChoiceField[Paragraph] = forms.ModelChoiceField(
        label=_("Paragraf i styrelsens protokoll"),
        queryset=None,
        error_messages={"required": _("Välj paragrafen i styrelsens protokoll där rapporten fastställs.")},
        help_text=_("Fastställelsedatumet blir sammanträdets datum. Därefter kan rapporten inte ändras."),
    )

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            "paragraph",
            Paragraph.objects.filter(
                forbund=forbund,
                deciding_body=MeetingKind.BOARD,
                minutes__state=MinutesState.DRAFT,
                forbund_reports__isnull=True,
            ).select_related("minutes__meeting"),
        )


class BoardSignatureForm(forms.Form):
    password = forms.CharField(
        label=_("Ditt lösenord"),
        widget=forms.PasswordInput,
        help_text=_("Du skriver under exakt den rapport som visas; kontrollsumman sparas med din underskrift."),
    )


class PaperSignatureForm(forms.Form):
    """A ledamot without a login who signed the adopted report on paper: the office records it."""

    seat: forms.ModelChoiceField[BoardSeat] = forms.ModelChoiceField(label=_("Ledamot"), queryset=None)
    on = forms.DateField(label=_("Underskriven den"), widget=DateInput())

    def __init__(self, *args, seats, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "seat", seats)
