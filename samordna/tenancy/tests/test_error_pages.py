"""The server's own error pages: Swedish, no trace of the code, and 503 with Retry-After while the database is away."""

import json

import pytest
from django.db import InterfaceError, OperationalError
from django.test import RequestFactory

from samordna.errors import RETRY_AFTER_SECONDS, server_error


def answer_while_handling(exception: Exception, path: str = "/f/alfa/deltagare/"):
    """What handler500 returns, called as Django calls it: inside the `except` for the failed request."""
    request = RequestFactory().get(path, HTTP_ACCEPT_LANGUAGE="sv")
    try:
        raise exception
    except Exception:
        return server_error(request)


@pytest.mark.parametrize(
    "exception",
    [OperationalError("connection to server at 127.0.0.1 failed: Connection refused"),
     InterfaceError("connection already closed")],
)  # fmt: skip
def test_an_unreachable_database_gives_503_in_swedish_with_retry_after(exception):
    response = answer_while_handling(exception)

    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "Tillfälligt otillgänglig" in page
    assert "försök igen" in page
    assert "Connection refused" not in page and "already closed" not in page


def test_any_other_failure_gives_500_in_swedish_without_details():
    response = answer_while_handling(ValueError("secret detail of the code"))

    page = response.content.decode()
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Ett fel uppstod" in page
    assert "secret detail" not in page and "Traceback" not in page


def test_the_api_gets_its_errors_as_json():
    response = answer_while_handling(OperationalError("server closed the connection"), path="/api/v1/forbund/")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert "Databasen kan inte nås" in json.loads(response.content)["detail"]


def test_the_error_pages_need_no_database():
    # The menu of the normal layout reads the database, which is the thing that may be gone. Without the `db`
    # fixture pytest-django refuses every query, so a page that needed one would fail here.
    assert answer_while_handling(OperationalError("gone")).status_code == 503
    assert answer_while_handling(ValueError("broken")).status_code == 500


def test_django_uses_the_handler():
    from samordna import urls

    assert urls.handler500 == "samordna.errors.server_error"


def test_a_full_disk_gives_507_in_swedish():
    import errno

    response = answer_while_handling(OSError(errno.ENOSPC, "No space left on device"))

    page = response.content.decode()
    assert response.status_code == 507
    assert "Servern har inte plats just nu" in page
    assert "No space left" not in page
