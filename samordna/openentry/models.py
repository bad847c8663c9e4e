"""Open entry (öppen ingång): collaboration teams, intake requests and their review, SAMSIP, pre-steps, system
gaps, placements and the catalogue the team searches during its meetings (DOMAIN.md §3.17).

Intake requests hold personal data and have UUID keys; they are read only through `access`.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.interventions.models import Intervention
from samordna.lib.field_crypto import EncryptedTextField
from samordna.lib.free_text import GuardedFreeText
from samordna.lib.record_keys import draw_record_key
from samordna.lib.versioning import Versioned
from samordna.participants.identity import lookup_key
from samordna.participants.models import Participation
from samordna.tenancy.models import Forbund, Kommun, Member, User

PRESTEP_GUIDELINE_DAYS = 365


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("måndag")
    TUESDAY = 1, _("tisdag")
    WEDNESDAY = 2, _("onsdag")
    THURSDAY = 3, _("torsdag")
    FRIDAY = 4, _("fredag")


class Team(Versioned):
    """A collaboration team (Samverkansteam, Resursråd, Samordningsteam): one seat per member, meeting weekly."""

    forbund = models.ForeignKey(Forbund, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("namn"), max_length=200)
    area = models.CharField(_("område eller plattform"), max_length=200, blank=True)
    leader = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("samtalsledare")
    )
    meeting_weekday = models.PositiveSmallIntegerField(_("mötesdag"), choices=Weekday.choices, default=Weekday.TUESDAY)
    meeting_time = models.TimeField(_("mötestid"), default=dt.time(9, 0))
    place = models.CharField(_("plats"), max_length=200, blank=True)

    class Meta:
        ordering = ["forbund", "name"]
        constraints = [models.UniqueConstraint(fields=["forbund", "name"], name="team_unique_name")]
        verbose_name = _("samverkansteam")
        verbose_name_plural = _("samverkansteam")

    def __str__(self) -> str:
        return self.name


class TeamSeat(models.Model):
    """A member's seat in a team. The seat belongs to a function; the person holding it may change."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="seats")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="team_seats", verbose_name=_("medlem"))
    function = models.CharField(_("funktion"), max_length=200, help_text=_("Till exempel Socialkontoret."))
    holder = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="team_seats", verbose_name=_("innehavare")
    )

    class Meta:
        ordering = ["team", "member__party_type", "member__name"]
        constraints = [models.UniqueConstraint(fields=["team", "member"], name="team_one_seat_per_member")]
        verbose_name = _("plats i samverkansteam")
        verbose_name_plural = _("platser i samverkansteam")

    def __str__(self) -> str:
        return f"{self.team}: {self.member}"


class TeamMeeting(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("datum"))
    time = models.TimeField(_("tid"))

    class Meta:
        ordering = ["team", "date"]
        constraints = [models.UniqueConstraint(fields=["team", "date"], name="team_meeting_one_per_day")]
        verbose_name = _("teammöte")
        verbose_name_plural = _("teammöten")

    def __str__(self) -> str:
        return f"{self.team} {self.date:%Y-%m-%d}"


class RequestState(models.TextChoices):
    RECEIVED = "RECEIVED", _("Inkommen")
    ON_AGENDA = "ON_AGENDA", _("På dagordning")
    RECOMMENDED = "RECOMMENDED", _("Rekommendation lämnad")
    NOT_RELEVANT = "NOT_RELEVANT", _("Inte aktuell")
    ANOTHER_MEETING = "ANOTHER_MEETING", _("Behöver ett nytt möte")
    WITHDRAWN = "WITHDRAWN", _("Återtagen")


class Channel(models.TextChoices):
    WEB = "WEB", _("Webben, av handläggare hos en medlem")
    PAPER = "PAPER", _("Pappersblankett, registrerad av en plats i teamet")


class ConsentMethod(models.TextChoices):
    WRITTEN = "WRITTEN", _("Skriftligt")
    DIGITAL = "DIGITAL", _("Digitalt")


