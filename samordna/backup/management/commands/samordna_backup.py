"""`samordna backup -o DIR`: every table and the uploaded files, from one consistent snapshot."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from samordna.backup.archive import BackupError, backup


def tqdm_progress(iterable, description, total=None):
    return tqdm(iterable, desc=description, total=total, unit=" rader", file=sys.stderr, leave=False)


def contents(manifest: dict) -> str:
    rows = sum(table["rows"] for table in manifest["tables"])
    return f"{rows} rader i {len(manifest['tables'])} tabeller och {len(manifest['media'])} filer"


class Command(BaseCommand):
    help = "Säkerhetskopiera hela databasen och de uppladdade filerna till en ny mapp."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, metavar="MAPP", help="en ny eller tom mapp")

    def handle(self, *args, output, **options):
        try:
            manifest = backup(Path(output), progress=tqdm_progress)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Säkerhetskopian finns i {output}: {contents(manifest)}.")
