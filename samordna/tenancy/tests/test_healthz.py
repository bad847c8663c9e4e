"""/healthz/ answers load balancers and monitoring without a login, a session or the database."""

from django.urls import reverse


def test_healthz_answers_ok_without_touching_the_database(client):
    # No database access is allowed in this test (no `db` fixture): any query would fail it.
    response = client.get(reverse("tenancy:healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "sessionid" not in response.cookies


def test_healthz_only_answers_reads(client):
    assert client.post(reverse("tenancy:healthz")).status_code == 405
    assert client.head(reverse("tenancy:healthz")).status_code == 200
