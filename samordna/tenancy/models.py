"""Förbund (tenants), their members and statutes, the board, users and their roles per förbund."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.lib.addresses import normalize_postal_code, validate_postal_code
from samordna.lib.identifiers import OrgNumberField, normalize_org_number, validate_org_number
from samordna.lib.payments import normalize_bankgiro, normalize_plusgiro, validate_bankgiro, validate_plusgiro
from samordna.lib.versioning import Versioned


class Kommun(models.Model):
    """A Swedish municipality, by its four-digit SCB code."""

    code = models.CharField(_("kommunkod"), max_length=4, unique=True)
    name = models.CharField(_("namn"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return self.name


def normalize_address(party: Forbund | Member) -> None:
    """Tidy the postal address parts that invoices print and send."""
    party.address = party.address.strip()
    party.city = party.city.strip()
    if party.postal_code:
        try:
            party.postal_code = normalize_postal_code(party.postal_code)
        except ValidationError as exc:
            raise ValidationError({"postal_code": exc.messages}) from None


class ParagraphNumbering(models.TextChoices):
    NEVER_RESET = "NEVER", _("Löpande, nollställs aldrig")
    YEARLY = "YEARLY", _("Börjar om varje år")


class InvoiceFrequency(models.TextChoices):
    QUARTERLY = "QUARTERLY", _("Kvartalsvis")
    MONTHLY = "MONTHLY", _("Månadsvis")
    HALF_YEARLY = "HALF_YEARLY", _("Halvårsvis")
    YEARLY = "YEARLY", _("Årsvis")


class Forbund(Versioned):
    """A samordningsförbund: the tenant that owns every other record."""

    name = models.CharField(_("namn"), max_length=200)
    slug = models.SlugField(_("kortnamn"), max_length=60, unique=True)
    aliases = models.JSONField(_("andra namn"), default=list, blank=True)
    org_number = OrgNumberField(_("organisationsnummer"), max_length=11, blank=True, validators=[validate_org_number])
    founded = models.DateField(_("bildat"), null=True, blank=True)
    registration_start = models.DateField(
        _("registrering från"),
        null=True,
        blank=True,
        help_text=_("Inga deltagare kan skrivas in före detta datum."),
    )
    kommuner = models.ManyToManyField(Kommun, verbose_name=_("kommuner som omfattas"), blank=True)
    address = models.CharField(_("gatuadress eller box"), max_length=200, blank=True)
    postal_code = models.CharField(_("postnummer"), max_length=6, blank=True, validators=[validate_postal_code])
    city = models.CharField(_("postort"), max_length=100, blank=True)
    bankgiro = models.CharField(
        _("bankgiro"),
        max_length=12,
        blank=True,
        validators=[validate_bankgiro],
        help_text=_("Medlemmarna betalar fakturorna hit. Ange bankgiro eller plusgiro."),
    )
    plusgiro = models.CharField(_("plusgiro"), max_length=12, blank=True, validators=[validate_plusgiro])
    website = models.URLField(_("webbplats"), blank=True)
    notice_board = models.CharField(_("anslagstavla"), max_length=200, blank=True)
    storage_place = models.CharField(_("förvaringsplats för protokoll"), max_length=200, blank=True)

    # Settings the sources leave to each förbund.
    suppression_threshold = models.PositiveSmallIntegerField(
        _("minsta redovisade antal"),
        default=5,
        help_text=_("Antal från 1 upp till detta värde minus ett visas som '<N' utanför deltagarrollen."),
    )
    equity_cap_percent = models.DecimalField(_("tak för eget kapital (%)"), max_digits=5, decimal_places=2, default=20)
    invoice_frequency = models.CharField(
        _("fakturering"), max_length=12, choices=InvoiceFrequency.choices, default=InvoiceFrequency.QUARTERLY
    )
    paragraph_numbering = models.CharField(
        _("paragrafnumrering"),
        max_length=8,
        choices=ParagraphNumbering.choices,
        default=ParagraphNumbering.NEVER_RESET,
    )
    paragraph_start = models.PositiveIntegerField(_("första paragrafnummer"), default=1)
    handler_may_sit_on_board = models.BooleanField(_("deltagaransvarig får vara styrelseledamot"), default=False)
    warn_dpo_is_controller_delegate = models.BooleanField(
        _("varna när dataskyddsombudet också har registeransvar"), default=True
    )
    mail_sender_name = models.CharField(
        _("avsändarnamn i e-post"),
        max_length=100,
        blank=True,
        help_text=_("Namnet som e-post från systemet visas med. Tomt betyder förbundets namn."),
    )
    mail_reply_to = models.EmailField(
        _("svarsadress i e-post"),
        blank=True,
        help_text=_("Dit svar på e-post från systemet går, till exempel kansliets brevlåda."),
    )

    # The data protection officer (dataskyddsombud) whom data subjects and the supervisory authority contact about
    # what this party controls; shown in the record of processing (GDPR art. 30).
    dpo_name = models.CharField(_("dataskyddsombud"), max_length=200, blank=True)
    dpo_email = models.EmailField(_("dataskyddsombudets e-post"), blank=True)
    dpo_phone = models.CharField(_("dataskyddsombudets telefon"), max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("samordningsförbund")
        verbose_name_plural = _("samordningsförbund")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.org_number:
            self.org_number = normalize_org_number(self.org_number)
        normalize_address(self)
        if self.bankgiro:
            self.bankgiro = normalize_bankgiro(self.bankgiro)
        if self.plusgiro:
            self.plusgiro = normalize_plusgiro(self.plusgiro)

    def statutes_on(self, day: dt.date) -> Statutes | None:
        """The förbundsordning version in force on `day`."""
        return self.statutes.filter(valid_from__lte=day).order_by("-valid_from").first()


class Statutes(models.Model):
    """One version of a förbund's förbundsordning and the rules it sets."""

    forbund = models.ForeignKey(Forbund, on_delete=models.CASCADE, related_name="statutes")
    valid_from = models.DateField(_("gäller från"))
    ledamot_seats_per_member = models.PositiveSmallIntegerField(_("ledamöter per medlem"), default=1)
    ersattare_per_ledamot = models.PositiveSmallIntegerField(_("ersättare per ledamot"), default=1)
    term_years = models.PositiveSmallIntegerField(_("mandatperiod (år)"), default=4)
    quorum_percent = models.PositiveSmallIntegerField(
        _("beslutsförhet (% av ledamöterna som måste vara närvarande)"),
        default=50,
        help_text=_("Styrelsen är beslutsför när fler än denna andel av ledamöterna tjänstgör."),
    )
    notice_days = models.PositiveSmallIntegerField(_("kallelse senast (dagar före)"), default=7)
    equity_cap_percent = models.DecimalField(
        _("tak för eget kapital (% av årets medlemsbidrag)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Lämna tomt om förbundsordningen inte anger något tak; då gäller förbundets inställning."),
    )
    note = models.TextField(_("anteckning"), blank=True)

    class Meta:
        ordering = ["forbund", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["forbund", "valid_from"], name="statutes_one_version_per_day")]
        verbose_name = _("förbundsordning")
        verbose_name_plural = _("förbundsordningar")

    def __str__(self) -> str:
        return f"{self.forbund} – {self.valid_from:%Y-%m-%d}"

    def has_quorum(self, serving: int, seats: int) -> bool:
        """More than `quorum_percent` % of the seats must be filled by serving members."""
        return seats > 0 and serving * 100 > seats * self.quorum_percent


