"""Logging in: Argon2, lockout, the mandatory second factor and its enrolment."""

import time

import pyotp
import pytest
from django.contrib.auth.hashers import make_password
from django.urls import reverse

from conftest import PASSWORD, make_user
from samordna.audit.models import AuditEvent
from samordna.tenancy import actions
from samordna.tenancy.middleware import SESSION_KEY
from samordna.tenancy.models import LoginFailure, Role, User

LOGIN = reverse("tenancy:login")
SECOND = reverse("tenancy:second_factor")
ENROL = reverse("tenancy:enrol")


def post_login(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def enrolled(user) -> str:
    secret = pyotp.random_base32()
    actions.enrol_totp(user, secret, step=0)
    return secret


def test_production_hasher_is_argon2(settings):
    from samordna import settings as production

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    assert make_password("x" * 20).startswith("argon2$")


def test_user_without_personal_data_role_logs_in_with_password_only(world, client):
    response = post_login(client, "board_a")

    assert response.status_code == 302
    assert client.get(reverse("tenancy:dashboard", args=["alfa"])).status_code == 200


def test_wrong_password_is_refused_and_counted(world, client):
    response = post_login(client, "board_a", "fel-lösenord")

    assert response.status_code == 400
    assert "Fel användarnamn eller lösenord" in response.content.decode()
    assert LoginFailure.objects.filter(username="board_a").count() == 1
    assert "_auth_user_id" not in client.session


def test_lockout_after_repeated_failures_even_with_the_right_password(world, client, settings):
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        post_login(client, "board_a", "fel-lösenord")

    response = post_login(client, "board_a")

    assert response.status_code == 400
    assert "låst" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login.locked", object_id=str(world.people.board.pk)).exists()


def test_handler_must_give_second_factor_before_any_page(world, client):
    secret = enrolled(world.people.handler)

    response = post_login(client, "handler_a")

    assert response.status_code == 302 and response["Location"] == SECOND
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("tenancy:dashboard", args=["alfa"])).status_code == 302

    response = client.post(SECOND, {"code": pyotp.TOTP(secret).now()})

    assert response.status_code == 302
    assert client.session[SESSION_KEY] is True
    assert client.get(reverse("tenancy:dashboard", args=["alfa"])).status_code == 200


def test_wrong_code_is_refused_in_swedish(world, client):
    enrolled(world.people.handler)
    post_login(client, "handler_a")

    response = client.post(SECOND, {"code": "000000"})

    assert response.status_code == 400
    assert "Koden stämmer inte" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_code_cannot_be_used_twice(world, client):
    secret = enrolled(world.people.handler)
    code = pyotp.TOTP(secret).now()
    post_login(client, "handler_a")
    client.post(SECOND, {"code": code})
    client.post(reverse("tenancy:logout"))

    post_login(client, "handler_a")
    response = client.post(SECOND, {"code": code})

    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_first_login_enrols_the_second_factor(world, client):
    response = post_login(client, "dpo_a")
    assert response["Location"] == SECOND
    response = client.get(SECOND)
    assert response["Location"] == ENROL

    page = client.get(ENROL)
    secret = page.context["secret"]
    assert "<svg" in page.content.decode()

    response = client.post(ENROL, {"code": pyotp.TOTP(secret).now()})

    assert response.status_code == 302
    user = User.objects.get(username="dpo_a")
    assert user.has_totp and user.totp_secret == secret
    assert AuditEvent.objects.filter(action="totp.enrol", actor=user).exists()


def test_pending_login_expires(world, client, monkeypatch):
    enrolled(world.people.handler)
    post_login(client, "handler_a")
    later = time.time() + 600
    monkeypatch.setattr(time, "time", lambda: later)

    response = client.get(SECOND)

    assert response.status_code == 302 and response["Location"] == LOGIN


def test_role_gained_after_login_demands_second_factor(world, client):
    user = make_user("vanlig")
    actions.assign_role(None, world.a, user, Role.BOARD_MEMBER)
    post_login(client, "vanlig")
    assert client.get(reverse("tenancy:dashboard", args=["alfa"])).status_code == 200

    actions.assign_role(None, world.a, user, Role.PREPARATORY)
    assert client.get(reverse("tenancy:dashboard", args=["alfa"])).status_code == 200
    new_role_holder = make_user("blivande")
    actions.assign_role(None, world.a, new_role_holder, Role.AUDITOR)
    post_login(client, "blivande")
    actions.assign_role(None, world.a, new_role_holder, Role.OFFICE)

    response = client.get(reverse("tenancy:dashboard", args=["alfa"]))

    assert response.status_code == 302 and response["Location"] == SECOND


def test_api_without_second_factor_is_refused_as_json(world, client):
    client.force_login(world.people.admin)

    response = client.get("/api/v1/forbund")

    assert response.status_code == 403
    assert "Tvåstegsverifiering" in response.json()["detail"]


@pytest.mark.parametrize("target", ["/system/admin/", "/system/admin/tenancy/forbund/"])
def test_admin_is_for_system_admins_only(world, login_as, target):
    client = login_as(world.people.admin)
    assert client.get(target).status_code == 302

    client = login_as(world.people.sysadmin)
    assert client.get(target).status_code == 200


def test_session_expires_when_idle(settings):
    from samordna import settings as production

    assert production.SESSION_COOKIE_AGE <= 60 * 60
    assert 0 < production.SESSION_TOUCH_SECONDS <= 5 * 60
    assert "samordna.tenancy.middleware.SessionActivityMiddleware" in production.MIDDLEWARE
    assert production.SESSION_COOKIE_HTTPONLY is True
