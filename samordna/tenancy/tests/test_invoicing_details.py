"""What invoices need of the förbund and its members, entered on the settings and member pages by the admin."""

from samordna.audit.models import AuditEvent
from samordna.tenancy.forms import ForbundSettingsForm
from samordna.tenancy.models import Forbund, Member


def _settings_data(forbund: Forbund, **changes) -> dict:
    """What the settings page posts back unchanged, with `changes` typed in."""
    form = ForbundSettingsForm(instance=Forbund.objects.get(pk=forbund.pk))
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is False or value is None:
            continue
        data[name] = "on" if value is True else value
    data.update(changes)
    return data


def test_the_admin_enters_bankgiro_and_address_on_the_settings_page(world, login_as):
    client = login_as(world.people.admin)

    response = client.post(
        "/f/alfa/forbundet/installningar/",
        _settings_data(
            world.a,
            org_number="2220004564",
            address="Storgatan 1",
            postal_code="93130",
            city="Skellefteå",
            bankgiro="1234566",
        ),
    )

    assert response.status_code == 302
    forbund = Forbund.objects.get(pk=world.a.pk)
    assert (forbund.org_number, forbund.postal_code, forbund.bankgiro) == ("222000-4564", "931 30", "123-4566")
    assert AuditEvent.objects.filter(action="forbund.update").latest("id").changes["bankgiro"] == ["", "123-4566"]
    page = client.get("/f/alfa/forbundet/").content.decode()
    assert "Storgatan 1, 931 30 Skellefteå" in page and "123-4566" in page


def test_a_wrong_bankgiro_check_digit_is_refused_and_nothing_saved(world, login_as):
    client = login_as(world.people.admin)

    response = client.post(
        "/f/alfa/forbundet/installningar/", _settings_data(world.a, bankgiro="123-4567", postal_code="9313")
    )

    assert response.status_code == 400
    text = response.content.decode()
    assert "Bankgironumret 123-4567 har fel kontrollsiffra" in text
    assert "Postnumret 9313 ska ha fem siffror" in text
    forbund = Forbund.objects.get(pk=world.a.pk)
    assert (forbund.bankgiro, forbund.postal_code) == ("", "")


def test_the_admin_fills_in_a_member_and_returns_to_the_invoices(world, login_as):
    member = world.members_a["region"]
    client = login_as(world.people.admin)
    back = "/f/alfa/ekonomi/fakturor/?year=2015"
    url = f"/f/alfa/forbundet/medlemmar/{member.pk}/"
    assert f'href="{url}"' in client.get("/f/alfa/forbundet/").content.decode()
    assert client.get(f"{url}?next={back}").status_code == 200

    response = client.post(
        url,
        {
            "org_number": "232100-0008",
            "address": "Box 443",
            "postal_code": "901 89",
            "city": "Umeå",
            "invoice_reference": "SAMF-1",
            "next": back,
        },
    )

    assert response.status_code == 302 and response["Location"] == back
    member.refresh_from_db()
    assert (member.org_number, member.address, member.postal_code, member.city, member.invoice_reference) == (
        "232100-0008",
        "Box 443",
        "901 89",
        "Umeå",
        "SAMF-1",
    )
    event = AuditEvent.objects.filter(action="member.update").latest("id")
    assert event.changes["invoice_reference"] == ["", "SAMF-1"]


def test_a_wrong_member_org_number_is_refused_and_nothing_saved(world, login_as):
    member = world.members_a["region"]

    response = login_as(world.people.admin).post(
        f"/f/alfa/forbundet/medlemmar/{member.pk}/",
        {"org_number": "232100-0009", "address": "Box 443", "postal_code": "901 89", "city": "Umeå"},
    )

    assert response.status_code == 400
    assert "fel kontrollsiffra" in response.content.decode()
    member.refresh_from_db()
    assert (member.org_number, member.address) == ("", "")
    assert not AuditEvent.objects.filter(action="member.update").exists()


def test_the_office_may_not_change_a_member(world, login_as):
    member = world.members_a["region"]

    response = login_as(world.people.office).post(
        f"/f/alfa/forbundet/medlemmar/{member.pk}/",
        {"org_number": "232100-0008", "address": "Box 443", "postal_code": "901 89", "city": "Umeå"},
    )

    assert response.status_code == 403
    assert Member.objects.get(pk=member.pk).org_number == ""
    assert not AuditEvent.objects.filter(action="member.update").exists()


def test_another_forbunds_member_is_not_found(world, login_as):
    member = world.members_b["1261"]

    response = login_as(world.people.admin).post(
        f"/f/alfa/forbundet/medlemmar/{member.pk}/",
        {"org_number": "232100-0008", "address": "Box 1", "postal_code": "901 89", "city": "Umeå"},
    )

    assert response.status_code == 404
    assert Member.objects.get(pk=member.pk).address == ""


def test_the_next_address_must_stay_on_the_site(world, login_as):
    member = world.members_a["region"]

    response = login_as(world.people.admin).post(
        f"/f/alfa/forbundet/medlemmar/{member.pk}/",
        {"org_number": "", "address": "Box 1", "postal_code": "", "city": "", "next": "https://example.org/"},
    )

    assert response.status_code == 302
    assert not response["Location"].startswith("https://example.org")
