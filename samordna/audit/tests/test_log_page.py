"""The log page: förbund admins and the DPO search their own förbund's log, nobody else's."""

import pytest
from django.db import transaction
from django.urls import reverse

from samordna.audit.actions import log_read, record

URL = reverse("audit:log", args=["alfa"])


@pytest.fixture
def logged(world):
    with transaction.atomic():
        record(world.people.admin, "alfa.thing", world.insats_a)
        record(world.people.outsider, "beta.thing", world.insats_b)
        log_read(world.people.handler, world.a, "participant", object_id="P-7F3A", purpose="uppföljning")
    return world


@pytest.mark.parametrize("persona", ["admin", "dpo"])
def test_admin_and_dpo_see_own_forbund_events_only(logged, login_as, persona):
    client = login_as(getattr(logged.people, persona))

    body = client.get(URL).content.decode()

    assert str(logged.insats_a) in body
    assert str(logged.insats_b) not in body


def test_read_log_shows_pseudonymous_ids(logged, login_as):
    client = login_as(logged.people.dpo)

    body = client.get(URL, {"kind": "reads"}).content.decode()

    assert "P-7F3A" in body and "handler_a" in body


def test_search_filters(logged, login_as):
    client = login_as(logged.people.admin)

    response = client.get(URL, {"text": "nothing-matches"})

    assert str(logged.insats_a) not in response.content.decode()
    assert len(response.context["page"].object_list) == 0


@pytest.mark.parametrize("persona", ["office", "board", "handler", "auditor", "applicant", "outsider"])
def test_others_cannot_read_the_log(logged, login_as, persona):
    client = login_as(getattr(logged.people, persona))

    response = client.get(URL)

    assert response.status_code in {403, 404}
    assert "alfa.thing" not in response.content.decode()
