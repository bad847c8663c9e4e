"""The caseload page at scale: a page at a time, searchable among the handler's own stays, and a due list that the
database computes by the same rule as the participant page."""

import datetime as dt

import pytest
from django.db.models import DateField, Value
from django.urls import reverse

from samordna.audit.models import ReadLogEntry
from samordna.interventions.models import Intervention
from samordna.participants import actions, queries
from samordna.participants.fictional import fictional_personnummer
from samordna.participants.models import IdentityMode, Participant, Participation
from samordna.participants.views import CASELOAD_PAGE_SIZE
from samordna.reporting.schedule import add_months
from samordna.tenancy.models import Forbund

from .people import ANNA, BO, enrol


def _anonymous_stays(world, intervention, count: int, start=dt.date(2020, 1, 1)) -> list[Participation]:
    """Many active stays at once, without the actions' checks and events, for the page counts only."""
    people = Participant.objects.bulk_create(
        Participant(forbund=world.a, identity_mode=IdentityMode.ANONYMOUS, sex="M", birth_year=1990)
        for _ in range(count)
    )
    return Participation.objects.bulk_create(
        Participation(
            participant=person,
            intervention=intervention,
            forbund=world.a,
            enrolment_date=start + dt.timedelta(days=i),
            referrer="AF",
            income_before="A_KASSA",
            occupation_before="ARBETSSOKANDE",
            age_at_enrolment=30,
        )
        for i, person in enumerate(people)
    )


def _enrolled_rows(body: str) -> int:
    enrolled = body.split('id="inskrivna"', 1)[1]
    return enrolled.count("<tr><td>")


def _due_rows(body: str) -> int:
    dues = body.split('id="att-gora"', 1)[1].split("</table>", 1)[0]
    return dues.count("<tr") - 1  # the header row


# --- Pages ---------------------------------------------------------------------------------------------------


def test_the_enrolled_and_the_due_list_come_a_page_at_a_time(world, login_as):
    _anonymous_stays(world, world.insats_a, CASELOAD_PAGE_SIZE + 7)
    client = login_as(world.people.handler)
    url = reverse("participants:caseload", args=["alfa"])

    first = client.get(url).content.decode()
    second = client.get(url, {"sida": 2}).content.decode()

    assert _enrolled_rows(first) == CASELOAD_PAGE_SIZE and _enrolled_rows(second) == 7
    assert "Sida 1 av 2" in first and "sida=2" in first
    # Two steps (SIP and plan) per active stay: three pages of due steps.
    assert _due_rows(first) == CASELOAD_PAGE_SIZE
    last = client.get(url, {"att_gora": 3}).content.decode()
    assert _due_rows(last) == 2 * (CASELOAD_PAGE_SIZE + 7) - 2 * CASELOAD_PAGE_SIZE
    # Paging one list keeps the other list's page.
    assert "?sida=2&amp;att_gora=2#att-gora" in second


def test_the_warnings_are_those_of_the_enrolled_on_the_page(world, login_as):
    Intervention.objects.filter(pk=world.insats_a.pk).update(max_stay_months=1)
    _anonymous_stays(world, world.insats_a, CASELOAD_PAGE_SIZE + 3)
    client = login_as(world.people.handler)
    url = reverse("participants:caseload", args=["alfa"])

    first = client.get(url).content.decode()
    last = client.get(url, {"sida": 2}).content.decode()

    assert first.count('class="warning"') == CASELOAD_PAGE_SIZE
    assert last.count('class="warning"') == 3
    assert "För de inskrivna på den här sidan" in first


@pytest.mark.parametrize("page", ["0", "-1", "999", "två", ""])
def test_a_page_number_out_of_range_shows_a_page_never_an_error(world, login_as, page):
    _anonymous_stays(world, world.insats_a, CASELOAD_PAGE_SIZE + 1)
    client = login_as(world.people.handler)

    response = client.get(reverse("participants:caseload", args=["alfa"]), {"sida": page, "att_gora": page})

    assert response.status_code == 200
    assert _enrolled_rows(response.content.decode()) in (1, CASELOAD_PAGE_SIZE)


