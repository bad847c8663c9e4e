"""The API fuzzed from its own OpenAPI schema with schemathesis, in process through the WSGI application.

Every operation is called with generated arguments, as generated and inside förbund A, the latter as every
persona and anonymously. No answer may be a server error, every documented answer must match its schema,
and no call may change a row (the API only reads; what it reads of personal data goes to the read log).
"""

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from conftest import PERSONAS, login
from samordna.tenancy.tests.formfuzz import changed_tables, snapshot
from samordna.wsgi import application

# Fetching the schema needs no database: the schema view is open and reads no rows.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def keep_connection():
    # Each WSGI request starts and ends by closing "old" connections, the test's open transaction among them;
    # Django's test client switches that off during its requests, and so must a test that calls the application.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


# Operations on personal data are a participant handler's alone; every other operation is the director's.
HANDLER_TAGS = {"deltagare"}


@pytest.fixture
def session_cookies(world, keep_connection) -> dict[str, dict[str, str]]:
    name = django_settings.SESSION_COOKIE_NAME
    cookies: dict[str, dict[str, str]] = {"anonymous": {}}
    for persona in PERSONAS:
        client = Client()
        login(client, getattr(world.people, persona))
        cookies[persona] = {name: client.cookies[name].value}
    return cookies


@schema.parametrize()
@settings(max_examples=4, suppress_health_check=list(HealthCheck))
def test_the_api_answers_every_generated_request_within_its_schema(case, world, session_cookies):
    checks = [not_a_server_error, response_schema_conformance]
    tags = set(case.operation.definition.raw.get("tags", []))
    # The persona whose role in förbund A lets them use the operation.
    entitled = "handler" if tags & HANDLER_TAGS else "admin"
    generated = dict(case.path_parameters or {})
    before = snapshot()
    for persona, session_cookie in session_cookies.items():
        case.path_parameters = generated
        if persona == entitled or "forbund_slug" not in generated:
            # A generated förbund is one nobody has a role in; asking it once is enough.
            case.call_and_validate(cookies=session_cookie, checks=checks)
        if "forbund_slug" not in generated:
            continue
        case.path_parameters = {**generated, "forbund_slug": world.a.slug}
        response = case.call_and_validate(cookies=session_cookie, checks=checks)
        if case.method.upper() != case.operation.method.upper():
            # Schemathesis also tries methods the operation does not have; those must be refused, not served.
            assert response.status_code == 405
        elif persona == entitled:
            # Inside a förbund where the persona has a role: served, or the generated arguments refused.
            assert response.status_code in {200, 400, 404, 422}
    changed = changed_tables(before, snapshot())
    assert not changed, f"{case.method} {case.formatted_path} changed {changed}"
