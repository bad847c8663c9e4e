"""An intake request's personnummer and name are encrypted at rest; the SAMSIP rules find it by the keyed hash."""

from django.db import connection

from samordna.lib.field_crypto import TOKEN_PREFIX
from samordna.openentry import actions
from samordna.participants.identity import lookup_key

from .conftest import request_fields


def test_the_request_holds_tokens_and_the_keyed_hash_which_goes_with_a_withdrawal(world, team):
    request = actions.file_request(world.people.colleague, world.a, **request_fields(world, team.team))

    with connection.cursor() as cursor:
        cursor.execute("SELECT personnummer, person_name, lookup_key FROM openentry_intakerequest")
        number, name, key = cursor.fetchone()
    assert number.startswith(TOKEN_PREFIX) and name.startswith(TOKEN_PREFIX)
    assert "19890302" not in number + name and "Tove" not in name
    assert key == lookup_key("198903029802")

    actions.withdraw_request(None, request)

    request.refresh_from_db()
    assert (request.personnummer, request.person_name, request.lookup_key) == ("", "", "")
