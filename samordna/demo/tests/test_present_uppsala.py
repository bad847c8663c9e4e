"""Uppsala län in the present: insatser running today and some 400 stays over the current year and the two before."""

import datetime as dt

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import reverse
from stdnum import luhn

from samordna.demo.loader import load_demo
from samordna.demo.present import uppsala
from samordna.demo.users import PRESENT_HANDLER_UPPSALA
from samordna.instruments.models import ProgressionRating, Who5
from samordna.interventions.models import Intervention, InterventionKind
from samordna.lib.identifiers import normalize_personnummer
from samordna.participants import access
from samordna.participants.fictional import is_fictional
from samordna.participants.models import (
    ActionPlanRevision,
    Consent,
    FollowUp,
    Participant,
    Participation,
    SipMeeting,
)
from samordna.participants.queries import dues
from samordna.participants.tests.test_caseload import as_tuples, reference_dues
from samordna.stats import reports
from samordna.stats.access import stats_access
from samordna.stats.suppression import is_hidden
from samordna.tenancy import permissions
from samordna.tenancy.middleware import SESSION_KEY
from samordna.tenancy.models import Forbund, Role, User
from samordna.tenancy.permissions import Capability

TODAY = dt.date(2026, 10, 14)
WINDOW = (dt.date(TODAY.year - 2, 1, 1), TODAY)