class IntakeRequest(models.Model):
    """A request for support in planning (ansökan om stöd i planering), filed by the person with a member's contact.

    Everything from `person_name` down to `resources` is personal data, stored only with the consent to share
    information between the members.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    forbund = models.ForeignKey(Forbund, on_delete=models.PROTECT, related_name="intake_requests")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="requests", verbose_name=_("team"))
    reference = models.CharField(_("ärendenummer"), max_length=20)
    state = models.CharField(_("status"), max_length=16, choices=RequestState.choices, default=RequestState.RECEIVED)
    channel = models.CharField(_("inkom via"), max_length=5, choices=Channel.choices)
    received_on = models.DateField(_("inkom"))
    filed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("registrerad av"))
    filing_member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("medlem som ansöker med personen")
    )
    contact_name = models.CharField(_("kontaktperson hos medlemmen"), max_length=200)
    consent_given_on = models.DateField(_("samtycke till informationsutbyte"))
    consent_method = models.CharField(_("hur samtycket lämnades"), max_length=8, choices=ConsentMethod.choices)
    # Encrypted at rest (lib.field_crypto); the SAMSIP rules find the person's requests through `lookup_key`.
    person_name = EncryptedTextField(_("namn"), max_length=200)
    personnummer = EncryptedTextField(_("personnummer"), max_length=12)
    lookup_key = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    home_kommun = models.ForeignKey(
        Kommun,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("folkbokföringskommun"),
    )
    wanted_support = models.TextField(_("vilket stöd personen önskar"))
    resources = models.TextField(_("personens resurser och möjligheter"))
    created_at = models.DateTimeField(auto_now_add=True)

    # Summed into cell keys by the team's statistics (stats.suppression): the same requests always get the same
    # perturbation.
    record_key = models.PositiveIntegerField(default=draw_record_key, editable=False)

    class Meta:
        ordering = ["forbund", "-received_on", "reference"]
        constraints = [models.UniqueConstraint(fields=["forbund", "reference"], name="intake_unique_reference")]
        verbose_name = _("ansökan om stöd i planering")
        verbose_name_plural = _("ansökningar om stöd i planering")

    def __str__(self) -> str:
        # The reference only: the string ends up in audit events and logs.
        return self.reference

    def save(self, *args, **kwargs):
        # The keyed hash follows the number: set with it, emptied with it when the request is withdrawn.
        self.lookup_key = lookup_key(self.personnummer) if self.personnummer else ""
        if kwargs.get("update_fields") is not None and "personnummer" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "lookup_key"}
        super().save(*args, **kwargs)

    @property
    def personnummer_display(self) -> str:
        return f"{self.personnummer[:8]}-{self.personnummer[8:]}" if self.personnummer else ""


class AgendaItem(models.Model):
    """A request on a team meeting's agenda, and the outcome of its case review (genomlysning)."""

    meeting = models.ForeignKey(TeamMeeting, on_delete=models.PROTECT, related_name="items")
    request = models.ForeignKey(IntakeRequest, on_delete=models.PROTECT, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(default=1)
    outcome = models.CharField(_("utfall"), max_length=16, choices=RequestState.choices, blank=True)
    person_present = models.BooleanField(_("personen var med"), null=True)
    motivation = models.TextField(_("motivering"), blank=True)
    continued_planning = models.TextField(_("rekommendation för fortsatt planering"), blank=True)
    reviewed_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    # Summed into cell keys by the team's statistics (stats.suppression): the same requests always get the same
    # perturbation.
    record_key = models.PositiveIntegerField(default=draw_record_key, editable=False)

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [models.UniqueConstraint(fields=["meeting", "request"], name="agenda_item_once_per_meeting")]
        verbose_name = _("ärende på teammöte")
        verbose_name_plural = _("ärenden på teammöte")

    def __str__(self) -> str:
        return f"{self.meeting} #{self.position}"


class PartKind(models.TextChoices):
    ORDINARY = "ORDINARY", _("Ordinarie stöd hos en medlem")
    INSATS = "INSATS", _("Förbundsfinansierad insats")
    SAMSIP = "SAMSIP", _("SAMSIP")
    PRESTEP = "PRESTEP", _("Försteg")


class ReferralStatus(models.TextChoices):
    PENDING = "PENDING", _("Väntar på insatsen")
    ACCEPTED = "ACCEPTED", _("Inskriven")
    DECLINED = "DECLINED", _("Avböjd")


class RecommendationPart(models.Model):
    """One part of a recommendation; several may run at the same time. An insats part is a referral."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="parts")
    kind = models.CharField(_("slag"), max_length=8, choices=PartKind.choices)
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("medlem")
    )
    intervention = models.ForeignKey(
        Intervention,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("insats"),
    )
    entry = models.ForeignKey(
        "CatalogueEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("stöd")
    )
    track = models.CharField(_("spår eller del"), max_length=200, blank=True)
    note = models.CharField(_("anteckning"), max_length=300, blank=True)
    referral_status = models.CharField(_("remiss"), max_length=8, choices=ReferralStatus.choices, blank=True)
    participation = models.OneToOneField(
        Participation, on_delete=models.PROTECT, null=True, blank=True, related_name="referral"
    )
    decline_reason = models.TextField(_("skäl"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    # Summed into cell keys by the team's statistics (stats.suppression): the same requests always get the same
    # perturbation.
    record_key = models.PositiveIntegerField(default=draw_record_key, editable=False)

    class Meta:
        ordering = ["item", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="INSATS") | Q(intervention__isnull=False, referral_status__in=ReferralStatus.values),
                name="recommendation_insats_part_is_referral",
            )
        ]
        verbose_name = _("del av rekommendation")
        verbose_name_plural = _("delar av rekommendation")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.item.request.reference})"


class SamsipRule(models.TextChoices):
    NONE = "NONE", _("Ingen regel")
    WARN = "WARN", _("SAMSIP före start: varna")
    REFUSE = "REFUSE", _("SAMSIP före start: krävs")


class InsatsEntryRule(models.Model):
    """The open-entry rules of an insats, such as 'SAMSIP before start', checked when a referral is accepted."""

    intervention = models.OneToOneField(Intervention, on_delete=models.CASCADE, related_name="entry_rule")
    samsip_before_start = models.CharField(
        _("SAMSIP före start"), max_length=6, choices=SamsipRule.choices, default=SamsipRule.NONE
    )

    class Meta:
        verbose_name = _("regel för insatsens ingång")
        verbose_name_plural = _("regler för insatsernas ingång")

    def __str__(self) -> str:
        return f"{self.intervention.registration_no}: {self.get_samsip_before_start_display()}"


class SamsipContact(models.Model):
    """The SAMSIP contact (SAMSIP-ombud) each member names."""

    member = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="samsip_contact")
    name = models.CharField(_("namn"), max_length=200)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("SAMSIP-ombud")
        verbose_name_plural = _("SAMSIP-ombud")

    def __str__(self) -> str:
        return f"{self.name} ({self.member})"


class SamsipMeeting(models.Model):
    """A coordinated planning meeting with the person taking part, initiated by any member."""

    request = models.ForeignKey(IntakeRequest, on_delete=models.PROTECT, related_name="samsip_meetings")
    initiated_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("initierad av"))
    held_on = models.DateField(_("datum"))
    members_present = models.ManyToManyField(Member, related_name="+", verbose_name=_("närvarande medlemmar"))
    person_present = models.BooleanField(_("personen var med"), default=True)
    plan = models.TextField(_("planen"))
    next_on = models.DateField(_("nästa möte"), null=True, blank=True)

    class Meta:
        ordering = ["request", "held_on"]
        verbose_name = _("SAMSIP-möte")
        verbose_name_plural = _("SAMSIP-möten")

    def __str__(self) -> str:
        return f"SAMSIP {self.held_on:%Y-%m-%d}"


class Prestep(models.Model):
    """A pre-step (försteg): a clear entry, a stated goal, follow-ups and an exit to another support."""

    forbund = models.ForeignKey(Forbund, on_delete=models.CASCADE, related_name="presteps")
    name = models.CharField(_("namn"), max_length=200)
    provider = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("anordnare")
    )
    entry_criteria = models.TextField(_("villkor för att börja"))
    goal = models.TextField(_("mål"))
    exit_options = models.TextField(_("vägar vidare"), blank=True)
    guideline_days = models.PositiveIntegerField(_("riktlinje för längd (dagar)"), default=PRESTEP_GUIDELINE_DAYS)

    class Meta:
        ordering = ["forbund", "name"]
        verbose_name = _("försteg")
        verbose_name_plural = _("försteg")

    def __str__(self) -> str:
        return self.name


class PrestepStay(models.Model):
    """A person's time in a pre-step. Going past the guideline is flagged, never blocked (R27)."""

    prestep = models.ForeignKey(Prestep, on_delete=models.PROTECT, related_name="stays")
    request = models.ForeignKey(IntakeRequest, on_delete=models.PROTECT, related_name="prestep_stays")
    started_on = models.DateField(_("började"))
    ended_on = models.DateField(_("slutade"), null=True, blank=True)
    exit_to = models.CharField(_("gick vidare till"), max_length=200, blank=True)

    overrun: bool  # set by the pages that list or show stays: is_overrun() as of today

    class Meta:
        ordering = ["prestep", "started_on"]
        verbose_name = _("tid i försteg")
        verbose_name_plural = _("tider i försteg")

    def __str__(self) -> str:
        return f"{self.prestep} {self.started_on:%Y-%m-%d}"

    def guideline_end(self) -> dt.date:
        return self.started_on + dt.timedelta(days=self.prestep.guideline_days)

    def is_overrun(self, today: dt.date | None = None) -> bool:
        """Past the guideline: still running after it, or ended after it."""
        end = self.ended_on or today or timezone.localdate()
        return end > self.guideline_end()


class PrestepFollowUp(models.Model):
    stay = models.ForeignKey(PrestepStay, on_delete=models.CASCADE, related_name="follow_ups")
    held_on = models.DateField(_("datum"))
    note = models.TextField(_("anteckning"))

    class Meta:
        ordering = ["stay", "held_on"]
        verbose_name = _("uppföljning av försteg")
        verbose_name_plural = _("uppföljningar av försteg")

    def __str__(self) -> str:
        return f"{self.stay} {self.held_on:%Y-%m-%d}"


class SystemGap(GuardedFreeText, models.Model):
    """A gap between the members' rules (systemfel) that a team found. Never holds personal data."""

    FREE_TEXT_FIELDS = ("description", "answer")

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="gaps")
    found_on = models.DateField(_("upptäckt"))
    description = models.TextField(_("beskrivning"), help_text=_("Beskriv felet utan personuppgifter."))
    sent_to = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("skickat till"))
    sent_on = models.DateField(_("skickat"))
    answered_on = models.DateField(_("besvarat"), null=True, blank=True)
    answer = models.TextField(_("svar"), blank=True)

    # Summed into cell keys by the team's statistics (stats.suppression): the same requests always get the same
    # perturbation.
    record_key = models.PositiveIntegerField(default=draw_record_key, editable=False)

    class Meta:
        ordering = ["team", "-found_on"]
        verbose_name = _("systemfel")
        verbose_name_plural = _("systemfel")

    def __str__(self) -> str:
        return f"{self.team} {self.found_on:%Y-%m-%d}"


