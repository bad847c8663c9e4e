"""Forms for meetings, the agenda, minutes, attendance, signing and the certificate of posting."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.lib.forms import limit_choices
from samordna.lib.versioning import VersionedModelForm

from .models import (
    VOTING_CATEGORIES,
    AbsenceReason,
    AgendaItem,
    AgendaTemplateItem,
    Assignment,
    Attendance,
    AttendanceCategory,
    Meeting,
    MinutesSigner,
    Paragraph,
    SignerRole,
)

DATE = forms.DateInput(attrs={"type": "date"})
TIME = forms.TimeInput(attrs={"type": "time"})


def clauses(text: str) -> list[str]:
    """One "att …" clause per line; a leading "att" is optional. A line with only "att" stays open."""
    out = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        if line.lower() == "att":
            out.append("")
        elif line.lower().startswith("att "):
            out.append(line[4:].strip())
        else:
            out.append(line)
    return out


def clause_text(items: list[str]) -> str:
    """The clauses as the form shows them, one "att …" per line; an open clause is a bare "att"."""
    return "\n".join(f"att {c}" if c else "att" for c in items)


class OwnIdsMixin:
    """The meeting page shows several forms at once with fields of the same name (title, person_name):
    each form's ids get a prefix of their own, so that every <label for> points at its own field."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class MeetingForm(forms.ModelForm):
    from_template = forms.BooleanField(
        label=_("Börja föredragningslistan med förbundets stående punkter"),
        required=False,
        initial=True,
        help_text=_("Öppnande, val av justerare, godkännande av dagordningen, …, övriga frågor och avslutande."),
    )

    class Meta:
        model = Meeting
        fields = ["kind", "date", "start_time", "end_time", "place", "note"]
        widgets = {"date": DATE, "start_time": TIME, "end_time": TIME}


class MoveMeetingForm(OwnIdsMixin, forms.Form):
    """The new day and time of a planned meeting; the form starts from the planned ones."""

    id_prefix = "move"

    date = forms.DateField(label=_("Ny dag"), widget=DATE)
    start_time = forms.TimeField(label=_("Från klockan"), required=False, widget=TIME)
    end_time = forms.TimeField(label=_("Till klockan"), required=False, widget=TIME)

    @classmethod
    def for_meeting(cls, meeting: Meeting) -> MoveMeetingForm:
        return cls(initial={"date": meeting.date, "start_time": meeting.start_time, "end_time": meeting.end_time})


