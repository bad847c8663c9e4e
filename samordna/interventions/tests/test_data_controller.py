"""Who holds the participants' data: the controller of an individual insats (one member, joint members with their
art. 26 arrangement, or the förbund by choice), set by the office on the insats's page, required before anyone is
enrolled; and the rule that a handler sees personal data only where their employer is controller."""

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import make_controller, make_user
from samordna.audit.models import AuditEvent, ReadLogEntry
from samordna.interventions.actions import set_data_controller
from samordna.interventions.models import ControllerKind, DataController, Intervention, InterventionKind
from samordna.lib.errors import Refused
from samordna.participants import access
from samordna.participants.models import Participant, Participation
from samordna.participants.tests.people import ANNA, enrol
from samordna.participants.transfer import ImportRefused, import_file
from samordna.stats.access import stats_access
from samordna.tenancy import actions as tenancy_actions
from samordna.tenancy.models import Role, RoleAssignment


def controller_url(world, insats):
    return reverse("interventions:controller", args=[world.a.slug, insats.pk])


@pytest.fixture
def fresh(world):
    """An individual insats of förbund A with no controller yet."""
    return Intervention.objects.create(
        forbund=world.a,
        registration_no="2021:9",
        name="Alfas nya väg",
        kind=InterventionKind.INDIVIDUAL,
        start_date=dt.date(2021, 1, 1),
        owner=world.members_a["2417"],
    )


def state():
    return (
        DataController.objects.count(),
        AuditEvent.objects.count(),
        ReadLogEntry.objects.count(),
        Participation.objects.count(),
        Participant.objects.count(),
    )


def test_the_admin_names_one_member_controller_on_a_form_with_nothing_filled_in(world, login_as, fresh):
    client = login_as(world.people.admin)
    page = client.get(controller_url(world, fresh))
    assert page.status_code == 200
    assert not page.context["form"].initial
    assert "ingen personuppgiftsansvarig" in page.content.decode()

    norsjo = world.members_a["2417"]
    response = client.post(controller_url(world, fresh), {"kind": "MEMBERS", "members": [norsjo.pk]})

    assert response.status_code == 302
    controller = DataController.objects.get(intervention=fresh)
    assert list(controller.members.all()) == [norsjo]
    assert controller.answers_requests is None and not controller.agreement_reference
    event = AuditEvent.objects.get(action="intervention.controller", object_id=str(fresh.pk))
    assert event.changes["controllers"] == [None, [norsjo.name]]
    detail = client.get(reverse("interventions:detail", args=[world.a.slug, fresh.pk])).content.decode()
    assert norsjo.name in detail and "ingen personuppgiftsansvarig" not in detail


def test_joint_controllers_need_their_arrangement_and_nothing_is_saved_without_it(world, login_as, fresh):
    client = login_as(world.people.office)
    kommun, region = world.members_a["2417"], world.members_a["region"]
    before = state()

    response = client.post(controller_url(world, fresh), {"kind": "MEMBERS", "members": [kommun.pk, region.pk]})

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"answers_requests", "informs_subjects", "agreement_date", "agreement_reference"} <= set(errors)
    assert state() == before

    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    arrangement = {
        "kind": "MEMBERS",
        "members": [kommun.pk, region.pk],
        "answers_requests": kommun.pk,
        "informs_subjects": region.pk,
        "agreement_date": future,
        "agreement_reference": "PuB 2021:9",
    }
    response = client.post(controller_url(world, fresh), arrangement)
    assert response.status_code == 400
    assert "framtiden" in str(response.context["form"].errors["agreement_date"])
    assert state() == before

    response = client.post(controller_url(world, fresh), arrangement | {"agreement_date": "2021-01-10"})
    assert response.status_code == 302
    controller = DataController.objects.get(intervention=fresh)
    assert controller.is_joint
    assert (controller.answers_requests, controller.informs_subjects) == (kommun, region)
    assert controller.agreement_date == dt.date(2021, 1, 10)


def test_an_arrangement_names_one_of_the_joint_controllers(world, fresh):
    kommun, region, fk = world.members_a["2417"], world.members_a["region"], world.members_a["fk"]
    with pytest.raises(ValidationError) as refused:
        set_data_controller(
            world.people.admin,
            fresh,
            kind=ControllerKind.MEMBERS,
            members=[kommun, region],
            answers_requests=fk,
            informs_subjects=kommun,
            agreement_date=dt.date(2021, 1, 10),
            agreement_reference="PuB",
        )
    assert "answers_requests" in refused.value.message_dict
    assert not DataController.objects.filter(intervention=fresh).exists()


