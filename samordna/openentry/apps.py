from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenEntryConfig(AppConfig):
    name = "samordna.openentry"
    label = "openentry"
    verbose_name = _("Öppen ingång")
