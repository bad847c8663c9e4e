"""The API fuzzed from its own OpenAPI schema with schemathesis, in process through the WSGI application.

Every operation is called with generated arguments, once as generated and once inside förbund A, logged in
as a persona with a role there. No answer may be a server error, and every documented answer must match
its schema.
"""

import pytest
import schemathesis
from django.conf import settings as django_settings
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from conftest import login
from samordna.wsgi import application

# Fetching the schema needs no database: the schema view is open and reads no rows.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def session_cookie(world, client) -> dict[str, str]:
    login(client, world.people.admin)
    name = django_settings.SESSION_COOKIE_NAME
    return {name: client.cookies[name].value}


@schema.parametrize()
@settings(max_examples=10, suppress_health_check=list(HealthCheck))
def test_the_api_answers_every_generated_request_within_its_schema(case, world, session_cookie):
    checks = [not_a_server_error, response_schema_conformance]
    case.call_and_validate(cookies=session_cookie, checks=checks)
    if "forbund_slug" in (case.path_parameters or {}):
        case.path_parameters = {**case.path_parameters, "forbund_slug": world.a.slug}
        response = case.call_and_validate(cookies=session_cookie, checks=checks)
        # Schemathesis also tries methods the operation does not have; those must be refused, not served.
        if case.method.upper() != case.operation.method.upper():
            assert response.status_code == 405
        else:
            # The persona holds a role in A, so nothing may be refused for want of access; generated
            # arguments may still name things that do not exist (404) or be invalid (400, 422).
            assert response.status_code in {200, 400, 404, 422}
