"""The import/export contract: all-or-nothing, every wrong row listed, idempotent, and export → import round-trips."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from conftest import make_controller
from samordna import cli
from samordna.audit.models import AuditEvent
from samordna.interventions.models import Intervention, InterventionKind
from samordna.participants.identity import lookup_key
from samordna.participants.models import Consent, IdentityMode, Participant, Participation
from samordna.participants.transfer import ALL_COLUMNS, COLUMNS, ImportRefused, export_rows, import_file, write_csv

from .people import ANNA, BO

HEADER = ";".join(ALL_COLUMNS)
CONSENT = "2019-01-15;SKRIFTLIGT"
GOOD_ROWS = [
    # identified, active; ten digits with '-' and kon/fodelsear left empty (derived)
    "2017:48;850101-9809;;;Skellefteå;2019-03-01;AF;A_KASSA;ARBETSSOKANDE;;;;",
    # identified, discharged to work
    f"2017:48;{BO};M;1990;2482;2019-04-01;FK;SJUKPENNING;INGEN_SYSSELSATTNING;2019-12-20;FULLFOLJD;ARBETE;LON",
    # anonymous, voided
    "2017:48;;K;1975;;2019-05-01;KOMMUN;FORSORJNINGSSTOD;INGEN_SYSSELSATTNING;2019-05-01;FELREGISTRERING;;",
    # two identical anonymous rows are two people
    "2017:48;;M;2001;Norsjö;2019-06-01;EGEN;INGEN;STUDIER;2019-09-30;AVBRUTEN;ANNAN_INSATS;AKTIVITETSSTOD",
    "2017:48;;M;2001;Norsjö;2019-06-01;EGEN;INGEN;STUDIER;2019-09-30;AVBRUTEN;ANNAN_INSATS;AKTIVITETSSTOD",
]


def with_consent(row: str) -> str:
    """A row of the thirteen columns with the consent columns after: filled in where it has a personnummer."""
    cells = row.split(";")
    if len(cells) != len(COLUMNS):
        return row
    return f"{row};{CONSENT}" if cells[1] else f"{row};;"


def csv_bytes(rows, header=HEADER, delimiter=";", bom=True):
    if header == HEADER:
        rows = [with_consent(row) for row in rows]
    text = "\n".join([header, *rows]).replace(";", delimiter) + "\n"
    return ("\ufeff" if bom else "").encode() + text.encode()


def xlsx_bytes(rows):
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.append(ALL_COLUMNS)
    for row in rows:
        cells: list = with_consent(row).split(";")
        # Spreadsheets turn numbers and dates into numbers and dates; the import must read them back.
        cells[3] = int(cells[3]) if cells[3] else None
        cells[5] = dt.datetime.fromisoformat(cells[5])
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def stored():
    return Participant.objects.count(), Participation.objects.count(), Consent.objects.count()


def test_a_good_file_is_stored_with_derived_and_anonymous_people(world):
    result = import_file(world.a, csv_bytes(GOOD_ROWS), "deltagare.csv")

    assert (result.rows, result.created, result.updated, result.unchanged) == (5, 5, 0, 0)
    assert stored() == (5, 5, 2)
    anna = Participant.objects.get(lookup_key=lookup_key(ANNA))
    assert anna.home_kommun is not None
    assert (anna.sex, anna.birth_year, anna.home_kommun.code) == ("K", 1985, "2482")
    assert (anna.consents.get().given_on, anna.consents.get().method) == (dt.date(2019, 1, 15), "WRITTEN")
    assert Participant.objects.filter(identity_mode=IdentityMode.ANONYMOUS).count() == 3
    event = AuditEvent.objects.get(action="participants.import")
    assert event.changes["created"] == 5 and ANNA not in str(event.changes)


def test_reimporting_the_same_file_creates_no_duplicates(world):
    import_file(world.a, csv_bytes(GOOD_ROWS), "deltagare.csv")

    again = import_file(world.a, csv_bytes(GOOD_ROWS), "deltagare.csv")

    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert stored() == (5, 5, 2)


def test_reimport_with_a_discharge_updates_the_stay(world):
    import_file(world.a, csv_bytes(GOOD_ROWS), "deltagare.csv")
    rows = list(GOOD_ROWS)
    rows[0] = (
        "2017:48;198501019809;K;1985;2482;2019-03-01;AF;A_KASSA;ARBETSSOKANDE;2019-10-01;FULLFOLJD;STUDIER;STUDIEMEDEL"
    )

    result = import_file(world.a, csv_bytes(rows), "deltagare.csv")

    assert (result.created, result.updated) == (0, 1)
    stay = Participation.objects.get(participant__lookup_key=lookup_key(ANNA))
    assert (stay.discharge_date, stay.occupation_after) == (dt.date(2019, 10, 1), "STUDIER")


def test_one_bad_row_in_the_middle_stores_nothing(world):
    rows = list(GOOD_ROWS)
    rows.insert(2, "2017:48;850101-9808;;;;2019-03-01;AF;A_KASSA;ARBETSSOKANDE;;;;")
    before = (stored(), AuditEvent.objects.count())

    with pytest.raises(ImportRefused) as excinfo:
        import_file(world.a, csv_bytes(rows), "deltagare.csv")

    messages = [str(e) for e in excinfo.value.errors]
    assert len(messages) == 1
    assert messages[0].startswith("rad 4: personnummer: ")
    assert "kontrollsiffra" in messages[0]
    assert (stored(), AuditEvent.objects.count()) == before


def test_every_wrong_row_is_listed_with_column_and_fix(world):
    rows = [
        "2099:1;;K;1980;;2019-03-01;AF;A_KASSA;ARBETSSOKANDE;;;;",
        "2017:48;850101-9809;M;;;2019-03-01;AF;A_KASSA;ARBETSSOKANDE;;;;",
        "2017:48;;;;;2019-03-01;AF;A_KASSA;ARBETSSOKANDE;;;;",
        "2017:48;;K;1980;;2019-3-1;XX;A_KASSA;ANNAN_INSATS;;;;",
        "2017:48;;K;1980;Atlantis;2019-03-01;AF;A_KASSA;ARBETSSOKANDE;2019-02-01;AVBRUTEN;;",
        "2017:48;;K;1980;;2019-03-01;AF;A_KASSA;ARBETSSOKANDE;;FULLFOLJD;;",
        "2019:3;;K;1980;;2019-03-01;AF;A_KASSA;ARBETSSOKANDE;;;;",
    ]

    with pytest.raises(ImportRefused) as excinfo:
        import_file(world.a, csv_bytes(rows), "fel.csv")

    found = {(e.line, e.column) for e in excinfo.value.errors}
    assert found == {
        (2, "insats"),
        (3, "kon"),
        (4, "kon"),
        (4, "fodelsear"),
        (5, "inskrivningsdatum"),
        (5, "remittent"),
        (5, "sysselsattning_fore"),
        (6, "kommun"),
        (6, "utskrivningsdatum"),
        (6, "sysselsattning_efter"),
        (6, "forsorjning_efter"),
        (7, "avslutsorsak"),
        (8, "insats"),
    }
    text = "\n".join(str(e) for e in excinfo.value.errors)
    assert "rad 2: insats: 2099:1 är ingen insats i förbundet" in text
    assert "rad 3: kon: M stämmer inte med personnumret, som anger K" in text
    assert "rad 5: inskrivningsdatum: 2019-3-1 är inget giltigt datum. Skriv ÅÅÅÅ-MM-DD." in text
    assert "rad 8: insats: Insatsen 2019:3 är strukturövergripande" in text
    assert not Participation.objects.exists()


def test_duplicate_person_in_the_same_insats_and_date_is_an_error(world):
    rows = [GOOD_ROWS[0], GOOD_ROWS[1], "2017:48;198501019809;;;;2019-03-01;AF;A_KASSA;ARBETSSOKANDE;;;;"]

    with pytest.raises(ImportRefused) as excinfo:
        import_file(world.a, csv_bytes(rows), "dubblett.csv")

    assert [str(e) for e in excinfo.value.errors] == [
        "rad 4: personnummer: Samma person är redan inskriven i insatsen samma datum på rad 2. Ta bort dubbletten."
    ]


def test_the_header_must_have_exactly_the_columns(world):
    header = HEADER.replace("remittent", "referent")

    with pytest.raises(ImportRefused) as excinfo:
        import_file(world.a, csv_bytes(GOOD_ROWS, header=header), "x.csv")

    assert {str(e).split(":")[1].strip() for e in excinfo.value.errors} == {"remittent", "referent"}
    assert all(e.line == 1 for e in excinfo.value.errors)


@pytest.mark.parametrize(("delimiter", "bom"), [(",", False), (",", True), (";", False)])
def test_csv_with_comma_or_semicolon_with_or_without_bom(world, delimiter, bom):
    result = import_file(world.a, csv_bytes(GOOD_ROWS, delimiter=delimiter, bom=bom), "deltagare.csv")
    assert result.created == 5


def test_xlsx_is_read_like_csv(world):
    result = import_file(world.a, xlsx_bytes(GOOD_ROWS), "deltagare.xlsx")

    assert result.created == 5
    assert Participation.objects.get(participant__lookup_key=lookup_key(BO)).discharge_reason == "FULLFOLJD"
    again = import_file(world.a, csv_bytes(GOOD_ROWS), "deltagare.csv")
    assert again.unchanged == 5


def test_export_then_import_round_trips(world):
    import_file(world.a, csv_bytes(GOOD_ROWS), "deltagare.csv")
    out = io.StringIO()
    write_csv(export_rows(world.a), out)
    exported = out.getvalue()
    assert exported.splitlines()[0] == HEADER
    assert "2017:48;198501019809;K;1985;2482;2019-03-01;AF;A_KASSA;ARBETSSOKANDE;;;;" in exported

    same = import_file(world.a, exported.encode(), "export.csv")
    assert (same.created, same.updated, same.unchanged) == (0, 0, 5)

    # Into another förbund with an insats of the same number: the same rows come out again.
    copy = Intervention.objects.create(
        forbund=world.b,
        registration_no="2017:48",
        name="Kopia",
        kind=InterventionKind.INDIVIDUAL,
        start_date=dt.date(2018, 1, 1),
        end_date=dt.date(2021, 12, 31),
    )
    make_controller(copy, world.members_b["1261"])
    copied = import_file(world.b, exported.encode(), "export.csv")
    assert copied.created == 5
    again = io.StringIO()
    write_csv(export_rows(world.b), again)
    assert again.getvalue() == exported


def test_withdrawn_consent_still_round_trips_as_anonymous(world):
    from samordna.participants import actions

    import_file(world.a, csv_bytes(GOOD_ROWS), "deltagare.csv")
    actions.withdraw_consent(
        None, Participant.objects.get(lookup_key=lookup_key(ANNA)), withdrawn_on=dt.date(2019, 6, 1)
    )
    out = io.StringIO()
    write_csv(export_rows(world.a), out)

    result = import_file(world.a, out.getvalue().encode(), "export.csv")

    assert "198501019809" not in out.getvalue()
    assert (result.created, result.unchanged) == (0, 5)


def test_the_console_commands_and_their_exit_status(world, tmp_path, capsys, monkeypatch):
    # A console run closes its database connections when done; the test's transaction must survive it.
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
    bad = tmp_path / "fel.csv"
    bad.write_bytes(csv_bytes([GOOD_ROWS[0], "2017:48;;X;1980;;2019-03-01;AF;A_KASSA;ARBETSSOKANDE;;;;"]))
    good = tmp_path / "deltagare.csv"
    good.write_bytes(csv_bytes(GOOD_ROWS))

    with pytest.raises(SystemExit) as exit_info:
        cli.main(["import-participants", "--forbund", "alfa", str(bad)])
    assert exit_info.value.code != 0
    err = capsys.readouterr().err
    assert "rad 3: kon: X är inget giltigt kön. Ange K eller M." in err
    assert not Participation.objects.exists()

    cli.main(["import-participants", "--forbund", "alfa", str(good)])
    assert "5 nya" in capsys.readouterr().out

    for fmt in ("csv", "xlsx"):
        target = tmp_path / f"ut.{fmt}"
        cli.main(["export-participants", "--forbund", "alfa", "--format", fmt, "-o", str(target)])
        call_command("samordna_import_participants", "--forbund", "alfa", str(target))
        assert "0 nya, 0 ändrade, 5 oförändrade" in capsys.readouterr().out
    sheet = load_workbook(tmp_path / "ut.xlsx").active
    assert isinstance(sheet, Worksheet)
    assert [c.value for c in next(sheet.iter_rows(max_row=1))] == ALL_COLUMNS
    assert stored() == (5, 5, 2)


def test_web_import_previews_errors_then_stores_on_confirmation(world, login_as):
    client = login_as(world.people.handler)
    url = reverse("participants:import", args=["alfa"])
    bad = io.BytesIO(csv_bytes([GOOD_ROWS[0], "2017:48;;;;;2019-03-01;AF;A_KASSA;ARBETSSOKANDE;;;;"]))
    bad.name = "fel.csv"

    response = client.post(url, {"step": "check", "file": bad}, follow=True)
    assert response.redirect_chain[0][0].startswith("/jobb/")
    assert "rad 3: kon: Ange K eller M." in response.content.decode()
    assert not Participation.objects.exists()

    good = io.BytesIO(csv_bytes(GOOD_ROWS))
    good.name = "deltagare.csv"
    response = client.post(url, {"step": "check", "file": good}, follow=True)
    assert "alla 5 rader är rätt" in response.content.decode()
    assert not Participation.objects.exists()

    check = response.context["job"]
    response = client.post(url, {"step": "confirm", "job": str(check.pk)})
    assert response.status_code == 302
    assert Participation.objects.count() == 5


def test_a_handler_imports_only_into_own_insatser(world, login_as, second):
    rows = [GOOD_ROWS[0], "2020:7;;K;1980;;2020-03-01;AF;A_KASSA;ARBETSSOKANDE;;;;"]

    with pytest.raises(ImportRefused) as excinfo:
        import_file(world.a, csv_bytes(rows), "x.csv", actor=world.people.handler)

    assert [str(e) for e in excinfo.value.errors] == [
        "rad 3: insats: Du är inte deltagaransvarig för 2020:7. Ta bort raden eller be insatsens deltagaransvarig "
        "importera den."
    ]
    assert import_file(world.a, csv_bytes(rows[:1]), "x.csv", actor=world.people.handler).created == 1


@pytest.mark.parametrize("persona", ["admin", "office", "board", "colleague", "dpo"])
def test_other_roles_cannot_import(world, login_as, persona):
    client = login_as(getattr(world.people, persona))
    url = reverse("participants:import", args=["alfa"])
    upload = io.BytesIO(csv_bytes(GOOD_ROWS))
    upload.name = "deltagare.csv"
    before = (stored(), AuditEvent.objects.count())

    assert client.get(url).status_code == 403
    assert client.post(url, {"step": "check", "file": upload}).status_code == 403
    assert client.post(url, {"step": "confirm"}).status_code == 403
    assert (stored(), AuditEvent.objects.count()) == before


def test_a_row_with_a_birth_after_the_enrolment_is_listed_and_nothing_is_stored(world):
    from samordna.participants.fictional import fictional_personnummer

    late = fictional_personnummer("20190501", 0, "K")
    rows = [*GOOD_ROWS, f"2017:48;{late};;;;2019-03-01;AF;A_KASSA;ARBETSSOKANDE;;;;"]
    before = (stored(), AuditEvent.objects.count())

    with pytest.raises(ImportRefused) as excinfo:
        import_file(world.a, csv_bytes(rows), "deltagare.csv")

    assert [str(e) for e in excinfo.value.errors] == [
        "rad 7: personnummer: Personnumret anger födelsedagen 2019-05-01, som är efter inskrivningsdatumet "
        "2019-03-01. Kontrollera personnumret och inskrivningsdatumet."
    ]
    assert (stored(), AuditEvent.objects.count()) == before