class EmployerKind(models.TextChoices):
    EMPLOYER = "EMPLOYER", _("Arbetsgivare")
    ASF = "ASF", _("Arbetsintegrerande socialt företag")


class PlacementAgreement(models.Model):
    """An agreement with an employer or a social enterprise to take people for work training or internships."""

    forbund = models.ForeignKey(Forbund, on_delete=models.CASCADE, related_name="placement_agreements")
    employer = models.CharField(_("arbetsgivare"), max_length=200)
    kind = models.CharField(_("slag"), max_length=8, choices=EmployerKind.choices)
    valid_from = models.DateField(_("gäller från"))
    valid_to = models.DateField(_("gäller till"), null=True, blank=True)
    employer_contact = models.CharField(_("kontakt hos arbetsgivaren"), max_length=200)
    supervisor_financed_by_forbund = models.BooleanField(_("handledaren finansieras av förbundet"), default=False)

    class Meta:
        ordering = ["forbund", "employer"]
        verbose_name = _("avtal om platser")
        verbose_name_plural = _("avtal om platser")

    def __str__(self) -> str:
        return self.employer


class PlacementKind(models.TextChoices):
    WORK_TRAINING = "WORK_TRAINING", _("Arbetsträning")
    INTERNSHIP = "INTERNSHIP", _("Praktik")