def test_the_page_asks_the_database_the_same_number_of_times_for_few_stays_or_many(
    world, login_as, django_assert_max_num_queries
):
    client = login_as(world.people.handler)
    url = reverse("participants:caseload", args=["alfa"])
    _anonymous_stays(world, world.insats_a, 3)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    _anonymous_stays(world, world.insats_a, 3 * CASELOAD_PAGE_SIZE, start=dt.date(2020, 6, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


# --- Search --------------------------------------------------------------------------------------------------


@pytest.fixture
def people(world, second):
    anna = enrol(world, None, personnummer=ANNA, name="Anna Andersson", enrolment_date=dt.date(2020, 2, 1))
    bo = enrol(world, None, personnummer=BO, name="Bo Berg", enrolment_date=dt.date(2020, 2, 2))
    anonymous = enrol(world, None, sex="K", birth_year=1975, enrolment_date=dt.date(2020, 2, 3))
    # Another handler's participant with the same first name, in the same förbund.
    other = enrol(
        world,
        None,
        intervention=second.insats,
        personnummer=fictional_personnummer("19800303", 2, "K"),
        name="Anna Ek",
        enrolment_date=dt.date(2020, 2, 4),
    )
    return {"anna": anna, "bo": bo, "anonymous": anonymous, "other": other}


def _found(client, text: str) -> set[str]:
    response = client.get(reverse("participants:caseload", args=["alfa"]), {"sok": text})
    assert response.status_code == 200
    enrolled = response.content.decode().split('id="inskrivna"', 1)[1]
    names = {"Anna Andersson": "anna", "Bo Berg": "bo", "Anna Ek": "other"}
    found = {key for name, key in names.items() if name in enrolled}
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("anna", {"anna"}),
        ("BERG", {"bo"}),
        ("19850101-9809", {"anna"}),
        ("850101-9809", {"anna"}),
        ("8501019809", {"anna"}),
        ("2017:48", {"anna", "bo"}),
        ("ingen sådan", set()),
        ("", {"anna", "bo"}),
    ],
)
def test_the_handler_searches_by_name_personnummer_or_insats(world, login_as, people, text, expected):
    assert _found(login_as(world.people.handler), text) == expected


def test_an_anonymous_participant_is_found_by_pseudonym(world, login_as, people):
    pseudonym = people["anonymous"].participant.pseudonym
    response = login_as(world.people.handler).get(reverse("participants:caseload", args=["alfa"]), {"sok": pseudonym})
    enrolled = response.content.decode().split('id="inskrivna"', 1)[1]
    assert pseudonym in enrolled and "Anna Andersson" not in enrolled


def test_a_search_narrows_the_due_list_too(world, login_as, people):
    response = login_as(world.people.handler).get(reverse("participants:caseload", args=["alfa"]), {"sok": "Bo Berg"})
    body = response.content.decode()
    assert _due_rows(body) == 2 and "Anna Andersson" not in body


@pytest.mark.parametrize("text", ["Anna Ek", "19800303", "2020:7", "Anna"])
def test_a_search_never_reaches_outside_the_handlers_insatser(world, login_as, people, text):
    response = login_as(world.people.handler).get(reverse("participants:caseload", args=["alfa"]), {"sok": text})
    lists = response.content.decode().split('id="att-gora"', 1)[1].split("</main>", 1)[0]
    assert "Anna Ek" not in lists and "19800303" not in lists
    assert people["other"].participant.pseudonym not in lists


def test_the_second_handler_finds_only_their_own(world, login_as, second, people):
    client = login_as(second.handler)
    assert _found(client, "Anna") == {"other"}
    assert _found(client, "19850101-9809") == set()
    assert _found(client, "2017:48") == set()


