"""The demo data pins the seed figures: § ranges, attendance, decisions and the totals of 2015-04-23."""

import datetime as dt
import re

import pytest

from samordna.applications import queries as application_queries
from samordna.applications.models import Application, DecisionOutcome, ReviewOutcome, State
from samordna.meetings import demo, documents, queries
from samordna.meetings.models import Meeting, MinutesState, Paragraph
from samordna.tenancy import actions as tenancy_actions


def demo_forbund(slug, name):
    forbund = tenancy_actions.create_forbund(None, slug=slug, name=name, founded=dt.date(2005, 1, 1))
    tenancy_actions.add_statutes(None, forbund, valid_from=dt.date(2005, 1, 1))
    return forbund


@pytest.fixture
def skelleftea(db):
    forbund = demo_forbund("skelleftea-norsjo", "Samordningsförbundet Skellefteå-Norsjö")
    demo.load_forbund(forbund)
    demo.load_forbund(forbund)  # idempotent
    return forbund


@pytest.fixture
def kavlinge(db):
    forbund = demo_forbund("kavlinge-lomma", "FINSAM Kävlinge-Lomma")
    demo.load_forbund(forbund)
    demo.load_forbund(forbund)
    return forbund


def test_april_minutes_run_596_to_614_and_are_adjusted(skelleftea):
    minutes = Meeting.objects.get(forbund=skelleftea, date=dt.date(2015, 4, 23)).minutes

    assert queries.paragraph_range(minutes) == (596, 614)
    assert minutes.paragraphs.count() == 19
    assert minutes.state == MinutesState.ADJUSTED
    assert minutes.signers.get(role="ADJUSTER").person_name == "Kenneth Andersson"
    check = queries.quorum(minutes)
    assert (check.voting, check.seats, check.has_quorum) == (4, 5, True)
    assert not hasattr(minutes, "certificate") or minutes.certificate is None
    # The register lets only Försäkringskassan's ersättare serve; the source's seven deciding stay as a warning.
    serving = minutes.attendance.get(category="SERVING_DEPUTY")
    assert serving.seat is not None and (serving.person_name, serving.seat.member.party_type) == ("Håkan Jansson", "FK")
    assert minutes.attendance.filter(category="DEPUTY_PRESENT").count() == 3
    assert "sju beslutande för fem platser" in minutes.attendance_remark
    printed = documents.minutes_html(minutes)
    assert "Anmärkning om närvaron" in printed and "sju beslutande för fem platser" in printed


def test_april_600_prints_the_sources_figures_and_the_systems_beside_them(skelleftea, client):
    from conftest import login, make_user
    from samordna.tenancy.models import Role

    minutes = Meeting.objects.get(forbund=skelleftea, date=dt.date(2015, 4, 23)).minutes
    printed = documents.minutes_html(minutes)
    extract = documents.extract_html(minutes.paragraphs.get(number=600))
    login(client, make_user("kansli_s", skelleftea, Role.OFFICE))
    page = client.get(f"/f/{skelleftea.slug}/sammantraden/{minutes.meeting_id}/").content.decode()

    for text in (printed, extract, page):
        text = re.sub(r"\s", " ", text)  # the thousands are spaced with a no-break space
        # The source's own figures, and where the system computes otherwise, its figures beside them.
        for stated in ("323 919 kr", "1 235 470 kr", "3 427 732 kr", "2 207 732 kr"):
            assert stated in text
        for computed in ("1 208 470 kr", "3 400 732 kr", "2 180 732 kr"):
            assert computed in text
        assert "Siffrorna i paragrafen går inte ihop." in text
    # The attendance of the source is a warning on the page too.
    assert "sju beslutande för fem platser" in page


def test_april_602_has_no_motivation_as_in_the_source(skelleftea):
    minutes = Meeting.objects.get(forbund=skelleftea, date=dt.date(2015, 4, 23)).minutes
    via = minutes.paragraphs.get(number=602).decisions.get()

    assert via.outcome == DecisionOutcome.CONDITIONAL and via.motivation == ""
    assert "Motivering" not in documents.extract_html(minutes.paragraphs.get(number=602))


def test_april_decisions_pin_the_seed_totals(skelleftea):
    decided = Application.objects.filter(forbund=skelleftea, state=State.DECIDED)
    applied = application_queries.with_applied_amount(decided)

    assert decided.count() == 6
    assert sum(a.applied for a in applied) == 3_495_000
    assert sum(a.decision.amount for a in decided) == 800_000
    assert sum(a.applied for a in applied if a.decision.outcome == DecisionOutcome.REJECTED) == 2_495_000
    partial = decided.get(decision__outcome=DecisionOutcome.PARTIALLY_GRANTED)
    assert partial.decision.paragraph is not None
    assert (partial.org_name, partial.decision.amount, partial.decision.paragraph.number) == (
        "Skellefteå stadsmission",
        200_000,
        604,
    )
    assert partial.intervention is not None
    conditional = decided.get(decision__outcome=DecisionOutcome.CONDITIONAL)
    assert conditional.decision.amount == 600_000 and conditional.intervention is None
    bilda = decided.get(title="Orienteringskurs i samverkan")
    assert bilda.decision.paragraph is not None
    assert bilda.review.outcome == ReviewOutcome.ADVISED_AGAINST and bilda.decision.paragraph.number == 601
    assert application_queries.motivation_reused(decided.get(title__startswith="Migrantmödrar"))
    assert all(a.decision.motivation for a in decided if a.decision.outcome == DecisionOutcome.REJECTED)