class Placement(models.Model):
    """A participant's work training or internship under an agreement, during a stay in an insats."""

    agreement = models.ForeignKey(PlacementAgreement, on_delete=models.PROTECT, related_name="placements")
    participation = models.ForeignKey(Participation, on_delete=models.PROTECT, related_name="placements")
    kind = models.CharField(_("slag"), max_length=13, choices=PlacementKind.choices)
    started_on = models.DateField(_("från"))
    ended_on = models.DateField(_("till"), null=True, blank=True)
    supervisor = models.CharField(_("handledare"), max_length=200)
    supervisor_employer = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handledaren anställd av"),
    )
    employer_contact = models.CharField(_("kontakt hos arbetsgivaren"), max_length=200, blank=True)

    class Meta:
        ordering = ["participation", "started_on"]
        verbose_name = _("placering")
        verbose_name_plural = _("placeringar")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.agreement}"


class CatalogueKind(models.TextChoices):
    INSATS = "INSATS", _("Förbundets insats")
    ORDINARY = "ORDINARY", _("Ordinarie stöd hos en medlem")
    PRESTEP = "PRESTEP", _("Försteg")
    SAMSIP = "SAMSIP", _("Samordnad planering")


# What the set-up page edits on an entry (besides the kommuner, a relation of their own).
CATALOGUE_FIELDS = (
    "kind",
    "name",
    "provider",
    "intervention",
    "prestep",
    "description",
    "age_min",
    "age_max",
    "income_sources",
    "capacity",
    "contact",
)


