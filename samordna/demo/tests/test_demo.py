"""The demo loader: the five förbund from the seed documents, the demo logins, and `samordna demo`."""

import datetime as dt
import io
import re

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from stdnum.se import orgnr

from samordna.audit.models import AuditEvent
from samordna.demo.data import FORBUND, KOMMUNER, UNNAMED
from samordna.demo.loader import load_demo
from samordna.demo.users import DEMO_PASSWORD, DEMO_USERS, demo_totp_secret
from samordna.interventions.models import Intervention, InterventionKind
from samordna.tenancy.models import (
    BoardOffice,
    BoardRole,
    BoardSeat,
    Forbund,
    Kommun,
    Member,
    PartyType,
    Role,
    RoleAssignment,
    User,
)

SKELLEFTEA_TERM = (dt.date(2015, 4, 1), dt.date(2019, 3, 31))


@pytest.fixture
def demo(db):
    # The förbund, boards and logins only; the apps' own demo data is tested in each app and once below.
    load_demo(include_apps=False)


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models(include_auto_created=True)}


def members_of(slug: str) -> dict[str, str]:
    return dict(Member.objects.filter(forbund__slug=slug).values_list("name", "party_type"))


def test_loads_the_five_forbund(demo):
    assert set(Forbund.objects.values_list("slug", flat=True)) == {
        "skelleftea-norsjo",
        "kavlinge-lomma",
        "arvika-eda",
        "uppsala-lan",
        "ostra-ostergotland",
    }


def test_skelleftea_norsjo_has_exactly_its_five_members(demo):
    members = members_of("skelleftea-norsjo")

    assert sorted(members.values()) == sorted(
        [PartyType.KOMMUN, PartyType.KOMMUN, PartyType.REGION, PartyType.FK, PartyType.AF]
    )
    assert members["Skellefteå kommun"] == PartyType.KOMMUN
    assert members["Norsjö kommun"] == PartyType.KOMMUN
    assert members["Västerbottens läns landsting"] == PartyType.REGION
    norsjo = Member.objects.get(forbund__slug="skelleftea-norsjo", name="Norsjö kommun")
    assert norsjo.kommun is not None and norsjo.kommun.code == "2417"
    forbund = Forbund.objects.get(slug="skelleftea-norsjo")
    assert set(forbund.kommuner.values_list("code", flat=True)) == {"2482", "2417"}
    assert "Skellefteå" in forbund.aliases


@pytest.mark.parametrize(
    ("slug", "kommuner", "region"),
    [
        ("kavlinge-lomma", {"Kävlinge kommun", "Lomma kommun"}, "Region Skåne"),
        ("arvika-eda", {"Arvika kommun", "Eda kommun"}, "Region Värmland"),
        (
            "ostra-ostergotland",
            {"Norrköpings kommun", "Söderköpings kommun", "Valdemarsviks kommun"},
            "Region Östergötland",
        ),
    ],
)
def test_other_forbund_have_their_kommuner_region_fk_and_af(demo, slug, kommuner, region):
    members = members_of(slug)

    assert {name for name, party in members.items() if party == PartyType.KOMMUN} == kommuner
    assert members == {
        **dict.fromkeys(kommuner, PartyType.KOMMUN),
        region: PartyType.REGION,
        "Försäkringskassan": PartyType.FK,
        "Arbetsförmedlingen": PartyType.AF,
    }


def test_uppsala_lan_covers_the_eight_kommuner_of_the_county(demo):
    forbund = Forbund.objects.get(slug="uppsala-lan")
    codes = set(forbund.kommuner.values_list("code", flat=True))

    assert codes == {"0305", "0319", "0330", "0331", "0360", "0380", "0381", "0382"}
    assert (
        set(Member.objects.filter(forbund=forbund, party_type=PartyType.KOMMUN).values_list("kommun__code", flat=True))
        == codes
    )
    assert Member.objects.filter(forbund=forbund).exclude(party_type=PartyType.KOMMUN).count() == 3


def test_every_member_kommun_is_stored_with_its_scb_code(demo):
    assert Kommun.objects.get(code="0330").name == "Knivsta"
    assert Kommun.objects.get(code="2482").name == "Skellefteå"
    assert not Member.objects.filter(party_type=PartyType.KOMMUN, kommun__isnull=True).exists()
    assert Kommun.objects.count() == len(KOMMUNER) == 17


