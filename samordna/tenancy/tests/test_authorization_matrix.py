"""The authorization matrix: every page and API route × every persona × GET and POST, against a table in the repo.

`authorization_matrix.csv` holds the expected answer of each (route, method, persona) as a status class:
2xx, 3xx or the exact 4xx code. A route missing from the table fails the test, which prints the rows to
add; a changed answer fails it too, so that every change of access is a visible change of the table.
Requests that are denied (401, 403, 404, 405) must change nothing in the database.
"""

import csv
import logging
from pathlib import Path

import pytest
from django.apps import apps
from django.test import Client

from conftest import PERSONAS as WORLD_PERSONAS
from conftest import login

from .urlsample import all_routes, sample_values

TABLE = Path(__file__).with_name("authorization_matrix.csv")
PERSONAS = ["anonymous", *WORLD_PERSONAS]
DENIED = {"401", "403", "404", "405"}
# Sessions are rewritten on every request; they are not what a denied request could change.
NOT_COUNTED = {"sessions.session"}


def status_class(code: int) -> str:
    return f"{code // 100}xx" if code < 400 else str(code)


def route_key(route) -> str:
    return route.name or route.route


def expected_table() -> dict[tuple[str, str, str], str]:
    with TABLE.open(encoding="utf-8") as stream:
        return {(r["route"], r["method"], r["persona"]): r["expected"] for r in csv.DictReader(stream)}


def row_counts() -> dict[str, int]:
    return {
        m._meta.label_lower: m._base_manager.count()
        for m in apps.get_models(include_auto_created=True)
        if m._meta.label_lower not in NOT_COUNTED
    }


def test_the_table_has_no_rows_for_routes_that_are_gone():
    keys = {route_key(r) for r in all_routes()}
    stale = sorted({route for route, _method, _persona in expected_table()} - keys)
    assert not stale, f"remove these routes from {TABLE.name}: {stale}"


@pytest.fixture
def quiet_request_log():
    # Hundreds of refused requests would each print a traceback; the table is what this test checks.
    logging.disable(logging.WARNING)
    yield
    logging.disable(logging.NOTSET)


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_route_answers_each_persona_as_the_table_says(world, persona, quiet_request_log):
    client = Client()
    if persona != "anonymous":
        login(client, getattr(world.people, persona))
    values = sample_values(world)
    table = expected_table()
    routes = sorted(all_routes(), key=route_key)
    # Denied requests first, counted before and after; then the allowed ones, which may change things;
    # logging out comes last, since the requests after it would be anonymous.
    plan = [(route, method) for method in ("GET", "POST") for route in routes]
    plan.sort(
        key=lambda item: (
            route_key(item[0]) == "tenancy:logout",
            table.get((route_key(item[0]), item[1], persona), "") not in DENIED,
        )
    )

    missing, wrong = [], []
    counts = row_counts()
    counted = True
    for route, method in plan:
        key = (route_key(route), method, persona)
        expected = table.get(key)
        if counted and expected not in DENIED:
            assert row_counts() == counts, f"a denied request of {persona} changed the database"
            counted = False
        response = client.generic(method, route.fill(values))
        got = status_class(response.status_code)
        if expected is None:
            missing.append(f"{key[0]},{method},{persona},{got}")
        elif got != expected:
            wrong.append(f"{method} {route.fill(values)} ({key[0]}) as {persona}: expected {expected}, got {got}")
    if counted:
        assert row_counts() == counts, f"a denied request of {persona} changed the database"

    assert not missing, f"add these rows to {TABLE.name}:\n" + "\n".join(missing)
    assert not wrong, "\n".join(wrong)
