from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenEntryConfig(AppConfig):
    name = "samordna.openentry"
    label = "openentry"
    verbose_name = _("Öppen ingång")

    def ready(self):
        from samordna.tenancy.permissions import SECOND_FACTOR_CHECKS

        SECOND_FACTOR_CHECKS.append(_sits_in_a_team)

        from samordna.participants import entry

        from .rules import SAMSIP_ENTRY_RULE

        entry.register(SAMSIP_ENTRY_RULE)


def _sits_in_a_team(user) -> bool:
    """Team members and leaders see the persons on their agenda: they log in with a second factor too."""
    from .models import Team, TeamSeat

    return TeamSeat.objects.filter(holder=user).exists() or Team.objects.filter(leader=user).exists()
