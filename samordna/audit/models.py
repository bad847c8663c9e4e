"""Append-only logs: every write (AuditEvent) and every read of personal data (ReadLogEntry).

Rows are only ever inserted. The models refuse updates and deletes, the admin is read-only, and a
database trigger (SQLite and PostgreSQL, see the migrations) refuses them below the ORM as well. On PostgreSQL
the application runs as a role that may only SELECT and INSERT these tables (`samordna grant-runtime`), and
the time of a row comes from the database's clock.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove a log row."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(_("Loggrader kan inte ändras."))

    def delete(self):
        raise AppendOnlyError(_("Loggrader kan inte tas bort."))

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError(_("Loggrader kan inte ändras."))


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(_("Loggrader kan inte ändras."))
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(_("Loggrader kan inte tas bort."))


class DatabaseTime(models.DateTimeField):
    """When the row was written. On PostgreSQL a trigger sets it from the database's clock (`statement_timestamp()`),
    whatever the client sent (see migration 0005), and the insert returns it; SQLite keeps the application's time.

    Stored and migrated as a plain DateTimeField: only the returning of the value differs.
    """

    @property
    def db_returning(self):
        from django.db import connection

        return connection.features.can_return_columns_from_insert

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateTimeField", args, kwargs


class AuditEvent(AppendOnlyModel):
    """Who did what to which object, and what changed."""

    forbund = models.ForeignKey("tenancy.Forbund", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(_("utförd av"), max_length=150)
    at = DatabaseTime(_("tidpunkt"), auto_now_add=True, db_index=True)
    action = models.CharField(_("händelse"), max_length=80, db_index=True)
    object_type = models.CharField(_("objekttyp"), max_length=80, blank=True)
    object_id = models.CharField(_("objekt-id"), max_length=64, blank=True)
    object_label = models.CharField(_("objekt"), max_length=200, blank=True)
    changes = models.JSONField(_("ändringar"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("händelse")
        verbose_name_plural = _("händelselogg")
        indexes = [models.Index(fields=["forbund", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_label}"


class ReadLogEntry(AppendOnlyModel):
    """A read of personal data: one row per record read, or one per list query."""

    forbund = models.ForeignKey("tenancy.Forbund", on_delete=models.PROTECT, related_name="+")
    # Empty for a read from the console, whose label then names the operating-system account.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(_("läst av"), max_length=150)
    at = DatabaseTime(_("tidpunkt"), auto_now_add=True, db_index=True)
    object_type = models.CharField(_("objekttyp"), max_length=80)
    object_id = models.CharField(_("pseudonymt id"), max_length=64, blank=True)
    query = models.CharField(_("sökning"), max_length=500, blank=True)
    purpose = models.CharField(_("ändamål"), max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("läsning av personuppgifter")
        verbose_name_plural = _("läslogg")
        indexes = [models.Index(fields=["forbund", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.object_type} {self.object_id}"


class EventCount(models.Model):
    """How many events have been recorded for a förbund (`scope` is its id; 0 for events without one).

    Raised in the transaction of each event, so a reader who sees the same count sees the same data:
    cached figures (see `stats.cache`) key on it instead of guessing what a change may have touched.
    """

    scope = models.BigIntegerField(primary_key=True)
    events = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("händelseräknare")
        verbose_name_plural = _("händelseräknare")

    def __str__(self) -> str:
        return f"{self.scope}: {self.events}"
