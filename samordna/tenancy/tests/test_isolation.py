"""Tenant isolation: a user of förbund B reaches nothing of förbund A, on any page or API route.

The routes are enumerated from the URL resolver, so a new page is covered the day it is added.
"""

import pytest

from samordna.audit.models import AuditEvent
from samordna.tenancy.models import RoleAssignment

from .urlsample import all_routes, sample_values

# Strings that exist only in förbund A's data.
A_SECRETS = [
    "Alfa samordningsförbund",
    "Alfas väg in",
    "Alfas andra insats",
    "admin_a",
    "handler_a",
    "Skellefteå",
    "Alfas hemliga deltagare",
    "19121212-1212",
    "191212121212",
]
# Pages anyone may read without logging in; the notice board is public by law and shows only the announcements,
# and participants answer indicator surveys with a handout code, anonymously.
PUBLIC = {
    "tenancy:login",
    "tenancy:second_factor",
    "tenancy:enrol",
    "tenancy:logout",
    "set_language",
    "meetings:notice_board",
    "meetings:public_minutes_pdf",
    "instruments:answer",
    "instruments:answered",
}


def routes_in_forbund():
    return [r for r in all_routes() if "forbund_slug" in r.kwargs]


def test_the_enumeration_finds_pages_and_api_routes():
    names = {r.name for r in routes_in_forbund()}
    assert {"tenancy:dashboard", "tenancy:users", "audit:log", "interventions:catalogue"} <= names
    assert any(r.route.startswith("api/v1/") for r in routes_in_forbund())


def test_every_route_has_sample_arguments(world):
    values = sample_values(world)
    missing = {k for r in all_routes() for k in r.kwargs if k not in values}
    assert not missing, f"add samples for these URL arguments in urlsample.py: {missing}"


@pytest.mark.parametrize("method", ["get", "post"])
def test_outsider_gets_nothing_from_another_forbund(world, login_as, method):
    client = login_as(world.people.outsider)
    values = sample_values(world)
    counts_before = (RoleAssignment.objects.count(), AuditEvent.objects.count())
    checked = 0

    for route in routes_in_forbund():
        url = route.fill(values)
        response = getattr(client, method)(url)
        checked += 1
        assert response.status_code in {403, 404, 405}, f"{method.upper()} {url} gave {response.status_code}"
        body = response.content.decode()
        for secret in A_SECRETS:
            assert secret not in body, f"{method.upper()} {url} shows {secret!r}"

    assert checked >= 8
    assert (RoleAssignment.objects.count(), AuditEvent.objects.count()) == counts_before


def test_routes_outside_any_forbund_show_only_the_users_own_forbund(world, login_as):
    client = login_as(world.people.outsider)
    values = sample_values(world)

    for route in all_routes():
        if "forbund_slug" in route.kwargs or route.name in PUBLIC or route.route.startswith("system/"):
            continue
        response = client.get(route.fill(values), follow=True)
        body = response.content.decode()
        for secret in A_SECRETS:
            assert secret not in body, f"{route.route} shows {secret!r}"


def test_anonymous_visitors_are_sent_to_login_everywhere(world, client):
    values = sample_values(world)

    for route in routes_in_forbund():
        url = route.fill(values)
        response = client.get(url)
        if url.startswith("/api/"):
            assert response.status_code == 401, url
        else:
            assert response.status_code == 302 and "/konto/logga-in/" in response["Location"], url
