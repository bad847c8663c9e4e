"""`samordna report participants`: the participant report on the console, suppressed unless `--unsuppressed`."""

from __future__ import annotations

import datetime as dt
import sys

from django.core.management.base import CommandError

from samordna.interventions.models import Intervention
from samordna.lib.files import NotWritten, write_bytes_when_done
from samordna.tenancy.models import Forbund

from . import actions, queries, reports
from .rendering import sections, to_json, to_pdf, to_xlsx


def add_parser(kinds) -> None:
    parser = kinds.add_parser("participants", help="deltagarrapport för en period (små tal döljs som standard)")
    parser.add_argument("--forbund", required=True, metavar="SLUG", help="förbundets kortnamn")
    parser.add_argument("--insats", metavar="DNR", help="bara insatsen med detta diarienummer, t.ex. 2017:48")
    parser.add_argument("--from", dest="date_from", required=True, metavar="ÅÅÅÅ-MM-DD", help="periodens första dag")
    parser.add_argument("--to", dest="date_to", required=True, metavar="ÅÅÅÅ-MM-DD", help="periodens sista dag")
    parser.add_argument("--format", choices=["json", "xlsx", "pdf"], default="json")
    parser.add_argument("-o", "--output", metavar="FIL", help="skriv till filen (annars standard ut)")
    parser.add_argument(
        "--age-bands", metavar="GRUPPER", help="åldersgrupper, t.ex. 16-19,20-24,25-29,30-44,45-54,55-64,65+"
    )
    parser.add_argument(
        "--unsuppressed", action="store_true", help="exakta antal, även små (loggas i förbundets händelselogg)"
    )


def _date(text: str, flag: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"{flag} {text} går inte att tolka. Skriv datumet som ÅÅÅÅ-MM-DD.") from exc


def run(command, *, forbund, insats, date_from, date_to, format, output, unsuppressed, age_bands=None, **_) -> None:
    found = Forbund.objects.filter(slug=forbund).first()
    if found is None:
        known = ", ".join(Forbund.objects.order_by("slug").values_list("slug", flat=True)) or "inga"
        raise CommandError(f"Förbundet ”{forbund}” finns inte. Förbund som finns: {known}.")
    start, end = _date(date_from, "--from"), _date(date_to, "--to")
    if end < start:
        raise CommandError(f"--to {end} ligger före --from {start}. Byt plats på datumen.")
    covered = None
    if insats:
        pk = Intervention.objects.filter(forbund=found, registration_no=insats).values_list("pk", flat=True).first()
        if pk is None:
            known = ", ".join(found.interventions.order_by("registration_no").values_list("registration_no", flat=True))
            raise CommandError(f"Insatsen {insats} finns inte i {found.slug}. Insatser som finns: {known or 'inga'}.")
        covered = frozenset({pk})
    try:
        bands = queries.parse_age_bands(age_bands) if age_bands else queries.DEFAULT_AGE_BANDS
    except ValueError as exc:
        raise CommandError(f"--age-bands: {exc}") from exc
    threshold = None if unsuppressed else found.suppression_threshold
    report = reports.participants(found, start, end, covered, threshold, bands)
    if unsuppressed:
        actions.record_unsuppressed_release(
            None,
            found,
            report="participants",
            parameters={"insats": insats or "", "from": start.isoformat(), "to": end.isoformat(), "format": format},
        )
    if format == "json":
        data = (to_json(report) + "\n").encode()
    else:
        title = str(reports.TITLES["participants"])
        subtitle = f"{found.name} · {start} – {end}"
        parts = sections(reports.body(report), title)
        data = to_xlsx(parts, title, subtitle) if format == "xlsx" else to_pdf(parts, title, subtitle)
    if output:
        try:
            write_bytes_when_done(output, data)
        except NotWritten as exc:
            raise CommandError(str(exc)) from None
        command.stderr.write(f"Skrev {output}.")
    elif format == "json":
        command.stdout.write(data.decode(), ending="")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