class PartyType(models.TextChoices):
    FK = "FK", _("Försäkringskassan")
    AF = "AF", _("Arbetsförmedlingen")
    REGION = "REGION", _("Region")
    KOMMUN = "KOMMUN", _("Kommun")


class Member(models.Model):
    """A member (huvudman) of a förbund."""

    forbund = models.ForeignKey(Forbund, on_delete=models.CASCADE, related_name="members")
    party_type = models.CharField(_("part"), max_length=6, choices=PartyType.choices)
    name = models.CharField(_("namn"), max_length=200)
    org_number = OrgNumberField(_("organisationsnummer"), max_length=11, blank=True, validators=[validate_org_number])
    kommun = models.ForeignKey(Kommun, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("kommun"))
    address = models.CharField(_("fakturaadress: gatuadress eller box"), max_length=200, blank=True)
    postal_code = models.CharField(_("postnummer"), max_length=6, blank=True, validators=[validate_postal_code])
    city = models.CharField(_("postort"), max_length=100, blank=True)
    invoice_reference = models.CharField(
        _("referens på fakturan"),
        max_length=100,
        blank=True,
        help_text=_(
            "Den referens medlemmen vill ha på sina fakturor, till exempel ett referensnummer eller "
            "en beställares namn. Den följer med som köparens referens i e-fakturan."
        ),
    )
    joined = models.DateField(_("medlem från"), null=True, blank=True)
    left = models.DateField(_("medlem till"), null=True, blank=True)

    # The data protection officer (dataskyddsombud) whom data subjects and the supervisory authority contact about
    # what this party controls; shown in the record of processing (GDPR art. 30).
    dpo_name = models.CharField(_("dataskyddsombud"), max_length=200, blank=True)
    dpo_email = models.EmailField(_("dataskyddsombudets e-post"), blank=True)
    dpo_phone = models.CharField(_("dataskyddsombudets telefon"), max_length=40, blank=True)

    class Meta:
        ordering = ["forbund", "party_type", "name"]
        constraints = [models.UniqueConstraint(fields=["forbund", "name"], name="member_unique_name")]
        verbose_name = _("medlem")
        verbose_name_plural = _("medlemmar")

    def __str__(self) -> str:
        return self.name

    @property
    def is_financier(self) -> bool:
        """Arbetsförmedlingen sits on the board but its share is paid by Försäkringskassan."""
        return self.party_type != PartyType.AF

    def clean(self) -> None:
        if self.org_number:
            self.org_number = normalize_org_number(self.org_number)
        normalize_address(self)
        self.invoice_reference = self.invoice_reference.strip()
        if self.party_type == PartyType.KOMMUN and self.kommun is None:
            raise ValidationError({"kommun": _("Ange vilken kommun medlemmen är.")})
        if self.left and self.joined and self.left < self.joined:
            raise ValidationError({"left": _("Utträdet kan inte ligga före inträdet.")})