def test_a_search_is_logged_as_a_list_without_its_words(world, login_as, people):
    login_as(world.people.handler).get(reverse("participants:caseload", args=["alfa"]), {"sok": "19850101-9809"})
    entries = ReadLogEntry.objects.filter(object_type="participants.Participation")
    assert [(e.query, e.object_id) for e in entries] == [("caseload search", "")]
    assert not ReadLogEntry.objects.filter(query__contains="9809").exists()


def test_a_too_long_search_says_what_to_fix(world, login_as, people):
    response = login_as(world.people.handler).get(reverse("participants:caseload", args=["alfa"]), {"sok": "x" * 101})
    assert response.status_code == 400
    assert "högst 100 tecken" in response.content.decode()


@pytest.mark.parametrize("persona", ["admin", "office", "colleague", "board", "auditor", "outsider"])
def test_other_roles_get_no_caseload_and_nothing_is_logged(world, login_as, people, persona):
    response = login_as(getattr(world.people, persona)).get(
        reverse("participants:caseload", args=["alfa"]), {"sok": "Anna"}
    )
    assert response.status_code in (403, 404)
    assert "Anna Andersson" not in response.content.decode()
    assert not ReadLogEntry.objects.filter(object_type="participants.Participation").exists()


# --- The due list in the database ----------------------------------------------------------------------------


def reference_dues(stays, today: dt.date) -> list[tuple]:
    """The due list as the page always computed it: the rule for each stay in Python, active stays before
    discharged ones, then overdue first, earliest first, by insats."""
    ordered = stays.select_related("participant", "intervention").prefetch_related(
        "sip_meetings", "plan_revisions", "follow_ups"
    )
    ordered_stays = [
        *ordered.filter(discharge_date__isnull=True).order_by("intervention", "enrolment_date", "pk"),
        *ordered.filter(discharge_date__isnull=False).order_by("intervention", "enrolment_date", "pk"),
    ]
    out = [due for stay in ordered_stays for due in queries.stay_dues(stay, today)]
    out.sort(key=lambda d: (not d.overdue, d.due_date, d.participation.intervention.registration_no))
    return [(d.participation.pk, d.what, d.due_date, d.overdue, d.step) for d in out]


def as_tuples(dues) -> list[tuple]:
    return [(d.participation.pk, d.what, d.due_date, d.overdue, d.step) for d in dues]


