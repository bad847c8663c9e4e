from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "samordna.notifications"
    label = "notifications"
    verbose_name = _("Aviseringar")

    def ready(self):
        from samordna.jobs.schedule import register_daily

        from .reminders import scheduled

        # The day's reminders and digests, once a day with the other daily work.
        register_daily("notifications.reminders", scheduled)
