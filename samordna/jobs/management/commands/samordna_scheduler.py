"""`samordna scheduler`: queue the registered daily jobs once a day; `--once` runs the day's jobs here and now."""

from __future__ import annotations

import datetime as dt
import threading

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from samordna.jobs import schedule


class Command(BaseCommand):
    help = "Lägger de dagliga jobben i kön en gång om dagen. --once kör dagens jobb direkt och avslutar."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="kör dagens jobb nu, utan kön, och avsluta")
        parser.add_argument("--dry-run", action="store_true", help="med --once: ändra inget, visa vad som skulle ske")
        parser.add_argument("--date", metavar="ÅÅÅÅ-MM-DD", help="med --once: räkna som om det vore detta datum")
        parser.add_argument("--list", action="store_true", dest="show_list", help="visa de registrerade dagliga jobben")

    def handle(self, *args, once, dry_run, date, show_list, **options):
        if show_list:
            for name in schedule.registered():
                self.stdout.write(name)
            return
        if not once:
            if dry_run or date:
                raise CommandError("--dry-run och --date gäller bara med --once.")
            self.stdout.write(f"Schemaläggaren är igång; dagens jobb startar efter {schedule.daily_at():%H:%M}.")
            schedule.loop(threading.Event())
            return
        try:
            today = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(f"{date} är inget datum. Skriv ÅÅÅÅ-MM-DD.") from None
        for name, summary in schedule.run_now(today, dry_run=dry_run):
            self.stdout.write(f"{name}: {summary}")
        if dry_run:
            self.stdout.write("Provkörning: inget har ändrats.")