def test_the_database_gives_the_same_due_list_as_the_rule_for_each_stay(world, second):
    fresh = enrol(world, None, personnummer=ANNA, enrolment_date=dt.date(2019, 11, 30))
    month_end = enrol(world, None, sex="M", birth_year=1990, enrolment_date=dt.date(2019, 8, 31))
    actions.record_sip(None, month_end, held_on=dt.date(2019, 11, 30), parties_present=["AF"])
    actions.revise_action_plan(None, month_end, revised_on=dt.date(2019, 8, 31), summary="Kartläggning.")
    actions.revise_action_plan(None, month_end, revised_on=dt.date(2019, 11, 29), summary="Praktik.")
    planned = enrol(world, None, personnummer=BO, enrolment_date=dt.date(2019, 5, 31))
    # A SIP planned for later than the latest one takes the regular one's place; one planned before it does not.
    actions.record_sip(None, planned, held_on=dt.date(2019, 6, 3), parties_present=["AF"], next_on=dt.date(2019, 12, 1))
    actions.record_sip(None, planned, held_on=dt.date(2019, 9, 2), parties_present=["AF"])
    outdated = enrol(world, None, sex="K", birth_year=1980, enrolment_date=dt.date(2019, 3, 31))
    actions.record_sip(
        None, outdated, held_on=dt.date(2019, 3, 31), parties_present=["AF"], next_on=dt.date(2019, 4, 30)
    )
    actions.record_sip(None, outdated, held_on=dt.date(2019, 5, 31), parties_present=["AF"])
    left = enrol(world, None, sex="K", birth_year=1981, enrolment_date=dt.date(2019, 2, 28))
    actions.discharge(
        None, left, discharge_date=dt.date(2019, 8, 31), reason="FULLFOLJD", occupation_after="STUDIER",
        income_after="STUDIEMEDEL",
    )  # fmt: skip
    followed = enrol(world, None, sex="M", birth_year=1982, enrolment_date=dt.date(2019, 2, 1))
    actions.discharge(
        None, followed, discharge_date=dt.date(2019, 3, 1), reason="AVBRUTEN", occupation_after="ARBETSSOKANDE",
        income_after="A_KASSA",
    )  # fmt: skip
    actions.record_follow_up(
        None, followed, kind="SIX_MONTHS", contacted_on=dt.date(2019, 9, 2), occupation="ARBETE", income="LON"
    )
    void = enrol(world, None, sex="M", birth_year=1983, enrolment_date=dt.date(2019, 2, 2))
    actions.discharge(None, void, discharge_date=dt.date(2019, 2, 3), reason="FELREGISTRERING")
    elsewhere = enrol(
        world, None, intervention=second.insats, sex="K", birth_year=1999, enrolment_date=dt.date(2020, 1, 31)
    )

    for today in (dt.date(2019, 12, 1), dt.date(2020, 2, 29), dt.date(2020, 6, 1)):
        expected = reference_dues(Participation.objects.all(), today)
        assert as_tuples(queries.dues(Participation.objects.all(), today)) == expected
    assert {fresh.pk, month_end.pk, planned.pk, outdated.pk, left.pk, elsewhere.pk} == {row[0] for row in expected}

    def due_dates(stay):
        return {d.step: d.due_date for d in queries.dues(Participation.objects.filter(pk=stay.pk))}

    assert due_dates(month_end) == {"sip": dt.date(2020, 2, 29), "plan": dt.date(2020, 2, 29)}
    assert due_dates(planned)["sip"] == dt.date(2019, 12, 1)
    assert due_dates(outdated)["sip"] == dt.date(2019, 8, 31)
    assert due_dates(left) == {"follow_up": dt.date(2020, 2, 29)}
    # The paginator's count is worked out without the dates, and counts the same rows.
    for stays in (Participation.objects.all(), Participation.objects.filter(intervention=second.insats)):
        assert queries.due_count(stays) == len(list(queries.due_rows(stays)))


def test_the_handlers_due_list_holds_only_their_insatser(world, second, people):
    from samordna.participants.access import list_participations_for

    mine = queries.dues(list_participations_for(world.people.handler, world.a, query="caseload"), dt.date(2020, 3, 1))
    theirs = queries.dues(list_participations_for(second.handler, world.a, query="caseload"), dt.date(2020, 3, 1))

    assert {d.participation.intervention for d in mine} == {world.insats_a}
    assert {d.participation.pk for d in theirs} == {people["other"].pk}


def test_add_months_in_the_database_is_add_months(world):
    days = [
        dt.date(year, month, day)
        for year in (2019, 2020, 2023, 2024)
        for month in range(1, 13)
        for day in (1, 15, 28, 29, 30, 31)
        if day <= (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    ]
    for months in (1, 3, 6, 12):
        annotations = {
            f"d{i}": queries.AddMonths(Value(day, output_field=DateField()), months) for i, day in enumerate(days)
        }
        row = Forbund.objects.filter(pk=world.a.pk).annotate(**annotations).values(*annotations).get()
        got = [row[f"d{i}"] for i in range(len(days))]
        assert got == [add_months(day, months) for day in days], months


def test_the_start_page_shows_the_earliest_due_steps_and_links_to_the_rest(world):
    from samordna.tenancy.dashboard import CASELOAD_LIMIT, caseload_section

    _anonymous_stays(world, world.insats_a, CASELOAD_LIMIT)  # two steps each

    section = caseload_section(world.people.handler, world.a, dt.date(2020, 6, 1))

    assert len(section.items) == CASELOAD_LIMIT + 1
    dates = [item.text.split()[0] for item in section.items[:CASELOAD_LIMIT]]
    assert dates == sorted(dates) and dates[0] == "2020-01-01"
    assert "Mer att göra" in str(section.items[-1].text)
    assert section.items[-1].url == reverse("participants:caseload", args=["alfa"])
