"""`samordna bench --only import`: the participant import in rows per second, next to a plain bulk insert.

Valid rows are generated into a temporary CSV file and imported through the same code as
`samordna import-participants` (check, then store). The baseline reads the same file and inserts every
row into a bare table with no checks: the floor any import has to pay. Everything (the förbund created
for the run included) is rolled back at the end, so the database is left as it was.
"""

from __future__ import annotations

import csv
import datetime as dt
import secrets
import tempfile
import time
from pathlib import Path

from django.db import connection, transaction

from .benchtable import Row, rate


class _Rollback(Exception):
    pass


def personnummer(i: int) -> str:
    from stdnum import luhn

    birth = dt.date(1950, 1, 1) + dt.timedelta(days=i // 900)
    body = f"{birth:%y%m%d}{100 + i % 900:03d}"
    return f"{birth:%Y}{body[2:]}{luhn.calc_check_digit(body)}"


def generate(path: Path, rows: int, regno: str) -> None:
    """`rows` valid import rows: identified and anonymous people, some discharged, various kommun spellings."""
    from samordna.participants.transfer import COLUMNS

    referrers = ["FK", "AF", "REGION", "KOMMUN", "ANNAN", "EGEN"]
    incomes = ["LON", "SJUKPENNING", "A_KASSA", "FORSORJNINGSSTOD", "AKTIVITETSERSATTNING", "INGEN", "OKAND"]
    before = ["ARBETE", "STUDIER", "ARBETSSOKANDE", "INGEN_SYSSELSATTNING", "OKAND"]
    after = [*before, "ANNAN_INSATS"]
    reasons = ["FULLFOLJD", "AVBRUTEN", "OVRIGT", "FELREGISTRERING"]
    kommuner = ["2482", "2417", "Skellefteå", ""]
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=";", lineterminator="\n")
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
    """Parse the CSV and bulk-insert every row into a bare table: seconds taken."""
    start = time.perf_counter()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))[1:]
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_raw_rows (" + ", ".join(f"c{i} text" for i in range(13)) + ")")
        placeholders = ", ".join(["%s"] * 13)
        for start_row in range(0, len(rows), 2000):
            cursor.executemany(
                f"INSERT INTO bench_raw_rows VALUES ({placeholders})",  # noqa: S608  # fixed text  # nosec B608
                rows[start_row : start_row + 2000],
            )
    return time.perf_counter() - start


def _bench_forbund():
    from samordna.interventions.models import Intervention, InterventionKind
    from samordna.tenancy import actions
    from samordna.tenancy.models import Kommun, PartyType

    kommuner = [
        Kommun.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in [("2482", "Skellefteå"), ("2417", "Norsjö")]
    ]
    slug = f"bench-import-{secrets.token_hex(4)}"
    forbund = actions.create_forbund(None, slug=slug, name=f"Mätförbund {slug}", kommuner=kommuner)
    owner = actions.add_member(None, forbund, party_type=PartyType.KOMMUN, name="Skellefteå", kommun=kommuner[0])
    Intervention.objects.create(
        forbund=forbund,
        registration_no="2019:1",
        name="Mätinsats",
        kind=InterventionKind.INDIVIDUAL,
        start_date=dt.date(2018, 1, 1),
        owner=owner,
    )
    return forbund


def run(rows: int, write=print) -> list[Row]:
    from samordna.participants.transfer import check_file, import_file, store

    out: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="samordna-bench-") as workdir:
        csv_path = Path(workdir) / "deltagare.csv"
        try:
            with transaction.atomic():
                forbund = _bench_forbund()
                generate(csv_path, rows, "2019:1")
                base_seconds = baseline(csv_path)
                data = csv_path.read_bytes()
                started = time.perf_counter()
                checked, errors = check_file(forbund, data, csv_path.name)
                if errors:
                    raise AssertionError(f"De genererade raderna borde vara felfria: {errors[:5]}")
                result = store(forbund, checked, None, csv_path.name)
                import_seconds = time.perf_counter() - started
                started = time.perf_counter()
                again = import_file(forbund, data, csv_path.name)
                reimport_seconds = time.perf_counter() - started
                if result.created != rows or again.unchanged != rows:
                    raise AssertionError("Importen lagrade inte alla rader, eller ändrade dem vid återimport.")
                raise _Rollback
        except _Rollback:
            pass
    base_rate = rows / base_seconds
    write(f"import_rows={rows} import_s={import_seconds:.1f} reimport_s={reimport_seconds:.1f}")
    write(f"import_baseline_s={base_seconds:.1f}")
    out.append(
        Row(
            "import",
            f"deltagarimport, {rows} rader",
            rate(rows / import_seconds, "rader"),
            "massinsättning utan kontroller",
            rate(base_rate, "rader"),
            base_rate / (rows / import_seconds),
        )
    )
    out.append(
        Row(
            "import",
            "återimport av samma fil",
            rate(rows / reimport_seconds, "rader"),
            "massinsättning utan kontroller",
            rate(base_rate, "rader"),
            base_rate / (rows / reimport_seconds),
        )
    )
    return out
