"""The operator's console: creating a förbund and its first admin, refusing bad input without storing anything."""

import pytest
from django.core.management import CommandError, call_command

from conftest import PASSWORD
from samordna.tenancy.models import Forbund, Member, Role, RoleAssignment, User


def test_createuser_and_createforbund_make_a_working_tenant(db):
    call_command("samordna_createuser", "chef", "--password", PASSWORD, "--first-name", "Cecilia")
    call_command(
        "samordna_createforbund",
        "nytt",
        "Nytt samordningsförbund",
        "--founded",
        "2024-01-01",
        "--kommun",
        "2482:Skellefteå",
        "--region",
        "Region Västerbotten",
        "--admin",
        "chef",
    )

    forbund = Forbund.objects.get(slug="nytt")
    assert sorted(Member.objects.filter(forbund=forbund).values_list("party_type", flat=True)) == [
        "AF",
        "FK",
        "KOMMUN",
        "REGION",
    ]
    assert RoleAssignment.objects.get(forbund=forbund).role == Role.FORBUND_ADMIN
    assert forbund.founded is not None
    assert forbund.statutes_on(forbund.founded) is not None


def test_bad_org_number_stores_nothing(db):
    with pytest.raises(CommandError, match="kontrollsiffra"):
        call_command(
            "samordna_createforbund", "fel", "Fel förbund", "--org-number", "222000-1235", "--kommun", "2482:Skellefteå"
        )

    assert not Forbund.objects.exists()


def test_unknown_admin_rolls_back_the_whole_forbund(db):
    with pytest.raises(CommandError, match="finns inte"):
        call_command("samordna_createforbund", "halv", "Halvt förbund", "--admin", "ingen")

    assert not Forbund.objects.filter(slug="halv").exists()
    assert not Member.objects.exists()


def test_weak_password_is_refused(db):
    with pytest.raises(CommandError):
        call_command("samordna_createuser", "svag", "--password", "123")

    assert not User.objects.filter(username="svag").exists()