def distinct_parties(party_types) -> set[str]:
    """The parties among member types: all kommuner are one party and all regions one (law 3–5 §)."""
    return {str(party) for party in party_types}


class BoardRole(models.TextChoices):
    LEDAMOT = "LEDAMOT", _("Ledamot")
    ERSATTARE = "ERSATTARE", _("Ersättare")


class BoardOffice(models.TextChoices):
    NONE = "", _("–")
    CHAIR = "CHAIR", _("Ordförande")
    VICE_CHAIR = "VICE_CHAIR", _("Vice ordförande")


def term_for_election(election_year: int, years: int = 4) -> tuple[dt.date, dt.date]:
    """A board term runs from 1 April of the year after the general election, `years` years long."""
    start = dt.date(election_year + 1, 4, 1)
    return start, dt.date(election_year + 1 + years, 3, 31)


class BoardSeat(models.Model):
    """A person's seat on the board of a förbund, for one member and one term."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="board_seats")
    person_name = models.CharField(_("namn"), max_length=200)
    user = models.ForeignKey(
        "tenancy.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="board_seats"
    )
    role = models.CharField(_("uppdrag"), max_length=10, choices=BoardRole.choices)
    deputy_for = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deputies",
        verbose_name=_("ersättare för"),
    )
    office = models.CharField(_("ordförandeskap"), max_length=10, choices=BoardOffice.choices, blank=True)
    term_start = models.DateField(_("mandatperiod från"))
    term_end = models.DateField(_("mandatperiod till"))
    eligibility_basis = models.CharField(_("valbarhet"), max_length=200, blank=True)
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("efterträder"),
    )
    ended_early = models.BooleanField(_("lämnade uppdraget i förtid"), default=False)

    class Meta:
        ordering = ["member__party_type", "member__name", "role", "person_name"]
        verbose_name = _("styrelseplats")
        verbose_name_plural = _("styrelseplatser")

    def __str__(self) -> str:
        return f"{self.person_name} ({self.get_role_display()}, {self.member})"

    @property
    def forbund(self) -> Forbund:
        return self.member.forbund

    def clean(self) -> None:
        if self.term_end <= self.term_start:
            raise ValidationError({"term_end": _("Mandatperioden måste sluta efter att den börjar.")})
        if self.role == BoardRole.ERSATTARE and self.office:
            raise ValidationError({"office": _("Ordförande och vice ordförande väljs bland ledamöterna.")})
        if self.deputy_for_id:
            if self.role != BoardRole.ERSATTARE:
                raise ValidationError({"deputy_for": _("Bara en ersättare kan vara ersättare för någon.")})
            if self.deputy_for is not None and self.deputy_for.member_id != self.member_id:
                raise ValidationError({"deputy_for": _("En ersättare ersätter en ledamot från samma medlem.")})


class PreparatoryMember(models.Model):
    """A person in the förbund's preparatory group (beredningsgrupp), sent by a member or from the office."""

    forbund = models.ForeignKey(Forbund, on_delete=models.CASCADE, related_name="preparatory_members")
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="preparatory_members",
        verbose_name=_("medlem"),
        help_text=_("Lämna tomt för förbundets kansli."),
    )
    person_name = models.CharField(_("namn"), max_length=200)
    title = models.CharField(_("befattning"), max_length=200, blank=True)
    joined = models.DateField(_("med från"))
    left = models.DateField(_("med till"), null=True, blank=True)

    class Meta:
        ordering = ["forbund", "member__name", "person_name"]
        verbose_name = _("ledamot i beredningsgruppen")
        verbose_name_plural = _("beredningsgruppen")

    def __str__(self) -> str:
        return self.person_name

    def clean(self) -> None:
        if self.member is not None and self.member.forbund_id != self.forbund_id:
            raise ValidationError({"member": _("Välj en av förbundets medlemmar.")})
        if self.left and self.left < self.joined:
            raise ValidationError({"left": _("Slutdatumet kan inte ligga före startdatumet.")})


