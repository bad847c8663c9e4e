"""Förbund, members, statutes and board seats: the rules of DOMAIN.md §3.1–3.3."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from samordna.tenancy import actions
from samordna.tenancy.models import (
    BoardRole,
    BoardSeat,
    Forbund,
    Member,
    PartyType,
    distinct_parties,
    term_for_election,
)


def test_term_starts_first_april_after_election_year():
    assert term_for_election(2014) == (dt.date(2015, 4, 1), dt.date(2019, 3, 31))
    assert term_for_election(2018, years=2) == (dt.date(2019, 4, 1), dt.date(2021, 3, 31))


def test_kommuner_together_and_regions_together_are_one_party_each(world):
    types = world.a.members.values_list("party_type", flat=True)

    assert len(list(types)) == 5  # two kommuner, one region, FK, Af
    assert distinct_parties(types) == {"FK", "AF", "REGION", "KOMMUN"}
    assert distinct_parties([PartyType.KOMMUN, PartyType.KOMMUN]) == {"KOMMUN"}


def test_af_is_not_a_financier(world):
    assert not world.members_a["af"].is_financier
    assert world.members_a["fk"].is_financier


def test_statutes_version_in_force(world):
    later = actions.add_statutes(None, world.a, valid_from=dt.date(2020, 1, 1), quorum_percent=60)

    assert world.a.statutes_on(dt.date(2019, 12, 31)).quorum_percent == 50
    assert world.a.statutes_on(dt.date(2020, 1, 1)) == later
    assert world.a.statutes_on(dt.date(2000, 1, 1)) is None


def test_quorum_is_more_than_the_share():
    from samordna.tenancy.models import Statutes

    statutes = Statutes(quorum_percent=50)
    assert statutes.has_quorum(3, 5)
    assert not statutes.has_quorum(2, 4)
    assert statutes.has_quorum(3, 4)


def test_wrong_org_number_is_refused_with_swedish_message_and_nothing_stored(db):
    with pytest.raises(ValidationError) as excinfo:
        actions.create_forbund(None, slug="fel", name="Fel förbund", org_number="222000-1235")

    assert "kontrollsiffra" in " ".join(excinfo.value.messages)
    assert not Forbund.objects.filter(slug="fel").exists()


def test_org_number_is_normalised(db):
    forbund = actions.create_forbund(None, slug="ratt", name="Rätt förbund", org_number="2021005521")

    assert forbund.org_number == "202100-5521"


@pytest.mark.parametrize("written", ["16202100-5521", "162021005521"])
def test_org_number_in_twelve_digits_is_stored_in_ten(db, written):
    forbund = actions.create_forbund(None, slug="tolv", name="Tolv förbund", org_number=written)

    forbund.refresh_from_db()
    assert forbund.org_number == "202100-5521"


def test_a_member_with_a_sole_traders_twelve_digit_number(world):
    member = actions.add_member(
        None, world.a, party_type=PartyType.REGION, name="Enskild firma", org_number="19850101-9809"
    )

    member.refresh_from_db()
    assert member.org_number == "850101-9809"


def test_the_settings_form_takes_twelve_digits(world):
    from samordna.tenancy.forms import ForbundSettingsForm

    form = ForbundSettingsForm(instance=world.a)
    assert int(form.fields["org_number"].widget.attrs["maxlength"]) >= len("16202100-5521")
    data = {**form.initial, "org_number": "16202100-5521", "website": ""}
    form = ForbundSettingsForm({k: v for k, v in data.items() if v is not None}, instance=world.a)

    assert "org_number" not in form.errors
    assert form.instance.org_number == "202100-5521"


def test_kommun_member_needs_its_kommun(world):
    with pytest.raises(ValidationError):
        actions.add_member(None, world.a, party_type=PartyType.KOMMUN, name="Ingenstans kommun")

    assert not Member.objects.filter(name="Ingenstans kommun").exists()


def test_deputy_replaces_a_ledamot_of_the_same_member(world):
    start, end = term_for_election(2014)
    ledamot = actions.add_board_seat(
        None,
        world.members_a["2482"],
        person_name="Anna Ledamot",
        role=BoardRole.LEDAMOT,
        term_start=start,
        term_end=end,
        office="CHAIR",
    )

    with pytest.raises(ValidationError):
        actions.add_board_seat(
            None,
            world.members_a["2417"],
            person_name="Olle Fel",
            role=BoardRole.ERSATTARE,
            deputy_for=ledamot,
            term_start=start,
            term_end=end,
        )
    deputy = actions.add_board_seat(
        None,
        world.members_a["2482"],
        person_name="Ella Ersättare",
        role=BoardRole.ERSATTARE,
        deputy_for=ledamot,
        term_start=start,
        term_end=end,
    )

    assert list(ledamot.deputies.all()) == [deputy]
    assert not BoardSeat.objects.filter(person_name="Olle Fel").exists()


def test_deputy_cannot_chair(world):
    start, end = term_for_election(2014)

    with pytest.raises(ValidationError):
        actions.add_board_seat(
            None,
            world.members_a["fk"],
            person_name="Ersättare Ordförande",
            role=BoardRole.ERSATTARE,
            office="CHAIR",
            term_start=start,
            term_end=end,
        )


def test_settings_update_is_audited_with_the_change(world):
    from samordna.audit.models import AuditEvent

    actions.update_forbund(world.people.admin, world.a, suppression_threshold=10)

    event = AuditEvent.objects.filter(action="forbund.update").latest("id")
    assert event.changes == {"suppression_threshold": ["5", "10"]}
    world.a.refresh_from_db()
    assert world.a.suppression_threshold == 10


def test_board_page_falls_back_to_the_latest_term(world, login_as):
    from django.urls import reverse

    start, end = term_for_election(2014)
    actions.add_board_seat(
        None,
        world.members_a["2482"],
        person_name="Anna Tidigare",
        role=BoardRole.LEDAMOT,
        term_start=start,
        term_end=end,
    )

    body = login_as(world.people.board).get(reverse("tenancy:forbund", args=["alfa"])).content.decode()

    assert "Anna Tidigare" in body
    assert "2019-03-31" in body


def test_swedish_is_the_default_whatever_the_browser_asks(world, login_as):
    from django.urls import reverse

    client = login_as(world.people.board)
    response = client.get(reverse("tenancy:dashboard", args=["alfa"]), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response["Content-Language"] == "sv"
    assert "Dina roller här" in response.content.decode()
