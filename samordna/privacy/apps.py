from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "samordna.privacy"
    verbose_name = _("Dataskydd")

    def ready(self) -> None:
        from samordna.jobs.schedule import register_daily

        from .scheduled import daily_retention

        register_daily("privacy.retention", daily_retention)
