"""The förbund's registers on pages: members joining and leaving, kommuner, statutes versions, the board in
ledamot/ersättare pairs with resignations and successors, and the preparatory group. Only the admin keeps them."""

import datetime as dt

import pytest
from django.urls import reverse

from samordna.audit.models import AuditEvent
from samordna.tenancy.models import BoardSeat, Kommun, Member, PreparatoryMember, Statutes

TERM = {"term_start": "2023-04-01", "term_end": "2027-03-31"}


def snapshot(world):
    return (
        list(Member.objects.values_list("pk", "name", "left").order_by("pk")),
        list(BoardSeat.objects.values_list("pk", "person_name", "term_end", "deputy_for_id").order_by("pk")),
        Statutes.objects.count(),
        PreparatoryMember.objects.count(),
        sorted(world.a.kommuner.values_list("code", flat=True)),
        AuditEvent.objects.count(),
    )


def url(name, world, *args):
    return reverse(f"tenancy:{name}", args=[world.a.slug, *args])


def test_the_admin_records_a_ledamot_and_ersattare_pair_with_the_chair(world, login_as):
    client = login_as(world.people.admin)
    fk = world.members_a["fk"]

    response = client.post(
        url("board_new", world),
        {"member": fk.pk, "ledamot": "Anna Ek", "ersattare": "Bo Lind", "office": "CHAIR", **TERM},
    )

    assert response.status_code == 302
    ledamot = BoardSeat.objects.get(person_name="Anna Ek")
    deputy = BoardSeat.objects.get(person_name="Bo Lind")
    assert (ledamot.role, ledamot.office, ledamot.member) == ("LEDAMOT", "CHAIR", fk)
    assert (deputy.role, deputy.deputy_for) == ("ERSATTARE", ledamot)


def test_a_second_chair_in_the_same_term_is_refused_and_nothing_is_saved(world, login_as):
    client = login_as(world.people.admin)
    client.post(
        url("board_new", world),
        {"member": world.members_a["fk"].pk, "ledamot": "Anna Ek", "ersattare": "Bo Lind", "office": "CHAIR", **TERM},
    )
    before = snapshot(world)

    response = client.post(
        url("board_new", world),
        {"member": world.members_a["af"].pk, "ledamot": "Cai Berg", "ersattare": "Dan Ås", "office": "CHAIR", **TERM},
    )

    assert response.status_code == 400
    assert "Anna Ek är redan ordförande" in response.content.decode()
    assert snapshot(world) == before


def test_a_resigning_ledamot_is_succeeded_and_the_ersattare_serves_the_successor(world, login_as):
    client = login_as(world.people.admin)
    client.post(
        url("board_new", world),
        {"member": world.members_a["fk"].pk, "ledamot": "Anna Ek", "ersattare": "Bo Lind", "office": "CHAIR", **TERM},
    )
    anna = BoardSeat.objects.get(person_name="Anna Ek")

    response = client.post(url("board_seat_end", world, anna.pk), {"ended_on": "2024-06-30", "successor": "Eva Al"})

    assert response.status_code == 302
    anna.refresh_from_db()
    eva = BoardSeat.objects.get(person_name="Eva Al")
    assert (anna.term_end, anna.ended_early) == (dt.date(2024, 6, 30), True)
    assert (eva.term_start, eva.term_end, eva.office, eva.replaces) == (
        dt.date(2024, 7, 1),
        dt.date(2027, 3, 31),
        "CHAIR",
        anna,
    )
    assert BoardSeat.objects.get(person_name="Bo Lind").deputy_for == eva


def test_a_resignation_in_the_future_is_refused(world, login_as):
    client = login_as(world.people.admin)
    client.post(
        url("board_new", world),
        {"member": world.members_a["fk"].pk, "ledamot": "Anna Ek", "ersattare": "Bo Lind", **TERM},
    )
    before = snapshot(world)
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()

    response = client.post(
        url("board_seat_end", world, BoardSeat.objects.get(person_name="Anna Ek").pk), {"ended_on": future}
    )

    assert response.status_code == 400
    assert snapshot(world) == before


def test_a_member_joins_and_leaves(world, login_as):
    client = login_as(world.people.admin)
    kommun = Kommun.objects.get(code="2417")

    client.post(
        url("member_new", world),
        {"party_type": "KOMMUN", "name": "Nya kommunen", "kommun": kommun.pk, "joined": "2024-01-01"},
    )
    member = Member.objects.get(name="Nya kommunen")
    client.post(url("member_leave", world, member.pk), {"left": "2025-12-31"})

    member.refresh_from_db()
    assert (member.joined, member.left) == (dt.date(2024, 1, 1), dt.date(2025, 12, 31))


