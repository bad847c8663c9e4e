"""Member contributions and the share check (R19), invoices per period (R22) with their PDF."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from samordna.finance import actions, queries
from samordna.finance.models import MemberInvoice


def _contribute(world, amounts, keys=None, year=2015):
    keys = keys or {}
    for key, amount in amounts.items():
        actions.set_contribution(None, world.members_a[key], year, amount, keys.get(key))


def test_the_legal_split_gives_no_warning(world):
    _contribute(world, {"fk": 500_000, "region": 250_000, "2482": 200_000, "2417": 50_000}, {"2482": 80, "2417": 20})

    check = queries.contribution_shares(world.a, 2015)

    assert check.total == 1_000_000
    assert check.ok, check.warnings


def test_a_deviation_warns_with_what_is_off_but_is_saved(world):
    _contribute(world, {"fk": 480_000, "region": 250_000, "2482": 250_000, "af": 20_000})

    check = queries.contribution_shares(world.a, 2015)

    assert not check.ok
    text = " ".join(check.warnings)
    assert "Försäkringskassan betalar 480 000 kr men ska betala hälften, 500 000 kr (skillnad −20 000 kr)" in text
    assert "Arbetsförmedlingen betalar 20 000 kr" in text
    assert len(check.members) == 4  # nothing was blocked


def test_the_kommuner_quarter_follows_the_key(world):
    _, check = actions.set_contribution(None, world.members_a["fk"], 2015, 500_000)
    _contribute(world, {"region": 250_000, "2482": 125_000, "2417": 125_000}, {"2482": 72_000, "2417": 4_200})

    check = queries.contribution_shares(world.a, 2015)

    skelleftea = next(m for m in check.members if m.member.startswith("Skellefteå"))
    assert skelleftea.expected == 236_220
    assert any("fördelningsnyckeln" in w and "Skellefteå" in w for w in check.warnings)


def test_quarterly_invoices_add_up_to_the_contribution(world):
    actions.set_contribution(None, world.members_a["2417"], 2015, 100_001)

    invoices = actions.create_invoices(None, world.a, 2015)

    assert [i.amount for i in invoices] == [25_000, 25_000, 25_000, 25_001]
    assert [(i.period_start, i.period_end) for i in invoices][1] == (dt.date(2015, 4, 1), dt.date(2015, 6, 30))
    assert actions.create_invoices(None, world.a, 2015) == []  # a second run adds nothing


def test_monthly_rhythm_when_the_forbund_says_so(world):
    world.a.invoice_frequency = "MONTHLY"
    world.a.save()
    actions.set_contribution(None, world.members_a["fk"], 2015, 120_000)

    assert len(actions.create_invoices(None, world.a, 2015)) == 12


def test_invoice_workflow_draft_sent_paid(world, ready_to_invoice):
    actions.set_contribution(None, world.members_a["fk"], 2015, 400_000)
    invoice = actions.create_invoices(None, world.a, 2015)[0]

    with pytest.raises(ValidationError, match="kan inte bli betald"):
        actions.move_invoice(None, invoice, "PAID", dt.date(2015, 1, 5))
    actions.move_invoice(None, invoice, "SENT", dt.date(2015, 1, 2))
    invoice = actions.move_invoice(None, invoice, "PAID", dt.date(2015, 1, 20))

    statement = queries.member_statement(invoice)
    assert (statement["invoiced"], statement["paid"], statement["outstanding"]) == (100_000, 100_000, 0)
    with pytest.raises(ValidationError):
        actions.set_contribution(None, world.members_a["fk"], 2015, 1)


def test_invoice_pdf_lists_what_is_invoiced_and_paid(world, ready_to_invoice, login_as):
    actions.set_contribution(None, world.members_a["fk"], 2015, 400_000)
    invoice = actions.create_invoices(None, world.a, 2015)[0]
    actions.move_invoice(None, invoice, "SENT", dt.date(2015, 1, 2))

    response = login_as(world.people.auditor).get(f"/f/alfa/ekonomi/fakturor/{invoice.pk}/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_board_may_read_but_not_create_invoices(world, login_as):
    actions.set_contribution(None, world.members_a["fk"], 2015, 400_000)
    client = login_as(world.people.board)

    assert client.get("/f/alfa/ekonomi/fakturor/?year=2015").status_code == 200
    assert client.post("/f/alfa/ekonomi/fakturor/", {"year": 2015}).status_code == 403
    assert not MemberInvoice.objects.exists()


def test_office_sets_a_contribution_on_the_page_and_sees_the_warning(world, login_as):
    client = login_as(world.people.office)

    response = client.post(
        "/f/alfa/ekonomi/medlemsbidrag/",
        {"member": world.members_a["fk"].pk, "year": 2015, "amount": 100_000},
        follow=True,
    )

    assert response.status_code == 200
    assert "ska betala hälften" in response.content.decode()


def test_an_invoice_move_with_an_odd_invoice_or_status_is_refused_and_changes_nothing(world, login_as):
    actions.set_contribution(None, world.members_a["fk"], 2015, 400_000)
    invoice = actions.create_invoices(None, world.a, 2015)[0]
    client = login_as(world.people.office)

    not_a_number = client.post("/f/alfa/ekonomi/fakturor/", {"year": 2015, "invoice": "x" * 50, "status": "SENT"})
    odd_status = client.post(
        "/f/alfa/ekonomi/fakturor/", {"year": 2015, "invoice": invoice.pk, "status": "INVALID"}, follow=True
    )

    invoice.refresh_from_db()
    assert not_a_number.status_code == 404
    assert "Välj vad som har hänt med fakturan: skickad eller betald." in odd_status.content.decode()
    assert invoice.status == "DRAFT"
