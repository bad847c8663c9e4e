from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "samordna.stats"
    label = "stats"
    verbose_name = _("Statistik")

    def ready(self) -> None:
        from . import background  # noqa: F401  # registers the background export's job handler
