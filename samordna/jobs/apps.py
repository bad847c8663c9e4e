from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "samordna.jobs"
    verbose_name = _("Bakgrundsjobb")

    def ready(self) -> None:
        from . import cleanup, schedule

        schedule.register_daily("jobs.cleanup_uploads", cleanup.remove_abandoned_files)
