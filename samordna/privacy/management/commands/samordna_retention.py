"""`samordna retention [--dry-run]`: anonymise participants due under their förbund's retention plan."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from samordna.privacy.actions import run_retention
from samordna.privacy.models import RetentionPlan
from samordna.tenancy.models import Forbund


class Command(BaseCommand):
    help = "Gallring: anonymisera deltagare enligt förbundens gallringsplaner. --dry-run visar bara vad som händer."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="ändra inget, visa vad som skulle anonymiseras")
        parser.add_argument("--forbund", metavar="SLUG", help="bara detta förbund")
        parser.add_argument("--date", metavar="ÅÅÅÅ-MM-DD", help="räkna som om det vore detta datum (standard: i dag)")

    def handle(self, *args, dry_run, forbund, date, **options):
        target = None
        if forbund:
            target = Forbund.objects.filter(slug=forbund).first()
            if target is None:
                raise CommandError(f"Förbundet {forbund} finns inte. Ange förbundets kortnamn.")
        try:
            today = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(f"{date} är inget datum. Skriv ÅÅÅÅ-MM-DD.") from None
        runs = run_retention(today, dry_run=dry_run, forbund=target)
        without = Forbund.objects.exclude(pk__in=RetentionPlan.objects.values("forbund")).order_by("slug")
        if target is not None:
            without = without.filter(pk=target.pk)
        for run in runs:
            verb = "skulle anonymiseras" if dry_run else "anonymiserade"
            self.stdout.write(
                f"{run.forbund.slug}: {len(run.due)} deltagare {verb} (sista utskrivning senast {run.cutoff:%Y-%m-%d})"
            )
            if dry_run:
                for participant in run.due:
                    self.stdout.write(f"  {participant.pseudonym} utskriven {participant.last_discharge:%Y-%m-%d}")
        for skipped in without:
            self.stdout.write(f"{skipped.slug}: ingen gallringsplan, inget anonymiseras")
        if dry_run:
            self.stdout.write("Provkörning: inget har ändrats.")
