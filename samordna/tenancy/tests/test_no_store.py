"""Answers to a signed-in user are never stored by a browser or proxy cache; public pages keep theirs."""

from django.urls import reverse

from conftest import login


def test_caseload_of_a_signed_in_handler_is_no_store(client, world):
    login(client, world.people.handler)

    response = client.get(reverse("participants:caseload", args=[world.a.slug]))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_api_answer_to_a_signed_in_user_is_no_store(client, world):
    login(client, world.people.board)

    response = client.get("/api/v1/forbund/")

    assert "no-store" in response["Cache-Control"]


def test_login_page_for_an_anonymous_visitor_is_not_marked_private(client, db):
    response = client.get(reverse("tenancy:login"))

    assert "private" not in response.get("Cache-Control", "")
