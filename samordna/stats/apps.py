from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "samordna.stats"
    label = "stats"
    verbose_name = _("Statistik")
