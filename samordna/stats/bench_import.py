"""`samordna bench --only import`: the participant import in rows per second, next to COPY of the same file.

Valid rows are generated into a temporary CSV file and imported through the same code as
`samordna import-participants` and the import job (check, then store). The baseline, in the same run, is COPY
of the same file into a bare table with no keys and no checks: the floor any import has to pay (on SQLite, which
has no COPY, a plain bulk insert). The stored stays are checked against the file through the export, the peak
memory is taken in a run of its own, and everything (the förbund created for the run included) is rolled back at
the end, so the database is left as it was.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import secrets
import tempfile
import time
import tracemalloc
from collections import Counter
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


KOMMUN_CODES = {"2482": "2482", "2417": "2417", "Skellefteå": "2482", "": ""}


def expected_export(row: list[str]) -> tuple[str, ...]:
    """What the export gives for a generated row: personnummer, sex and birth year as stored, the kommun's code."""
    values = list(row)
    pnr = values[1]
    if pnr:
        values[2] = "M" if int(pnr[10]) % 2 else "K"
        values[3] = pnr[:4]
    values[4] = KOMMUN_CODES[values[4]]
    return tuple(values)


def generate(path: Path, rows: int, regno: str) -> Counter:
    """`rows` valid import rows: identified people with consent and anonymous people, some discharged, various
    kommun spellings. Returns the rows the export should give back once the file is imported."""
    from samordna.participants.transfer import ALL_COLUMNS

    referrers = ["FK", "AF", "REGION", "KOMMUN", "ANNAN", "EGEN"]
    incomes = ["LON", "SJUKPENNING", "A_KASSA", "FORSORJNINGSSTOD", "AKTIVITETSERSATTNING", "INGEN", "OKAND"]
    before = ["ARBETE", "STUDIER", "ARBETSSOKANDE", "INGEN_SYSSELSATTNING", "OKAND"]
    after = [*before, "ANNAN_INSATS"]
    reasons = ["FULLFOLJD", "AVBRUTEN", "OVRIGT", "FELREGISTRERING"]
    kommuner = list(KOMMUN_CODES)
    consents = ["SKRIFTLIGT", "DIGITALT", "MUNTLIGT"]
    expected: Counter = Counter()
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=";", lineterminator="\n")
        writer.writerow(ALL_COLUMNS)
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
                "" if anonymous else f"{enrolled - dt.timedelta(days=i % 30):%Y-%m-%d}",
                "" if anonymous else consents[i % 3],
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
            expected[expected_export(row)] += 1
    return expected


def copy_baseline(path: Path, rows: int) -> float:
    """COPY of the same file into a bare table of text columns (no keys, no checks): the floor of any import.

    Seconds taken, from reading the file to the end of the COPY; the table goes with the run's rollback."""
    from samordna.participants.transfer import ALL_COLUMNS

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_raw_rows (" + ", ".join(f"{c} text" for c in ALL_COLUMNS) + ")")
        started = time.perf_counter()
        statement = "COPY bench_raw_rows FROM STDIN (FORMAT csv, DELIMITER ';', HEADER true, ENCODING 'UTF8')"
        with path.open("rb") as handle, cursor.copy(statement) as copy:
            while chunk := handle.read(1 << 16):
                copy.write(chunk)
        seconds = time.perf_counter() - started
        cursor.execute("SELECT count(*) FROM bench_raw_rows")
        if cursor.fetchone()[0] != rows:
            raise AssertionError("COPY lagrade inte alla rader.")
    return seconds


def insert_baseline(path: Path) -> float:
    """Where there is no COPY (SQLite): parse the CSV and insert every row into a bare table, seconds taken."""
    started = time.perf_counter()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))[1:]
    width = len(rows[0]) if rows else 0
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_raw_rows (" + ", ".join(f"c{i} text" for i in range(width)) + ")")
        placeholders = ", ".join(["%s"] * width)
        for start_row in range(0, len(rows), 2000):
            cursor.executemany(
                f"INSERT INTO bench_raw_rows VALUES ({placeholders})",  # noqa: S608  # fixed text  # nosec B608
                rows[start_row : start_row + 2000],
            )
    return time.perf_counter() - started


