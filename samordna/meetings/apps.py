from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "samordna.meetings"
    label = "meetings"
    verbose_name = _("Sammanträden")

    def ready(self):
        from samordna.jobs.schedule import register_daily

        register_daily("meetings.expire_notices", _expire_notices)


def _expire_notices(today, dry_run: bool = False) -> str:
    """The notice board's daily round: notices whose appeal period is over come down (a dry run only counts)."""
    from django.utils.translation import gettext as _

    from . import actions, queries

    count = len(queries.notices_due_down(today)) if dry_run else actions.expire_notices(today)
    return _("%(n)s anslag nedtagna") % {"n": count}
