"""Every form on every page, posted with values generated from its own fields, as a persona who may use it.

For each page route the personas with a role in förbund A open the page; each `<form method="post">` found
is posted by the first persona who sees it: once with plausible values, once with every text the Django form
does not limit made longer than any column, then with hypothesis' values, some fields hostile (past their
limits, control characters, NUL, emoji, far dates, huge and negative numbers, choices not offered).
No answer may be a server error, and a refused post (4xx) must leave as many rows in every table as before.
"""

from __future__ import annotations

import logging
import traceback

import pytest
from django import forms
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import login

from .formfuzz import (
    PageForm,
    changed_tables,
    context_forms,
    django_fields,
    hostile,
    page_forms,
    plausible,
    snapshot,
)
from .urlsample import all_routes, sample_values

# The personas who write: the office and the director, a participant handler, an applicant organisation,
# a board member (who signs minutes) and the system administrator.
WRITERS = ("office", "admin", "handler", "applicant", "board", "sysadmin")
# Logging out ends the persona's session and the language switch is on every page (fuzzed once, on the start page).
NOT_FUZZED_ACTIONS = ("/konto/logga-ut/",)
EXAMPLES = 6
QUERY_PARAMETERS = ("ar", "year", "page", "format", "kind", "date_from", "date_to", "insats", "next")
ODD_QUERY_VALUES = ("99999", "-1", "abc", "9" * 30, "2020-02-30", "😀")

PAGE_ROUTES = [r for r in all_routes() if not r.route.startswith("api/") and r.name not in {"tenancy:logout"}]


@pytest.fixture
def quiet_request_log():
    # Refused posts log a warning each; the assertions are what this test reports.
    logging.disable(logging.WARNING)
    yield
    logging.disable(logging.NOTSET)


def _forms_on_page(clients: dict[str, Client], path: str, route_name: str, readers: set[str] | None = None):
    """(persona, page form, Django form name, fields by posted name) for each distinct form on the page;
    `readers` collects the personas the page was shown to."""
    seen: set[tuple[str, frozenset[str]]] = set()
    for persona, client in clients.items():
        response = client.get(path)
        if response.status_code != 200:
            continue
        if readers is not None:
            readers.add(persona)
        if "html" not in response.get("Content-Type", ""):
            continue
        candidates = context_forms(response)
        for page_form in page_forms(response.content.decode(), path):
            action = page_form.action.split("?")[0]
            if action.startswith(NOT_FUZZED_ACTIONS) or (action.startswith("/i18n/") and route_name != "home"):
                continue
            key = (action, frozenset(page_form.values) | frozenset(page_form.files))
            if key in seen:
                continue
            seen.add(key)
            yield persona, page_form, *django_fields(page_form, candidates)


def _shown(data: dict) -> str:
    """The posted values for a failure message, long ones cut."""

    def cut(value):
        text = repr(value)
        return text if len(text) <= 80 else f"{text[:60]}… ({len(str(value))} characters)"

    return "{" + ", ".join(f"{k!r}: {cut(v)}" for k, v in data.items()) + "}"


def _post(client: Client, page_form: PageForm, data: dict, where: str) -> None:
    before = snapshot()
    send = client.get if page_form.method == "get" else client.post
    try:
        response = send(page_form.action, data)
    except Exception:  # a server error: the test client re-raises what the view raised
        pytest.fail(f"{where}: server error for {_shown(data)}\n{traceback.format_exc()}")
    assert response.status_code < 500, f"{where}: {response.status_code} for {_shown(data)}"
    if response.status_code >= 400 or page_form.method == "get":
        # A search or a filter (a GET) saves nothing whatever its answer; a refused post saves nothing either.
        changed = changed_tables(before, snapshot())
        assert not changed, f"{where}: answered {response.status_code} but changed {changed} for {_shown(data)}"


def _fuzz(client: Client, page_form: PageForm, fields: dict, where: str) -> None:
    names = sorted(set(page_form.values) - {"csrfmiddlewaretoken"} | set(fields) - page_form.files)
    base = {name: plausible(name, fields.get(name), page_form) for name in names}
    # The hidden fields the page sends (versions, steps) stay as sent, so that the other fields reach the action.
    fuzzable = [n for n in names if n not in page_form.hidden] or names

    _post(client, page_form, base, f"{where} plausible")
    unlimited = {
        name: "x" * 5000
        for name in fuzzable
        if name not in page_form.options
        and (
            name not in fields
            or type(fields[name]) is forms.CharField
            and fields[name].max_length is None
            and not fields[name].validators
        )
    }
    if unlimited:
        _post(client, page_form, {**base, **unlimited}, f"{where} long text")
    if not fuzzable:
        return

    @given(st.data())
    @settings(max_examples=EXAMPLES, database=None, suppress_health_check=list(HealthCheck))
    def run(data):
        chosen = data.draw(st.sets(st.sampled_from(fuzzable), min_size=1, max_size=3), label="hostile fields")
        values = dict(base)
        for name in sorted(chosen):
            values[name] = data.draw(hostile(name, fields.get(name), page_form), label=name)
        _post(client, page_form, values, where)

    run()


@pytest.mark.parametrize("route", PAGE_ROUTES, ids=[r.name or r.route for r in PAGE_ROUTES])
def test_every_form_on_the_page_takes_fuzzed_values_without_a_server_error_or_half_a_save(
    world, route, quiet_request_log
):
    path = route.fill(sample_values(world))
    clients = {}
    for persona in WRITERS:
        clients[persona] = login(Client(), getattr(world.people, persona))
    readers: set[str] = set()
    found = list(_forms_on_page(clients, path, route.name, readers))
    for persona, page_form, form_name, fields in found:
        form_label = form_name or "no Django form"
        where = f"{route.name} → {page_form.method.upper()} {page_form.action} ({form_label}) as {persona}"
        _fuzz(clients[persona], page_form, fields, where)
    for persona in sorted(readers):
        client = clients[persona]
        # The query parameters pages read (a year, a page of a list, an export format) out of range or not numbers.
        for shift in range(2):
            query = {
                name: ODD_QUERY_VALUES[(i + shift) % len(ODD_QUERY_VALUES)] for i, name in enumerate(QUERY_PARAMETERS)
            }
            _post(client, PageForm(action=path, method="get"), query, f"{route.name} with odd parameters as {persona}")


def test_the_fuzzer_finds_the_forms_of_a_page(world):
    """The fuzzer is only as good as what it finds: the meeting page's forms are there, with their fields."""
    client = login(Client(), world.people.office)
    path = [r for r in PAGE_ROUTES if r.name == "meetings:list"][0].fill(sample_values(world))
    found = list(_forms_on_page({"office": client}, path, "meetings:list"))
    by_name = {form_name: (page_form, fields) for _persona, page_form, form_name, fields in found}
    assert "MeetingForm" in by_name
    page_form, fields = by_name["MeetingForm"]
    assert {"date", "place", "kind"} <= set(fields)
    assert page_form.action == path
