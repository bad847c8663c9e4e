"""A stay carries its insats's förbund, so that a förbund's reports need nothing of the rest of the installation;
on PostgreSQL the database refuses a column that disagrees with the insats."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import F

from samordna.interventions.models import Intervention, InterventionKind
from samordna.participants.models import Participation
from samordna.participants.transfer import import_file

from .people import ANNA, enrol
from .test_import import GOOD_ROWS, csv_bytes

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the triggers are PostgreSQL's; on SQLite the actions set the column"
)


def _disagreeing():
    return Participation.objects.exclude(forbund_id=F("intervention__forbund_id"))


def test_enrolment_gives_the_stay_its_insats_forbund(world):
    stay = enrol(world, None, personnummer=ANNA)

    stay.refresh_from_db()
    assert stay.forbund == world.a == stay.intervention.forbund


def test_the_import_gives_every_stay_its_insats_forbund(world):
    import_file(world.a, csv_bytes(GOOD_ROWS), "deltagare.csv")

    assert Participation.objects.filter(forbund=world.a).count() == len(GOOD_ROWS) > 0
    assert not _disagreeing().exists()


@on_postgresql
def test_the_database_refuses_a_stay_in_another_forbund_than_its_insats(world):
    stay = enrol(world, None, personnummer=ANNA)

    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.filter(pk=stay.pk).update(forbund=world.b)

    stay.refresh_from_db()
    assert stay.forbund == world.a


@on_postgresql
def test_the_database_refuses_a_stay_moved_to_an_insats_of_another_forbund(world):
    stay = enrol(world, None, personnummer=ANNA)
    insats_b = Intervention.objects.filter(forbund=world.b).first()

    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.filter(pk=stay.pk).update(intervention=insats_b)

    stay.refresh_from_db()
    assert (stay.intervention, stay.forbund) == (world.insats_a, world.a)


@on_postgresql
def test_the_database_refuses_a_new_stay_with_the_wrong_forbund(world):
    stay = enrol(world, None, personnummer=ANNA)
    copy = Participation.objects.get(pk=stay.pk)
    copy.pk = None
    copy.id = None
    copy.enrolment_date = dt.date(2019, 6, 1)
    copy.forbund = world.b

    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.bulk_create([copy])

    assert list(Participation.objects.values_list("pk", flat=True)) == [stay.pk]


@on_postgresql
def test_an_insats_moved_to_another_forbund_takes_its_stays_along(world):
    stay = enrol(world, None, personnummer=ANNA)
    insats = Intervention.objects.create(
        forbund=world.a,
        registration_no="2021:1",
        name="Flyttas",
        kind=InterventionKind.INDIVIDUAL,
        start_date=dt.date(2018, 1, 1),
        owner=world.insats_a.owner,
    )
    Participation.objects.filter(pk=stay.pk).update(intervention=insats)

    Intervention.objects.filter(pk=insats.pk).update(forbund=world.b)

    stay.refresh_from_db()
    assert stay.forbund == world.b
    assert not _disagreeing().exists()
