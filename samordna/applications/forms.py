"""Forms for the application: the applicant's form (with its sections and budget) and the workflow steps."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samordna.lib.formats import kr
from samordna.lib.forms import limit_choices
from samordna.lib.lengths import too_long_message
from samordna.lib.versioning import VersionedModelForm
from samordna.tenancy.models import Member

from .models import (
    APPLICANT_FIELDS,
    BUDGET_INPUTS,
    Application,
    ApplicationKind,
    BudgetCategory,
    DecisionOutcome,
    ReviewOutcome,
    Signatory,
)
from .queries import ROW_LABELS
from .sections import SECTIONS

if TYPE_CHECKING:
    from samordna.meetings.models import Meeting, Paragraph


BUDGET_FIELDS = (*BUDGET_INPUTS, "income")
BUDGET_LABELS = {**ROW_LABELS, "income": _("Intäkter (exkl. bidrag från förbundet)")}


class ApplicationForm(VersionedModelForm):
    involved_parties = forms.ModelMultipleChoiceField(
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Samverkande huvudmän"),
        help_text=_("Minst två parter; alla kommuner räknas som en part."),
    )
    signatories = forms.CharField(
        label=_("Firmatecknare/chef"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("En person per rad."),
    )

    class Meta:
        model = Application
        fields = [name for name in APPLICANT_FIELDS if name != "kind"]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}),
            "period_end": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, forbund, allow_request=False, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "involved_parties", forbund.members.all())
        application = self.instance
        if allow_request:
            self.fields["kind"] = forms.ChoiceField(
                label=_("Typ av ärende"),
                choices=ApplicationKind.choices,
                initial=application.kind,
                help_text=_(
                    "En framställan är en begäran till styrelsen utan ansökningsblankett, t.ex. från en "
                    "styrgrupp: den behöver bara rubrik, avsändare, kontaktperson, bakgrund och syfte."
                ),
            )
        for section in SECTIONS:
            self.fields[f"section_{section.key}"] = forms.CharField(
                label=section.heading,
                help_text=section.prompt,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=application.section(section.key) if application.pk else "",
            )
        if application.pk:
            self.fields["involved_parties"].initial = list(application.involved_parties.all())
            self.fields["signatories"].initial = "\n".join(s.name for s in application.signatories.all())
            columns = {b.year: b for b in application.budget_years.all()}
            for year in application.years:
                for name in BUDGET_FIELDS:
                    label = f"{BUDGET_LABELS[name]} {year}"
                    self.fields[f"budget_{year}_{name}"] = forms.IntegerField(
                        label=label,
                        min_value=0,
                        required=False,
                        initial=getattr(columns[year], name) if year in columns else 0,
                        # The table shows the cell without its <label>: the row and the year name it instead.
                        widget=forms.NumberInput(attrs={"aria-label": label}),
                    )

    def clean_signatories(self) -> str:
        text = self.cleaned_data.get("signatories", "")
        limit = Signatory._meta.get_field("name").max_length or 0
        for line in text.splitlines() if limit else ():
            if len(line.strip()) > limit:
                raise forms.ValidationError(too_long_message(str(_("en firmatecknare")), limit, len(line.strip())))
        return text

    def section_fields(self):
        return [self[f"section_{s.key}"] for s in SECTIONS]

    def applicant_fields(self):
        names = (["kind"] if "kind" in self.fields else []) + list(self.Meta.fields)
        return [self[name] for name in names]

    def applicant_data(self) -> dict:
        names = list(self.Meta.fields) + (["kind"] if "kind" in self.fields else [])
        return {name: self.cleaned_data[name] for name in names}

    def budget_rows(self):
        years = self.instance.years if self.instance.pk else []
        return [
            (BUDGET_LABELS[name], [self[f"budget_{y}_{name}"] for y in years if f"budget_{y}_{name}" in self.fields])
            for name in BUDGET_FIELDS
        ]

    def sections_data(self) -> dict[str, str]:
        return {s.key: self.cleaned_data.get(f"section_{s.key}", "") for s in SECTIONS}

    def budget_data(self) -> dict[int, dict[str, int]]:
        out: dict[int, dict[str, int]] = {}
        for key, value in self.cleaned_data.items():
            if key.startswith("budget_"):
                _prefix, year, name = key.split("_", 2)
                out.setdefault(int(year), {})[name] = value or 0
        return out

    def signatory_data(self) -> list[dict[str, str]]:
        return [
            {"name": line.strip()} for line in self.cleaned_data.get("signatories", "").splitlines() if line.strip()
        ]


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Vad ska kompletteras?"), widget=forms.Textarea(attrs={"rows": 2}))


class SubmitForm(forms.Form):
    received_date = forms.DateField(
        label=_("Ankomstdatum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("För en ansökan på papper: dagen den kom in. Tomt betyder i dag."),
    )

    def __init__(self, *args, office: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not office:
            # The applicant's submission arrives the day it is sent; only the office dates a paper application.
            del self.fields["received_date"]


class ReviewForm(forms.Form):
    body = forms.CharField(label=_("Beredande organ"), initial=_("Beredningsgruppen"))
    reviewed_on = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}))
    outcome = forms.ChoiceField(
        label=_("Ställningstagande"),
        choices=[("", _("– välj –")), *ReviewOutcome.choices],
        error_messages={"required": _("Välj beredningens ställningstagande.")},
    )
    statement = forms.CharField(label=_("Yttrande"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AgendaForm(forms.Form):
    meeting: forms.ModelChoiceField[Meeting] = forms.ModelChoiceField(label=_("Sammanträde"), queryset=None)
    proposal = forms.CharField(
        label=_("Förslag till beslut: att …"),
        required=False,
        help_text=_("Lämna tomt för att låta förslaget vara öppet."),
    )

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "meeting", forbund.meetings.all())


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Beslut"),
        choices=[("", _("– välj –")), *DecisionOutcome.choices],
        error_messages={"required": _("Välj vad styrelsen beslutade.")},
    )
    paragraph: forms.ModelChoiceField[Paragraph] = forms.ModelChoiceField(
        label=_("Paragraf i protokollet"),
        queryset=None,
        error_messages={"required": _("Välj paragrafen i protokollet där beslutet står.")},
        help_text=_("Beslutsdatumet blir sammanträdets datum."),
    )
    amount = forms.IntegerField(
        label=_("Beviljat belopp (kr)"),
        required=False,
        min_value=0,
        error_messages={"min_value": _("Beloppet kan inte vara negativt.")},
    )
    scope = forms.CharField(label=_("Avser"), required=False)
    conditions = forms.CharField(label=_("Villkor"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    condition_due = forms.DateField(
        label=_("Villkoret ska vara uppfyllt senast"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    motivation = forms.CharField(label=_("Motivering"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, forbund, application=None, **kwargs):
        from samordna.meetings.models import MeetingKind, MinutesState, Paragraph

        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            "paragraph",
            Paragraph.objects.filter(
                forbund=forbund,
                deciding_body=MeetingKind.BOARD,
                minutes__state=MinutesState.DRAFT,
                decisions__isnull=True,
            )
            .filter(Q(application__isnull=True) | Q(application=application))
            .select_related("minutes__meeting"),
        )
        self.years = application.years if application is not None else []
        for year in self.years:
            self.fields[f"year_{year}"] = forms.IntegerField(
                label=_("Beviljat för %(year)s (kr)") % {"year": year},
                required=False,
                min_value=0,
                error_messages={"min_value": _("Beloppet kan inte vara negativt.")},
                help_text=_("Lämna åren tomma för att fördela som i budgeten, eller allt på beslutsåret."),
            )

    def decision_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("year_")}
        split = {y: self.cleaned_data.get(f"year_{y}") for y in self.years}
        data["amounts_per_year"] = {y: a for y, a in split.items() if a} or None
        return data


class ConditionForm(forms.Form):
    met = forms.TypedChoiceField(
        label=_("Villkoret"),
        choices=[("1", _("Uppfyllt")), ("0", _("Inte uppfyllt"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    settled_on = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Anteckning"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DetailLineForm(forms.Form):
    """A line of the detailed budget (R7): a monthly cost for a number of months, or a lump sum."""

    description = forms.CharField(label=_("Beskrivning"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("Kategori"), choices=BudgetCategory.choices, initial=BudgetCategory.PERSONNEL)
    monthly_cost = forms.IntegerField(label=_("Månadskostnad (kr)"), min_value=0, required=False)
    months = forms.IntegerField(label=_("Antal månader"), min_value=1, max_value=120, required=False)
    lump_sum = forms.IntegerField(label=_("Klumpsumma (kr)"), min_value=0, required=False)
    delete = forms.BooleanField(label=_("Ta bort raden"), required=False)

    def clean(self):
        data = super().clean() or {}
        amounts = any(data.get(name) is not None for name in ("monthly_cost", "months", "lump_sum"))
        if amounts and not (data.get("description") or "").strip() and not data.get("delete"):
            self.add_error("description", _("Skriv vad kostnaden avser."))
        return data

    def line(self) -> dict | None:
        """The row to keep, or None for an empty or removed row."""
        data = self.cleaned_data
        if data.get("delete") or not (data.get("description") or "").strip():
            return None
        return {name: data.get(name) for name in ("description", "category", "monthly_cost", "months", "lump_sum")}


DetailLineFormSet = forms.formset_factory(DetailLineForm, extra=3)


class GrantChangeForm(forms.Form):
    """A change of a grant's years, by the board's decision in a paragraph. Every year is typed anew."""

    paragraph: forms.ModelChoiceField[Paragraph] = forms.ModelChoiceField(
        label=_("Styrelsens paragraf"),
        queryset=None,
        error_messages={"required": _("Välj paragrafen där styrelsen beslutade om ändringen.")},
        help_text=_(
            "Beslutets egen paragraf när bara fördelningen mellan åren rättas, annars det senare beslutets paragraf."
        ),
    )

    def __init__(self, *args, forbund, application, decision, **kwargs):
        from samordna.meetings.models import MeetingKind, Paragraph

        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            "paragraph",
            Paragraph.objects.filter(
                forbund=forbund,
                deciding_body=MeetingKind.BOARD,
                minutes__meeting__date__gte=decision.decided_on,
            )
            .filter(Q(application__isnull=True) | Q(application=application))
            .select_related("minutes__meeting")
            .order_by("-minutes__meeting__date", "-number"),
        )
        now = {y.year: y.amount for y in decision.years.all()}
        self.years = sorted(set(application.years) | {decision.decided_on.year})
        for year in self.years:
            self.fields[f"year_{year}"] = forms.IntegerField(
                label=_("Beviljat för %(year)s (kr)") % {"year": year},
                min_value=0,
                error_messages={
                    "min_value": _("Beloppet kan inte vara negativt."),
                    "required": _("Ange beloppet för %(year)s, 0 om inget beviljas det året.") % {"year": year},
                },
                help_text=_("Beviljat nu: %(amount)s.") % {"amount": kr(now.get(year, 0))},
            )

    def change_data(self) -> dict:
        return {
            "paragraph": self.cleaned_data["paragraph"],
            "amounts_per_year": {y: self.cleaned_data[f"year_{y}"] for y in self.years},
        }
