"""Work that runs in the background for a user (imports, exports) and the record of each day's scheduled runs."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samordna.tenancy.models import Forbund


class JobKind(models.TextChoices):
    PARTICIPANT_CHECK = "PARTICIPANT_CHECK", _("Kontroll av deltagarfil")
    PARTICIPANT_IMPORT = "PARTICIPANT_IMPORT", _("Import av deltagare")
    STATISTICS_EXPORT = "STATISTICS_EXPORT", _("Export av statistik")
    FINSAM_EXPORT = "FINSAM_EXPORT", _("Export till Uppföljning Finsam")
    ECONOMY_EXPORT = "ECONOMY_EXPORT", _("Export av ekonomisk rapport")


class JobState(models.TextChoices):
    QUEUED = "QUEUED", _("I kö")
    RUNNING = "RUNNING", _("Pågår")
    DONE = "DONE", _("Klart")
    FAILED = "FAILED", _("Misslyckades")


FINISHED = (JobState.DONE, JobState.FAILED)


class Job(models.Model):
    """One piece of background work a user started; only its owner sees it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    forbund = models.ForeignKey(Forbund, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(_("slag"), max_length=32, choices=JobKind.choices)
    state = models.CharField(_("läge"), max_length=16, choices=JobState.choices, default=JobState.QUEUED)
    # What the job works on: the uploaded file's name, a report's period and format. Never personal data.
    params = models.JSONField(default=dict, blank=True)
    progress_label = models.CharField(max_length=100, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(null=True, blank=True)
    summary = models.TextField(_("resultat"), blank=True)
    result = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    # A file the job produced, relative to the jobs folder under the var directory.
    output = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "-created_at"])]
        verbose_name = _("jobb")
        verbose_name_plural = _("jobb")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def finished(self) -> bool:
        return self.state in FINISHED

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, round(100 * self.progress_done / self.progress_total))


class DailyRun(models.Model):
    """A registered daily job's run on one day. The unique day keeps two schedulers from running it twice."""

    class Outcome(models.TextChoices):
        STARTED = "STARTED", _("Startad")
        DONE = "DONE", _("Klar")
        FAILED = "FAILED", _("Misslyckades")

    name = models.CharField(max_length=100)
    day = models.DateField()
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.STARTED)
    summary = models.TextField(blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "day"], name="jobs_dailyrun_once_a_day")]
        ordering = ["-day", "name"]

    def __str__(self) -> str:
        return f"{self.name} {self.day:%Y-%m-%d}"
