from django.contrib import admin

from samordna.tenancy.admin import ReadOnlyAdmin

from .models import Intervention


@admin.register(Intervention)
class InterventionAdmin(ReadOnlyAdmin):
    list_display = ["registration_no", "name", "kind", "forbund", "start_date", "end_date"]
