"""Requests refused before a view sees them: a body over the limit (unread), and a NUL byte in the address."""

import pytest
from django.test import override_settings
from django.urls import reverse

from samordna.participants.models import Participation

pytestmark = pytest.mark.django_db


class UnreadBody:
    """A request body that records whether anything read it."""

    def __init__(self):
        self.read_from = False

    def read(self, *args):
        self.read_from = True
        return b""

    def readline(self, *args):
        return self.read(*args)


def test_an_oversized_upload_is_refused_before_its_body_is_read(world, login_as):
    client = login_as(world.people.admin)
    body = UnreadBody()

    response = client.generic(
        "POST",
        reverse("participants:import", args=["alfa"]),
        b"x",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(300 * 1024 * 1024),
        **{"wsgi.input": body},
    )

    assert response.status_code == 413
    assert "Det som skickades är 300 MB; högst 50 MB tas emot." in response.content.decode()
    assert body.read_from is False
    assert not Participation.objects.exists()


@override_settings(SAMORDNA_MAX_REQUEST_BYTES=1024)
def test_the_limit_comes_from_the_settings_and_the_api_answers_in_json(client):
    response = client.post("/api/v1/forbund/", b"x" * 2048, content_type="application/json")

    assert response.status_code == 413 and "högst" in response.json()["detail"]


def test_upload_limits_are_set():
    from django.conf import settings

    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert settings.SAMORDNA_MAX_REQUEST_BYTES == 50 * 1024 * 1024


@pytest.mark.parametrize(
    "path", ["/api/v1/forbund/%00", "/api/v1/forbund/alfa%00/", "/api/v1/forbund/?q=%00", "/f/alfa%00/", "/?x=a%00b"]
)
def test_a_nul_byte_anywhere_in_the_address_is_a_400(world, login_as, path):
    client = login_as(world.people.admin)

    response = client.get(path)

    assert response.status_code == 400
    assert "NUL" in response.content.decode()
