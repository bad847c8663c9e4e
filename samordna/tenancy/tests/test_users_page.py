"""The users page: its two forms share no ids, and creating a user through the prefixed form works."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from samordna.lib.markup import id_problems


def _url(world):
    return reverse("tenancy:users", kwargs={"forbund_slug": world.a.slug})


def test_users_page_has_unique_ids_and_references_that_resolve(world, login_as):
    client = login_as(world.people.admin)

    html = client.get(_url(world)).content.decode()

    assert html.count('id="id_username"') <= 1
    assert 'id="id_create-username"' in html
    assert id_problems(html) == []


def test_admin_creates_a_user_with_the_prefixed_form(world, login_as):
    client = login_as(world.people.admin)

    response = client.post(
        _url(world),
        {
            "form": "create",
            "create-username": "ny.person",
            "create-first_name": "Ny",
            "create-last_name": "Person",
            "create-email": "ny@example.se",
            "create-password": "Ett-nytt-långt-lösenord-7",
        },
    )

    assert response.status_code == 302
    assert get_user_model().objects.filter(username="ny.person", first_name="Ny").exists()


def test_refused_creation_shows_the_error_and_creates_nobody(world, login_as):
    client = login_as(world.people.admin)
    before = get_user_model().objects.count()

    response = client.post(_url(world), {"form": "create", "create-username": "", "create-password": "x"})

    html = response.content.decode()
    assert 'id="id_create-username_error"' in html
    assert id_problems(html) == []
    assert get_user_model().objects.count() == before
