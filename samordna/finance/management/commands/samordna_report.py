"""`samordna report KIND ...`: reports on the console. `economy` is the economic report of a förbund's year."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from samordna.finance import queries, rendering
from samordna.lib.files import NotWritten, write_bytes_when_done
from samordna.stats import console as stats_console
from samordna.tenancy.models import Forbund


def _write(output: str, data: bytes) -> None:
    try:
        write_bytes_when_done(output, data)
    except NotWritten as exc:
        raise CommandError(str(exc)) from None


class Command(BaseCommand):
    help = (
        "Skriver ut rapporter. Rapportslag: economy (ekonomisk rapport med prognos, tak och utrymme), "
        "participants (deltagarrapport)."
    )

    def add_arguments(self, parser):
        kinds = parser.add_subparsers(dest="kind", required=True, title="rapportslag")
        economy = kinds.add_parser("economy", help="ekonomisk rapport för ett år")
        economy.add_argument("--forbund", required=True, metavar="SLUG", help="förbundets kortnamn")
        economy.add_argument("--year", required=True, type=int, metavar="ÅÅÅÅ", help="budgetåret")
        economy.add_argument(
            "--date", metavar="ÅÅÅÅ-MM-DD", help="rapportdatum (standard: i dag, eller årets sista dag)"
        )
        economy.add_argument("--format", choices=["json", "xlsx", "pdf"], default="json")
        economy.add_argument("-o", "--output", metavar="FIL", help="skriv till filen (krävs för xlsx och pdf)")
        stats_console.add_parser(kinds)

    def handle(self, *args, kind: str, **options):
        if kind == "economy":
            self.economy(**options)
        elif kind == "participants":
            stats_console.run(self, **options)

    def economy(self, *, forbund: str, year: int, date: str | None, format: str, output: str | None, **_):
        found = Forbund.objects.filter(slug=forbund).first()
        if found is None:
            known = ", ".join(Forbund.objects.order_by("slug").values_list("slug", flat=True)) or "inga"
            raise CommandError(f"Förbundet ”{forbund}” finns inte. Förbund som finns: {known}.")
        try:
            on = dt.date.fromisoformat(date) if date else None
        except ValueError as exc:
            raise CommandError(f"Datumet ”{date}” går inte att tolka. Skriv det som ÅÅÅÅ-MM-DD.") from exc
        if on is not None and on.year != year:
            raise CommandError(f"Rapportdatumet {on.isoformat()} ligger inte i år {year}.")
        report = queries.economic_report(found, year, on)
        if format == "json":
            text = rendering.economy_json(report)
            if output:
                _write(output, (text + "\n").encode())
            else:
                self.stdout.write(text)
            return
        if not output:
            raise CommandError(f"Ange en fil med -o för formatet {format}, till exempel -o rapport.{format}.")
        data = (
            rendering.economy_xlsx(report, found.name)
            if format == "xlsx"
            else rendering.economy_pdf(report, found.name)
        )
        _write(output, data)
        self.stdout.write(f"Skrev {output}.")
