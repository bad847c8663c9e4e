"""Volume counts of structural insatser: the rules, who reports them, the form, and how statistics use them."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import make_user
from samordna.audit.models import AuditEvent
from samordna.interventions import actions
from samordna.interventions.models import VolumeCount
from samordna.lib.errors import Refused
from samordna.stats import queries, reports
from samordna.stats.suppression import publish
from samordna.stats.tests.published import possible
from samordna.tenancy.models import Role

D = dt.date
H1 = {"period_start": D(2020, 1, 1), "period_end": D(2020, 6, 30)}


@pytest.fixture
def structural(world):
    return world.other_insats_a  # 2019:3, structural, from 2019-01-01, open-ended


def _report(world, structural, actor=None, **fields):
    values = {**H1, "member": world.members_a["fk"], "sex": "K", "count": 12, **fields}
    return actions.record_volume_count(actor, structural, **values)


def _state():
    return list(VolumeCount.objects.values_list("pk", "count", "version")), AuditEvent.objects.count()


def test_a_count_is_stored_and_logged(world, structural):
    volume = _report(world, structural, world.people.admin)

    assert (volume.count, volume.member, volume.sex) == (12, world.members_a["fk"], "K")
    event = AuditEvent.objects.get(action="intervention.volume.add")
    assert event.changes == {"period": "2020-01-01–2020-06-30", "member": volume.member.name, "sex": "K", "count": 12}


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"count": -1}, "count", "negativt"),
        ({"period_start": D(2018, 7, 1), "period_end": D(2018, 12, 31)}, "period_start", "utanför insatsens period"),
        ({"period_start": D(2020, 6, 30), "period_end": D(2020, 1, 1)}, "period_end", "före dess början"),
    ],
)
def test_wrong_counts_are_refused_with_the_reason(world, structural, fields, field, message):
    before = _state()

    with pytest.raises(ValidationError) as excinfo:
        _report(world, structural, **fields)

    assert message in " ".join(excinfo.value.message_dict[field])
    assert _state() == before


def test_the_same_period_organisation_and_sex_cannot_be_reported_twice(world, structural):
    _report(world, structural)
    before = _state()

    with pytest.raises(ValidationError) as same:
        _report(world, structural, count=3)
    with pytest.raises(ValidationError) as overlapping:
        _report(world, structural, period_start=D(2020, 3, 1), period_end=D(2020, 9, 30))

    assert "Det finns redan en uppgift" in str(same.value)
    assert "2020-01-01 – 2020-06-30" in str(overlapping.value)
    assert _state() == before
    # The other sex, another organisation and the next period are separate counts.
    _report(world, structural, sex="M")
    _report(world, structural, member=world.members_a["region"])
    _report(world, structural, period_start=D(2020, 7, 1), period_end=D(2020, 12, 31))
    assert VolumeCount.objects.count() == 4


def test_individual_insatser_and_other_forbunds_members_are_refused(world, structural):
    before = _state()

    with pytest.raises(ValidationError) as individual:
        _report(world, world.insats_a)
    with pytest.raises(ValidationError) as foreign:
        _report(world, structural, member=world.members_b["fk"])

    assert "strukturövergripande" in str(individual.value)
    assert "förbundets medlemsorganisationer" in str(foreign.value)
    assert _state() == before


def test_a_stale_edit_is_refused_and_changes_nothing(world, structural):
    volume = _report(world, structural)
    actions.update_volume_count(world.people.office, volume, expected_version=1, count=14)
    before = _state()

    with pytest.raises(ValidationError) as excinfo:
        actions.update_volume_count(world.people.admin, volume, expected_version=1, count=99)

    assert "Någon annan har ändrat" in str(excinfo.value)
    assert _state() == before
    assert VolumeCount.objects.get().count == 14
    assert AuditEvent.objects.filter(action="intervention.volume.update").get().changes == {"count": ["12", "14"]}


@pytest.mark.parametrize("persona", ["board", "handler", "auditor", "colleague", "preparatory", "dpo"])
def test_only_those_who_report_for_the_insats_may_report_counts(world, structural, persona):
    volume = _report(world, structural)
    before = _state()

    with pytest.raises(Refused):
        _report(world, structural, getattr(world.people, persona), sex="M")
    with pytest.raises(Refused):
        actions.update_volume_count(getattr(world.people, persona), volume, count=1)

    assert _state() == before


def test_the_insats_manager_reports_for_their_own_structural_insats(world, structural):
    manager = make_user("manager_s", world.a, Role.INTERVENTION_MANAGER, interventions=[structural])

    volume = _report(world, structural, manager)

    assert volume.pk is not None


def test_form_adds_and_edits_counts_and_shows_errors_in_swedish(world, structural, login_as):
    client = login_as(world.people.office)
    url = reverse("interventions:volume", args=["alfa", structural.pk])
    post = {"period_start": "2020-01-01", "period_end": "2020-06-30", "member": world.members_a["af"].pk, "sex": "M"}

    created = client.post(url, {**post, "count": "7"})
    duplicate = client.post(url, {**post, "count": "8"})
    negative = client.post(url, {**post, "sex": "K", "count": "-2"})

    assert created.status_code == 302
    assert duplicate.status_code == 400 and "Det finns redan en uppgift" in duplicate.content.decode()
    assert negative.status_code == 400
    volume = VolumeCount.objects.get()
    edit = reverse("interventions:volume_edit", args=["alfa", volume.pk])
    assert client.post(edit, {**post, "count": "9", "expected_version": "1"}).status_code == 302
    stale = client.post(edit, {**post, "count": "10", "expected_version": "1"})
    assert stale.status_code == 400 and "Någon annan har ändrat" in stale.content.decode()
    assert VolumeCount.objects.get().count == 9
    page = client.get(reverse("interventions:detail", args=["alfa", structural.pk])).content.decode()
    assert "Volymuppgifter" in page and "Arbetsförmedlingen (Alfa samordningsförbund)" in page


def test_a_refused_post_on_the_page_changes_nothing(world, structural, login_as):
    _report(world, structural)
    before = _state()
    post = {"period_start": "2020-07-01", "period_end": "2020-12-31", "member": world.members_a["fk"].pk}

    response = login_as(world.people.board).post(
        reverse("interventions:volume", args=["alfa", structural.pk]), {**post, "sex": "K", "count": "5"}
    )

    assert response.status_code == 403
    assert _state() == before
    detail = login_as(world.people.board).get(reverse("interventions:detail", args=["alfa", structural.pk]))
    assert "Lämna eller ändra volymuppgifter" not in detail.content.decode()


def test_statistics_count_the_structural_participants_suppressed_for_the_board(world, structural):
    _report(world, structural, count=12)
    _report(world, structural, sex="M", count=3)
    _report(world, structural, member=world.members_a["region"], sex="M", count=20)
    # A count whose period ends in the next year belongs to that year.
    _report(world, structural, period_start=D(2020, 12, 1), period_end=D(2021, 1, 31), member=world.members_a["af"])

    start, end = D(2020, 1, 1), D(2020, 12, 31)
    exact = {row["insats"]: row for row in publish(queries.insats_report(world.a, start, end), None)}
    board = reports.insatser(world.a, start, end, None, world.a.suppression_threshold, costs=False)
    protected = {row["insats"]: row for row in board["insats_report"]}
    volumes = publish(queries.volume_by_organisation(world.a, start, end), None)
    finsam = {row["registration_no"]: row for row in publish(queries.finsam_export(world.a, 2020), None)["insatser"]}

    assert exact["2019:3"]["participants"] == 35
    assert exact["2019:3"]["by_sex"] == {"K": 12, "M": 23}
    assert finsam["2019:3"]["participants"] == 35 and finsam["2019:3"]["women"] is None
    fk, region = "2019:3 Försäkringskassan (Alfa samordningsförbund)", "2019:3 Region Alfa samordningsförbund"
    assert volumes[fk] == {"K": 12, "M": 3} and volumes[region] == {"K": 0, "M": 20}
    # For the board each cell is perturbed on its own: FK's 3 men stay hidden, the rest move by at most 2.
    assert board["volume_counts"][fk]["M"] == "<5" and board["volume_counts"][region]["K"] == 0
    for row, cells in volumes.items():
        assert all(possible(board["volume_counts"][row][sex], n) for sex, n in cells.items()), row
    assert possible(protected["2019:3"]["participants"], 35)
    assert publish(queries.finsam_export(world.a, 2021), None)["insatser"][-1]["participants"] == 12


def test_goal_of_participants_per_year_uses_the_volume_counts(world, structural):
    actions.add_goal(
        None, structural, text="30 deltagare per år", unit="COUNT", indicator="PARTICIPANTS_PER_YEAR", target=30
    )
    _report(world, structural, count=40)

    goals = publish(queries.goal_attainment(world.a, D(2020, 1, 1), D(2020, 12, 31), [structural.pk]), None)

    assert goals[0]["goals"][0]["numerator"] == 40 and goals[0]["goals"][0]["met"] is True


def test_demo_structural_insats_has_volume_counts(db):
    from samordna.demo.loader import load_demo

    load_demo(include_apps=False)
    from samordna.interventions import demo

    demo.load()
    demo.load()

    count = VolumeCount.objects.select_related("intervention").first()
    assert count is not None
    insats = count.intervention
    assert (insats.forbund.slug, insats.registration_no, insats.kind) == ("uppsala-lan", "2018:5", "STRUCTURAL")
    assert VolumeCount.objects.count() == len(demo.COUNTS)
    export = publish(queries.finsam_export(insats.forbund, 2018), None)
    assert {row["registration_no"]: row["participants"] for row in export["insatser"]}["2018:5"] == 46


def test_the_page_of_an_individual_insats_explains_instead_of_offering_the_form(world, login_as):
    response = login_as(world.people.admin).get(reverse("interventions:volume", args=["alfa", world.insats_a.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Insatsen är individinriktad" in body and 'name="count"' not in body
