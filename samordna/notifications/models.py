"""Notifications to users: one row per recipient, each user's choice per kind, and the log of e-mail sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samordna.tenancy.models import Forbund


class Kind(models.TextChoices):
    APPLICATION_SUBMITTED = "APPLICATION_SUBMITTED", _("Ansökan har kommit in")
    APPLICATION_TO_PREPARATION = "APPLICATION_TO_PREPARATION", _("Ansökan har skickats till beredning")
    APPLICATION_PREPARED = "APPLICATION_PREPARED", _("Ansökan är beredd")
    NOTICE_SENT = "NOTICE_SENT", _("Kallelse till sammanträde")
    MINUTES_READY = "MINUTES_READY", _("Protokoll att justera")
    MINUTES_POSTED = "MINUTES_POSTED", _("Protokoll justerat och anslaget")
    REPORT_DUE_SOON = "REPORT_DUE_SOON", _("Insatsrapport ska lämnas om 14 dagar")
    REPORT_DUE_TODAY = "REPORT_DUE_TODAY", _("Insatsrapport ska lämnas i dag")
    REPORT_OVERDUE = "REPORT_OVERDUE", _("Insatsrapport är försenad")
    FINAL_REPORT_DUE = "FINAL_REPORT_DUE", _("Slutrapport ska lämnas")
    AUDIT_DEADLINE = "AUDIT_DEADLINE", _("Revisionens rekommendationer ska besvaras")
    SIP_DUE = "SIP_DUE", _("SIP ska hållas")
    PLAN_DUE = "PLAN_DUE", _("Handlingsplan ska revideras")
    FOLLOW_UP_DUE = "FOLLOW_UP_DUE", _("Uppföljning sex månader efter utskrivning")
    INTAKE_ON_AGENDA = "INTAKE_ON_AGENDA", _("Ansökan om stöd på teamets dagordning")
    REFERRAL_RECEIVED = "REFERRAL_RECEIVED", _("Remiss från samverkansteamet")


class Delivery(models.TextChoices):
    IMMEDIATE = "IMMEDIATE", _("E-post direkt")
    DIGEST = "DIGEST", _("E-post i en daglig sammanfattning")
    NONE = "NONE", _("Inte alls")


class Notification(models.Model):
    """One piece of work that waits for one user. It says what kind of work and links to it, nothing more."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    forbund = models.ForeignKey(Forbund, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("slag"), max_length=32, choices=Kind.choices)
    # The page where the work is done, as a path on this site; the e-mail makes it absolute.
    link = models.CharField(_("länk"), max_length=300)
    # Values for the kind's text (a registration number, a date); never a participant's personal data.
    params = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    # The day the notification belongs to: its daily digest is that day's.
    day = models.DateField(_("dag"))
    read_at = models.DateTimeField(_("läst"), null=True, blank=True)
    delivery = models.CharField(_("e-post"), max_length=10, choices=Delivery.choices)
    mailed_at = models.DateTimeField(_("skickad med e-post"), null=True, blank=True)
    # A reminder's identity (the report and the kind of reminder): the same reminder is never made twice.
    key = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], condition=~Q(key=""), name="notification_key_once")
        ]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_unread"),
            models.Index(fields=["delivery", "mailed_at"], name="notification_unmailed"),
        ]
        verbose_name = _("avisering")
        verbose_name_plural = _("aviseringar")

    def __str__(self) -> str:
        return f"{self.user} {self.kind} {self.day:%Y-%m-%d}"


class Preference(models.Model):
    """How one user wants one kind of notification; without a row the kind's default holds."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_choices")
    kind = models.CharField(_("slag"), max_length=32, choices=Kind.choices)
    delivery = models.CharField(_("e-post"), max_length=10, choices=Delivery.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="preference_one_per_kind")]
        verbose_name = _("aviseringsval")
        verbose_name_plural = _("aviseringsval")

    def __str__(self) -> str:
        return f"{self.user} {self.kind} {self.delivery}"


DIGEST = "DIGEST"


class EmailLog(models.Model):
    """One e-mail sent: to whom, what kind (a notification kind or the digest) and when. Never the text."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    address = models.EmailField(_("adress"))
    forbund = models.ForeignKey(Forbund, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(_("slag"), max_length=32)
    items = models.PositiveIntegerField(_("antal aviseringar"), default=1)
    sent_at = models.DateTimeField(_("skickad"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("skickad e-post")
        verbose_name_plural = _("skickad e-post")

    def __str__(self) -> str:
        return f"{self.sent_at:%Y-%m-%d %H:%M} {self.address} {self.kind}"
