"""Forms for the open entry's pages. The rules live in the actions; the forms only shape the input."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.interventions.models import InterventionKind
from samordna.lib.forms import DateInput, limit_choices, set_choices
from samordna.lib.versioning import VersionedModelForm
from samordna.participants.codes import ConsentMethod as InsatsConsentMethod
from samordna.participants.codes import IncomeSource, OccupationBefore, Referrer
from samordna.tenancy import permissions
from samordna.tenancy.models import RoleAssignment, User

from .models import (
    CATALOGUE_FIELDS,
    CatalogueEntry,
    Channel,
    ConsentMethod,
    PartKind,
    PlacementAgreement,
    Prestep,
    RequestState,
    SamsipRule,
    Team,
)
from .rules import rule_of

if TYPE_CHECKING:
    from samordna.interventions.models import Intervention
    from samordna.participants.models import Participation
    from samordna.tenancy.models import Kommun, Member

    from .models import TeamMeeting


CHOOSE = _("– välj –")


def _date(label, required=True, **kwargs):
    return forms.DateField(label=label, required=required, widget=DateInput(), **kwargs)


def _fact(label, choices, message):
    """A required choice of a fact about the person: it starts unchosen, and skipping it says what to choose."""
    return forms.ChoiceField(label=label, choices=[("", CHOOSE), *choices], error_messages={"required": message})


class RequestForm(forms.Form):
    team: forms.ModelChoiceField[Team] = forms.ModelChoiceField(label=_("Team"), queryset=None)
    filing_member: forms.ModelChoiceField[Member] = forms.ModelChoiceField(
        label=_("Medlem som ansöker tillsammans med personen"), queryset=None
    )
    contact_name = forms.CharField(label=_("Kontaktperson hos medlemmen"), max_length=200)
    consent_given_on = _date(
        _("Samtycke till informationsutbyte lämnat"),
        required=False,
        help_text=_("Utan samtycke kan ansökan inte tas emot."),
    )
    consent_method = forms.ChoiceField(
        label=_("Hur samtycket lämnades"), choices=[("", "–"), *ConsentMethod.choices], required=False
    )
    person_name = forms.CharField(label=_("Personens namn"), max_length=200)
    personnummer = forms.CharField(label=_("Personnummer eller samordningsnummer"), max_length=13)
    home_kommun: forms.ModelChoiceField[Kommun] = forms.ModelChoiceField(
        label=_("Folkbokföringskommun"), queryset=None, required=False
    )
    wanted_support = forms.CharField(
        label=_("Vilket stöd personen önskar framåt"), widget=forms.Textarea(attrs={"rows": 3})
    )
    resources = forms.CharField(
        label=_("Personens resurser och möjligheter att närma sig arbete eller studier"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    received_on = _date(_("Ansökan kom in"))
    channel = forms.ChoiceField(
        label=_("Hur ansökan kom in"),
        choices=[("", "–"), *Channel.choices],
        help_text=_("En ansökan på papper registreras av den som har medlemmens plats i teamet."),
    )

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "team", forbund.teams.all())
        limit_choices(self, "filing_member", forbund.members.all())
        limit_choices(self, "home_kommun", forbund.kommuner.all())


class AgendaForm(forms.Form):
    request = forms.UUIDField(widget=forms.HiddenInput)
    meeting: forms.ModelChoiceField[TeamMeeting] = forms.ModelChoiceField(label=_("Möte"), queryset=None)

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "meeting", team.meetings.filter(date__gte=timezone.localdate()))


class ScheduleForm(forms.Form):
    start = _date(_("Från och med"), initial=timezone.localdate)
    weeks = forms.IntegerField(label=_("Antal veckor"), min_value=1, max_value=52, initial=4)


OUTCOMES = [
    (s, RequestState(s).label)
    for s in (RequestState.RECOMMENDED, RequestState.NOT_RELEVANT, RequestState.ANOTHER_MEETING)
]


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Utfall"), choices=OUTCOMES, widget=forms.RadioSelect)
    person_present = forms.BooleanField(label=_("Personen var med på mötet"), required=False)
    motivation = forms.CharField(
        label=_("Motivering"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Krävs när stödet inte är aktuellt."),
    )
    continued_planning = forms.CharField(
        label=_("Rekommendation för fortsatt planering"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PartForm(forms.Form):
    kind = forms.ChoiceField(label=_("Slag"), choices=[("", "–"), *PartKind.choices], required=False)
    entry: forms.ModelChoiceField[CatalogueEntry] = forms.ModelChoiceField(
        label=_("Ur katalogen"), queryset=None, required=False
    )
    intervention: forms.ModelChoiceField[Intervention] = forms.ModelChoiceField(
        label=_("Insats"), queryset=None, required=False
    )
    member: forms.ModelChoiceField[Member] = forms.ModelChoiceField(label=_("Medlem"), queryset=None, required=False)
    track = forms.CharField(label=_("Spår eller del"), max_length=200, required=False)
    note = forms.CharField(label=_("Anteckning"), max_length=300, required=False)

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "entry", CatalogueEntry.objects.filter(forbund=forbund))
        limit_choices(self, "intervention", forbund.interventions.filter(kind=InterventionKind.INDIVIDUAL))
        limit_choices(self, "member", forbund.members.all())


PartFormSet = forms.formset_factory(PartForm, extra=4, max_num=8)


class AcceptForm(forms.Form):
    enrolment_date = _date(_("Inskrivningsdatum"))
    referrer = _fact(_("Remittent"), Referrer.choices, _("Välj remittent: vem som har remitterat personen."))
    income_before = _fact(
        _("Huvudsaklig försörjning före"),
        IncomeSource.choices,
        _("Välj personens huvudsakliga försörjning före insatsen (Okänd om den inte är känd)."),
    )
    occupation_before = _fact(
        _("Sysselsättning före"),
        OccupationBefore.choices,
        _("Välj personens sysselsättning före insatsen (Okänd om den inte är känd)."),
    )
    consent_given_on = _date(_("Samtycke till registrering i insatsen"), required=False)
    consent_method = forms.ChoiceField(
        label=_("Hur samtycket lämnades"),
        choices=[("", "–"), *[c for c in InsatsConsentMethod.choices if c[0] != InsatsConsentMethod.IMPORTED]],
        required=False,
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Varför insatsen inte kan ta emot personen"), widget=forms.Textarea(attrs={"rows": 2})
    )


class SamsipForm(forms.Form):
    initiated_by: forms.ModelChoiceField[Member] = forms.ModelChoiceField(label=_("Initierad av"), queryset=None)
    held_on = _date(_("Datum"))
    members_present: forms.ModelMultipleChoiceField[Member] = forms.ModelMultipleChoiceField(
        label=_("Närvarande medlemmar"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    person_present = forms.BooleanField(label=_("Personen var med"), required=False)
    plan = forms.CharField(label=_("Den gemensamma planen"), widget=forms.Textarea(attrs={"rows": 4}))
    next_on = _date(_("Nästa möte"), required=False)

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "initiated_by", forbund.members.all())
        limit_choices(self, "members_present", forbund.members.all())


class PrestepStartForm(forms.Form):
    prestep: forms.ModelChoiceField[Prestep] = forms.ModelChoiceField(label=_("Försteg"), queryset=None)
    started_on = _date(_("Började"))

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "prestep", forbund.presteps.all())


class PrestepFollowUpForm(forms.Form):
    held_on = _date(_("Datum"))
    note = forms.CharField(label=_("Anteckning"), widget=forms.Textarea(attrs={"rows": 2}))


class PrestepEndForm(forms.Form):
    ended_on = _date(_("Slutade"))
    exit_to = forms.CharField(label=_("Går vidare till"), max_length=200)


class GapForm(forms.Form):
    team: forms.ModelChoiceField[Team] = forms.ModelChoiceField(label=_("Team"), queryset=None)
    found_on = _date(_("Upptäckt"))
    description = forms.CharField(label=_("Beskrivning utan personuppgifter"), widget=forms.Textarea(attrs={"rows": 3}))
    sent_to: forms.ModelChoiceField[Member] = forms.ModelChoiceField(label=_("Skickas till"), queryset=None)
    sent_on = _date(_("Skickat"))

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "team", forbund.teams.all())
        limit_choices(self, "sent_to", forbund.members.all())


class GapAnswerForm(forms.Form):
    answered_on = _date(_("Besvarat"))
    answer = forms.CharField(label=_("Medlemmens svar"), widget=forms.Textarea(attrs={"rows": 3}))


class CatalogueSearchForm(forms.Form):
    q = forms.CharField(label=_("Sök"), required=False)
    age = forms.IntegerField(label=_("Ålder"), required=False, min_value=0, max_value=120)
    income = forms.ChoiceField(label=_("Försörjning"), choices=[("", "–"), *IncomeSource.choices], required=False)
    kommun: forms.ModelChoiceField[Kommun] = forms.ModelChoiceField(label=_("Kommun"), queryset=None, required=False)

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "kommun", forbund.kommuner.all())


class PlacementForm(forms.Form):
    participation: forms.ModelChoiceField[Participation] = forms.ModelChoiceField(label=_("Deltagande"), queryset=None)
    agreement: forms.ModelChoiceField[PlacementAgreement] = forms.ModelChoiceField(label=_("Avtal"), queryset=None)
    kind = forms.ChoiceField(label=_("Slag"), choices=[])
    started_on = _date(_("Från"))
    ended_on = _date(_("Till"), required=False)
    supervisor = forms.CharField(label=_("Handledare"), max_length=200)
    supervisor_employer: forms.ModelChoiceField[Member] = forms.ModelChoiceField(
        label=_("Handledaren anställd av"), queryset=None, required=False
    )
    employer_contact = forms.CharField(label=_("Kontakt hos arbetsgivaren"), max_length=200, required=False)

    def __init__(self, *args, forbund, participations, **kwargs):
        from .models import PlacementKind

        super().__init__(*args, **kwargs)
        limit_choices(self, "participation", participations)
        limit_choices(self, "agreement", forbund.placement_agreements.all())
        set_choices(self, "kind", [("", CHOOSE), *PlacementKind.choices])
        limit_choices(self, "supervisor_employer", forbund.members.all())


# --- Set-up: teams and the catalogue ---------------------------------------------------------------------


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name} ({obj.username})"


def team_people(forbund):
    """The förbund's users who may sit in a team today (the actions check the rest of the rule)."""
    held = RoleAssignment.objects.in_force().filter(
        forbund=forbund, role__in=permissions.POLICY[permissions.Capability.SIT_IN_TEAM]
    )
    return User.objects.filter(role_assignments__in=held).distinct().order_by("first_name", "last_name", "username")


