"""The import's bulk writing (COPY on PostgreSQL, bulk_create on SQLite) stores what a single enrolment would."""

from django.db import connection

from samordna.lib.bulk import insert_rows, new_uuids
from samordna.lib.record_keys import KEY_SPACE
from samordna.participants.identity import lookup_key
from samordna.participants.models import Consent, Participant, Participation
from samordna.participants.transfer import export_rows, import_file
from samordna.tenancy.models import Kommun

from .people import ANNA, BO
from .test_import import GOOD_ROWS, csv_bytes


def test_imported_rows_get_every_default_a_single_enrolment_gets(world):
    import_file(world.a, csv_bytes(GOOD_ROWS), "deltagare.csv")

    for stay in Participation.objects.all():
        assert stay.income_before_other == []
        assert (stay.education, stay.version) == ("OKAND", 1)
        assert 0 <= stay.record_key < KEY_SPACE
        assert stay.created_at is not None and stay.forbund_id == world.a.pk
        assert stay.identified_at_enrolment == bool(stay.participant.personnummer)
    for person in Participant.objects.all():
        assert (person.withdrawn_key, person.name, person.protected_identity, person.anonymised_at) == (
            "",
            "",
            False,
            None,
        )
        assert person.created_at is not None
    for consent in Consent.objects.all():
        assert (consent.form_version, consent.withdrawn_on) == ("", None)


def test_imported_personnummer_are_stored_encrypted_and_read_back(world):
    import_file(world.a, csv_bytes(GOOD_ROWS), "deltagare.csv")

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT personnummer FROM {Participant._meta.db_table} WHERE personnummer <> ''")  # noqa: S608
        stored = [value for (value,) in cursor.fetchall()]
    assert stored and not {ANNA, BO} & set(stored)
    assert not any(value.isdigit() for value in stored)
    assert Participant.objects.get(lookup_key=lookup_key(ANNA)).personnummer == ANNA


def test_the_stay_counts_the_age_and_kommun_at_enrolment(world):
    import_file(world.a, csv_bytes(GOOD_ROWS), "deltagare.csv")

    anna = Participation.objects.get(participant__lookup_key=lookup_key(ANNA))
    bo = Participation.objects.get(participant__lookup_key=lookup_key(BO))
    assert anna.kommun_at_enrolment is not None and bo.kommun_at_enrolment is not None
    assert (anna.age_at_enrolment, anna.kommun_at_enrolment.code) == (34, "2482")
    assert (bo.age_at_enrolment, bo.kommun_at_enrolment.code) == (28, "2482")


def test_a_person_moving_within_the_file_keeps_each_stays_kommun_and_ends_where_the_file_ends(world):
    rows = [
        "2017:48;850101-9809;;;2482;2019-03-01;AF;A_KASSA;ARBETSSOKANDE;2019-03-31;AVBRUTEN;ARBETE;LON",
        "2017:48;850101-9809;;;Norsjö;2019-06-01;AF;A_KASSA;ARBETSSOKANDE;;;;",
    ]

    import_file(world.a, csv_bytes(rows), "deltagare.csv")

    person = Participant.objects.get(lookup_key=lookup_key(ANNA))
    assert person.home_kommun is not None and person.home_kommun.name == "Norsjö"
    kommuner = [s.kommun_at_enrolment_id for s in person.participations.order_by("enrolment_date")]
    assert kommuner == [Kommun.objects.get(code="2482").pk, person.home_kommun.pk]


def test_identical_anonymous_rows_export_in_the_files_order_and_reimport_unchanged(world):
    rows = [
        "2017:48;;M;2001;Norsjö;2019-06-01;EGEN;INGEN;STUDIER;2019-09-30;AVBRUTEN;ANNAN_INSATS;AKTIVITETSSTOD",
        "2017:48;;M;2001;Norsjö;2019-06-01;AF;LON;ARBETE;;;;",
        "2017:48;;M;2001;Norsjö;2019-06-01;FK;SJUKPENNING;OKAND;;;;",
    ]
    import_file(world.a, csv_bytes(rows), "deltagare.csv")

    exported = [row[6] for row in list(export_rows(world.a))[1:]]
    again = import_file(world.a, csv_bytes(rows), "deltagare.csv")

    assert exported == ["EGEN", "AF", "FK"]
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_insert_rows_fills_what_it_is_not_given_and_refuses_nothing_silently(world):
    ids = new_uuids(block=3)
    people = [(next(ids), world.a.pk, "ANONYMOUS", "K", 1980 + i) for i in range(5)]

    insert_rows(Participant, ["id", "forbund_id", "identity_mode", "sex", "birth_year"], people)

    stored = Participant.objects.values_list("id", "birth_year", "personnummer", "lookup_key")
    assert {(str(pk), year, pnr, key) for pk, year, pnr, key in stored} == {(p[0], p[4], "", "") for p in people}
    assert len({p[0] for p in people}) == 5
    assert all(p.created_at is not None for p in Participant.objects.all())
