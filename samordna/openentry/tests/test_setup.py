"""Set-up pages for the förbund's administrators and office: teams with their seats, and the catalogue.

Allowed and refused steps, who may take them, the version check on edits, and that a refusal changes nothing.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samordna.audit.models import AuditEvent
from samordna.lib.errors import Refused
from samordna.openentry import actions
from samordna.openentry.models import CatalogueEntry, Team, TeamSeat
from samordna.openentry.rules import rule_of


def snapshot():
    return (
        list(Team.objects.values_list("pk", "name", "leader_id", "meeting_weekday", "version").order_by("pk")),
        list(TeamSeat.objects.values_list("team_id", "member_id", "function", "holder_id").order_by("pk")),
        list(CatalogueEntry.objects.values_list("pk", "name", "capacity", "version").order_by("pk")),
        AuditEvent.objects.count(),
    )


def team_post(world, members_rows, version=None, **fields):
    """The team form's POST: the team's fields and one seat row per member of förbund A."""
    data = {
        "name": "Samverkansteam Skellefteå",
        "area": "Skellefteå",
        "leader": "",
        "meeting_weekday": "2",
        "meeting_time": "13:30",
        "place": "Kommunhuset",
        "expected_version": "" if version is None else str(version),
    }
    data.update(fields)
    members = list(world.a.members.all())
    data.update({"seat-TOTAL_FORMS": str(len(members)), "seat-INITIAL_FORMS": str(len(members))})
    for n, member in enumerate(members):
        function, holder = members_rows.get(member.pk, ("", None))
        data.update(
            {
                f"seat-{n}-member": str(member.pk),
                f"seat-{n}-function": function,
                f"seat-{n}-holder": "" if holder is None else str(holder.pk),
            }
        )
    return data


@pytest.fixture
def seated(world, team):
    return {world.members_a["fk"].pk: ("Försäkringskassan, sjukförsäkring", team.seat_fk)}


@pytest.mark.parametrize("who", ["admin", "office"])
def test_the_office_creates_a_team_with_its_seats(world, team, login_as, who):
    client = login_as(getattr(world.people, who))
    rows = {
        world.members_a["fk"].pk: ("Försäkringskassan", team.seat_fk),
        world.members_a["af"].pk: ("Arbetsförmedlingen, rehabilitering", None),
    }

    response = client.post(
        reverse("openentry:team_new", args=["alfa"]), team_post(world, rows, leader=str(team.leader.pk))
    )

    assert response.status_code == 302
    created = Team.objects.get(name="Samverkansteam Skellefteå")
    assert (created.leader, created.meeting_weekday, created.meeting_time) == (team.leader, 2, dt.time(13, 30))
    seats = {s.member_id: (s.function, s.holder) for s in created.seats.all()}
    assert seats == rows
    events = list(AuditEvent.objects.filter(action__startswith="team.").order_by("pk").values_list("action", flat=True))
    assert events[-3:] == ["team.create", "team.seat", "team.seat"]
    page = client.get(reverse("openentry:setup", args=["alfa"])).content.decode()
    assert "Samverkansteam Skellefteå" in page and "Arbetsförmedlingen, rehabilitering" in page


def test_editing_changes_the_team_hands_over_a_seat_and_removes_another(world, team, login_as):
    client = login_as(world.people.office)
    url = reverse("openentry:team_edit", args=["alfa", team.team.pk])
    form = client.get(url)
    assert form.status_code == 200 and 'name="expected_version"' in form.content.decode()
    rows = {world.members_a["fk"].pk: ("Försäkringskassan, sjukförsäkring", team.other)}

    response = client.post(url, team_post(world, rows, version=team.team.version, name="Samverkansteam Alfa"))

    assert response.status_code == 302
    team.team.refresh_from_db()
    assert team.team.version == 2 and team.team.leader is None and team.team.place == "Kommunhuset"
    assert {s.member_id: s.holder for s in team.team.seats.all()} == {world.members_a["fk"].pk: team.other}
    removed = AuditEvent.objects.get(action="team.seat.remove")
    assert removed.changes["holder"] == team.seat_kommun.username
    update = AuditEvent.objects.get(action="team.update")
    assert update.changes["leader"] == [team.leader.username, None]


def test_a_stale_edit_is_refused_and_changes_nothing(world, team, seated, login_as):
    client = login_as(world.people.office)
    url = reverse("openentry:team_edit", args=["alfa", team.team.pk])
    opened = team.team.version
    actions.save_team(world.people.admin, world.a, team.team, expected_version=opened, name="Ändrat av någon annan")
    before = snapshot()

    response = client.post(url, team_post(world, seated, version=opened, name="Mitt namn"))

    assert response.status_code == 400
    assert "Någon annan har ändrat" in response.content.decode()
    assert snapshot() == before


def test_an_administrator_cannot_hold_a_seat_and_nothing_is_saved(world, team, login_as):
    client = login_as(world.people.office)
    rows = {world.members_a["af"].pk: ("Arbetsförmedlingen", world.people.admin)}
    before = snapshot()

    response = client.post(reverse("openentry:team_new", args=["alfa"]), team_post(world, rows))

    # The form does not offer administrators; the action refuses them all the same, and keeps nothing.
    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in response.content.decode()
    with pytest.raises(ValidationError) as refused:
        actions.save_team(
            world.people.office,
            world.a,
            None,
            name="Nytt team",
            seats=[{"member": world.members_a["af"], "function": "Arbetsförmedlingen", "holder": world.people.admin}],
        )
    assert "Arbetsförmedlingen" in str(refused.value) and "admin_a" in str(refused.value)
    assert snapshot() == before


def test_a_seat_needs_its_function(world, team):
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        actions.save_team(
            world.people.office,
            world.a,
            team.team,
            name="Samverkansteam Alfa",
            seats=[{"member": world.members_a["af"], "function": " ", "holder": team.other}],
        )
    assert "Ange vilken funktion" in str(refused.value)
    assert snapshot() == before


def test_two_teams_cannot_share_a_name(world, team):
    before = snapshot()
    with pytest.raises(ValidationError):
        actions.save_team(world.people.office, world.a, None, name="Samverkansteam Alfa")
    assert snapshot() == before


@pytest.mark.parametrize("who", ["preparatory", "colleague", "handler", "board", "auditor", "dpo", "applicant"])
def test_others_may_not_set_up_teams_or_the_catalogue(world, team, seated, login_as, who):
    user = getattr(world.people, who)
    client = login_as(user)
    entry = actions.create_catalogue_entry(
        None, world.a, kind="ORDINARY", name="Vägledning", provider=world.members_a["af"]
    )
    before = snapshot()

    for url in (
        reverse("openentry:setup", args=["alfa"]),
        reverse("openentry:team_new", args=["alfa"]),
        reverse("openentry:team_edit", args=["alfa", team.team.pk]),
        reverse("openentry:entry_new", args=["alfa"]),
        reverse("openentry:entry_edit", args=["alfa", entry.pk]),
    ):
        assert client.get(url).status_code == 403, url
        assert client.post(url, team_post(world, seated, name="Kapat")).status_code == 403, url

    with pytest.raises(Refused):
        actions.save_team(user, world.a, team.team, name="Kapat")
    with pytest.raises(Refused):
        actions.update_catalogue_entry(user, entry, name="Kapad", kind="ORDINARY", provider=world.members_a["af"])
    assert snapshot() == before


def test_the_team_leader_cannot_set_up_the_team(world, team, login_as):
    client = login_as(team.leader)
    assert client.get(reverse("openentry:team_edit", args=["alfa", team.team.pk])).status_code == 403


def test_another_forbund_gets_nothing(world, team, login_as):
    client = login_as(world.people.outsider)
    before = snapshot()
    assert client.get(reverse("openentry:team_edit", args=["alfa", team.team.pk])).status_code == 404
    assert (
        client.post(reverse("openentry:entry_new", args=["alfa"]), {"name": "X", "kind": "SAMSIP"}).status_code == 404
    )
    assert snapshot() == before


# --- The catalogue ----------------------------------------------------------------------------------------


def entry_post(**fields):
    data = {
        "kind": "ORDINARY",
        "name": "Mitt val",
        "provider": "",
        "intervention": "",
        "prestep": "",
        "description": "Stöd tillbaka till arbete under sjukskrivning.",
        "age_min": "",
        "age_max": "",
        "capacity": "8",
        "contact": "Försäkringskassan",
        "expected_version": "",
    }
    data.update(fields)
    return data


def test_the_office_adds_an_ordinary_service_with_eligibility(world, login_as):
    client = login_as(world.people.office)
    skelleftea = world.a.kommuner.get(code="2482")
    data = entry_post(provider=str(world.members_a["fk"].pk), age_min="18", age_max="64")
    data["income_sources"] = ["SJUKPENNING", "REHABILITERINGSERSATTNING"]
    data["kommuner"] = [str(skelleftea.pk)]

    response = client.post(reverse("openentry:entry_new", args=["alfa"]), data)

    assert response.status_code == 302
    entry = CatalogueEntry.objects.get(name="Mitt val")
    assert (entry.kind, entry.provider, entry.age_min, entry.age_max, entry.capacity) == (
        "ORDINARY",
        world.members_a["fk"],
        18,
        64,
        8,
    )
    assert entry.income_sources == ["REHABILITERINGSERSATTNING", "SJUKPENNING"]
    assert list(entry.kommuner.all()) == [skelleftea]
    event = AuditEvent.objects.get(action="catalogue.create")
    assert event.changes["kommuner"] == [None, ["2482"]]

    # The team finds it during the meeting: 40 years old on sickness benefit in Skellefteå.
    found = client.get(
        reverse("openentry:catalogue", args=["alfa"]),
        {"age": 40, "income": "SJUKPENNING", "kommun": skelleftea.pk},
        HTTP_HX_REQUEST="true",
    )
    assert [e.name for e in found.context["entries"]] == ["Mitt val"]
    assert not list(
        client.get(reverse("openentry:catalogue", args=["alfa"]), {"age": 70}, HTTP_HX_REQUEST="true").context[
            "entries"
        ]
    )


def test_an_insats_entry_names_one_of_the_forbunds_individual_insatser(world, login_as):
    client = login_as(world.people.admin)
    before = snapshot()

    missing = client.post(reverse("openentry:entry_new", args=["alfa"]), entry_post(kind="INSATS", name="Koordinator"))
    assert missing.status_code == 400 and "Välj vilken av förbundets insatser" in missing.content.decode()
    # The structural insats is not even offered; the action refuses it too.
    with pytest.raises(ValidationError):
        actions.create_catalogue_entry(
            world.people.admin, world.a, kind="INSATS", name="Struktur", intervention=world.other_insats_a
        )
    with pytest.raises(ValidationError):
        actions.create_catalogue_entry(
            world.people.admin, world.a, kind="INSATS", name="Beta", intervention=world.insats_b
        )
    assert snapshot() == before

    ok = client.post(
        reverse("openentry:entry_new", args=["alfa"]),
        entry_post(kind="INSATS", name="Koordinatorstöd", intervention=str(world.insats_a.pk), capacity=""),
    )
    assert ok.status_code == 302
    assert CatalogueEntry.objects.get(name="Koordinatorstöd").intervention == world.insats_a


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"provider": ""}, "Ange vilken medlem"),
        ({"age_min": "65", "age_max": "18"}, "Högsta ålder ska vara minst"),
        ({"capacity": "0"}, "lämna fältet tomt"),
    ],
)
def test_a_wrong_entry_is_refused_with_what_to_fix(world, login_as, fields, message):
    client = login_as(world.people.office)
    before = snapshot()
    data = entry_post(provider=str(world.members_a["af"].pk))
    data.update(fields)

    response = client.post(reverse("openentry:entry_new", args=["alfa"]), data)

    assert response.status_code == 400 and message in response.content.decode()
    assert snapshot() == before


def test_editing_an_entry_checks_the_version(world, login_as):
    entry = actions.create_catalogue_entry(
        None, world.a, kind="ORDINARY", name="Vägledning", provider=world.members_a["af"], capacity=5
    )
    client = login_as(world.people.office)
    url = reverse("openentry:entry_edit", args=["alfa", entry.pk])
    assert 'value="1"' in client.get(url).content.decode()

    saved = client.post(
        url, entry_post(name="Vägledning", provider=str(world.members_a["af"].pk), expected_version="1")
    )
    assert saved.status_code == 302
    entry.refresh_from_db()
    assert (entry.capacity, entry.version) == (8, 2)
    assert AuditEvent.objects.get(action="catalogue.update").changes["capacity"] == [5, 8]

    before = snapshot()
    stale = client.post(
        url, entry_post(name="Vägledning", provider=str(world.members_a["af"].pk), capacity="3", expected_version="1")
    )
    assert stale.status_code == 400 and "Någon annan har ändrat" in stale.content.decode()
    assert snapshot() == before


def test_the_menu_and_the_pages_link_to_the_set_up(world, team, login_as):
    client = login_as(world.people.office)
    dashboard = client.get(reverse("tenancy:dashboard", args=["alfa"]))
    assert "openentry:setup" in {item["name"] for item in dashboard.context["menu"]}
    assert (
        reverse("openentry:setup", args=["alfa"])
        in client.get(reverse("openentry:catalogue", args=["alfa"])).content.decode()
    )
    assert (
        reverse("openentry:team_edit", args=["alfa", team.team.pk])
        in client.get(reverse("openentry:team", args=["alfa", team.team.pk])).content.decode()
    )

    member = login_as(team.seat_fk)
    assert (
        reverse("openentry:team_edit", args=["alfa", team.team.pk])
        not in member.get(reverse("openentry:team", args=["alfa", team.team.pk])).content.decode()
    )


def test_an_insats_entry_sets_the_insats_rule_samsip_before_start(world, login_as):
    client = login_as(world.people.office)
    url = reverse("openentry:entry_new", args=["alfa"])
    data = entry_post(kind="INSATS", name="Koordinatorstöd", intervention=str(world.insats_a.pk), capacity="")

    assert client.post(url, {**data, "samsip_before_start": "REFUSE"}).status_code == 302

    assert rule_of(world.insats_a) == "REFUSE"
    event = AuditEvent.objects.get(action="intervention.entry_rule")
    assert event.changes == {"samsip_before_start": ["NONE", "REFUSE"]}
    entry = CatalogueEntry.objects.get(name="Koordinatorstöd")
    page = client.get(reverse("openentry:entry_edit", args=["alfa", entry.pk])).content.decode()
    assert '<option value="REFUSE" selected>' in page

    # Saving again without a change of rule writes no second rule event.
    client.post(
        reverse("openentry:entry_edit", args=["alfa", entry.pk]),
        {**data, "samsip_before_start": "REFUSE", "expected_version": "1"},
    )
    assert AuditEvent.objects.filter(action="intervention.entry_rule").count() == 1


def test_a_seat_saved_unchanged_writes_and_logs_nothing(world, team):
    seat = team.team.seats.select_related("member", "holder").get(member=world.members_a["fk"])
    before = snapshot()

    actions.set_seat(world.people.office, team.team, member=seat.member, function=seat.function, holder=seat.holder)

    assert snapshot() == before
    actions.set_seat(world.people.office, team.team, member=seat.member, function="Ny funktion", holder=seat.holder)
    assert AuditEvent.objects.count() == before[-1] + 1
    assert AuditEvent.objects.latest("pk").action == "team.seat"
