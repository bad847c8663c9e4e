"""`samordna restore DIR`: load a backup into an empty database, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from samordna.backup.archive import BackupError, restore

from .samordna_backup import contents, tqdm_progress


class Command(BaseCommand):
    help = "Återställ en säkerhetskopia till en tom databas. En databas med innehåll lämnas orörd."

    def add_arguments(self, parser):
        parser.add_argument("source", metavar="MAPP", help="mappen som `samordna backup` skrev")

    def handle(self, *args, source, **options):
        try:
            manifest = restore(Path(source), progress=tqdm_progress)
        except BackupError as error:
            raise CommandError(str(error)) from None
        made = manifest["created_at"][:16].replace("T", " ")
        self.stdout.write(f"Återställt från {source} (gjord {made}): {contents(manifest)}.")
