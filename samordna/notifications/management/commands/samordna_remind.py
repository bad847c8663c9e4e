"""`samordna remind [--dry-run] [--date ÅÅÅÅ-MM-DD]`: the day's reminders and digests, at once."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from samordna.notifications.mail import MailUnavailable
from samordna.notifications.reminders import run_daily


class Command(BaseCommand):
    help = (
        "Dagens påminnelser: skapa aviseringar om det som ska göras, skicka e-post som ska gå direkt och "
        "dagens sammanfattningar. Körs den igen samma dag skickas inget två gånger. "
        "--dry-run visar bara vad som händer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="ändra och skicka inget, visa vad som skulle skickas"
        )
        parser.add_argument("--date", metavar="ÅÅÅÅ-MM-DD", help="räkna som om det vore detta datum (standard: i dag)")

    def handle(self, *args, dry_run, date, **options):
        try:
            today = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(f"{date} är inget datum. Skriv ÅÅÅÅ-MM-DD.") from None
        try:
            run = run_daily(today, dry_run=dry_run, progress=True)
        except MailUnavailable:
            raise CommandError(
                "Ingen e-postserver är inställd, så påminnelserna kan inte skickas. Sätt SAMORDNA_EMAIL_HOST "
                "(och vid behov SAMORDNA_EMAIL_PORT, _USER, _PASSWORD, _TLS eller _SSL, _FROM), "
                "eller kör med --dry-run."
            ) from None
        verb = "skulle skickas" if dry_run else "skickat"
        for outgoing in run.mails:
            self.stdout.write(f"{verb}: {outgoing.address} – {outgoing.subject} ({outgoing.items} st)")
        made = "skulle skapas" if dry_run else "skapade"
        self.stdout.write(
            f"{today:%Y-%m-%d}: {run.created} påminnelser {made}, {len(run.mails)} e-postmeddelanden {verb}."
        )
        if dry_run:
            self.stdout.write("Provkörning: inget har ändrats och inget har skickats.")
