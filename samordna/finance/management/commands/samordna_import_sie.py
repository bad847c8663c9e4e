"""`samordna import-sie --forbund SLUG --year YYYY FILE`: a budget year's outcome from a SIE 4 file, all or nothing."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from samordna.finance import imports
from samordna.tenancy.models import Forbund


def tqdm_progress(iterable, description, total=None):
    return tqdm(iterable, desc=description, total=total, unit=" rader", file=sys.stderr, leave=False)


def _shown(problem: str) -> str:
    link = getattr(problem, "link", "")
    return f"{problem} (se {link})" if link else str(problem)


class Command(BaseCommand):
    help = (
        "Läs in ett budgetårs utfall från en SIE 4-fil, som på budgetsidan. Filen ersätter det utfall som tidigare "
        "SIE-filer gav samma år. Inget sparas om filen har fel."
    )

    def add_arguments(self, parser):
        parser.add_argument("--forbund", required=True, metavar="SLUG", help="förbundets kortnamn")
        parser.add_argument("--year", required=True, type=int, metavar="ÅÅÅÅ", help="budgetåret som utfallet gäller")
        parser.add_argument("file", metavar="FIL", help="SIE 4-fil (PC8 eller UTF-8)")

    def handle(self, *args, forbund: str, year: int, file: str, **options):
        target = Forbund.objects.filter(slug=forbund).first()
        if target is None:
            known = ", ".join(Forbund.objects.order_by("slug").values_list("slug", flat=True)) or "inga"
            raise CommandError(f"Förbundet ”{forbund}” finns inte. Förbund som finns: {known}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Filen {file} finns inte.")
        try:
            count, warnings = imports.import_sie(None, target, year, path.read_bytes(), path.name, tqdm_progress)
        except imports.ImportRefused as refused:
            for error in refused.errors:
                self.stderr.write(_shown(error))
            raise CommandError(
                f"Inget lästes in: {len(refused.errors)} fel. Rätta filen enligt ovan och kör kommandot igen."
            ) from None
        for warning in warnings:
            self.stderr.write(self.style.WARNING(f"Varning: {_shown(warning)}"))
        self.stdout.write(f"Läste in {count} utfallsrader för {year} till {target.name}.")
