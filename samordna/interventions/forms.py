"""Forms for insatser and their volume counts. The rules live in `actions`; the forms only collect the input."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.finance.models import Financier
from samordna.lib.forms import DateInput, limit_choices
from samordna.lib.versioning import VersionedModelForm, VersionField
from samordna.reporting.models import ReportKind
from samordna.tenancy.models import Member

from . import actions
from .models import (
    FIXED_ONCE_SET,
    Comparator,
    ControllerKind,
    GoalIndicator,
    GoalLevel,
    GoalUnit,
    Intervention,
    InterventionKind,
    VolumeCount,
)


class VolumeCountForm(VersionedModelForm):
    class Meta:
        model = VolumeCount
        fields = actions.VOLUME_FIELDS
        widgets = {"period_start": DateInput(), "period_end": DateInput()}

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "member", forbund.members.order_by("name"))
        self.fields["count"].widget.attrs["min"] = 0
        self.fields["count"].help_text = _("Antal personer från organisationen, av det könet, under perioden.")

    def _post_clean(self):
        # The action validates against the insats (period, overlap); the model's own checks run there too.
        pass


class InterventionForm(forms.ModelForm):
    """The insats itself. The rules (parties, diarienummer, fixed kind) are checked by the action."""

    expected_version = VersionField()
    report_kinds = forms.MultipleChoiceField(
        label=_("Rapporter som ska lämnas"),
        choices=ReportKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Rapporter som redan krävs finns kvar; här läggs bara nya till."),
    )
    due_months_after = forms.IntegerField(
        label=_("Rapporten lämnas senast (månader efter periodens slut)"), min_value=0, max_value=12, initial=1
    )

    class Meta:
        model = Intervention
        fields = actions.INTERVENTION_FIELDS
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "partners": forms.CheckboxSelectMultiple,
            "target_group": forms.Textarea(attrs={"rows": 2}),
            "criteria": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        members = forbund.members.order_by("party_type", "name")
        limit_choices(self, "owner", members)
        self.fields["owner"].required = True
        limit_choices(self, "partners", members)
        self.fields["registration_no"].required = False
        self.fields["registration_no"].help_text = _("ÅÅÅÅ:NN. Lämna tomt så tilldelas nästa lediga nummer för året.")
        if self.instance.pk:
            self.fields["registration_no"].required = True
            self.fields["registration_no"].help_text = ""
            self.fields["kind"].disabled = True
            self.fields["kind"].help_text = _("Inriktningen kan inte ändras efter att insatsen lagts upp.")
            for name in FIXED_ONCE_SET:
                if getattr(self.instance, name) not in (None, ""):
                    self.fields[name].disabled = True
            self.fields["expected_version"].initial = self.instance.version
            self.fields["report_kinds"].initial = list(self.instance.report_requirements.values_list("kind", flat=True))
        else:
            self.fields["kind"].initial = InterventionKind.INDIVIDUAL

    def _post_clean(self):
        # The model's rules run in the action, together with the parties and the diarienummer.
        pass

    def intervention_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in actions.INTERVENTION_FIELDS}


class RowForm(forms.Form):
    """One row of a list on the insats form: an existing record (id) or a new one, with a remove box."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    delete = forms.BooleanField(label=_("Ta bort"), required=False)

    def row(self) -> dict:
        return dict(self.cleaned_data)


class GoalFieldsForm(forms.Form):
    """A goal and its target: one row of the insats form, or a goal added or changed on its own."""

    text = forms.CharField(label=_("Mål"), max_length=300)
    level = forms.ChoiceField(label=_("Nivå"), choices=GoalLevel.choices, initial=GoalLevel.PART)
    indicator = forms.ChoiceField(label=_("Mått"), choices=GoalIndicator.choices, initial=GoalIndicator.OTHER)
    comparator = forms.ChoiceField(label=_("Jämförelse"), choices=Comparator.choices, initial=Comparator.AT_LEAST)
    target = forms.DecimalField(label=_("Målvärde"), max_digits=12, decimal_places=2, required=False)
    unit = forms.ChoiceField(label=_("Enhet"), choices=GoalUnit.choices, initial=GoalUnit.PERCENT)


