from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "samordna.participants"
    verbose_name = _("Deltagare")

    def ready(self) -> None:
        from . import background  # noqa: F401  # registers the import's job handlers
