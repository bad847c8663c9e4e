"""`samordna export-participants --forbund SLUG --format csv|xlsx -o FILE`: the import format, for round trips."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from samordna.audit.actions import log_read
from samordna.lib.files import NotWritten, replaced_when_done
from samordna.participants.transfer import EXPORT_READ, export_rows, record_export, write_csv, write_xlsx
from samordna.tenancy.models import Forbund

from .samordna_import_participants import tqdm_progress


class Command(BaseCommand):
    help = "Skriv ut förbundets deltagande i importformatet (personnummer som ÅÅÅÅMMDDNNNN)."

    def add_arguments(self, parser):
        parser.add_argument("--forbund", required=True, help="förbundets kortnamn")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv", dest="fmt")
        parser.add_argument("-o", "--output", required=True, help="filen som skrivs")

    def handle(self, *args, forbund, fmt, output, **options):
        target = Forbund.objects.filter(slug=forbund).first()
        if target is None:
            raise CommandError(f"Förbundet {forbund} finns inte. Ange förbundets kortnamn.")
        path = Path(output)
        rows = export_rows(target, tqdm_progress)
        # An export stopped halfway leaves no half file that could be taken for the whole one.
        try:
            with replaced_when_done(path) as partial:
                if fmt == "xlsx":
                    count = write_xlsx(rows, partial)
                else:
                    with partial.open("w", encoding="utf-8-sig", newline="") as out:
                        count = write_csv(rows, out)
        except NotWritten as exc:
            raise CommandError(str(exc)) from None
        record_export(target, None, fmt, count)
        # Every personnummer of the förbund left through the console: the read log says so, by the OS account.
        log_read(None, target, EXPORT_READ, query=f"export-participants --format {fmt}", purpose=f"{count} rader")
        self.stdout.write(f"Skrev {count} rader till {path}.")