class SetupForm(VersionedModelForm):
    """A model form that only shapes the input: the record is checked and written by the action."""

    def _post_clean(self):
        pass


class TeamForm(SetupForm):
    leader = PersonChoiceField(label=_("Samtalsledare"), queryset=None, required=False)

    class Meta:
        model = Team
        fields = ["name", "area", "leader", "meeting_weekday", "meeting_time", "place"]
        widgets = {"meeting_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
        labels = {"meeting_weekday": _("Möts varje vecka på"), "meeting_time": _("Mötestid")}

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "leader", team_people(forbund))


class SeatForm(forms.Form):
    """One member's seat: the function that holds it and, for now, the person in it."""

    member = forms.IntegerField(widget=forms.HiddenInput)
    function = forms.CharField(
        label=_("Funktion"), max_length=200, required=False, help_text=_("Lämna tomt om medlemmen inte har en plats.")
    )
    holder = PersonChoiceField(label=_("Innehavare"), queryset=None, required=False)

    member_obj: Member  # the member this row is for, set by seat_formset

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "holder", people)


SeatFormSet = forms.formset_factory(SeatForm, extra=0)


def seat_formset(data, *, forbund, team):
    """One row per member of the förbund, filled from the team's seats."""
    seats = {s.member_id: s for s in team.seats.all()} if team is not None else {}
    members = list(forbund.members.all())
    initial = [
        {
            "member": m.pk,
            "function": seats[m.pk].function if m.pk in seats else "",
            "holder": seats[m.pk].holder_id if m.pk in seats else None,
        }
        for m in members
    ]
    formset = SeatFormSet(data, initial=initial, prefix="seat", form_kwargs={"people": team_people(forbund)})
    for form, member in zip(formset.forms, members, strict=False):
        form.member_obj = member
    return formset