class GoalForm(GoalFieldsForm, RowForm):
    pass


class BudgetLineFieldsForm(forms.Form):
    """A budget or staffing line of an insats: one row of the insats form, or a line added or changed on its own."""

    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    financier = forms.ChoiceField(label=_("Finansiär"), choices=Financier.choices, initial=Financier.FORBUND)
    financier_member: forms.ModelChoiceField[Member] = forms.ModelChoiceField(
        label=_("Finansierande medlem"), queryset=None, required=False
    )
    label = forms.CharField(label=_("Kostnad eller tjänst"), max_length=200)
    headcount = forms.IntegerField(label=_("Antal (bemanning)"), min_value=0, required=False)
    fte_percent = forms.IntegerField(label=_("Tjänstgöringsgrad (%)"), min_value=0, max_value=100, required=False)
    amount = forms.IntegerField(label=_("Belopp per år (kr)"), min_value=0)
    temporary = forms.BooleanField(label=_("Tillfällig förstärkning"), required=False)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "financier_member", members)


class BudgetLineForm(BudgetLineFieldsForm, RowForm):
    pass


GoalFormSet = forms.formset_factory(GoalForm, extra=2)
BudgetFormSet = forms.formset_factory(BudgetLineForm, extra=2)


def goal_initial(intervention) -> list[dict]:
    return [
        {
            "id": g.pk,
            **{name: getattr(g, name) for name in actions.GOAL_FIELDS},
        }
        for g in intervention.goals.all()
    ]


def budget_line_initial(line) -> dict:
    return {name: getattr(line, name) for name in BudgetLineFieldsForm.base_fields}


def budget_initial(intervention) -> list[dict]:
    return [{"id": line.pk, **budget_line_initial(line)} for line in intervention.finance_budget_lines.all()]


def changed_rows(formset) -> list[dict]:
    """The rows to apply: every existing row (so its changes or removal count) and the new rows filled in."""
    return [form.row() for form in formset.forms if form.cleaned_data.get("id") or form.has_changed()]


class DataControllerForm(forms.Form):
    """Who is controller of the participants' data. Nothing is pre-filled for an insats that has none yet."""

    kind = forms.ChoiceField(
        label=_("Personuppgiftsansvarig"),
        choices=ControllerKind.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Medlemmarna är ansvariga för uppgifterna om deltagarna som deras personal arbetar med. Förbundet "
            "självt är ansvarigt bara om förbundet anställer personalen i insatsen."
        ),
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Ansvariga medlemmar"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Välj flera medlemmar om de delar på uppgifterna: de är då gemensamt ansvariga."),
    )
    answers_requests = forms.ModelChoiceField(
        label=_("Besvarar de registrerades begäranden (vid gemensamt ansvar)"),
        queryset=Member.objects.none(),
        required=False,
    )
    informs_subjects = forms.ModelChoiceField(
        label=_("Informerar de registrerade (vid gemensamt ansvar)"), queryset=Member.objects.none(), required=False
    )
    agreement_date = forms.DateField(
        label=_("Avtalet om gemensamt ansvar undertecknat (vid gemensamt ansvar)"), required=False, widget=DateInput()
    )
    agreement_reference = forms.CharField(
        label=_("Avtalets beteckning (vid gemensamt ansvar)"), max_length=200, required=False
    )
    forbund_reason = forms.CharField(
        label=_("Skäl till att förbundet är ansvarigt (bara om förbundet är ansvarigt)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        members = forbund.members.filter(left__isnull=True).order_by("party_type", "name")
        for name in ("members", "answers_requests", "informs_subjects"):
            limit_choices(self, name, members)


def controller_initial(controller) -> dict:
    """The recorded controller, to change it; an insats without one gets an empty form."""
    if controller is None:
        return {}
    return {
        "kind": controller.kind,
        "members": list(controller.members.all()),
        "answers_requests": controller.answers_requests,
        "informs_subjects": controller.informs_subjects,
        "agreement_date": controller.agreement_date,
        "agreement_reference": controller.agreement_reference,
        "forbund_reason": controller.forbund_reason,
    }