def test_skelleftea_board_has_a_ledamot_and_an_ersattare_for_each_member(demo):
    members = Member.objects.filter(forbund__slug="skelleftea-norsjo")

    for member in members:
        seats = BoardSeat.objects.filter(member=member)
        ledamot = seats.get(role=BoardRole.LEDAMOT)
        ersattare = seats.get(role=BoardRole.ERSATTARE)
        assert ersattare.deputy_for == ledamot, member.name
        assert (ledamot.term_start, ledamot.term_end) == SKELLEFTEA_TERM


def test_skelleftea_chair_and_vice_chair_are_those_elected_on_2015_04_23(demo):
    seats = BoardSeat.objects.filter(member__forbund__slug="skelleftea-norsjo")

    chair = seats.get(office=BoardOffice.CHAIR)
    vice = seats.get(office=BoardOffice.VICE_CHAIR)
    assert (chair.person_name, chair.role) == ("Bertil Almgren", BoardRole.LEDAMOT)
    assert (vice.person_name, vice.role) == ("Anna Viklund", BoardRole.LEDAMOT)
    named = set(seats.exclude(person_name=UNNAMED).values_list("person_name", flat=True))
    assert named == {
        "Bertil Almgren",
        "Anna Viklund",
        "Kenneth Andersson",
        "Carolina Marklund",
        "Johan Söderberg",
        "Camilla Hedlund",
        "Håkan Jansson",
    }


def test_kavlinge_lomma_board_is_the_attendance_of_14_june_2018(demo):
    seats = BoardSeat.objects.filter(member__forbund__slug="kavlinge-lomma")

    assert seats.filter(role=BoardRole.LEDAMOT).count() == 5
    assert set(seats.filter(role=BoardRole.ERSATTARE).values_list("member__name", flat=True)) == {
        "Kävlinge kommun",
        "Region Skåne",
    }
    assert seats.get(office=BoardOffice.CHAIR).person_name == "Stina Larsson"
    assert seats.get(person_name="Marie Saltarski").member.name == "Region Skåne"


def test_forbund_without_named_board_members_get_no_seats(demo):
    for slug in ("arvika-eda", "uppsala-lan", "ostra-ostergotland"):
        assert not BoardSeat.objects.filter(member__forbund__slug=slug).exists(), slug


def test_knivsta_insats_belongs_to_uppsala_lan_and_is_owned_by_knivsta_kommun(demo):
    insats = Intervention.objects.get(registration_no="2017:48")

    assert insats.forbund.slug == "uppsala-lan"
    assert insats.name == "En väg in – fler vägar ut"
    assert insats.kind == InterventionKind.INDIVIDUAL
    assert (insats.start_date, insats.end_date) == (dt.date(2018, 1, 1), dt.date(2021, 12, 31))
    assert insats.owner is not None and insats.owner.name == "Knivsta kommun"
    assert insats.owner.kommun is not None and insats.owner.kommun.code == "0330"
    assert set(insats.partners.values_list("party_type", flat=True)) == {
        PartyType.AF,
        PartyType.FK,
        PartyType.REGION,
    }
    assert AuditEvent.objects.filter(action="intervention.create", object_id=str(insats.pk)).count() == 1


def test_uppsala_lan_has_a_second_insats_with_its_own_participant_handler(demo):
    insats = Intervention.objects.get(forbund__slug="uppsala-lan", registration_no="2019:3")
    assert insats.owner is not None
    parties = {insats.owner.party_type, *insats.partners.values_list("party_type", flat=True)}
    assignment = RoleAssignment.objects.get(user__username="deltagaransvarig2")

    assert insats.kind == InterventionKind.INDIVIDUAL
    assert len(parties) >= 2
    assert assignment.role == Role.PARTICIPANT_HANDLER
    assert list(assignment.interventions.values_list("registration_no", flat=True)) == ["2019:3"]


def test_other_insatser_have_their_seed_periods(demo):
    plattform = Intervention.objects.get(forbund__slug="arvika-eda", name="Plattform för samverkan")
    norrkoping = Intervention.objects.get(forbund__slug="ostra-ostergotland", name="Plattform Norrköping")

    assert (plattform.start_date, plattform.end_date) == (dt.date(2021, 1, 1), dt.date(2023, 12, 31))
    assert plattform.owner is not None and plattform.owner.name == "Arvika kommun"
    assert norrkoping.start_date == dt.date(2014, 9, 1)
    assert norrkoping.end_date is None