def _bench_forbund():
    from samordna.interventions.actions import set_data_controller
    from samordna.interventions.models import ControllerKind, Intervention, InterventionKind
    from samordna.tenancy import actions
    from samordna.tenancy.models import Kommun, PartyType

    kommuner = [
        Kommun.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in [("2482", "Skellefteå"), ("2417", "Norsjö")]
    ]
    slug = f"bench-import-{secrets.token_hex(4)}"
    forbund = actions.create_forbund(None, slug=slug, name=f"Mätförbund {slug}", kommuner=kommuner)
    owner = actions.add_member(None, forbund, party_type=PartyType.KOMMUN, name="Skellefteå", kommun=kommuner[0])
    insats = Intervention.objects.create(
        forbund=forbund,
        registration_no="2019:1",
        name="Mätinsats",
        kind=InterventionKind.INDIVIDUAL,
        start_date=dt.date(2018, 1, 1),
        owner=owner,
    )
    # Participants are imported only into an insats whose controller is named.
    set_data_controller(None, insats, kind=ControllerKind.MEMBERS, members=[owner])
    return forbund


def deferred_checks() -> None:
    """Run the foreign-key checks PostgreSQL defers to the commit, which a rolled-back run would never pay."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def exported(forbund) -> Counter:
    from samordna.participants.transfer import export_rows

    rows = export_rows(forbund)
    next(rows)
    return Counter(tuple(row) for row in rows)


def peak_memory(data: bytes, name: str) -> int:
    """The most memory (bytes, tracemalloc) the import of `data` holds at once, into a förbund of its own that is
    rolled back: a run of its own, since tracing slows the import down."""
    from samordna.participants.transfer import import_file

    gc.collect()
    tracemalloc.start()
    try:
        with transaction.atomic():
            import_file(_bench_forbund(), data, name)
            raise _Rollback
    except _Rollback:
        pass
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


def run(rows: int, write=print) -> list[Row]:
    from samordna.participants.transfer import import_file

    out: list[Row] = []
    postgres = connection.vendor == "postgresql"
    with tempfile.TemporaryDirectory(prefix="samordna-bench-") as workdir:
        csv_path = Path(workdir) / "deltagare.csv"
        try:
            with transaction.atomic():
                forbund = _bench_forbund()
                expected = generate(csv_path, rows, "2019:1")
                base_seconds = copy_baseline(csv_path, rows) if postgres else insert_baseline(csv_path)
                data = csv_path.read_bytes()
                gc.collect()
                started = time.perf_counter()
                result = import_file(forbund, data, csv_path.name)  # check, then store: as the import job does
                deferred_checks()
                import_seconds = time.perf_counter() - started
                if result.created != rows or exported(forbund) != expected:
                    raise AssertionError("Importen lagrade inte raderna som filen anger.")
                peak = peak_memory(data, csv_path.name)
                started = time.perf_counter()
                again = import_file(forbund, data, csv_path.name)
                deferred_checks()
                reimport_seconds = time.perf_counter() - started
                if again.unchanged != rows:
                    raise AssertionError("Återimporten av samma fil ändrade rader.")
                raise _Rollback
        except _Rollback:
            pass
    baseline_name = "COPY av samma fil till en tom tabell" if postgres else "massinsättning utan kontroller"
    base_rate = rows / base_seconds
    ratio = import_seconds / base_seconds
    write(
        f"import_rows={rows} import_s={import_seconds:.2f} reimport_s={reimport_seconds:.2f} "
        f"baseline_s={base_seconds:.2f} import_rows_per_s={rows / import_seconds:.0f} "
        f"import_vs_copy_ratio={ratio:.1f} import_peak_mb={peak / 1e6:.0f}"
    )
    out.append(
        Row(
            "import",
            f"deltagarimport, {rows} rader",
            rate(rows / import_seconds, "rader"),
            baseline_name,
            rate(base_rate, "rader"),
            ratio,
            "≤ 15" if postgres else "",
        )
    )
    out.append(
        Row(
            "import",
            "återimport av samma fil",
            rate(rows / reimport_seconds, "rader"),
            baseline_name,
            rate(base_rate, "rader"),
            reimport_seconds / base_seconds,
        )
    )
    out.append(Row("import", "importens största minnesanvändning", f"{peak / 1e6:.0f} MB", "", "", None, "< 200 MB"))
    return out
