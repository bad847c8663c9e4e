"""Differencing attacks on the protected statistics, tried as a board member through the API and the pages.

Each attack is arithmetic over published figures that, before the cell-key method, gave a hidden count exactly.
It must recover nothing: each test turns the world into a twin whose hidden count is one more or one less, and the
figures the attack reads are the same in both, so the attack gives one answer for two different truths. Record keys
are random and unknown to the reader, so the twin may have any keys: the key of the record that makes the
difference is found with the published perturbation table. The figures themselves are read as the board member
reads them.
"""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.urls import reverse

from samordna.instruments.models import Who5
from samordna.interventions.models import Goal, GoalIndicator, VolumeCount
from samordna.lib.record_keys import KEY_SPACE
from samordna.participants import actions
from samordna.participants.models import Participation
from samordna.stats import cache, queries
from samordna.stats.suppression import Cell, published_count

pytestmark = pytest.mark.django_db
D = dt.date
API = "/api/v1/forbund/alfa/stats"
YEAR = {"date_from": "2020-01-01", "date_to": "2020-12-31"}
FROM, TO = D(2020, 1, 1), D(2020, 12, 31)
Changes = list[tuple[Cell, Callable[[int], Cell]]]


def stay(world, enrolled, discharged=None, *, after="ARBETSSOKANDE", insats=None, number=0):
    created = actions.enrol(
        None,
        world.a,
        intervention=insats or world.insats_a,
        enrolment_date=enrolled,
        referrer="AF",
        income_before="A_KASSA",
        occupation_before="ARBETSSOKANDE",
        sex="KM"[number % 2],
        birth_year=1970 + number % 25,
    )
    if discharged is not None:
        discharge(created, discharged, after)
    return created


def discharge(record, day, after="ARBETE"):
    actions.discharge(None, record, discharge_date=day, reason="FULLFOLJD", occupation_after=after, income_after="LON")


def stays(world, count, enrolled, discharged=None, **options):
    step = dt.timedelta(days=1)
    return [
        stay(world, enrolled + i * step, discharged and discharged + i * step, number=i, **options)
        for i in range(count)
    ]


def twin_key(options: dict[int, Changes], threshold: int = 5) -> tuple[int, int]:
    """(option, key): a record key with which every cell, changed as the option says, is published as before."""
    for option, changes in options.items():
        for key in range(KEY_SPACE):
            if all(published_count(old, threshold) == published_count(new(key), threshold) for old, new in changes):
                return option, key
    pytest.fail("Ingen postnyckel ger samma publicerade tal.")


def with_key(record: Participation, key: int) -> None:
    Participation.objects.filter(pk=record.pk).update(record_key=key)
    cache.forget()


def twin(cells: list[Cell], hidden: list[Participation], add: Callable[[], Participation]) -> int:
    """Make this world a twin in which the hidden stays are one more (a stay from `add`) or one fewer (one of
    `hidden` voided, another re-keyed), whichever leaves `cells`, the cells those stays are in, published as they
    are. Returns the change of the hidden count."""
    first, second = hidden[:2]
    voided = Cell(2, first.record_key + second.record_key)

    def plus(cell: Cell) -> Callable[[int], Cell]:
        return lambda key: cell + Cell(1, key)

    def minus(cell: Cell) -> Callable[[int], Cell]:
        return lambda key: cell - voided + Cell(1, key)

    options: dict[int, Changes] = {+1: [(c, plus(c)) for c in cells], -1: [(c, minus(c)) for c in cells]}
    change, key = twin_key(options)
    if change > 0:
        with_key(add(), key)
    else:
        Participation.objects.filter(pk=first.pk).update(discharge_reason="FELREGISTRERING")
        with_key(second, key)
    return change


def participants(world, start=FROM, end=TO, **options):
    return queries.participant_report(world.a, start, end, **options)


def test_a_part_is_not_the_total_minus_the_other_parts(world, login_as):
    """work_or_studies_after − Arbete − Subventionerat arbete does not give Studier."""
    made = {
        after: stays(world, count, D(2020, 1, 10), D(2020, 6, 1), after=after)
        for after, count in (("ARBETE", 11), ("SUBVENTIONERAT_ARBETE", 9), ("STUDIER", 3))
    }
    client = login_as(world.people.board)

    def attack():
        body = client.get(f"{API}/participants", YEAR).json()
        outcomes = body["outcomes"]
        total = body["employment_studies"]["work_or_studies_after"]
        return total, outcomes["ARBETE"], outcomes["SUBVENTIONERAT_ARBETE"], outcomes["STUDIER"]

    before = attack()
    exact = participants(world)
    total, studies = exact["employment_studies"]["work_or_studies_after"], exact["outcomes"].cells["STUDIER"]
    change = twin([total, studies], made["STUDIER"], lambda: stay(world, D(2020, 2, 1), D(2020, 7, 1), after="STUDIER"))
    after = attack()

    assert (total.n, studies.n) == (23, 3)
    assert participants(world)["outcomes"].cells["STUDIER"].n == 3 + change
    assert before == after and before[3] == "<5"