def test_every_forbund_has_statutes_in_force_today(demo):
    for forbund in Forbund.objects.all():
        statutes = forbund.statutes_on(dt.date.today())
        assert statutes is not None, forbund.slug
        assert statutes.ledamot_seats_per_member == 1
        assert statutes.quorum_percent == 50
    statutes_2017 = Forbund.objects.get(slug="ostra-ostergotland").statutes_on(dt.date(2017, 6, 12))
    assert statutes_2017 is not None and statutes_2017.valid_from == dt.date(2017, 1, 1)


def test_every_write_is_in_the_audit_log(demo):
    assert AuditEvent.objects.filter(action="forbund.create").count() == 5
    assert AuditEvent.objects.filter(action="member.add").count() == Member.objects.count()
    assert AuditEvent.objects.filter(action="board_seat.add").count() == BoardSeat.objects.count()
    assert AuditEvent.objects.filter(action="role.assign").count() == RoleAssignment.objects.count()


def test_loading_twice_changes_no_table(demo):
    before = row_counts()
    out = io.StringIO()

    load_demo(out, include_apps=False)

    assert row_counts() == before
    assert "Inget nytt" in out.getvalue()


def test_loading_again_restores_only_what_is_missing(demo):
    Intervention.objects.filter(registration_no="2014:1").delete()
    before = row_counts()

    load_demo(include_apps=False)

    after = row_counts()
    assert Intervention.objects.filter(registration_no="2014:1").count() == 1
    assert after["interventions.Intervention"] == before["interventions.Intervention"] + 1
    assert after["tenancy.Member"] == before["tenancy.Member"]


def test_each_demo_user_logs_in_with_the_demo_password(demo):
    for demo_user in DEMO_USERS:
        assert authenticate(username=demo_user.username, password=DEMO_PASSWORD) is not None, demo_user.username
        assert authenticate(username=demo_user.username, password=DEMO_PASSWORD + "x") is None


def test_demo_users_have_their_roles_and_second_factor(demo):
    assert User.objects.get(username="systemadmin").is_system_admin
    assert not User.objects.get(username="kansli").is_system_admin
    for demo_user in DEMO_USERS:
        user = User.objects.get(username=demo_user.username)
        held = set(RoleAssignment.objects.filter(user=user).values_list("forbund__slug", "role"))
        assert held == {(slug, role) for slug, role, _ in demo_user.roles}
        assert user.has_totp == demo_user.totp
        if demo_user.totp:
            assert user.totp_secret == demo_totp_secret(demo_user.username)


def test_demo_participant_handler_is_limited_to_2017_48(demo):
    assignment = RoleAssignment.objects.get(user__username="deltagaransvarig")

    assert assignment.role == Role.PARTICIPANT_HANDLER
    assert assignment.forbund.slug == "uppsala-lan"
    assert list(assignment.interventions.values_list("registration_no", flat=True)) == ["2017:48"]


def test_seed_org_numbers_pass_the_checksum():
    numbers = [k.org_number for k in KOMMUNER.values()]
    numbers += [m.org_number for fact in FORBUND for m in fact.members()]
    numbers += [fact.org_number for fact in FORBUND]

    assert all(orgnr.is_valid(n) for n in numbers if n)
    assert all(len(code) == 4 and code.isdigit() for code in KOMMUNER)


def test_command_refuses_outside_demo_mode(db, settings):
    settings.DEMO_MODE = False

    with pytest.raises(CommandError, match="demoläge"):
        call_command("samordna_demo", stdout=io.StringIO())

    assert not Forbund.objects.exists()
    assert not User.objects.exists()


def test_command_loads_and_prints_the_logins(db, settings):
    settings.DEMO_MODE = True
    out = io.StringIO()

    call_command("samordna_demo", stdout=out)

    text = out.getvalue()
    assert Forbund.objects.count() == 5
    # The handler of 2017:48 also holds its successor in the present, whose number follows the year.
    assert re.search(r"Deltagaransvarig @ uppsala-lan \(2017:48, \d{4}:\d+\)", text)
    assert demo_totp_secret("deltagaransvarig") in text
    assert demo_totp_secret("styrelse") not in text
    assert DEMO_PASSWORD in text
    assert "samordna totp" in text


def test_the_whole_demo_with_every_app_loads_twice_without_changes(db, settings):
    settings.DEMO_MODE = True
    call_command("samordna_demo", stdout=io.StringIO())
    before = row_counts()

    call_command("samordna_demo", stdout=io.StringIO())

    assert row_counts() == before
    assert before["participants.Participation"] > 0
    assert before["meetings.Meeting"] > 0
    assert before["finance.BudgetYear"] > 0
