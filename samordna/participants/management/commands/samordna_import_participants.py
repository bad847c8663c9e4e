"""`samordna import-participants --forbund SLUG FILE`: all-or-nothing import of participant stays."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from samordna.participants.transfer import ImportRefused, import_file
from samordna.tenancy.models import Forbund


def tqdm_progress(iterable, description, total=None):
    return tqdm(iterable, desc=description, total=total, unit=" rader", file=sys.stderr, leave=False)


class Command(BaseCommand):
    help = "Läs in deltagare från en CSV- eller XLSX-fil. Inget sparas om någon rad är fel."

    def add_arguments(self, parser):
        parser.add_argument("--forbund", required=True, help="förbundets kortnamn, t.ex. uppsala-lan")
        parser.add_argument("file", help="CSV (; eller ,) eller XLSX med importformatets kolumner")

    def handle(self, *args, forbund, file, **options):
        target = Forbund.objects.filter(slug=forbund).first()
        if target is None:
            raise CommandError(f"Förbundet {forbund} finns inte. Ange förbundets kortnamn.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Filen {file} finns inte.")
        try:
            result = import_file(target, path.read_bytes(), path.name, None, tqdm_progress)
        except ImportRefused as refused:
            for error in refused.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"Inget importerades: {len(refused.errors)} fel. Rätta raderna ovan och kör kommandot igen."
            ) from None
        self.stdout.write(
            f"Importerade {result.rows} rader till {target.name}: {result.created} nya, "
            f"{result.updated} ändrade, {result.unchanged} oförändrade"
            + (
                f", {result.withdrawn} av personer som återkallat samtycket (lämnade som de var)."
                if result.withdrawn
                else "."
            )
        )
