"""Personnummer and names are encrypted at rest under keys from the environment, and a key can be rotated."""

import datetime as dt
import os
import subprocess  # nosec B404 (the test starts Python with other settings)
import sys

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from samordna.lib import field_crypto
from samordna.participants.identity import lookup_key
from samordna.participants.models import Participant, Participation
from samordna.participants.queries import search_stays

from .people import ANNA, enrol

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def raw(person):
    with connection.cursor() as cursor:
        cursor.execute("SELECT personnummer, name FROM participants_participant WHERE id = %s", [person.pk.hex])
        row = cursor.fetchone()
        if row is None:  # PostgreSQL keeps the UUID as a UUID
            cursor.execute("SELECT personnummer, name FROM participants_participant WHERE id = %s", [person.pk])
            row = cursor.fetchone()
    return row


def test_the_database_holds_tokens_and_python_the_plain_text(world):
    person = enrol(world, world.people.handler, personnummer=ANNA, name="Anna Andersson").participant

    number, name = raw(person)
    assert number.startswith(field_crypto.TOKEN_PREFIX) and name.startswith(field_crypto.TOKEN_PREFIX)
    assert ANNA not in number + name and "Anna" not in number + name and "850101" not in number + name
    stored = Participant.objects.get(lookup_key=lookup_key(ANNA))
    assert (stored.personnummer, stored.name) == (ANNA, "Anna Andersson")


def test_an_anonymous_person_stores_empty_values_and_empty_stays_searchable(world):
    person = enrol(world, world.people.handler, sex="K", birth_year=1990).participant

    assert raw(person) == ("", "")
    assert Participant.objects.filter(personnummer="").get() == person


def test_comparing_an_encrypted_field_with_a_value_is_refused_not_silently_empty(world):
    with pytest.raises(TypeError):
        list(Participant.objects.filter(personnummer=ANNA))
    with pytest.raises(Exception, match="icontains"):
        list(Participant.objects.filter(name__icontains="Anna"))


def test_the_caseload_search_finds_a_name_or_a_part_of_the_number_by_decrypting_the_handlers_own(world, second):
    enrol(world, world.people.handler, personnummer=ANNA, name="Anna Andersson")
    theirs = enrol(
        world,
        second.handler,
        second.insats,
        personnummer=ANNA,
        name="Anna Andersson",
        enrolment_date=dt.date(2020, 3, 2),
    )
    own = Participation.objects.filter(intervention=world.insats_a)

    assert search_stays(own, "andersson").count() == 1
    assert search_stays(own, "9809").count() == 1
    assert search_stays(own, "19850101-9809").count() == 1
    assert theirs not in search_stays(own, "anna")
    assert search_stays(own, "Berg").count() == 0


def test_rotation_re_encrypts_every_value_under_the_new_key(world, settings):
    settings.FIELD_KEYS = [OLD]
    person = enrol(world, world.people.handler, personnummer=ANNA, name="Anna Andersson").participant
    old_number, _name = raw(person)

    settings.FIELD_KEYS = [NEW, OLD]
    call_command("samordna_rotate_field_key")

    number, name = raw(person)
    assert number != old_number
    assert Fernet(NEW.encode()).decrypt(number.encode()).decode() == ANNA
    assert Fernet(NEW.encode()).decrypt(name.encode()).decode() == "Anna Andersson"
    settings.FIELD_KEYS = [NEW]
    assert Participant.objects.get(pk=person.pk).personnummer == ANNA


def test_a_rotation_that_cannot_read_a_value_changes_nothing(world, settings):
    settings.FIELD_KEYS = [OLD]
    first = enrol(world, world.people.handler, personnummer=ANNA, name="Anna Andersson").participant
    settings.FIELD_KEYS = [Fernet.generate_key().decode()]
    second = enrol(world, world.people.handler, sex="M", birth_year=1990)  # anonymous: nothing to rotate
    before = raw(first)

    settings.FIELD_KEYS = [NEW, Fernet.generate_key().decode()]  # the key of the stored values is missing
    with pytest.raises(Exception, match="Inget har ändrats"):
        call_command("samordna_rotate_field_key")

    assert raw(first) == before
    assert raw(second.participant) == ("", "")


def test_a_bad_key_is_a_clear_configuration_error(settings):
    settings.FIELD_KEYS = ["inte en nyckel"]
    with pytest.raises(ImproperlyConfigured, match="SAMORDNA_FIELD_KEY"):
        field_crypto.encrypt("x")


def test_production_refuses_to_start_without_a_field_key():
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SAMORDNA_FIELD_KEY")}
    env |= {"SECRET_KEY": "x" * 50, "DJANGO_SETTINGS_MODULE": "samordna.settings"}
    done = subprocess.run(  # nosec B603 (this Python, fixed arguments)
        [sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode != 0
    assert "SAMORDNA_FIELD_KEY saknas" in done.stderr


def test_the_command_prints_a_new_key(capsys):
    call_command("samordna_rotate_field_key", "--generate-key")
    key = capsys.readouterr().out.strip()
    assert Fernet(key.encode()).decrypt(Fernet(key.encode()).encrypt(b"x")) == b"x"