def test_register_for_2015(skelleftea):
    rows = application_queries.register(skelleftea)

    # Amounts are per year the money is for; over all years they add up to the applied total of the two meetings.
    assert sum(r["applied"] for r in rows) == 3_495_000 + 430_000 + 405_600
    by_year = {r["year"]: r for r in rows}
    assert by_year[2015]["granted"] == 800_000 and by_year[2015]["reserved"] == 600_000
    assert (by_year[2015]["count"], by_year[2015]["granted_count"], by_year[2015]["rejected_count"]) == (8, 2, 4)


def test_june_notice_has_ready_and_knutn_with_their_budgets(skelleftea):
    meeting = Meeting.objects.get(forbund=skelleftea, date=dt.date(2015, 6, 11))
    items = list(meeting.agenda_items.all())
    ready = Application.objects.get(forbund=skelleftea, title="READY")
    knutn = Application.objects.get(forbund=skelleftea, title="Knut'n 2.0")
    table = application_queries.budget_table(knutn)

    assert len(items) == 11
    assert (items[3].application, items[4].application) == (ready, knutn)
    assert ready.state == knutn.state == State.ON_AGENDA
    assert application_queries.applied_amount(ready) == 430_000
    assert [total for _l, _v, total in table.rows][:3] == [313_600, 28_000, 64_000]
    assert table.net == [266_000, 139_600] and table.net_sum == 405_600
    assert application_queries.applied_amount(ready) + table.net_sum == 835_600
    assert len(table.warnings) == 2
    assert items[1].proposal == ["utse _____ till justerare"] and items[2].proposal == [""]
    assert "ansökan från Norsjö kommun" in documents.notice_html(meeting)


def test_june_minutes_are_begun_from_the_agenda_and_continue_the_boards_series(skelleftea):
    june = Meeting.objects.get(forbund=skelleftea, date=dt.date(2015, 6, 11), kind="BOARD").minutes
    paragraphs = list(june.paragraphs.order_by("number"))
    ready = Application.objects.get(forbund=skelleftea, title="READY")

    assert queries.paragraph_range(june) == (615, 625)
    assert june.state == MinutesState.DRAFT and not june.attendance.exists()
    assert [p.title for p in paragraphs] == [i.title for i in june.meeting.agenda_items.all()]
    assert paragraphs[3].application == ready and paragraphs[3].decision_clauses == [
        "bevilja Skellefteå kommuns gymnasiekontor 430 000 kr för projektet READY"
    ]
    # What the board decided is not in the sources: the applications wait for their decisions.
    assert ready.state == State.ON_AGENDA and not paragraphs[3].decisions.exists()


def test_the_preparatory_group_numbers_its_own_paragraphs(skelleftea):
    lsg = Meeting.objects.get(forbund=skelleftea, date=dt.date(2015, 6, 2), kind="PREPARATORY").minutes

    assert queries.paragraph_range(lsg) == (1, 5)
    assert set(lsg.paragraphs.values_list("deciding_body", flat=True)) == {"PREPARATORY"}
    board = skelleftea.paragraphs.filter(deciding_body="BOARD").order_by("number").values_list("number", flat=True)
    assert list(board) == list(range(596, 626))


def test_kavlinge_minutes_run_26_to_35(kavlinge):
    minutes = Meeting.objects.get(forbund=kavlinge, date=dt.date(2018, 6, 14)).minutes

    assert queries.paragraph_range(minutes) == (26, 35)
    assert minutes.paragraphs.get(number=32).title == "Dataskydd (GDPR)"
    assert minutes.state == MinutesState.ADJUSTED
    check = queries.quorum(minutes)
    assert (check.voting, check.seats, check.has_quorum) == (5, 5, True)
    guests = {
        a.person_name: [p.number for p in a.paragraphs.all()] for a in minutes.attendance.filter(category="OTHER")
    }
    assert guests["Carina Sandelin"] == [28] and guests["Lisa Key"] == [29] and guests["Maria Davidsson"] == [29]


def test_loads_on_top_of_the_main_demo_loader(db):
    from samordna.demo.loader import load_demo
    from samordna.tenancy.models import Forbund

    load_demo()
    for slug in ("skelleftea-norsjo", "kavlinge-lomma"):
        forbund = Forbund.objects.get(slug=slug)
        members = forbund.members.count()
        demo.load_forbund(forbund)
        demo.load_forbund(forbund)
        assert forbund.members.count() == members, f"{slug}: the demo added members the loader already has"

    skelleftea = Meeting.objects.get(forbund__slug="skelleftea-norsjo", date=dt.date(2015, 4, 23))
    kavlinge = Meeting.objects.get(forbund__slug="kavlinge-lomma", date=dt.date(2018, 6, 14))
    assert queries.paragraph_range(skelleftea.minutes) == (596, 614)
    assert queries.paragraph_range(kavlinge.minutes) == (26, 35)
    assert queries.quorum(kavlinge.minutes).has_quorum
    # The present's meetings come after June 2015's in the board's series, with no gap.
    june = Meeting.objects.get(forbund__slug="skelleftea-norsjo", date=dt.date(2015, 6, 11), kind="BOARD")
    assert queries.paragraph_range(june.minutes) == (615, 625)
    board = Paragraph.objects.filter(forbund__slug="skelleftea-norsjo", deciding_body="BOARD").order_by("number")
    numbers = list(board.values_list("number", flat=True))
    assert numbers == list(range(596, 596 + len(numbers))) and numbers[-1] > 625


def test_april_assignments_and_the_delegation_to_the_presidium(skelleftea):
    from samordna.meetings.models import AssignmentKind

    rows = list(queries.assignments_of(skelleftea))

    assert len(rows) == 5
    delegation = next(r for r in rows if r.kind == AssignmentKind.DELEGATION)
    assert (delegation.assignee, delegation.paragraph.number, delegation.due_on) == (
        "Presidiet",
        612,
        dt.date(2015, 8, 31),
    )