def test_the_forbund_is_controller_only_as_a_choice_with_its_reason(world, login_as, fresh):
    client = login_as(world.people.admin)
    before = state()
    response = client.post(controller_url(world, fresh), {"kind": "FORBUND", "forbund_reason": "  "})
    assert response.status_code == 400
    assert "forbund_reason" in response.context["form"].errors
    assert state() == before

    response = client.post(
        controller_url(world, fresh), {"kind": "FORBUND", "forbund_reason": "Förbundet anställer koordinatorerna."}
    )
    assert response.status_code == 302
    controller = DataController.objects.get(intervention=fresh)
    assert controller.kind == ControllerKind.FORBUND and not controller.members.exists()


@pytest.mark.parametrize("persona", ["board", "handler", "colleague", "auditor", "dpo", "applicant", "preparatory"])
def test_only_the_admin_and_office_set_the_controller(world, login_as, fresh, persona):
    client = login_as(getattr(world.people, persona))
    before = state()
    response = client.post(controller_url(world, fresh), {"kind": "MEMBERS", "members": [world.members_a["fk"].pk]})
    assert response.status_code in (403, 404)
    assert state() == before


def test_a_structural_insats_has_no_controller(world, login_as):
    client = login_as(world.people.admin)
    assert client.get(controller_url(world, world.other_insats_a)).status_code == 404
    with pytest.raises(ValidationError):
        set_data_controller(None, world.other_insats_a, kind=ControllerKind.MEMBERS, members=[world.members_a["fk"]])


def test_nobody_is_enrolled_or_imported_before_the_controller_is_named(world, fresh):
    tenancy_actions.add_role_interventions(None, RoleAssignment.objects.get(user=world.people.handler), [fresh])
    before = state()

    with pytest.raises(Refused) as refused:
        enrol(world, world.people.handler, intervention=fresh)
    assert "ingen personuppgiftsansvarig" in str(refused.value)
    with pytest.raises(ValidationError):
        enrol(world, None, intervention=fresh)  # the console too
    row = "2021:9;;K;1975;;2021-05-01;KOMMUN;FORSORJNINGSSTOD;INGEN_SYSSELSATTNING;;;;;;"
    header = (
        "insats;personnummer;kon;fodelsear;kommun;inskrivningsdatum;remittent;forsorjning_fore;sysselsattning_fore;"
        "utskrivningsdatum;avslutsorsak;sysselsattning_efter;forsorjning_efter;samtycke_datum;samtycke_satt"
    )
    with pytest.raises(ImportRefused) as problems:
        import_file(world.a, f"{header}\n{row}\n".encode(), actor=None)
    assert "ingen personuppgiftsansvarig" in str(problems.value.errors[0])
    assert state() == before


@pytest.fixture
def stranger(world):
    """A handler assigned to 2017:48 but employed by Arbetsförmedlingen, which is not its controller."""
    return make_user(
        "handler_af", world.a, Role.PARTICIPANT_HANDLER, interventions=[world.insats_a], employer=world.members_a["af"]
    )


def test_a_handler_of_another_member_is_refused_the_participants_and_nothing_is_read(world, login_as, stranger):
    stay = enrol(world, None, personnummer=ANNA, name="Anna Andersson")
    before = state()

    assert access.handler_scope(stranger, world.a) == set()
    decision = access.check_intervention(stranger, world.a, world.insats_a)
    assert not decision.allowed and "Arbetsförmedlingen" in decision.reason
    client = login_as(stranger)
    assert client.get(reverse("participants:detail", args=[world.a.slug, stay.participant_id])).status_code == 404
    caseload = client.get(reverse("participants:caseload", args=[world.a.slug])).content.decode()
    assert "Anna" not in caseload and ANNA not in caseload
    api = client.get("/api/v1/forbund/alfa/participants/stays?insats=2017:48")
    assert api.status_code == 403
    assert client.get(f"/api/v1/forbund/alfa/participants/{stay.participant_id}").status_code == 404
    with pytest.raises(Refused):
        enrol(world, stranger, personnummer="199006151239", name="Bo")
    assert stats_access(stranger, world.a).exact_for == frozenset()

    # Nothing was read (not even an empty list is logged) and nothing changed.
    assert state() == before
    assert not ReadLogEntry.objects.filter(object_id=str(stay.participant_id)).exists()
    assert not ReadLogEntry.objects.filter(object_id=str(stay.pk)).exists()


