"""Forms for logging in, the second factor, passwords, roles, förbund settings and the förbund's registers."""

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from samordna.interventions.models import Intervention
from samordna.lib.forms import DateInput, limit_choices
from samordna.lib.versioning import VersionedModelForm

from .models import BoardOffice, Forbund, Kommun, Member, PreparatoryMember, Role, Statutes


class LoginForm(forms.Form):
    username = forms.CharField(label=_("Användarnamn"), max_length=150)
    password = forms.CharField(label=_("Lösenord"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autofocus": True})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Engångskod"),
        max_length=8,
        help_text=_("Sex siffror från din autentiseringsapp."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "pattern": "[0-9 ]*"}
        )


class AssignRoleForm(forms.Form):
    username = forms.CharField(label=_("Användarnamn"), max_length=150)
    role = forms.ChoiceField(label=_("Roll"), choices=Role.choices)
    interventions = forms.ModelMultipleChoiceField(
        label=_("Insatser (för deltagaransvarig och insatsansvarig)"),
        queryset=Intervention.objects.none(),
        required=False,
    )
    valid_from = forms.DateField(label=_("Gäller från"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    valid_to = forms.DateField(label=_("Gäller till"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, forbund: Forbund, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "interventions", Intervention.objects.filter(forbund=forbund))


class ForbundSettingsForm(VersionedModelForm):
    website = forms.URLField(label=_("webbplats"), required=False, assume_scheme="https")

    class Meta:
        model = Forbund
        fields = [
            "name",
            "org_number",
            "address",
            "postal_code",
            "city",
            "bankgiro",
            "plusgiro",
            "website",
            "notice_board",
            "storage_place",
            "registration_start",
            "suppression_threshold",
            "equity_cap_percent",
            "invoice_frequency",
            "paragraph_numbering",
            "paragraph_start",
            "handler_may_sit_on_board",
            "warn_dpo_is_controller_delegate",
            "mail_sender_name",
            "mail_reply_to",
        ]
        widgets = {"registration_start": forms.DateInput(attrs={"type": "date"})}


class MemberInvoicingForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ["org_number", "address", "postal_code", "city", "invoice_reference"]


class LogSearchForm(forms.Form):
    text = forms.CharField(label=_("Sök"), required=False)
    since = forms.DateField(label=_("Från"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Till"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class CreateUserForm(forms.Form):
    username = forms.CharField(label=_("Användarnamn"), max_length=150)
    first_name = forms.CharField(label=_("Förnamn"), max_length=150)
    last_name = forms.CharField(label=_("Efternamn"), max_length=150)
    email = forms.EmailField(label=_("E-post"))
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    password = forms.CharField(
        label=_("Tillfälligt lösenord"),
        widget=forms.PasswordInput,
        strip=False,
        help_text=_("Minst tolv tecken. Användaren byter det vid första inloggningen."),
    )


class NewPasswordForm(forms.Form):
    """A new password typed twice; the actions check it against Django's password validators."""

    new_password = forms.CharField(
        label=_("Nytt lösenord"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        help_text=_("Minst tolv tecken, inte bara siffror och inte för likt ditt namn."),
    )
    repeat_password = forms.CharField(
        label=_("Upprepa det nya lösenordet"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )

    def clean(self):
        data = super().clean() or {}
        if data.get("new_password") and data.get("repeat_password") != data.get("new_password"):
            self.add_error("repeat_password", _("Lösenorden är olika. Skriv samma lösenord två gånger."))
        return data


class ChangePasswordForm(NewPasswordForm):
    current_password = forms.CharField(
        label=_("Nuvarande lösenord"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        strip=False,
    )
    field_order = ["current_password", "new_password", "repeat_password"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_current_password(self):
        value = self.cleaned_data["current_password"]
        if not self.user.check_password(value):
            raise forms.ValidationError(_("Det nuvarande lösenordet stämmer inte. Skriv det igen."))
        return value


class ResetPasswordForm(forms.Form):
    temporary_password = forms.CharField(
        label=_("Tillfälligt lösenord"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        help_text=_("Minst tolv tecken. Användaren byter det vid nästa inloggning."),
    )


class EmailSetPasswordForm(SetPasswordForm):
    """The last step of a reset by e-mail: the new password is written through the action, which logs it."""

    def save(self, commit=True):
        from .actions import change_password

        return change_password(self.user, self.cleaned_data["new_password1"])


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ["party_type", "name", "kommun", "org_number", "joined"]
        widgets = {"joined": DateInput()}
        labels = {"joined": _("Medlem från")}

    def __init__(self, *args, forbund: Forbund, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["joined"].required = True
        limit_choices(self, "kommun", forbund.kommuner.all())

    def _post_clean(self):
        pass  # the action checks and writes the record


class LeaveForm(forms.Form):
    left = forms.DateField(label=_("Medlem till och med"), widget=DateInput())


class KommunerForm(forms.Form):
    kommuner = forms.ModelMultipleChoiceField(
        label=_("Kommuner som förbundet omfattar"),
        queryset=Kommun.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_code = forms.CharField(label=_("Ny kommun: kommunkod"), max_length=4, required=False)
    new_name = forms.CharField(label=_("Ny kommun: namn"), max_length=100, required=False)

    def clean(self):
        data = super().clean() or {}
        if bool(data.get("new_code")) != bool(data.get("new_name")):
            raise forms.ValidationError(_("Ange både kod och namn för en ny kommun, eller inget av dem."))
        return data


class StatutesForm(forms.ModelForm):
    class Meta:
        model = Statutes
        fields = [
            "valid_from",
            "ledamot_seats_per_member",
            "ersattare_per_ledamot",
            "term_years",
            "quorum_percent",
            "notice_days",
            "equity_cap_percent",
            "note",
        ]
        widgets = {"valid_from": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def _post_clean(self):
        pass  # the action checks and writes the record


class BoardPairForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Medlem"), queryset=Member.objects.none())
    ledamot = forms.CharField(label=_("Ledamot"), max_length=200)
    ersattare = forms.CharField(label=_("Ersättare"), max_length=200)
    office = forms.ChoiceField(label=_("Ledamotens ordförandeskap"), choices=BoardOffice.choices, required=False)
    term_start = forms.DateField(label=_("Mandatperiod från"), widget=DateInput())
    term_end = forms.DateField(label=_("Mandatperiod till"), widget=DateInput())

    def __init__(self, *args, forbund: Forbund, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "member", forbund.members.filter(left__isnull=True))


class EndSeatForm(forms.Form):
    ended_on = forms.DateField(label=_("Sista dag i uppdraget"), widget=DateInput())
    successor = forms.CharField(
        label=_("Efterträdare"),
        max_length=200,
        required=False,
        help_text=_("Den som väljs för resten av mandatperioden. Lämna tomt om ingen är vald än."),
    )
    successor_from = forms.DateField(
        label=_("Efterträdaren från"),
        required=False,
        widget=DateInput(),
        help_text=_("Lämna tomt om efterträdaren börjar dagen efter avgången."),
    )


class PreparatoryMemberForm(forms.ModelForm):
    class Meta:
        model = PreparatoryMember
        fields = ["person_name", "title", "member", "joined"]
        widgets = {"joined": DateInput()}

    def __init__(self, *args, forbund: Forbund, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "member", forbund.members.filter(left__isnull=True))

    def _post_clean(self):
        pass  # the action checks and writes the record


class PreparatoryLeaveForm(forms.Form):
    left = forms.DateField(label=_("Med till och med"), widget=DateInput())


FORBUND_EMPLOYER = "forbund"


class EmployerForm(forms.Form):
    """Whose staff a participant handler is: a member, or the förbund itself."""

    employer: forms.ChoiceField = forms.ChoiceField(
        label=_("Anställd av"),
        help_text=_(
            "Deltagaransvariga ser personuppgifter bara i de av sina insatser där arbetsgivaren är "
            "personuppgiftsansvarig."
        ),
    )

    def __init__(self, *args, forbund: Forbund, **kwargs):
        super().__init__(*args, **kwargs)
        members = forbund.members.filter(left__isnull=True).order_by("party_type", "name")
        self.members = {str(m.pk): m for m in members}
        field = self.fields["employer"]
        assert isinstance(field, forms.ChoiceField)  # nosec B101 (narrows the type for mypy)
        field.choices = [
            ("", _("Välj arbetsgivare")),
            *((pk, m.name) for pk, m in self.members.items()),
            (FORBUND_EMPLOYER, _("%(forbund)s (förbundet självt)") % {"forbund": forbund.name}),
        ]

    def employer_choice(self) -> tuple[Member | None, bool]:
        value = self.cleaned_data["employer"]
        return (None, True) if value == FORBUND_EMPLOYER else (self.members[value], False)


class DpoContactForm(forms.Form):
    dpo_name = forms.CharField(label=_("Dataskyddsombudets namn"), max_length=200, required=False)
    dpo_email = forms.EmailField(label=_("E-post"), required=False)
    dpo_phone = forms.CharField(label=_("Telefon"), max_length=40, required=False)
