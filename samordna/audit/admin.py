from django.contrib import admin

from samordna.tenancy.admin import ReadOnlyAdmin

from .models import AuditEvent, ReadLogEntry


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "action", "object_label", "forbund"]
    list_filter = ["action"]


@admin.register(ReadLogEntry)
class ReadLogEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "object_type", "object_id", "forbund"]
