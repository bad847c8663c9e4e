"""Login throttling per name and per address: no weapon against an owner, no oracle for who has an account."""

import pyotp
import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from samordna.audit.models import AuditEvent
from samordna.tenancy import actions
from samordna.tenancy.middleware import SESSION_KEY

LOGIN = reverse("tenancy:login")
SECOND = reverse("tenancy:second_factor")
ATTACKER, OWNER = "203.0.113.5", "198.51.100.7"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.LOGIN_MAX_FAILURES = 5
    settings.LOGIN_MAX_ADDRESS_FAILURES = 50


def attempt(client, username, password=PASSWORD, address=ATTACKER):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def lock(username, address=ATTACKER):
    client = Client()
    for _ in range(5):
        attempt(client, username, "fel-lösenord", address)


@pytest.fixture
def hashings(monkeypatch):
    """Every hash the password hasher computed: check_password verifies by encoding, make_password encodes."""
    calls: list[str] = []
    encode = MD5PasswordHasher.encode

    def counted(self, password, *args):
        calls.append(password)
        return encode(self, password, *args)

    monkeypatch.setattr(MD5PasswordHasher, "encode", counted)
    return calls


def test_unknown_locked_and_wrong_get_the_same_answer(world, client):
    lock("auditor_a")

    answers = {
        "wrong": attempt(client, "board_a", "fel-lösenord"),
        "unknown": attempt(client, "finns_inte", "fel-lösenord"),
        "locked, wrong password": attempt(client, "auditor_a", "fel-lösenord"),
        "locked, right password": attempt(client, "auditor_a"),
        "locked, from elsewhere": attempt(client, "auditor_a", address=OWNER),
    }

    assert {(r.status_code, r.context["error"]) for r in answers.values()} == {(400, answers["wrong"].context["error"])}
    assert "Fel användarnamn eller lösenord" in answers["wrong"].context["error"]
    assert "_auth_user_id" not in client.session


def test_an_unknown_name_locks_like_an_existing_one(world, client):
    lock("finns_inte")
    lock("board_a")

    assert attempt(client, "finns_inte", address=OWNER).context["error"] == attempt(client, "board_a").context["error"]
    assert AuditEvent.objects.filter(action="login.locked", object_id=str(world.people.board.pk)).count() == 1


def test_every_answer_costs_one_run_of_the_hasher(world, client, hashings):
    lock("auditor_a")
    attempt(client, "finns_inte", "fel-lösenord")  # the dummy hash is made once per process, here

    cases = {
        "wrong": ("board_a", "fel-lösenord"),
        "unknown": ("finns_inte", "fel-lösenord"),
        "locked, wrong password": ("auditor_a", "fel-lösenord"),
        "locked, right password": ("auditor_a", PASSWORD),
        "right": ("preparatory_a", PASSWORD),
    }
    runs = {}
    for case, (username, password) in cases.items():
        hashings.clear()
        attempt(Client(), username, password)
        runs[case] = len(hashings)

    assert runs == dict.fromkeys(cases, 1)


def test_a_lock_raised_elsewhere_lets_the_owner_in_with_password_and_code(world):
    secret = pyotp.random_base32()
    actions.enrol_totp(world.people.handler, secret, step=0)
    lock("handler_a", ATTACKER)

    attacker = Client()
    assert attempt(attacker, "handler_a", address=ATTACKER).status_code == 400
    assert "_auth_user_id" not in attacker.session

    owner = Client()
    response = attempt(owner, "handler_a", address=OWNER)
    assert response.status_code == 302 and response["Location"] == SECOND
    assert owner.post(SECOND, {"code": "000000"}, REMOTE_ADDR=OWNER).status_code == 400
    assert "_auth_user_id" not in owner.session

    owner = Client()
    assert attempt(owner, "handler_a", address="198.51.100.8")["Location"] == SECOND
    response = owner.post(SECOND, {"code": pyotp.TOTP(secret).now()}, REMOTE_ADDR="198.51.100.8")

    assert response.status_code == 302
    assert owner.session[SESSION_KEY] is True
    assert owner.get(reverse("tenancy:dashboard", args=["alfa"])).status_code == 200


def test_a_locked_account_without_a_second_factor_waits_out_the_lock(world):
    lock("board_a", ATTACKER)

    owner = Client()
    response = attempt(owner, "board_a", address=OWNER)

    assert response.status_code == 400
    assert "_auth_user_id" not in owner.session


def test_an_address_with_many_failures_is_throttled_for_every_name(world, settings):
    settings.LOGIN_MAX_ADDRESS_FAILURES = 4
    attacker = Client()
    for name in ("office_a", "auditor_a", "finns_inte", "preparatory_a"):
        attempt(attacker, name, "fel-lösenord")

    response = attempt(attacker, "board_a")

    assert response.status_code == 429
    assert "från din anslutning" in response.context["error"]
    assert "_auth_user_id" not in attacker.session
    assert attempt(Client(), "board_a", address=OWNER).status_code == 302


def test_behind_a_proxy_the_address_is_the_one_the_proxy_added(world, settings):
    settings.BEHIND_PROXY = True
    settings.LOGIN_MAX_ADDRESS_FAILURES = 2
    attacker = Client()
    for forged in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        attacker.post(
            LOGIN,
            {"username": "office_a", "password": "fel-lösenord"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"{forged}, {ATTACKER}",
        )

    response = attacker.post(
        LOGIN, {"username": "board_a", "password": PASSWORD}, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=ATTACKER
    )

    assert response.status_code == 429
