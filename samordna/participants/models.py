"""Deltagare and their stays (participations): consent, SIP meetings, action plans, follow-ups and discharge.

Personal records have UUID keys so that URLs and logs carry no guessable or telling ids. A personnummer and a
name are stored encrypted, with a keyed hash of the number beside them, so that a person can be looked up without
scanning, and are shown only to the participant handlers of the person's insatser.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from samordna.interventions.models import Intervention
from samordna.lib.field_crypto import EncryptedTextField
from samordna.lib.record_keys import draw_record_key
from samordna.lib.versioning import Versioned
from samordna.reporting.schedule import add_months
from samordna.tenancy.models import Forbund, Kommun

from .codes import (
    ConsentMethod,
    DischargeReason,
    Education,
    FollowUpKind,
    IncomeSource,
    OccupationAfter,
    OccupationBefore,
    Referrer,
    Sex,
)

FOLLOW_UP_MONTHS = 6
REVIEW_MONTHS = 3


class IdentityMode(models.TextChoices):
    IDENTIFIED = "IDENTIFIED", _("Identifierad")
    ANONYMOUS = "ANONYMOUS", _("Anonym")


class Participant(models.Model):
    """A person taking part in one or more insatser of a förbund; anonymous ones keep only sex, birth year, kommun."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Lookups by förbund use the (förbund, lookup key) index: no index of its own, one less to write per person.
    forbund = models.ForeignKey(Forbund, on_delete=models.PROTECT, related_name="participants", db_index=False)
    identity_mode = models.CharField(_("identitet"), max_length=10, choices=IdentityMode.choices)
    # Encrypted at rest (lib.field_crypto): found through `lookup_key`, never compared in the database.
    personnummer = EncryptedTextField(_("personnummer"), max_length=12, blank=True)
    lookup_key = models.CharField(max_length=64, blank=True, editable=False)
    # Set when consent is withdrawn or the person is erased, and only then: the import uses it to keep the
    # person from coming back identified and to find the stays already counted (see README, "Dataskydd").
    withdrawn_key = models.CharField(max_length=64, blank=True, editable=False)
    name = EncryptedTextField(_("namn"), max_length=200, blank=True)
    sex = models.CharField(_("kön"), max_length=1, choices=Sex.choices)
    birth_year = models.PositiveSmallIntegerField(_("födelseår"))
    home_kommun = models.ForeignKey(
        Kommun,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("folkbokföringskommun"),
    )
    protected_identity = models.BooleanField(_("skyddade personuppgifter"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    anonymised_at = models.DateTimeField(_("anonymiserad"), null=True, blank=True)

    class Meta:
        ordering = ["forbund", "created_at"]
        # No unique lookup key: a person enrolled by handlers who do not share the person's insatser gets one record
        # per handler scope, so that neither learns the other's stays (see `access.record_for_enrolment`).
        constraints = [
            models.CheckConstraint(
                condition=Q(identity_mode="ANONYMOUS", personnummer="", lookup_key="", name="")
                | (Q(identity_mode="IDENTIFIED", protected_identity=False) & ~Q(personnummer="")),
                name="participant_identity_consistent",
            ),
        ]
        indexes = [
            models.Index(fields=["forbund", "lookup_key"]),
            # Only the few withdrawn or erased carry a key: the import reads theirs, and nobody else is indexed.
            models.Index(
                fields=["forbund", "withdrawn_key"], condition=~Q(withdrawn_key=""), name="participant_withdrawn_key"
            ),
        ]
        verbose_name = _("deltagare")
        verbose_name_plural = _("deltagare")

    def __str__(self) -> str:
        return self.pseudonym

    @property
    def pseudonym(self) -> str:
        """A short id for screens and logs that says nothing about the person."""
        return f"D-{self.id.hex[:8].upper()}"

    @property
    def is_identified(self) -> bool:
        return self.identity_mode == IdentityMode.IDENTIFIED

    @property
    def personnummer_display(self) -> str:
        return f"{self.personnummer[:8]}-{self.personnummer[8:]}" if self.personnummer else ""


class Consent(models.Model):
    """Consent (samtycke) to store the person's identity; withdrawal anonymises the participant."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="consents")
    given_on = models.DateField(_("samtycke lämnat"))
    method = models.CharField(_("hur"), max_length=8, choices=ConsentMethod.choices)
    form_version = models.CharField(_("blankettversion"), max_length=40, blank=True)
    withdrawn_on = models.DateField(_("samtycke återkallat"), null=True, blank=True)

    class Meta:
        ordering = ["participant", "given_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("given_on")),
                name="consent_withdrawn_after_given",
            )
        ]
        verbose_name = _("samtycke")
        verbose_name_plural = _("samtycken")

    def __str__(self) -> str:
        return f"{self.participant} {self.given_on:%Y-%m-%d}"


class Participation(Versioned):
    """One stay of a person in one insats, from enrolment to discharge and the follow-up after it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # No index of their own: a stay's participant leads the unique (participant, insats, enrolment date) index and
    # its insats the (insats, enrolment date) one, which serve those lookups; an import writes two indexes fewer.
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="participations", db_index=False
    )
    intervention = models.ForeignKey(
        Intervention, on_delete=models.PROTECT, related_name="participations", db_index=False
    )
    # The insats's förbund, kept on the stay so that one förbund's reports read its own stays and nothing of the
    # rest of the installation. Set on create from the insats; on PostgreSQL, triggers refuse a stay whose förbund
    # is not its insats's and carry a change of the insats's förbund over to its stays.
    # The (forbund, enrolment_date) index below serves lookups by förbund alone too: no index of its own.
    forbund = models.ForeignKey(
        Forbund, on_delete=models.PROTECT, related_name="participations", editable=False, db_index=False
    )
    enrolment_date = models.DateField(_("inskrivningsdatum"))
    referrer = models.CharField(_("remittent"), max_length=6, choices=Referrer.choices)
    income_before = models.CharField(_("huvudsaklig försörjning före"), max_length=25, choices=IncomeSource.choices)
    income_before_other = models.JSONField(_("annan försörjning före"), default=list, blank=True)
    occupation_before = models.CharField(_("sysselsättning före"), max_length=21, choices=OccupationBefore.choices)
    education = models.CharField(
        _("utbildningsnivå"), max_length=14, choices=Education.choices, default=Education.OKAND
    )
    discharge_date = models.DateField(_("utskrivningsdatum"), null=True, blank=True)
    discharge_reason = models.CharField(_("avslutsorsak"), max_length=15, choices=DischargeReason.choices, blank=True)
    occupation_after = models.CharField(
        _("sysselsättning efter"), max_length=21, choices=OccupationAfter.choices, blank=True
    )
    income_after = models.CharField(_("försörjning efter"), max_length=25, choices=IncomeSource.choices, blank=True)
    # What the statistics count the stay by, fixed at enrolment: anonymisation (which keeps only the birth year)
    # and a later move of the person change no published figure.
    age_at_enrolment = models.PositiveSmallIntegerField(_("ålder vid inskrivning"), editable=False)
    kommun_at_enrolment = models.ForeignKey(
        Kommun,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("kommun vid inskrivning"),
    )
    identified_at_enrolment = models.BooleanField(_("identifierad vid inskrivning"), default=False, editable=False)
    # For anonymous rows the import has no person to match on: this fingerprint of the row is its natural key.
    anonymous_key = models.CharField(max_length=80, blank=True, editable=False)
    # Drawn once and kept (also through anonymisation): the statistics sum these into cell keys, so that the same
    # set of records always gets the same perturbation (stats.suppression).
    record_key = models.PositiveIntegerField(default=draw_record_key, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["intervention", "enrolment_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(discharge_date__isnull=True) | Q(discharge_date__gte=F("enrolment_date")),
                name="participation_discharge_after_enrolment",
            ),
            models.UniqueConstraint(
                fields=["participant", "intervention", "enrolment_date"], name="participation_unique_stay"
            ),
            models.UniqueConstraint(
                fields=["intervention", "anonymous_key"],
                condition=~Q(anonymous_key=""),
                name="participation_unique_anonymous_key",
            ),
        ]
        # Reports and the caseload ask for an insats's stays enrolled or discharged in a period: without these
        # the database reads every stay of the insats, however many years back, and filters the dates after.
        indexes = [
            models.Index(fields=["forbund", "enrolment_date"], name="participation_forbund_start"),
            # A period's discharged stays of a förbund (the outcomes, the follow-ups), and with the index above
            # the stays enrolled or discharged in it, without reading every earlier stay of the förbund.
            models.Index(fields=["forbund", "discharge_date"], name="participation_forbund_left"),
            models.Index(fields=["intervention", "enrolment_date"], name="participation_insats_start"),
            models.Index(fields=["intervention", "discharge_date"], name="participation_insats_left"),
        ]
        verbose_name = _("deltagande")
        verbose_name_plural = _("deltaganden")

    def __str__(self) -> str:
        return f"{self.participant} i {self.intervention.registration_no} från {self.enrolment_date:%Y-%m-%d}"

    @property
    def is_active(self) -> bool:
        return self.discharge_date is None

    @property
    def is_void(self) -> bool:
        return self.discharge_reason == DischargeReason.FELREGISTRERING

    @property
    def follow_up_due(self):
        if self.discharge_date is None or self.is_void:
            return None
        return add_months(self.discharge_date, FOLLOW_UP_MONTHS)


class SipParty(models.TextChoices):
    PARTICIPANT = "DELTAGARE", _("Deltagaren")
    FK = "FK", _("Försäkringskassan")
    AF = "AF", _("Arbetsförmedlingen")
    REGION = "REGION", _("Regionen")
    KOMMUN = "KOMMUN", _("Kommunen")
    INSATS = "INSATS", _("Insatsens personal")
    ANNAN = "ANNAN", _("Annan")


class SipMeeting(models.Model):
    """A SIP (samordnad individuell plan) meeting during a stay."""

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="sip_meetings")
    held_on = models.DateField(_("datum"))
    parties_present = models.JSONField(_("närvarande parter"), default=list)
    next_on = models.DateField(_("nästa SIP"), null=True, blank=True)
    note = models.TextField(_("anteckning"), blank=True)

    class Meta:
        ordering = ["participation", "held_on"]
        verbose_name = _("SIP-möte")
        verbose_name_plural = _("SIP-möten")

    def __str__(self) -> str:
        return f"SIP {self.held_on:%Y-%m-%d}"

    @property
    def parties_display(self) -> list[str]:
        """The parties present by name, in the order of the form; a code no longer known shows as stored."""
        present = set(self.parties_present)
        named = [str(party.label) for party in SipParty if party.value in present]
        return named + sorted(present - set(SipParty.values))


class ActionPlanRevision(models.Model):
    """A version of the participant's action plan (handlingsplan); it is revised at least every third month."""

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="plan_revisions")
    revised_on = models.DateField(_("reviderad"))
    summary = models.TextField(_("planens innehåll"))

    class Meta:
        ordering = ["participation", "revised_on"]
        verbose_name = _("handlingsplan")
        verbose_name_plural = _("handlingsplaner")

    def __str__(self) -> str:
        return f"Handlingsplan {self.revised_on:%Y-%m-%d}"


class FollowUp(models.Model):
    """A follow-up contact, among them the one six months after discharge with the person's situation then."""

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="follow_ups")
    kind = models.CharField(_("slag"), max_length=10, choices=FollowUpKind.choices)
    contacted_on = models.DateField(_("datum"))
    occupation = models.CharField(_("sysselsättning"), max_length=21, choices=OccupationAfter.choices, blank=True)
    income = models.CharField(_("försörjning"), max_length=25, choices=IncomeSource.choices, blank=True)
    note = models.TextField(_("anteckning"), blank=True)

    class Meta:
        ordering = ["participation", "contacted_on"]
        verbose_name = _("uppföljning")
        verbose_name_plural = _("uppföljningar")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.contacted_on:%Y-%m-%d}"