def test_one_insats_is_not_all_insatser_minus_the_others(world, second, login_as):
    stays(world, 12, D(2020, 2, 1))
    made = stays(world, 3, D(2020, 3, 1), insats=second.insats)
    client = login_as(world.people.board)

    def attack():
        every = client.get(f"{API}/participants", YEAR).json()
        alone = client.get(f"{API}/participants", {**YEAR, "insats": "2017:48"}).json()
        return every["enrolled"], every["by_insats"], alone["enrolled"]

    before = attack()
    exact = participants(world)
    theirs = exact["by_insats"].rows["2020:7"]
    cells = [exact["enrolled"], exact["active_at_end"], theirs["enrolled"], theirs["active_at_end"]]
    change = twin(cells, made, lambda: stay(world, D(2020, 4, 1), insats=second.insats))
    after = attack()

    assert participants(world)["by_insats"].rows["2020:7"]["enrolled"].n == 3 + change
    assert before == after


def test_a_month_is_not_one_period_minus_an_overlapping_one(world, login_as):
    """Enrolled January–June minus enrolled January–May does not give June."""
    stays(world, 12, D(2020, 1, 10))
    june = stays(world, 3, D(2020, 6, 3))
    client = login_as(world.people.board)
    to_june = {"date_from": "2020-01-01", "date_to": "2020-06-30"}
    to_may = {"date_from": "2020-01-01", "date_to": "2020-05-31"}

    def attack():
        return tuple(client.get(f"{API}/participants", period).json()["enrolled"] for period in (to_june, to_may))

    before = attack()
    enrolled = participants(world, end=D(2020, 6, 30))["enrolled"]
    change = twin([enrolled], june, lambda: stay(world, D(2020, 6, 20)))
    after = attack()

    assert participants(world, D(2020, 6, 1), D(2020, 6, 30))["enrolled"].n == 3 + change
    assert before == after


def test_discharges_are_not_active_before_plus_new_minus_active_after(world, login_as):
    """The monthly table: active at the end of March + new in April − active at the end of April."""
    left = stays(world, 36, D(2020, 1, 5))
    stays(world, 7, D(2020, 4, 2))
    for record in left[:3]:
        discharge(record, D(2020, 4, 20))
    client = login_as(world.people.board)

    def attack():
        months = client.get(f"{API}/monthly", {"year": 2020, "insats": "2017:48"}).json()["months"]["2017:48"]
        march, april = months["2020-03"], months["2020-04"]
        return march["active_at_end"], april["new"], april["active_at_end"], april["discharged"], april["ARBETE"]

    def months():
        return queries.monthly_report(world.a, 2020, [world.insats_a.pk])["insatser"]["2017:48"].rows

    before = attack()
    march, april = months()["2020-03"]["active_at_end"], months()["2020-04"]
    cells = [march, april["discharged"], april["ARBETE"]]
    change = twin(cells, left[:3], lambda: stay(world, D(2020, 2, 10), D(2020, 4, 22), after="ARBETE"))
    after = attack()

    assert (march.n, april["new"].n, april["active_at_end"].n, april["discharged"].n) == (36, 7, 40, 3)
    assert months()["2020-04"]["discharged"].n == 3 + change
    assert before == after


def test_the_second_half_year_is_not_the_year_minus_the_first(world, login_as):
    """Volume counts of a structural insats: the year's figure minus the first half-year's."""
    member = world.members_a["region"]
    common = {"intervention": world.other_insats_a, "member": member, "sex": "K"}
    VolumeCount.objects.create(period_start=D(2020, 1, 1), period_end=D(2020, 6, 30), count=20, **common)
    autumn = VolumeCount.objects.create(period_start=D(2020, 7, 1), period_end=D(2020, 12, 31), count=3, **common)
    cache.forget()
    client = login_as(world.people.board)
    page = reverse("stats:insatser", args=["alfa"])
    row = f"2019:3 {member.name}"

    def attack():
        halves = [
            client.get(page, {"date_from": "2020-01-01", "date_to": end, "format": "json"}).json()
            for end in ("2020-06-30", "2020-12-31")
        ]
        insatser = [{r["insats"]: r["participants"] for r in half["insats_report"]}["2019:3"] for half in halves]
        return [half["volume_counts"][row]["K"] for half in halves], insatser

    before = attack()
    year = queries.volume_by_organisation(world.a, D(2020, 1, 1), D(2020, 12, 31)).rows[row]["K"]
    assert isinstance(year, Cell)
    spring = year - Cell(3, 3 * autumn.record_key)

    def reported(count: int) -> Changes:
        return [(year, lambda key: spring + Cell(count, count * key))]

    # The autumn reported as 4 or as 2 instead of 3, as a row of its own (with a key of its own).
    count, key = twin_key({4: reported(4), 2: reported(2)})
    VolumeCount.objects.filter(pk=autumn.pk).update(count=count, record_key=key)
    cache.forget()
    after = attack()

    assert year.n == 23 and before == after


