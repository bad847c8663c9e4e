"""`samordna bench`: import, page latency under load, PDF and report timings, each next to a baseline."""

from __future__ import annotations

import datetime as dt
import os
import platform

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from samordna.stats import bench, bench_import, bench_load, bench_pages, bench_pdf
from samordna.stats.benchtable import format_table

PARTS = ("import", "load", "pdf", "report", "pages")


def parts(value: str) -> list[str]:
    chosen = [p.strip() for p in value.split(",") if p.strip()]
    unknown = [p for p in chosen if p not in PARTS]
    if unknown or not chosen:
        raise CommandError(f"Okänd del: {', '.join(unknown) or '(ingen)'}. Välj bland {', '.join(PARTS)}.")
    return chosen


def conditions() -> str:
    """Database, Python, cores and load, printed above the table: the figures mean little without them."""
    database = connection.vendor
    if database == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{dt.date.today():%Y-%m-%d} · {database} · {platform.python_implementation()} {platform.python_version()} · "
        f"{os.cpu_count()} kärnor · belastning (1, 5, 15 min) {load}"
    )


class Command(BaseCommand):
    help = (
        "Mäter Samordna i den konfigurerade databasen (använd en separat, t.ex. "
        "DATABASE_URL=postgres://postgres@127.0.0.1:5432/samordna_bench) och skriver en tabell där varje mätning "
        "står bredvid en baslinje från samma körning. import: deltagarimport i rader/s mot en massinsättning "
        "utan kontroller (allt rullas tillbaka). load: den riktiga servern (samordna serve) på 127.0.0.1 med "
        "demodata; --users virtuella användare loggar in med lösenord och engångskod och hämtar i tur och ordning "
        "/healthz/ (baslinjen), en deltagarsida och en statistiksida under --duration sekunder. Lastmodellen är "
        "sluten: varje användare har högst ett anrop ute och väntar sedan en betänketid (jämnt fördelad mellan "
        "0 och 2 × --think) före nästa, som en människa som tittar på sidan innan hon klickar vidare. Medelvärdet "
        "1 s är ett snabbt tempo, så 50 sådana användare motsvarar betydligt fler som läser. --think 0 mäter i "
        "stället kön hos en mättad server. Fel är alla svar utom 2xx. load och pdf kräver SAMORDNA_DEMO=1. "
        "pdf: protokollet som PDF mot samma protokoll som HTML och en PDF med en rad. report: deltagarrapporten "
        "mot den bästa SQL-frågan för samma tal (bara perioden, GROUPING SETS; kräver PostgreSQL) på syntetiska "
        "data, med den tidigare handskrivna frågan bredvid; sista raden är report_vs_sql_ratio=X.XX. "
        "Kvot = mätningens tid delad med baslinjens."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--only",
            type=parts,
            default=["import", "load", "pdf", "report"],
            help="delar att köra, kommaseparerat: import,load,pdf,report (standard) och pages",
        )
        parser.add_argument(
            "--scale", choices=sorted([*bench.SCALES, *bench.ALIASES]), default="small", help="datamängd för report"
        )
        parser.add_argument(
            "--roles",
            default="",
            help=f"pages: roller att gå igenom, kommaseparerat (standard alla): {', '.join(bench_pages.ROLE_NAMES)}",
        )
        parser.add_argument("--repeat", type=int, default=5, help="antal mätningar per fråga och PDF (median)")
        parser.add_argument("--rows", type=int, default=20_000, help="antal rader i importmätningen")
        parser.add_argument("--users", type=int, default=50, help="samtidiga virtuella användare i lastmätningen")
        parser.add_argument("--duration", type=float, default=60, help="lastmätningens längd i sekunder")
        parser.add_argument("--think", type=float, default=1.0, help="medelbetänketid i sekunder mellan anrop")
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_CONCURRENCY", "3")),
            help="serverns arbetsprocesser (som samordna serve)",
        )

    def handle(self, *args, only, scale, repeat, rows, users, duration, think, workers, **options):
        quiet = options["verbosity"] == 0
        write = self.stdout.write
        call_command("migrate", interactive=False, verbosity=0)
        table, ratio = [], None
        if "import" in only:
            table += bench_import.run(rows, write=write)
        if "load" in only:
            table += bench_load.run(users, duration, think, workers, quiet=quiet, write=write)
        if "pdf" in only:
            bench_load.ensure_demo(write)
            try:
                table += bench_pdf.run(repeat, write=write)
            except LookupError as exc:
                raise CommandError(str(exc)) from exc
        if "report" in only:
            report_rows, ratio = bench.run(scale, repeat=repeat, quiet=quiet, write=write)
            table += report_rows
        if "pages" in only:
            chosen = [r.strip() for r in options["roles"].split(",") if r.strip()] if options["roles"] else None
            unknown = [r for r in chosen or [] if r not in bench_pages.ROLE_NAMES]
            if unknown:
                raise CommandError(f"Okänd roll: {', '.join(unknown)}. Välj bland {', '.join(bench_pages.ROLE_NAMES)}.")
            table += bench_pages.run(write=write, roles=chosen)
        write("")
        write(conditions())
        write(format_table(table))
        if ratio is not None:
            write(f"report_vs_sql_ratio={ratio:.2f}")
