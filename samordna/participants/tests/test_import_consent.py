"""Consent in the import file: `samtycke_datum;samtycke_satt` after the thirteen columns, required with a
personnummer as on the enrolment page, optional for files of anonymous rows; the export writes them too."""

import datetime as dt
import io

import pytest

from samordna.participants.identity import lookup_key
from samordna.participants.models import Consent, Participant, Participation
from samordna.participants.transfer import (
    ALL_COLUMNS,
    COLUMNS,
    ImportRefused,
    export_rows,
    import_file,
    write_csv,
)

from .people import ANNA

THIRTEEN = ";".join(COLUMNS)
FIFTEEN = ";".join(ALL_COLUMNS)
IDENTIFIED = "2017:48;850101-9809;;;2482;2019-03-01;AF;A_KASSA;ARBETSSOKANDE;;;;"
ANONYMOUS = "2017:48;;K;1975;;2019-05-01;KOMMUN;FORSORJNINGSSTOD;INGEN_SYSSELSATTNING;;;;"


def file(header: str, *rows: str) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def stored():
    return Participant.objects.count(), Participation.objects.count(), Consent.objects.count()


def refusals(world, data: bytes) -> set[tuple[int, str]]:
    before = stored()
    with pytest.raises(ImportRefused) as refused:
        import_file(world.a, data, "deltagare.csv")
    assert stored() == before
    return {(e.line, e.column) for e in refused.value.errors}


def test_a_file_without_the_consent_columns_still_imports_its_anonymous_rows(world):
    assert import_file(world.a, file(THIRTEEN, ANONYMOUS), "deltagare.csv").created == 1


def test_a_personnummer_without_consent_is_refused_as_on_the_enrolment_page(world):
    assert refusals(world, file(THIRTEEN, IDENTIFIED, ANONYMOUS)) == {(2, "samtycke_datum")}
    assert refusals(world, file(FIFTEEN, f"{IDENTIFIED};;")) == {(2, "samtycke_datum")}
    assert refusals(world, file(FIFTEEN, f"{IDENTIFIED};2019-01-10;")) == {(2, "samtycke_datum")}


def test_the_consent_from_the_file_is_stored(world):
    import_file(world.a, file(FIFTEEN, f"{IDENTIFIED};2019-02-20;muntligt"), "deltagare.csv")

    consent = Consent.objects.get(participant__lookup_key=lookup_key(ANNA))
    assert (consent.given_on, consent.method, consent.withdrawn_on) == (dt.date(2019, 2, 20), "ORAL", None)


def test_wrong_consent_cells_are_listed_by_column(world):
    rows = [
        f"{IDENTIFIED};2019-02-20;PER_TELEFON",
        f"{IDENTIFIED.replace('2019-03-01', '2019-03-02')};2019-03-03;SKRIFTLIGT",
        f"{ANONYMOUS};2019-02-20;DIGITALT",
        f"{IDENTIFIED.replace('2019-03-01', '2019-03-04')};20190220;DIGITALT",
    ]

    assert refusals(world, file(FIFTEEN, *rows)) == {
        (2, "samtycke_satt"),
        (2, "samtycke_datum"),  # no valid sätt: no consent, with a personnummer
        (3, "samtycke_datum"),  # after the enrolment
        (4, "samtycke_datum"),  # consent without a personnummer
        (5, "samtycke_datum"),  # not YYYY-MM-DD
    }


def test_one_consent_column_alone_is_refused_in_the_header(world):
    assert refusals(world, file(f"{THIRTEEN};samtycke_datum", f"{ANONYMOUS};")) == {(1, "samtycke_satt")}


def test_the_export_writes_the_consent_and_imports_again_unchanged(world):
    import_file(world.a, file(FIFTEEN, f"{IDENTIFIED};2019-02-20;DIGITALT", f"{ANONYMOUS};;"), "deltagare.csv")
    out = io.StringIO()
    write_csv(export_rows(world.a), out)
    lines = out.getvalue().splitlines()

    assert lines[0] == FIFTEEN
    assert lines[1].endswith(";2019-02-20;DIGITALT") and lines[2].endswith(";;")
    again = import_file(world.a, out.getvalue().encode(), "export.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