class CatalogueEntry(Versioned):
    """What the team can recommend: the förbund's insatser and the members' ordinary services, with eligibility."""

    forbund = models.ForeignKey(Forbund, on_delete=models.CASCADE, related_name="catalogue_entries")
    kind = models.CharField(_("slag"), max_length=8, choices=CatalogueKind.choices)
    name = models.CharField(_("namn"), max_length=200)
    provider = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("anordnare")
    )
    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("insats")
    )
    prestep = models.ForeignKey(
        Prestep, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("försteg")
    )
    description = models.TextField(_("beskrivning"), blank=True)
    age_min = models.PositiveSmallIntegerField(_("lägsta ålder"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("högsta ålder"), null=True, blank=True)
    income_sources = models.JSONField(_("försörjning som krävs"), default=list, blank=True)
    kommuner = models.ManyToManyField(Kommun, blank=True, related_name="+", verbose_name=_("kommuner"))
    capacity = models.PositiveIntegerField(_("platser"), null=True, blank=True)
    contact = models.CharField(_("kontakt"), max_length=200, blank=True)

    class Meta:
        ordering = ["forbund", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["forbund", "name"], name="catalogue_unique_name")]
        verbose_name = _("post i insatskatalogen")
        verbose_name_plural = _("poster i insatskatalogen")

    def __str__(self) -> str:
        return self.name