def test_a_handler_without_an_employer_sees_no_one(world, stranger):
    enrol(world, None, personnummer=ANNA)
    assignment = RoleAssignment.objects.get(user=stranger)
    RoleAssignment.objects.filter(pk=assignment.pk).update(employer=None)
    assert access.handler_scope(stranger, world.a) == set()
    assert "saknar arbetsgivare" in access.check_intervention(stranger, world.a, world.insats_a).reason


def test_joint_controllers_staff_see_the_shared_insats(world, stranger):
    enrol(world, None, personnummer=ANNA)
    make_controller(world.insats_a, world.members_a["2482"], world.members_a["af"])  # replaces the single one
    assert access.handler_scope(stranger, world.a) == {world.insats_a.pk}
    assert access.handler_scope(world.people.handler, world.a) == {world.insats_a.pk}
    assert stats_access(stranger, world.a).exact_for == frozenset({world.insats_a.pk})


def test_a_handler_the_forbund_employs_sees_only_the_insatser_the_forbund_controls(world, fresh):
    own = make_user("handler_own", world.a, Role.PARTICIPANT_HANDLER, interventions=[world.insats_a, fresh])
    assignment = RoleAssignment.objects.get(user=own)
    tenancy_actions.set_role_employer(world.people.admin, assignment, employer=None, by_forbund=True)
    set_data_controller(None, fresh, kind=ControllerKind.FORBUND, forbund_reason="Förbundet anställer personalen.")
    assert access.handler_scope(own, world.a) == {fresh.pk}


def test_the_admin_sets_a_handlers_employer_on_the_user_page(world, login_as, stranger):
    url = reverse("tenancy:account", args=[world.a.slug, stranger.pk])
    client = login_as(world.people.admin)
    page = client.get(url)
    assert page.status_code == 200
    assert not page.context["employer_form"].is_bound

    kommun = world.members_a["2482"]
    response = client.post(
        reverse("tenancy:account_employer", args=[world.a.slug, stranger.pk]), {"employer-employer": str(kommun.pk)}
    )

    assert response.status_code == 302
    assert RoleAssignment.objects.get(user=stranger).employer == kommun
    event = AuditEvent.objects.get(action="role.employer")
    assert event.changes["employer"] == ["Arbetsförmedlingen (Alfa samordningsförbund)", kommun.name]
    assert access.handler_scope(stranger, world.a) == {world.insats_a.pk}


@pytest.mark.parametrize("persona", ["office", "handler", "dpo", "board"])
def test_only_the_admin_sets_an_employer(world, login_as, stranger, persona):
    client = login_as(getattr(world.people, persona))
    before = state()
    response = client.post(
        reverse("tenancy:account_employer", args=[world.a.slug, stranger.pk]),
        {"employer-employer": str(world.members_a["2482"].pk)},
    )
    assert response.status_code in (403, 404)
    assert RoleAssignment.objects.get(user=stranger).employer == world.members_a["af"]
    assert state() == before


def test_an_employer_is_a_member_of_the_same_forbund(world, stranger):
    with pytest.raises(ValidationError):
        tenancy_actions.set_role_employer(
            world.people.admin, RoleAssignment.objects.get(user=stranger), employer=world.members_b["1261"]
        )
    assert RoleAssignment.objects.get(user=stranger).employer == world.members_a["af"]


def test_the_migration_names_the_owner_where_it_is_unambiguous(world, fresh):
    structural_and_ownerless = Intervention.objects.create(
        forbund=world.a,
        registration_no="2021:10",
        name="Utan ägare",
        kind=InterventionKind.INDIVIDUAL,
        start_date=dt.date(2021, 1, 1),
    )
    both = make_user("handler_both", world.a, Role.PARTICIPANT_HANDLER, interventions=[fresh, structural_and_ownerless])
    one = make_user("handler_one", world.a, Role.PARTICIPANT_HANDLER, interventions=[fresh])
    migration = importlib.import_module("samordna.interventions.migrations.0008_data_controllers")

    migration.controllers_from_owners(django_apps, None)

    assert list(DataController.objects.get(intervention=fresh).members.all()) == [world.members_a["2417"]]
    assert not DataController.objects.filter(intervention=structural_and_ownerless).exists()
    assert not DataController.objects.filter(intervention=world.other_insats_a).exists()  # structural
    assert RoleAssignment.objects.get(user=one).employer == world.members_a["2417"]
    assert RoleAssignment.objects.get(user=both).employer is None  # one insats has no owner: not unambiguous
    # What was set by hand stays as it was.
    assert list(DataController.objects.get(intervention=world.insats_a).members.all()) == [world.members_a["2482"]]