@pytest.fixture(scope="module")
def present(django_db_setup, django_db_blocker):
    """One load for the whole module (it takes some seconds), rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(include_apps=False)
        uppsala.load(today=TODAY)
        yield Forbund.objects.get(slug="uppsala-lan")
        transaction.set_rollback(True)


@pytest.fixture
def forbund(present, db):
    return present


def present_stays(forbund):
    return Participation.objects.filter(intervention__forbund=forbund).exclude(intervention__registration_no="2017:48")


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models(include_auto_created=True)}


def test_about_400_stays_over_the_current_year_and_the_two_before(forbund):
    start, end = WINDOW
    stays = present_stays(forbund)
    during = stays.filter(enrolment_date__lte=end).exclude(discharge_date__lt=start)

    assert 350 <= during.count() <= 450
    for year in range(start.year, end.year + 1):
        assert stays.filter(enrolment_date__year=year).count() >= 80, year
    assert stays.filter(participant__identity_mode="ANONYMOUS").count() >= 20
    assert stays.filter(participant__identity_mode="IDENTIFIED").count() >= 250


def test_several_individual_insatser_run_today_beside_the_seed_ones(forbund):
    running = Intervention.objects.filter(forbund=forbund, kind=InterventionKind.INDIVIDUAL, start_date__lte=TODAY)
    running = running.exclude(end_date__lt=TODAY)
    with_stays = running.filter(participations__discharge_date__isnull=True).distinct()

    assert with_stays.count() >= 5
    assert {"2019:3"} <= set(with_stays.values_list("registration_no", flat=True))
    knivsta = Intervention.objects.get(forbund=forbund, registration_no="2017:48")
    assert (knivsta.start_date, knivsta.end_date) == (dt.date(2018, 1, 1), dt.date(2021, 12, 31))
    for insats in running.exclude(registration_no__in=["2017:48", "2019:3"]):
        assert insats.goals.filter(indicator="PARTICIPANTS_PER_YEAR", target__gt=0).exists(), insats
        assert insats.finance_budget_lines.filter(year=TODAY.year).exists(), insats
        assert insats.registration_no.split(":")[0].isdigit()


def test_the_handlers_caseload_has_items_due_and_overdue(forbund):
    for username in (PRESENT_HANDLER_UPPSALA, "deltagaransvarig", "deltagaransvarig2"):
        user = User.objects.get(username=username)
        stays = access.list_participations_for(user, forbund, query="caseload")
        items = dues(stays, today=TODAY)
        # The database's due list is the rule for each stay, as the participant page applies it.
        assert as_tuples(items) == reference_dues(stays, TODAY), username
        kinds = {(item.what, item.overdue) for item in items}

        assert any(item.overdue for item in items), username
        assert any(not item.overdue for item in items), username
        if username == PRESENT_HANDLER_UPPSALA:
            assert {what for what, overdue in kinds if overdue} >= {
                "SIP",
                "Revidera handlingsplanen",
                "Uppföljning sex månader efter utskrivning",
            }
            assert {what for what, overdue in kinds if not overdue} >= {
                "SIP",
                "Uppföljning sex månader efter utskrivning",
            }


def test_the_handlers_keep_their_seed_insatser_and_share_the_present_ones(forbund):
    scope = {
        username: set(
            Intervention.objects.filter(
                pk__in=access.handler_scope(User.objects.get(username=username), forbund)
            ).values_list("registration_no", flat=True)
        )
        for username in ("deltagaransvarig", "deltagaransvarig2", PRESENT_HANDLER_UPPSALA)
    }

    successor = Intervention.objects.get(forbund=forbund, name=uppsala.INSATSER[0].name).registration_no
    assert scope["deltagaransvarig"] == {"2017:48", successor}
    assert scope["deltagaransvarig2"] == {"2019:3"}
    assert len(scope[PRESENT_HANDLER_UPPSALA]) == len(uppsala.INSATSER) - 1
    assert not scope[PRESENT_HANDLER_UPPSALA] & (scope["deltagaransvarig"] | {"2019:3"})


def test_the_forbund_admin_sees_real_numbers_and_some_hidden_cells_but_no_person(forbund):
    admin = User.objects.get(username="forbundschef")
    assert Role.FORBUND_ADMIN in permissions.roles_in(admin, forbund)
    assert not permissions.check(admin, forbund, Capability.HANDLE_PARTICIPANTS).allowed
    assert access.handler_scope(admin, forbund) == set()
    stats = stats_access(admin, forbund)
    covered = stats.restrict(None)

    report = reports.participants(forbund, dt.date(TODAY.year, 1, 1), dt.date(TODAY.year, 12, 31), covered, 5)

    assert stats.threshold(covered) == 5
    assert report["suppressed"] is True
    assert report["enrolled"] >= 80 and report["active_at_end"] >= 50
    cells = [*report["by_referrer"].values(), *report["by_kommun"].values()]
    assert sum(1 for value in cells if isinstance(value, int) and value >= 5) >= 5
    assert any(is_hidden(value) for value in cells)
    assert isinstance(report["work_or_studies_share"], float)


def test_the_share_to_work_or_studies_is_like_knivstas(forbund):
    start, end = WINDOW
    report = reports.participants(forbund, start, end, None, None)

    assert 0.25 <= report["work_or_studies_share"] <= 0.45
    referrers = report["by_referrer"]
    # Most come from the kommun and the region; Försäkringskassan refers few [001].
    assert referrers["KOMMUN"] > referrers["REGION"] > referrers["FK"]
    assert referrers["KOMMUN"] + referrers["REGION"] > sum(referrers.values()) / 2
    assert 0 < referrers["FK"] < sum(referrers.values()) / 10
    assert report["follow_up"]["followed_up"] >= 50


def test_loading_twice_adds_nothing(forbund):
    before = row_counts()

    uppsala.load(today=TODAY)
    uppsala.load(today=TODAY + dt.timedelta(days=40))

    assert row_counts() == before


def test_every_personnummer_is_a_valid_fictional_one(forbund):
    numbers = list(
        Participant.objects.filter(forbund=forbund).exclude(personnummer="").values_list("personnummer", flat=True)
    )

    assert len(numbers) == len(set(numbers)) >= 250
    for number in numbers:
        assert normalize_personnummer(number, today=TODAY) == number
        assert luhn.is_valid(number[2:]), number
        assert is_fictional(number), number
    named = Participant.objects.filter(forbund=forbund).exclude(name="")
    surnames = {name.split()[-1] for name in named.values_list("name", flat=True)}
    assert surnames <= set(uppsala.SURNAMES) | {"Exempel", "Prov", "Testsson"}


def test_no_fact_is_dated_after_today(forbund):
    stays = present_stays(forbund)

    assert not stays.filter(enrolment_date__gt=TODAY).exists()
    assert not stays.filter(discharge_date__gt=TODAY).exists()
    assert not SipMeeting.objects.filter(participation__in=stays, held_on__gt=TODAY).exists()
    assert not ActionPlanRevision.objects.filter(participation__in=stays, revised_on__gt=TODAY).exists()
    assert not FollowUp.objects.filter(participation__in=stays, contacted_on__gt=TODAY).exists()
    assert not Who5.objects.filter(participation__in=stays, answered_on__gt=TODAY).exists()
    assert not ProgressionRating.objects.filter(participation__in=stays, rated_on__gt=TODAY).exists()
    assert not Consent.objects.filter(participant__forbund=forbund, given_on__gt=TODAY).exists()
    assert not Intervention.objects.filter(forbund=forbund, start_date__gt=TODAY).exists()
    assert Who5.objects.filter(participation__in=stays).count() >= 400
    assert ProgressionRating.objects.filter(participation__in=stays).count() >= 400


def log_in(client, username: str):
    client.force_login(User.objects.get(username=username))
    session = client.session
    session[SESSION_KEY] = True
    session.save()
    return client


def test_the_pages_show_the_caseload_to_the_handler_and_hidden_cells_to_the_admin(forbund, client):
    # The pages count from the real today, so only what holds on any later day is asserted here.
    handler = log_in(client, PRESENT_HANDLER_UPPSALA)
    caseload = handler.get(reverse("participants:caseload", args=[forbund.slug])).content.decode()
    assert caseload.count('class="overdue"') >= 10
    assert caseload.count("<tr") >= 100

    admin = log_in(client, "forbundschef")
    assert admin.get(reverse("participants:caseload", args=[forbund.slug])).status_code in (403, 404)
    statistics = admin.get(
        reverse("stats:participants", args=[forbund.slug]),
        {"date_from": f"{TODAY.year}-01-01", "date_to": f"{TODAY.year}-12-31"},
    )
    page = statistics.content.decode()
    assert statistics.status_code == 200
    assert "&lt;5" in page
    names = Participant.objects.filter(forbund=forbund).exclude(name="").values_list("name", flat=True)
    assert not [name for name in names if name in page]
