from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "samordna.audit"
    verbose_name = _("Logg")

    def ready(self):
        from . import database  # registers the deploy check

        post_migrate.connect(database.grant_after_migrate, sender=self, dispatch_uid="samordna.audit.grant")
