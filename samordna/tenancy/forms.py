"""Forms for logging in, the second factor, roles and förbund settings."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.interventions.models import Intervention
from samordna.lib.forms import limit_choices
from samordna.lib.versioning import VersionedModelForm

from .models import Forbund, Member, Role


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