class TemplateItemForm(forms.ModelForm):
    proposal_text = forms.CharField(
        label=_("Förslag till beslut"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("En att-sats per rad."),
    )

    class Meta:
        model = AgendaTemplateItem
        fields = ["kind", "title", "closing"]

    def item_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["proposal"] = clauses(self.cleaned_data["proposal_text"])
        return data


class AgendaItemForm(OwnIdsMixin, forms.ModelForm):
    id_prefix = "item"

    proposal_text = forms.CharField(
        label=_("Förslag till beslut"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("En att-sats per rad. Skriv bara ”att” för att lämna förslaget öppet."),
    )

    class Meta:
        model = AgendaItem
        fields = ["kind", "title", "background", "presenter"]
        widgets = {"background": forms.Textarea(attrs={"rows": 3})}


def limit_links(form: forms.BaseForm, forbund) -> None:
    """Links from an item or a paragraph to the förbund's own applications and insatser only."""
    from samordna.applications.models import Application
    from samordna.interventions.models import Intervention

    limit_choices(form, "application", Application.objects.filter(forbund=forbund).exclude(registration_no=""))
    limit_choices(form, "intervention", Intervention.objects.filter(forbund=forbund))


class AgendaItemEditForm(VersionedModelForm):
    proposal_text = AgendaItemForm.base_fields["proposal_text"]

    class Meta:
        model = AgendaItem
        fields = ["kind", "title", "background", "presenter", "application", "intervention"]
        widgets = {"background": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        limit_links(self, forbund)
        self.fields["proposal_text"].initial = clause_text(self.instance.proposal)

    def changes(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["proposal"] = clauses(self.cleaned_data["proposal_text"])
        return data


class ParagraphEditForm(VersionedModelForm):
    decision_text = forms.CharField(
        label=_("Beslut"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("En att-sats per rad."),
    )

    class Meta:
        model = Paragraph
        fields = ["title", "body", "decision_intro", "application", "intervention"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        limit_links(self, forbund)
        self.fields["decision_text"].initial = clause_text(self.instance.decision_clauses)

    def changes(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["decision_clauses"] = clauses(self.cleaned_data["decision_text"])
        return data


class ParagraphForm(OwnIdsMixin, forms.Form):
    id_prefix = "paragraph"

    title = forms.CharField(label=_("Rubrik"), max_length=300)
    body = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    decision_intro = forms.CharField(
        label=_("Beslutsformel"), required=False, initial=_("Samordningsförbundet beslutar")
    )
    decision_text = forms.CharField(
        label=_("Beslut"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("En att-sats per rad."),
    )


ATTENDANCE_FORM_FIELDS = ["person_name", "category", "member", "organisation", "serving_for", "office", "paragraphs"]


def _attendance_choices(form, forbund, minutes) -> None:
    form.fields["member"].queryset = forbund.members.all()
    # The widget first: setting the queryset hands its choices to the widget in place.
    form.fields["paragraphs"].widget = forms.CheckboxSelectMultiple()
    form.fields["paragraphs"].queryset = minutes.paragraphs.all() if minutes is not None else Paragraph.objects.none()
    form.fields["paragraphs"].help_text = _("Bara för den som var med vid vissa paragrafer; tomt betyder hela mötet.")


class AttendanceForm(OwnIdsMixin, forms.ModelForm):
    id_prefix = "attendance"

    class Meta:
        model = Attendance
        fields = ATTENDANCE_FORM_FIELDS

    def __init__(self, *args, forbund, minutes=None, **kwargs):
        super().__init__(*args, **kwargs)
        _attendance_choices(self, forbund, minutes)


class AttendanceEditForm(VersionedModelForm):
    class Meta:
        model = Attendance
        fields = ATTENDANCE_FORM_FIELDS

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        _attendance_choices(self, forbund, self.instance.minutes)

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class SignerForm(OwnIdsMixin, forms.Form):
    """The chair and the secretary by name; a justerare is chosen among the voting members present."""

    id_prefix = "signer"

    role = forms.ChoiceField(label=_("Roll"), choices=SignerRole.choices)
    attendee = forms.ModelChoiceField(
        label=_("Justerare bland de beslutande"),
        queryset=Attendance.objects.none(),
        required=False,
        help_text=_("För justerare: den som valdes i paragrafen Val av justerare."),
    )
    person_name = forms.CharField(label=_("Namn"), required=False, help_text=_("För ordförande och sekreterare."))
    username = forms.CharField(
        label=_("Användarnamn"), required=False, help_text=_("Den som ska skriva under i systemet.")
    )

    def __init__(self, *args, minutes=None, **kwargs):
        super().__init__(*args, **kwargs)
        voting = minutes.attendance.filter(category__in=VOTING_CATEGORIES) if minutes is not None else None
        limit_choices(self, "attendee", voting if voting is not None else Attendance.objects.none())

    def clean(self):
        data = super().clean() or {}
        if data.get("role") == SignerRole.ADJUSTER:
            if data.get("attendee") is None:
                self.add_error("attendee", _("Välj justeraren bland de beslutande som var närvarande."))
        elif not str(data.get("person_name") or "").strip():
            self.add_error("person_name", _("Ange namnet på den som skriver under."))
        return data


class PaperAdjustmentForm(OwnIdsMixin, forms.Form):
    """A justering made on the printed minutes: the day and who signed."""

    id_prefix = "paper"

    signed_on = forms.DateField(label=_("Undertecknat på papper den"), widget=DATE)
    signers = forms.ModelMultipleChoiceField(
        label=_("Vilka skrev under"), queryset=MinutesSigner.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, minutes, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "signers", minutes.signers.filter(signature__isnull=True))


class SeatStatusField(forms.ChoiceField):
    widget = forms.RadioSelect


class RegisterAttendanceForm(forms.Form):
    """One choice per board seat in force on the meeting day. Nothing is marked until it has been recorded."""

    def __init__(self, *args, minutes, seats, **kwargs):
        from .actions import SeatStatus

        super().__init__(*args, **kwargs)
        recorded = {row.seat_id: row for row in minutes.attendance.filter(seat__isnull=False)}
        register_kept = bool(recorded)
        self.seats = list(seats)
        for seat in self.seats:
            ersattare = seat.role == "ERSATTARE"
            choices = [(SeatStatus.PRESENT, _("Närvarande, tjänstgör inte") if ersattare else _("Närvarande"))]
            if ersattare:
                choices.append((SeatStatus.SERVING, _("Tjänstgör för frånvarande ledamot")))
            choices.append((SeatStatus.ABSENT, _("Frånvarande")))
            row = recorded.get(seat.pk)
            initial = None
            if row is not None:
                serving = row.category == AttendanceCategory.SERVING_DEPUTY
                initial = SeatStatus.SERVING if serving else SeatStatus.PRESENT
            elif register_kept:
                initial = SeatStatus.ABSENT
            label = _("%(name)s, %(role)s för %(member)s") % {
                "name": seat.person_name,
                "role": seat.get_role_display().lower(),
                "member": seat.member.name,
            }
            self.fields[f"seat_{seat.pk}"] = SeatStatusField(label=label, choices=choices, initial=initial)
        self.fields["remark"] = forms.CharField(
            label=_("Anmärkning om närvaron"),
            required=False,
            initial=minutes.attendance_remark,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_("T.ex. när ett pappersprotokoll anger närvaron på ett sätt som inte stämmer med registret."),
        )

    def statuses(self) -> dict[int, str]:
        return {seat.pk: self.cleaned_data[f"seat_{seat.pk}"] for seat in self.seats}


class OtherPresentForm(OwnIdsMixin, forms.Form):
    """Someone else present: a user of the förbund, or a name typed for a guest."""

    id_prefix = "other"

    user = forms.ModelChoiceField(label=_("Användare"), queryset=Attendance.objects.none(), required=False)
    person_name = forms.CharField(
        label=_("Eller namn"), max_length=200, required=False, help_text=_("För den som inte är användare.")
    )
    organisation = forms.CharField(label=_("Organisation eller funktion"), max_length=200, required=False)
    paragraphs = forms.ModelMultipleChoiceField(
        label=_("§§"),
        queryset=Paragraph.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Bara för den som var med vid vissa paragrafer; tomt betyder hela mötet."),
    )

    def __init__(self, *args, forbund, minutes, **kwargs):
        from samordna.tenancy.models import User

        super().__init__(*args, **kwargs)
        users = User.objects.filter(role_assignments__forbund=forbund, is_active=True).distinct()
        limit_choices(self, "user", users.order_by("first_name", "last_name", "username"))
        self.fields["user"].label_from_instance = lambda user: user.display_name()  # type: ignore[attr-defined]
        limit_choices(self, "paragraphs", minutes.paragraphs.all())

    def clean(self):
        data = super().clean() or {}
        if data.get("user") is None and not str(data.get("person_name") or "").strip():
            self.add_error("person_name", _("Välj en användare eller skriv namnet."))
        return data


class ParagraphAbsenceForm(OwnIdsMixin, forms.Form):
    """One person away from one paragraph: left the room, or disqualified (jäv), perhaps with an ersättare in."""

    id_prefix = "absence"

    paragraph = forms.ModelChoiceField(label=_("Paragraf"), queryset=Paragraph.objects.none())
    attendance = forms.ModelChoiceField(label=_("Vem"), queryset=Attendance.objects.none())
    reason = forms.ChoiceField(label=_("Orsak"), choices=AbsenceReason.choices, widget=forms.RadioSelect)
    substitute = forms.ModelChoiceField(
        label=_("Ersättare som går in"),
        queryset=Attendance.objects.none(),
        required=False,
        help_text=_("En närvarande ersättare för samma medlem, om någon tjänstgör i paragrafen."),
    )

    def __init__(self, *args, minutes, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "paragraph", minutes.paragraphs.all())
        limit_choices(self, "attendance", minutes.attendance.all())
        limit_choices(self, "substitute", minutes.attendance.filter(category=AttendanceCategory.DEPUTY_PRESENT))


class SignForm(forms.Form):
    password = forms.CharField(
        label=_("Ditt lösenord"),
        widget=forms.PasswordInput,
        help_text=_("Du skriver under exakt den text som visas; kontrollsumman sparas med din underskrift."),
    )


class CertificateForm(OwnIdsMixin, forms.Form):
    id_prefix = "certificate"

    # Nothing is required here: the action names every missing part at once (R17).
    notice_board = forms.CharField(label=_("Anslagstavla"), required=False)
    posted_on = forms.DateField(label=_("Anslaget sätts upp"), required=False, widget=DATE)
    taken_down_on = forms.DateField(label=_("Anslaget tas ner"), required=False, widget=DATE)
    storage_place = forms.CharField(label=_("Förvaringsplats för protokollet"), required=False)
    signed_by = forms.CharField(label=_("Underskrift"), required=False)


class AssignmentForm(forms.ModelForm):
    class Meta:
        model = Assignment
        fields = ["paragraph", "kind", "assignee", "description", "due_on"]
        widgets = {"due_on": DATE, "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "paragraph", _paragraphs_of(forbund))


class AssignmentEditForm(VersionedModelForm):
    class Meta:
        model = Assignment
        fields = ["assignee", "description", "due_on", "status", "done_on", "outcome", "reported_in"]
        widgets = {
            "due_on": DATE,
            "done_on": DATE,
            "description": forms.Textarea(attrs={"rows": 2}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "reported_in", _paragraphs_of(forbund))

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


def _paragraphs_of(forbund):
    return Paragraph.objects.filter(forbund=forbund).select_related("minutes__meeting").order_by("-series", "-number")
