from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "samordna.finance"
    verbose_name = _("Ekonomi")

    def ready(self) -> None:
        from . import background  # noqa: F401  # registers the background export's job handler
