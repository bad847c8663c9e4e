"""The read-only participant API: only the insats's handlers see personal data, every answer is read-logged, and a
refused request logs nothing."""

import datetime as dt

import pytest

from samordna.audit.models import ReadLogEntry
from samordna.participants import actions

from .people import ANNA, BO, enrol

BASE = "/api/v1/forbund/alfa/participants"


@pytest.fixture
def stays(world, second):
    anna = enrol(world, personnummer=ANNA, name="Anna Andersson")
    actions.record_sip(None, anna, held_on=dt.date(2019, 3, 8), parties_present=["DELTAGARE", "AF"])
    anonymous = enrol(world, sex="M", birth_year=1970, enrolment_date=dt.date(2019, 4, 1))
    other = enrol(world, intervention=second.insats, personnummer=BO, enrolment_date=dt.date(2020, 2, 1))
    return anna, anonymous, other


def test_handler_lists_the_stays_of_their_insats_and_the_list_is_logged_once(world, login_as, stays):
    anna, anonymous, _other = stays

    response = login_as(world.people.handler).get(f"{BASE}/stays", {"insats": "2017:48"})

    assert response.status_code == 200
    rows = response.json()
    assert [row["id"] for row in rows] == [str(anna.pk), str(anonymous.pk)]
    assert rows[0]["personnummer"] == ANNA and rows[0]["name"] == "Anna Andersson"
    assert rows[1]["identity_mode"] == "ANONYMOUS" and rows[1]["personnummer"] == ""
    entry = ReadLogEntry.objects.get()
    assert (entry.actor, entry.query, entry.object_id) == (world.people.handler, "api:stays insats=2017:48", "")


def test_without_an_insats_the_list_holds_only_the_handlers_own_insatser(world, login_as, stays, second):
    rows = login_as(second.handler).get(f"{BASE}/stays").json()

    assert [row["insats"] for row in rows] == ["2020:7"]
    assert ReadLogEntry.objects.count() == 1


def test_one_participant_with_their_visible_stays(world, login_as, stays):
    anna = stays[0]

    response = login_as(world.people.handler).get(f"{BASE}/{anna.participant_id}")

    body = response.json()
    assert response.status_code == 200
    assert (body["personnummer"], body["consents"][0]["method"]) == (ANNA, "WRITTEN")
    assert body["stays"][0]["sip_meetings"] == [
        {"held_on": "2019-03-08", "parties_present": ["AF", "DELTAGARE"], "next_on": None}
    ]
    entry = ReadLogEntry.objects.get()
    assert (entry.object_type, entry.object_id) == ("participants.Participant", str(anna.participant_id))


def test_a_handler_of_another_insats_is_refused_and_nothing_is_logged(world, login_as, stays, second):
    anna = stays[0]
    client = login_as(second.handler)

    listed = client.get(f"{BASE}/stays", {"insats": "2017:48"})
    single = client.get(f"{BASE}/{anna.participant_id}")

    assert listed.status_code == 403 and "2017:48" in listed.json()["detail"]
    assert single.status_code == 404 and "Anna" not in single.content.decode()
    assert not ReadLogEntry.objects.exists()


@pytest.mark.parametrize("persona", ["admin", "office", "colleague", "board", "auditor", "dpo", "applicant"])
def test_roles_without_participant_access_get_nothing_and_log_nothing(world, login_as, stays, persona):
    client = login_as(getattr(world.people, persona))

    listed = client.get(f"{BASE}/stays")
    single = client.get(f"{BASE}/{stays[0].participant_id}")

    assert (listed.status_code, single.status_code) == (403, 403)
    assert not ReadLogEntry.objects.exists()


def test_an_outsider_and_an_unknown_insats_find_nothing(world, login_as, stays):
    outsider = login_as(world.people.outsider).get(f"{BASE}/stays")
    unknown = login_as(world.people.handler).get(f"{BASE}/stays", {"insats": "1999:1"})

    assert (outsider.status_code, unknown.status_code) == (404, 404)
    assert not ReadLogEntry.objects.exists()
