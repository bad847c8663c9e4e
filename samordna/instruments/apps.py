from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstrumentsConfig(AppConfig):
    name = "samordna.instruments"
    verbose_name = _("Skattningar och enkäter")