def seats_in_force(forbund: Forbund, day: dt.date):
    return BoardSeat.objects.filter(member__forbund=forbund, term_start__lte=day, term_end__gte=day)


class User(AbstractUser):
    """A person who logs in. Roles are held per förbund through `RoleAssignment`."""

    is_system_admin = models.BooleanField(_("systemadministratör"), default=False)
    totp_secret = models.CharField(max_length=64, blank=True, editable=False)
    totp_confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    totp_last_step = models.BigIntegerField(default=0, editable=False)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    language = models.CharField(
        _("språk"),
        max_length=8,
        choices=[("sv", _("Svenska")), ("en", _("Engelska"))],
        default="sv",
        help_text=_("Språket i e-post från systemet."),
    )
    must_change_password = models.BooleanField(
        _("måste byta lösenord"),
        default=False,
        help_text=_("Lösenordet är tillfälligt, satt av en administratör; det byts vid nästa inloggning."),
    )

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = _("användare")

    @property
    def has_totp(self) -> bool:
        return bool(self.totp_secret and self.totp_confirmed_at)

    def display_name(self) -> str:
        return self.get_full_name() or self.username


class LoginFailure(models.Model):
    """One failed login (a wrong password or code), by the name typed and the client's address.

    Kept by name rather than by account, so that a name that belongs to no one is throttled exactly like one
    that does; rows older than the lockout window are removed as new ones come.
    """

    username = models.CharField(max_length=150, db_index=True)
    address = models.CharField(max_length=45, db_index=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("misslyckad inloggning")
        verbose_name_plural = _("misslyckade inloggningar")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.address}"


class Role(models.TextChoices):
    FORBUND_ADMIN = "FORBUND_ADMIN", _("Förbundsadministratör (förbundschef)")
    OFFICE = "OFFICE", _("Kansli")
    BOARD_MEMBER = "BOARD_MEMBER", _("Styrelseledamot")
    PREPARATORY = "PREPARATORY", _("Beredningsgrupp")
    INTERVENTION_MANAGER = "INTERVENTION_MANAGER", _("Insatsansvarig")
    PARTICIPANT_HANDLER = "PARTICIPANT_HANDLER", _("Deltagaransvarig")
    APPLICANT = "APPLICANT", _("Sökande organisation")
    AUDITOR = "AUDITOR", _("Revisor")
    DPO = "DPO", _("Dataskyddsombud")


class RoleAssignmentQuerySet(models.QuerySet):
    def in_force(self, day: dt.date | None = None):
        day = day or timezone.localdate()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class RoleAssignment(models.Model):
    """A role a user holds in one förbund, optionally limited to named insatser and to a period."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    forbund = models.ForeignKey(Forbund, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("roll"), max_length=24, choices=Role.choices)
    interventions = models.ManyToManyField(
        "interventions.Intervention", blank=True, related_name="role_assignments", verbose_name=_("insatser")
    )
    valid_from = models.DateField(_("gäller från"), null=True, blank=True)
    valid_to = models.DateField(_("gäller till"), null=True, blank=True)
    # Whose staff a participant handler is: the handler sees personal data only in insatser whose controller is
    # this member, or the förbund itself when the förbund employs the handler (interventions.permissions).
    employer = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employed_handlers",
        verbose_name=_("anställd av"),
    )
    employed_by_forbund = models.BooleanField(_("anställd av förbundet"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["forbund", "user__username", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "forbund", "role"], name="one_assignment_per_role"),
            models.CheckConstraint(
                condition=models.Q(employer__isnull=True) | models.Q(employed_by_forbund=False),
                name="role_one_employer",
            ),
        ]
        verbose_name = _("rolltilldelning")
        verbose_name_plural = _("rolltilldelningar")

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.forbund})"

    @property
    def employer_label(self) -> str:
        if self.employed_by_forbund:
            return self.forbund.name
        return self.employer.name if self.employer is not None else ""
