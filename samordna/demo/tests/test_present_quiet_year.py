"""The ordinary year of Uppsala län, Östra Östergötland and Kävlinge-Lomma, dated from the day the demo runs."""

import datetime as dt

import pytest

from samordna.demo.loader import load_demo
from samordna.demo.present import quiet_year
from samordna.finance import queries as finance_queries
from samordna.finance.models import Actual, BudgetYear, Contribution, MemberInvoice
from samordna.instruments.models import IndicatorSurvey
from samordna.interventions.models import Intervention
from samordna.meetings.models import Meeting, MinutesState
from samordna.participants.models import Participation
from samordna.reporting.models import AuditDocument, InsatsReport, ReportStatus
from samordna.tenancy.models import Forbund

TODAY = dt.date(2026, 11, 3)  # a Tuesday; each board meets next in the week after
SLUGS = [quiet.slug for quiet in quiet_year.FORBUND]


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The year is loaded once for the module, in a transaction rolled back afterwards."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(include_apps=False)
        quiet_year.load(today=TODAY)
        yield {f.slug: f for f in Forbund.objects.filter(slug__in=SLUGS)}
        transaction.set_rollback(True)


@pytest.mark.parametrize("slug", SLUGS)
def test_this_year_and_last_have_a_budget_with_outcomes_to_last_month(db, loaded, slug):
    forbund = loaded[slug]
    assert set(BudgetYear.objects.filter(forbund=forbund).values_list("year", flat=True)) >= {2025, 2026}
    booked = Actual.objects.filter(line__budget_year__forbund=forbund, line__budget_year__year=2026)
    assert booked.exists()
    assert max(booked.values_list("period_end", flat=True)) == dt.date(2026, 10, 31)
    report = finance_queries.economic_report(forbund, 2026, dt.date(2026, 10, 31))
    assert report.income_to_date > 0 and report.cost_to_date > 0


@pytest.mark.parametrize("slug", SLUGS)
def test_contributions_follow_the_halves_and_quarters(db, loaded, slug):
    forbund = loaded[slug]
    check = finance_queries.contribution_shares(forbund, 2026)
    assert not check.warnings, check.warnings
    total = sum(Contribution.objects.filter(forbund=forbund, year=2026).values_list("amount", flat=True))
    assert total == next(q.total for q in quiet_year.FORBUND if q.slug == slug)
    # Without the bankgiro and the members' invoice addresses, no invoice is made.
    assert not MemberInvoice.objects.filter(contribution__forbund=forbund).exists()


@pytest.mark.parametrize("slug", SLUGS)
def test_meetings_held_are_justered_and_posted_and_the_next_has_its_notice(db, loaded, slug):
    meetings = list(Meeting.objects.filter(forbund=loaded[slug], kind="BOARD", date__year=2026).order_by("date"))
    held = [m for m in meetings if m.date < TODAY]
    assert len(held) >= 5
    for meeting in held:
        minutes = meeting.minutes
        assert minutes.state == MinutesState.ADJUSTED
        assert minutes.certificate.posted_on <= TODAY
        assert minutes.attendance.filter(category="VOTING").count() >= 5
    upcoming = [m for m in meetings if m.date >= TODAY]
    assert upcoming and upcoming[0].notice_sent_on is not None and upcoming[0].notice_sent_on < TODAY


@pytest.mark.parametrize("slug", SLUGS)
def test_an_application_waits_for_the_preparatory_group_and_nothing_is_dated_later_than_today(db, loaded, slug):
    forbund = loaded[slug]
    application = forbund.applications.get(title=next(q.application for q in quiet_year.FORBUND if q.slug == slug))
    assert application.state == "IN_PREPARATION"
    assert application.received_date <= TODAY
    assert not InsatsReport.objects.filter(intervention__forbund=forbund, submitted_on__gt=TODAY).exists()
    assert IndicatorSurvey.objects.filter(forbund=forbund, code=quiet_year.SURVEY_CODE).exists()


def test_kavlinge_lomma_runs_an_insats_with_participants_and_one_report_is_owed(db, loaded):
    forbund = loaded["kavlinge-lomma"]
    insats = Intervention.objects.get(forbund=forbund, name=quiet_year.KL_INSATS)
    stays = Participation.objects.filter(intervention=insats)
    assert 30 <= stays.count() <= 80
    assert not stays.filter(enrolment_date__gt=TODAY).exists()
    owed = InsatsReport.objects.filter(intervention=insats, status=ReportStatus.DUE, due_date__lt=TODAY)
    assert owed.count() == 1


def test_skelleftea_gets_last_years_audit_report_answered_and_this_autumns_review_waiting(db, loaded):
    forbund = Forbund.objects.get(slug=quiet_year.SKELLEFTEA)
    answered = AuditDocument.objects.get(forbund=forbund, year=2025)
    assert answered.response_sent_on is not None and answered.response_sent_on <= TODAY
    waiting = AuditDocument.objects.get(forbund=forbund, year=2026)
    assert waiting.response_sent_on is None
    assert waiting.response_due is not None and waiting.response_due > TODAY


def test_loading_again_adds_nothing(db, loaded):
    counts = (Meeting.objects.count(), Actual.objects.count(), Participation.objects.count())
    quiet_year.load(today=TODAY)
    assert (Meeting.objects.count(), Actual.objects.count(), Participation.objects.count()) == counts
