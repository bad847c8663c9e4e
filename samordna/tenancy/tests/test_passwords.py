"""Passwords and logins: a temporary password is changed at the first login, the admin resets a password, a lost
second factor and deactivates a login, and a reset by e-mail, all checked by Django's Swedish validators."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from samordna.audit.models import AuditEvent
from samordna.tenancy import actions
from samordna.tenancy.models import Role, User

NEW = "Blå-Cykel-Sommar-1987"


def state(user):
    user.refresh_from_db()
    return (user.password, user.must_change_password, user.is_active, user.totp_secret, AuditEvent.objects.count())


@pytest.fixture
def newcomer(world):
    """A user the förbund admin created with a temporary password."""
    user = actions.create_user(
        world.people.admin, world.a, username="ny.handlaggare", password="Tillfalligt-Losen-55", email="ny@alfa.se"
    )
    actions.assign_role(None, world.a, user, Role.BOARD_MEMBER)
    return user


def log_in(client, username, password):
    return client.post(reverse("tenancy:login"), {"username": username, "password": password})


def test_a_user_created_by_the_admin_must_change_the_password_before_any_page(world, newcomer):
    client = Client()
    log_in(client, "ny.handlaggare", "Tillfalligt-Losen-55")
    dashboard = reverse("tenancy:dashboard", args=[world.a.slug])

    assert newcomer.must_change_password
    assert client.get(dashboard)["Location"] == reverse("tenancy:password_change")
    response = client.post(
        reverse("tenancy:password_change"),
        {"current_password": "Tillfalligt-Losen-55", "new_password": NEW, "repeat_password": NEW},
    )

    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert not newcomer.must_change_password and newcomer.check_password(NEW)
    assert client.get(dashboard).status_code == 200
    assert AuditEvent.objects.filter(action="user.password", object_id=str(newcomer.pk)).exists()


def test_a_user_created_on_the_console_keeps_the_password_chosen(world):
    assert not world.people.board.must_change_password


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("kort-1", "Det här lösenordet är för kort"),
        ("123456789012", "enbart numeriskt"),
        ("password1234", "alldeles för vanligt"),
    ],
)
def test_a_weak_password_is_refused_in_swedish_and_nothing_changes(world, newcomer, new, message):
    client = Client()
    log_in(client, "ny.handlaggare", "Tillfalligt-Losen-55")
    before = state(newcomer)

    response = client.post(
        reverse("tenancy:password_change"),
        {"current_password": "Tillfalligt-Losen-55", "new_password": new, "repeat_password": new},
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert state(newcomer) == before


def test_a_wrong_current_password_is_refused(world, login_as):
    client = login_as(world.people.board)
    before = state(world.people.board)

    response = client.post(
        reverse("tenancy:password_change"), {"current_password": "fel", "new_password": NEW, "repeat_password": NEW}
    )

    assert response.status_code == 400
    assert "nuvarande lösenordet stämmer inte" in response.content.decode()
    assert state(world.people.board) == before


def test_the_user_menu_links_to_the_password_page(world, login_as):
    html = login_as(world.people.board).get(reverse("tenancy:dashboard", args=[world.a.slug])).content.decode()
    assert reverse("tenancy:password_change") in html


def test_the_password_page_waits_for_the_second_factor(world, client):
    client.force_login(world.people.admin)  # password given, second factor not yet
    response = client.get(reverse("tenancy:password_change"))
    assert response["Location"] == reverse("tenancy:second_factor")


def test_the_admin_resets_a_password_and_the_user_must_change_it(world, newcomer, login_as):
    actions.change_password(newcomer, NEW)
    client = login_as(world.people.admin)

    response = client.post(
        reverse("tenancy:account", args=[world.a.slug, newcomer.pk]), {"temporary_password": "Ny-Tillfallig-Kod-88"}
    )

    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.must_change_password and newcomer.check_password("Ny-Tillfallig-Kod-88")


def test_the_admin_resets_a_lost_second_factor(world, newcomer, login_as):
    User.objects.filter(pk=newcomer.pk).update(totp_secret="JBSWY3DPEHPK3PXP", totp_confirmed_at="2026-01-01T00:00Z")
    client = login_as(world.people.admin)

    client.post(reverse("tenancy:account_second_factor", args=[world.a.slug, newcomer.pk]))

    newcomer.refresh_from_db()
    assert not newcomer.has_totp and newcomer.totp_secret == ""
    assert AuditEvent.objects.filter(action="totp.reset").count() == 1


def test_a_deactivated_user_cannot_log_in_and_the_history_stays(world, newcomer, login_as):
    events = AuditEvent.objects.filter(actor=newcomer).count()
    login_as(world.people.admin).post(
        reverse("tenancy:account_active", args=[world.a.slug, newcomer.pk]), {"active": "0"}
    )

    newcomer.refresh_from_db()
    assert not newcomer.is_active
    assert log_in(Client(), "ny.handlaggare", "Tillfalligt-Losen-55").status_code == 400
    assert User.objects.filter(pk=newcomer.pk).exists()
    assert AuditEvent.objects.filter(actor=newcomer).count() == events


@pytest.mark.parametrize("who", ["office", "board", "outsider"])
@pytest.mark.parametrize("route", ["account", "account_second_factor", "account_active"])
def test_others_cannot_manage_a_login_and_nothing_changes(world, newcomer, login_as, who, route):
    User.objects.filter(pk=newcomer.pk).update(totp_secret="JBSWY3DPEHPK3PXP")
    before = state(newcomer)
    client = login_as(getattr(world.people, who))

    response = client.post(
        reverse(f"tenancy:{route}", args=[world.a.slug, newcomer.pk]),
        {"temporary_password": "Ny-Tillfallig-Kod-88", "active": "0"},
    )

    assert response.status_code in (403, 404)
    assert state(newcomer) == before


def test_an_admin_cannot_manage_a_login_that_has_roles_in_another_forbund(world, login_as):
    shared = world.people.board
    actions.assign_role(None, world.b, shared, Role.AUDITOR)
    before = state(shared)

    response = login_as(world.people.admin).post(
        reverse("tenancy:account_active", args=[world.a.slug, shared.pk]), {"active": "0"}
    )

    assert response.status_code == 403
    assert state(shared) == before


def test_the_admin_cannot_deactivate_themself(world, login_as):
    admin = world.people.admin
    actions.assign_role(None, world.a, world.people.office, Role.FORBUND_ADMIN)
    before = state(admin)

    login_as(admin).post(reverse("tenancy:account_active", args=[world.a.slug, admin.pk]), {"active": "0"})

    assert state(admin) == before


def test_a_reset_by_email_sends_a_link_that_sets_a_new_password(world, newcomer, client):
    client.post(reverse("tenancy:password_reset"), {"email": "ny@alfa.se"})

    assert len(mail.outbox) == 1
    found = re.search(r"https?://[^/]+(/konto/nytt-losenord/\S+)", str(mail.outbox[0].body))
    assert found is not None, mail.outbox[0].body
    link = found.group(1)
    form = client.get(link, follow=True)
    response = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})

    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.check_password(NEW) and not newcomer.must_change_password


def test_no_reset_by_email_where_email_is_not_set_up(world, client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "localhost"

    assert client.get(reverse("tenancy:password_reset")).status_code == 404
    assert reverse("tenancy:password_reset") not in client.get(reverse("tenancy:login")).content.decode()


def test_the_validators_are_on(world):
    with pytest.raises(Exception, match="för kort"):
        actions.create_user(None, None, username="kort", password="kort-1")
