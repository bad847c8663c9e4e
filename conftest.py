"""Shared fixtures: two förbund and the fixed personas every app's tests use.

Förbund A ("alfa") is where the personas work; förbund B ("beta") has an outsider whose every
request into A must find nothing.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import hypothesis
import pytest

from samordna.tenancy import actions
from samordna.tenancy.middleware import SESSION_KEY
from samordna.tenancy.models import Kommun, PartyType, Role

PASSWORD = "Ett-långt-testlösenord-42"
# The personas of `world.people`, in the order of the roles in DOMAIN §8.
PERSONAS = (
    "admin",
    "office",
    "handler",
    "colleague",
    "board",
    "auditor",
    "dpo",
    "preparatory",
    "applicant",
    "outsider",
    "sysadmin",
)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is what production uses (tested separately); the personas need not pay for it in every test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _sessions_touched_once_a_day(settings):
    # A session is saved when its touch interval turns over; a minute's interval would let query counts of
    # two requests differ by chance.
    settings.SESSION_TOUCH_SECONDS = 24 * 60 * 60


@pytest.fixture(autouse=True)
def _empty_cache():
    # Ids and event counts repeat between rolled-back tests on SQLite, so cached reports must not outlive a test.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def make_forbund(slug: str, name: str, kommun_names: list[tuple[str, str]]):
    kommuner = [Kommun.objects.get_or_create(code=code, defaults={"name": kname})[0] for code, kname in kommun_names]
    forbund = actions.create_forbund(None, slug=slug, name=name, founded=dt.date(2008, 1, 1), kommuner=kommuner)
    actions.add_statutes(None, forbund, valid_from=dt.date(2008, 1, 1))
    members = {
        "fk": actions.add_member(None, forbund, party_type=PartyType.FK, name=f"Försäkringskassan ({name})"),
        "af": actions.add_member(None, forbund, party_type=PartyType.AF, name=f"Arbetsförmedlingen ({name})"),
        "region": actions.add_member(None, forbund, party_type=PartyType.REGION, name=f"Region {name}"),
    }
    for kommun in kommuner:
        members[kommun.code] = actions.add_member(
            None, forbund, party_type=PartyType.KOMMUN, name=f"{kommun.name} kommun", kommun=kommun
        )
    return forbund, members


def make_user(username: str, forbund=None, role: Role | None = None, **kwargs):
    interventions = kwargs.pop("interventions", ())
    employer = kwargs.pop("employer", None)
    user = actions.create_user(
        None,
        forbund,
        username=username,
        password=PASSWORD,
        first_name=username.capitalize(),
        last_name="Testsson",
        **kwargs,
    )
    if role is not None:
        actions.assign_role(None, forbund, user, role, interventions=interventions, employer=employer)
    return user


def make_controller(insats, *members):
    """Name `members` controllers of `insats`'s participant data (joint ones with a recorded arrangement)."""
    from samordna.interventions.actions import set_data_controller
    from samordna.interventions.models import ControllerKind

    joint = {}
    if len(members) > 1:
        joint = {
            "answers_requests": members[0],
            "informs_subjects": members[0],
            "agreement_date": dt.date(2018, 1, 1),
            "agreement_reference": "PuB 2018:1",
        }
    return set_data_controller(None, insats, kind=ControllerKind.MEMBERS, members=members, **joint)


@pytest.fixture
def world(db):
    """Förbund A and B, an insats in each, and one persona per role."""
    from samordna.interventions.models import Intervention, InterventionKind

    a, members_a = make_forbund("alfa", "Alfa samordningsförbund", [("2482", "Skellefteå"), ("2417", "Norsjö")])
    b, members_b = make_forbund("beta", "Beta samordningsförbund", [("1261", "Kävlinge")])
    insats_a = Intervention.objects.create(
        forbund=a,
        registration_no="2017:48",
        name="Alfas väg in",
        kind=InterventionKind.INDIVIDUAL,
        start_date=dt.date(2018, 1, 1),
        end_date=dt.date(2021, 12, 31),
        owner=members_a["2482"],
    )
    other_insats_a = Intervention.objects.create(
        forbund=a,
        registration_no="2019:3",
        name="Alfas andra insats",
        kind=InterventionKind.STRUCTURAL,
        start_date=dt.date(2019, 1, 1),
        owner=members_a["region"],
    )
    insats_b = Intervention.objects.create(
        forbund=b,
        registration_no="2020:1",
        name="Betas hemliga insats",
        kind=InterventionKind.INDIVIDUAL,
        start_date=dt.date(2020, 1, 1),
        owner=members_b["1261"],
    )
    # The members hold the participants' data: each individual insats is controlled by the kommun that runs it, and
    # its handler is that kommun's staff.
    make_controller(insats_a, members_a["2482"])
    make_controller(insats_b, members_b["1261"])
    people = SimpleNamespace(
        admin=make_user("admin_a", a, Role.FORBUND_ADMIN),
        office=make_user("kansli_a", a, Role.OFFICE),
        handler=make_user(
            "handler_a", a, Role.PARTICIPANT_HANDLER, interventions=[insats_a], employer=members_a["2482"]
        ),
        colleague=make_user("colleague_a", a, Role.INTERVENTION_MANAGER, interventions=[insats_a]),
        board=make_user("board_a", a, Role.BOARD_MEMBER),
        auditor=make_user("auditor_a", a, Role.AUDITOR),
        dpo=make_user("dpo_a", a, Role.DPO),
        preparatory=make_user("prep_a", a, Role.PREPARATORY),
        applicant=make_user("applicant_a", a, Role.APPLICANT),
        outsider=make_user("outsider_b", b, Role.FORBUND_ADMIN),
        sysadmin=make_user("sysadmin"),
    )
    actions.set_system_admin(None, people.sysadmin, True)
    return SimpleNamespace(
        a=a,
        b=b,
        members_a=members_a,
        members_b=members_b,
        insats_a=insats_a,
        other_insats_a=other_insats_a,
        insats_b=insats_b,
        people=people,
    )


def login(client, user):
    """Log a persona in as if both factors had been given."""
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = True
    session.save()
    return client


@pytest.fixture
def login_as(client):
    return lambda user: login(client, user)


@pytest.fixture
def second(world):
    """Förbund A's second individual insats, 2020:7, with its own participant handler (who may not see 2017:48)."""
    from samordna.interventions.models import Intervention, InterventionKind

    insats = Intervention.objects.create(
        forbund=world.a,
        registration_no="2020:7",
        name="Alfas unga vuxna",
        kind=InterventionKind.INDIVIDUAL,
        start_date=dt.date(2020, 1, 1),
        owner=world.members_a["af"],
    )
    make_controller(insats, world.members_a["af"])
    handler = make_user(
        "handler2_a", world.a, Role.PARTICIPANT_HANDLER, interventions=[insats], employer=world.members_a["af"]
    )
    return SimpleNamespace(insats=insats, handler=handler)


@pytest.fixture(scope="session", autouse=True)
def _compiled_translations():
    """Compile the .po catalogues the way `make install` does, so that English pages can be tested."""
    from pathlib import Path

    import polib

    for po_path in (Path(__file__).parent / "samordna" / "locale").glob("*/LC_MESSAGES/*.po"):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))


# Property tests: the suite runs on busy machines (no per-example deadline) and twice, so keep examples few.
hypothesis.settings.register_profile("samordna", deadline=None, max_examples=60)
hypothesis.settings.load_profile("samordna")


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    # Uploaded files of one test land in its own folder, never in the project's var/media.
    settings.MEDIA_ROOT = tmp_path / "media"
