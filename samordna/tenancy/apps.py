from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenancyConfig(AppConfig):
    name = "samordna.tenancy"
    verbose_name = _("Förbund och behörigheter")