class CatalogueEntryForm(SetupForm):
    samsip_before_start = forms.ChoiceField(
        label=_("SAMSIP före start"),
        choices=SamsipRule.choices,
        initial=SamsipRule.NONE,
        required=False,
        help_text=_("Gäller insatsen: om en SAMSIP ska ha hållits innan personen skrivs in."),
    )
    income_sources = forms.MultipleChoiceField(
        label=_("Försörjning som krävs"),
        choices=IncomeSource.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Inget val: stödet är öppet oavsett försörjning."),
    )

    class Meta:
        model = CatalogueEntry
        fields = [*CATALOGUE_FIELDS, "kommuner"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "kommuner": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "kommuner": _("Inget val: stödet finns i alla förbundets kommuner."),
            "capacity": _("Lämna tomt om platserna inte är begränsade."),
        }

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "provider", forbund.members.all())
        limit_choices(self, "intervention", forbund.interventions.filter(kind=InterventionKind.INDIVIDUAL))
        limit_choices(self, "prestep", forbund.presteps.all())
        limit_choices(self, "kommuner", forbund.kommuner.all())
        if self.instance.intervention_id:
            self.fields["samsip_before_start"].initial = rule_of(self.instance.intervention)


class PrestepSetupForm(forms.ModelForm):
    """A new pre-step: what it takes to begin, what it aims at and where it leads."""

    class Meta:
        model = Prestep
        fields = ["name", "provider", "entry_criteria", "goal", "exit_options", "guideline_days"]
        widgets = {
            "entry_criteria": forms.Textarea(attrs={"rows": 3}),
            "goal": forms.Textarea(attrs={"rows": 3}),
            "exit_options": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "provider": _("Lämna tomt om förbundet självt anordnar försteget."),
            "guideline_days": _("En längre tid markeras vid uppföljningen men stoppas inte."),
        }

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "provider", forbund.members.all())

    def _post_clean(self):
        pass  # the action checks and writes the record


class AgreementForm(forms.ModelForm):
    """An agreement with an employer or a social enterprise to take people for work training or internships."""

    class Meta:
        model = PlacementAgreement
        fields = ["employer", "kind", "valid_from", "valid_to", "employer_contact", "supervisor_financed_by_forbund"]
        widgets = {"valid_from": DateInput(), "valid_to": DateInput()}
        help_texts = {"valid_to": _("Lämna tomt om avtalet gäller tills vidare.")}

    def _post_clean(self):
        pass  # the action checks and writes the record


class SamsipContactForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200)
    email = forms.EmailField(label=_("E-post"), required=False)
    phone = forms.CharField(label=_("Telefon"), max_length=40, required=False)