def test_who5_zeros_do_not_say_that_everyone_improved(world, login_as):
    """'measured <5, improved <5, worsened 0, unchanged 0' is consistent with someone having worsened."""

    def measure(record, first, last):
        for day, percent in ((D(2020, 3, 1), first), (D(2020, 9, 1), last)):
            Who5.objects.create(
                participation=record, answered_on=day, items=[0] * 5, raw=percent // 4, percent=percent, flagged=False
            )

    for record in stays(world, 3, D(2020, 2, 1)):
        measure(record, 40, 64)
    cache.forget()
    client = login_as(world.people.board)
    page = reverse("stats:questionnaires", args=["alfa"])

    def attack():
        return client.get(page, {**YEAR, "format": "json"}).json()["who5"]["2017:48"]

    all_improved = attack()
    measured = queries.who5_change(world.a, D(2020, 1, 1), D(2020, 12, 31))["2017:48"]["measured"]
    _, key = twin_key({+1: [(measured, lambda key: measured + Cell(1, key)), (Cell(0), lambda key: Cell(1, key))]})
    worse = stay(world, D(2020, 2, 20))
    measure(worse, 64, 40)
    with_key(worse, key)
    one_worsened = attack()

    assert queries.who5_change(world.a, D(2020, 1, 1), D(2020, 12, 31))["2017:48"]["worsened"].n == 1
    assert all_improved["worsened"] == 0 and all_improved["unchanged"] == 0
    assert all_improved == one_worsened
    assert all_improved["mean_first"] is None and all_improved["mean_last"] is None


def test_a_goals_verdict_does_not_tell_on_which_side_of_the_target_a_hidden_share_lies(world, login_as):
    """Own attack: with the counts hidden, "met" on a share goal still told that the exact share was ≥ 80 %."""
    Goal.objects.create(
        intervention=world.insats_a,
        text="80 % har en aktuell handlingsplan",
        indicator=GoalIndicator.PLAN_COVERAGE,
        target=Decimal(80),
        declared_met=False,
    )
    for record in stays(world, 2, D(2020, 2, 1)):
        actions.revise_action_plan(None, record, revised_on=D(2020, 12, 1), summary="Plan")

    def goal(who):
        body = login_as(who).get(f"{API}/goals", YEAR).json()
        return body["goals"][0]["goals"][0]

    board, handler = goal(world.people.board), goal(world.people.handler)

    assert (handler["value"], handler["met"], handler["discrepancy"]) == (100.0, True, True)
    assert board["value"] is None and board["met"] is None and board["discrepancy"] is False
    assert board["numerator"] in ("<5", 0) and board["denominator"] in ("<5", 0)


def test_asking_again_or_another_way_gives_the_same_figures_so_noise_cannot_be_averaged_away(world, login_as):
    """Own attack: repeat the question, through the API and the page, and over a longer period that holds the same
    stays, then average. Every answer is the same, so the average is no nearer the truth than one answer."""
    records = stays(world, 14, D(2020, 2, 1))
    for record in records[:5]:
        actions.discharge(
            None,
            record,
            discharge_date=D(2020, 8, 1),
            reason="FULLFOLJD",
            occupation_after="ARBETE",
            income_after="LON",
        )
    client = login_as(world.people.board)
    page = reverse("stats:participants", args=["alfa"])
    longer = {"date_from": "2019-12-01", "date_to": "2020-12-31"}

    answers = [client.get(f"{API}/participants", YEAR).json() for _ in range(3)]
    answers.append(client.get(page, {**YEAR, "format": "json"}).json())
    answers.append(client.get(f"{API}/participants", longer).json())
    figures = [{key: value for key, value in answer.items() if key not in ("from", "to")} for answer in answers]

    assert all(f == figures[0] for f in figures[1:])
    # The same stays under two names are one cell: every participant here is anonymous.
    assert figures[0]["anonymous_enrolled"] == figures[0]["enrolled"]
    assert figures[0]["discharged"] == figures[0]["outcomes"]["ARBETE"]
