"""Benchmark of the participant import (run on demand, not part of the test suite).

    python benchmarks/import_participants.py [--rows 100000] [--configured-db]

Generates valid rows into a temporary CSV, imports them with `samordna import-participants`'s code path, and
prints rows per second next to a baseline measured in the same run: plain CSV parsing plus a bulk insert of the
same rows into a bare table, with no validation. By default everything runs in a temporary SQLite database;
with --configured-db it uses DATABASE_URL and rolls everything back at the end.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class Rollback(Exception):
    pass


def personnummer(i: int) -> str:
    from stdnum import luhn

    birth = dt.date(1950, 1, 1) + dt.timedelta(days=i // 900)
    body = f"{birth:%y%m%d}{100 + i % 900:03d}"
    return f"{birth:%Y}{body[2:]}{luhn.calc_check_digit(body)}"


def generate(path: Path, rows: int, regno: str) -> None:
    referrers = ["FK", "AF", "REGION", "KOMMUN", "ANNAN", "EGEN"]
    incomes = ["LON", "SJUKPENNING", "A_KASSA", "FORSORJNINGSSTOD", "AKTIVITETSERSATTNING", "INGEN", "OKAND"]
    before = ["ARBETE", "STUDIER", "ARBETSSOKANDE", "INGEN_SYSSELSATTNING", "OKAND"]
    after = [*before, "ANNAN_INSATS"]
    reasons = ["FULLFOLJD", "AVBRUTEN", "OVRIGT", "FELREGISTRERING"]
    kommuner = ["2482", "2417", "Skellefteå", ""]
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=";", lineterminator="\n")
        from samordna.participants.transfer import COLUMNS

        writer.writerow(COLUMNS)
        for i in range(rows):
            enrolled = dt.date(2019, 1, 1) + dt.timedelta(days=i % 700)
            anonymous = i % 10 >= 7
            row = [
                regno,
                "" if anonymous else personnummer(i),
                "KM"[i % 2] if anonymous else "",
                str(1960 + i % 40) if anonymous else "",
                kommuner[i % 4],
                f"{enrolled:%Y-%m-%d}",
                referrers[i % 6],
                incomes[i % 7],
                before[i % 5],
                "",
                "",
                "",
                "",
            ]
            if i % 3 == 0:
                reason = reasons[i % 4]
                row[9:13] = [
                    f"{enrolled + dt.timedelta(days=90):%Y-%m-%d}",
                    reason,
                    "" if reason == "FELREGISTRERING" else after[i % 6],
                    "" if reason == "FELREGISTRERING" else incomes[i % 7],
                ]
            writer.writerow(row)


def baseline(path: Path) -> float:
    """Parse the CSV and bulk-insert every row into a bare table: the floor any import has to pay."""
    from django.db import connection

    start = time.perf_counter()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))[1:]
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_raw_rows (" + ", ".join(f"c{i} text" for i in range(13)) + ")")
        placeholders = ", ".join(["%s"] * 13)
        for start_row in range(0, len(rows), 2000):
            cursor.executemany(
                f"INSERT INTO bench_raw_rows VALUES ({placeholders})", rows[start_row : start_row + 2000]
            )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--configured-db", action="store_true", help="use DATABASE_URL instead of a temporary SQLite")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="samordna-bench-"))
    os.environ.setdefault("SECRET_KEY", secrets.token_hex(32))
    os.environ["SAMORDNA_VAR_DIR"] = str(workdir)
    if not args.configured_db:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samordna.settings")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from samordna.interventions.models import Intervention, InterventionKind
    from samordna.participants.transfer import check_file, import_file, store
    from samordna.tenancy import actions
    from samordna.tenancy.models import Kommun, PartyType

    call_command("migrate", verbosity=0)
    csv_path = workdir / "deltagare.csv"
    try:
        with transaction.atomic():
            kommuner = [
                Kommun.objects.get_or_create(code=code, defaults={"name": name})[0]
                for code, name in [("2482", "Skellefteå"), ("2417", "Norsjö")]
            ]
            slug = f"bench-{secrets.token_hex(4)}"
            forbund = actions.create_forbund(None, slug=slug, name=f"Mätförbund {slug}", kommuner=kommuner)
            owner = actions.add_member(
                None, forbund, party_type=PartyType.KOMMUN, name="Skellefteå", kommun=kommuner[0]
            )
            Intervention.objects.create(
                forbund=forbund,
                registration_no="2019:1",
                name="Mätinsats",
                kind=InterventionKind.INDIVIDUAL,
                start_date=dt.date(2018, 1, 1),
                owner=owner,
            )
            started = time.perf_counter()
            generate(csv_path, args.rows, "2019:1")
            print(f"Genererade {args.rows} rader på {time.perf_counter() - started:.1f} s ({connection.vendor}).")

            base_seconds = baseline(csv_path)
            data = csv_path.read_bytes()
            started = time.perf_counter()
            rows, errors = check_file(forbund, data, csv_path.name)
            check_seconds = time.perf_counter() - started
            assert not errors, errors[:5]
            result = store(forbund, rows, None, csv_path.name)
            import_seconds = time.perf_counter() - started
            print(f"Kontroll {check_seconds:.1f} s, lagring {import_seconds - check_seconds:.1f} s")
            started = time.perf_counter()
            again = import_file(forbund, data, csv_path.name)
            reimport_seconds = time.perf_counter() - started
            assert result.created == args.rows and again.unchanged == args.rows

            base_rate, import_rate = args.rows / base_seconds, args.rows / import_seconds
            lines = [
                ("Baslinje (CSV-tolkning + massinsättning utan kontroller)", base_rate, base_seconds),
                ("Import (kontroll + lagring)", import_rate, import_seconds),
                ("Återimport av samma fil (inga ändringar)", args.rows / reimport_seconds, reimport_seconds),
            ]
            for label, rate, seconds in lines:
                print(f"{label:<58} {rate:>9,.0f} rader/s ({seconds:.1f} s)")
            print(f"Kvot baslinje/import: {base_rate / import_rate:.1f}")
            raise Rollback
    except Rollback:
        pass
    finally:
        csv_path.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
