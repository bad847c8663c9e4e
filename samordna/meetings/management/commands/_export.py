"""Shared by the export commands: find the förbund and its meeting on a date."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from samordna.lib.files import NotWritten, write_bytes_when_done
from samordna.meetings.queries import meeting_on
from samordna.tenancy.models import Forbund


class ExportCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("--forbund", required=True, help="förbundets kortnamn, t.ex. skelleftea-norsjo")
        parser.add_argument("--date", required=True, help="sammanträdets datum, ÅÅÅÅ-MM-DD")
        parser.add_argument("-o", "--output", required=True, help="PDF-fil att skriva")

    def meeting(self, options):
        forbund = Forbund.objects.filter(slug=options["forbund"]).first()
        if forbund is None:
            raise CommandError(f"Det finns inget förbund med kortnamnet {options['forbund']}.")
        try:
            day = dt.date.fromisoformat(options["date"])
        except ValueError:
            raise CommandError(f"{options['date']} är inget datum. Skriv ÅÅÅÅ-MM-DD.") from None
        meeting = meeting_on(forbund, day)
        if meeting is None:
            raise CommandError(f"{forbund.name} har inget sammanträde {day:%Y-%m-%d}.")
        return meeting

    def write(self, options, content: bytes) -> None:
        try:
            write_bytes_when_done(options["output"], content)
        except NotWritten as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Skrev {options['output']} ({len(content)} byte).")