def test_a_leaving_before_the_joining_is_refused(world, login_as):
    client = login_as(world.people.admin)
    Member.objects.filter(pk=world.members_a["af"].pk).update(joined=dt.date(2010, 1, 1))
    before = snapshot(world)

    response = client.post(url("member_leave", world, world.members_a["af"].pk), {"left": "2009-12-31"})

    assert response.status_code == 400
    assert "Utträdet kan inte ligga före inträdet" in response.content.decode()
    assert snapshot(world) == before


def test_a_statutes_version_sets_quorum_notice_term_and_the_equity_cap(world, login_as):
    client = login_as(world.people.admin)
    data = {
        "valid_from": "2024-01-01",
        "ledamot_seats_per_member": 1,
        "ersattare_per_ledamot": 1,
        "term_years": 4,
        "quorum_percent": 50,
        "notice_days": 10,
        "equity_cap_percent": "15",
        "note": "",
    }

    assert client.post(url("statutes_new", world), data).status_code == 302
    version = world.a.statutes_on(dt.date(2024, 6, 1))
    assert (version.valid_from, version.notice_days, version.equity_cap_percent) == (dt.date(2024, 1, 1), 10, 15)
    world.a.refresh_from_db()
    assert world.a.equity_cap_percent == 15
    # The same day twice is refused, and says so.
    again = client.post(url("statutes_new", world), data)
    assert again.status_code == 400
    assert "Det finns redan en version som gäller från 2024-01-01" in again.content.decode()


def test_the_kommuner_are_set_and_a_new_one_added(world, login_as):
    client = login_as(world.people.admin)
    norsjo = Kommun.objects.get(code="2417")

    skelleftea = Kommun.objects.get(code="2482")
    client.post(
        url("kommuner", world), {"kommuner": [norsjo.pk, skelleftea.pk], "new_code": "2418", "new_name": "Malå"}
    )

    assert sorted(world.a.kommuner.values_list("code", flat=True)) == ["2417", "2418", "2482"]


def test_a_kommun_that_is_a_member_cannot_be_taken_away(world, login_as):
    before = snapshot(world)

    response = login_as(world.people.admin).post(
        url("kommuner", world), {"kommuner": [Kommun.objects.get(code="2417").pk]}
    )

    assert response.status_code == 400
    assert "Skellefteå kommun är medlem" in response.content.decode()
    assert snapshot(world) == before


def test_the_preparatory_group_gets_a_member_who_later_leaves(world, login_as):
    client = login_as(world.people.admin)

    client.post(
        url("preparatory_new", world),
        {
            "person_name": "Gun Ny",
            "title": "Enhetschef",
            "member": world.members_a["region"].pk,
            "joined": "2023-01-01",
        },
    )
    person = PreparatoryMember.objects.get(person_name="Gun Ny")
    client.post(url("preparatory_end", world, person.pk), {"left": "2024-01-31"})

    person.refresh_from_db()
    assert (person.member, person.left) == (world.members_a["region"], dt.date(2024, 1, 31))


@pytest.mark.parametrize("who", ["office", "board", "outsider"])
def test_only_the_admin_keeps_the_registers_and_a_refusal_changes_nothing(world, login_as, who):
    seat = BoardSeat.objects.create(member=world.members_a["fk"], person_name="X", role="LEDAMOT", **TERM)
    person = PreparatoryMember.objects.create(forbund=world.a, person_name="Y", joined=dt.date(2020, 1, 1))
    client = login_as(getattr(world.people, who))
    before = snapshot(world)
    posts = [
        (url("member_new", world), {"party_type": "FK", "name": "Z", "joined": "2024-01-01"}),
        (url("member_leave", world, world.members_a["af"].pk), {"left": "2024-01-01"}),
        (url("kommuner", world), {"kommuner": []}),
        (url("statutes_new", world), {"valid_from": "2024-01-01"}),
        (url("board_new", world), {"member": world.members_a["fk"].pk, "ledamot": "A", "ersattare": "B", **TERM}),
        (url("board_seat_end", world, seat.pk), {"ended_on": "2024-01-01"}),
        (url("preparatory_new", world), {"person_name": "Q", "joined": "2024-01-01"}),
        (url("preparatory_end", world, person.pk), {"left": "2024-01-01"}),
    ]

    for path, data in posts:
        assert client.post(path, data).status_code in (403, 404), path

    assert snapshot(world) == before
