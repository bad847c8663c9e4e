"""Skellefteå-Norsjö in the present: the current year's economy, applications, meetings and reports, loaded
relative to a pinned day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from samordna.applications.models import Application, Decision, DecisionOutcome, Review, State
from samordna.audit.models import AuditEvent
from samordna.demo.loader import APP_DEMOS, load_demo
from samordna.demo.present import skelleftea
from samordna.finance import queries as finance_queries
from samordna.finance.models import Actual, BudgetYear, Forecast, GrantCommitment, InvoiceStatus, MemberInvoice
from samordna.meetings import queries as meeting_queries
from samordna.meetings.models import Meeting, MinutesState, NoticeCertificate, Paragraph, Signature, SignerRole
from samordna.reporting import queries as reporting_queries
from samordna.reporting.models import InsatsReport, ReportStatus
from samordna.tenancy.models import Forbund, User

TODAY = dt.date(2026, 5, 20)
YEAR = TODAY.year


def fast_hashing() -> override_settings:
    return override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


def _load(today: dt.date) -> None:
    # The förbund and logins, the 2015 meetings (whose § numbers the present continues) and the 2015 economy.
    from samordna.finance import demo as finance_demo
    from samordna.meetings import demo as meetings_demo

    load_demo(include_apps=False)
    meetings_demo.load()
    finance_demo.load()
    skelleftea.load(today=today)


@pytest.fixture(scope="class")
def present(django_db_setup, django_db_blocker):
    """Loaded once for the tests of `TestPresent`, rolled back after them."""
    with django_db_blocker.unblock(), fast_hashing(), transaction.atomic():
        _load(TODAY)
        yield Forbund.objects.get(slug="skelleftea-norsjo")
        transaction.set_rollback(True)


@pytest.fixture
def forbund(present, db):
    return present


def row_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models(include_auto_created=True)}


def test_is_loaded_by_samordna_demo_after_the_apps():
    assert APP_DEMOS.index("samordna.demo.present.skelleftea") > max(
        i for i, module in enumerate(APP_DEMOS) if not module.startswith("samordna.demo.present")
    )


def _fact_dates(forbund) -> dict[str, list[dt.date | None]]:
    """The dates of what has happened in the present (the 2015 demo keeps its own dates)."""
    present = Application.objects.filter(forbund=forbund, period_start__year__gte=2020)
    meetings = Meeting.objects.filter(forbund=forbund, date__year__gte=2020)
    certificates = NoticeCertificate.objects.filter(minutes__meeting__in=meetings)
    return {
        "received": list(present.values_list("received_date", flat=True)),
        "reviewed": list(Review.objects.filter(application__in=present).values_list("reviewed_on", flat=True)),
        "decided": list(Decision.objects.filter(application__in=present).values_list("decided_on", flat=True)),
        "grant": list(GrantCommitment.objects.filter(forbund=forbund).values_list("decided_on", flat=True)),
        "notice": list(meetings.values_list("notice_sent_on", flat=True)),
        "held": list(meetings.filter(minutes__isnull=False).values_list("date", flat=True)),
        "signed": [
            timezone.localtime(s.signed_at).date()
            for s in Signature.objects.filter(signer__minutes__meeting__in=meetings)
        ],
        "adjusted": [
            timezone.localtime(m.minutes.adjusted_at).date()
            for m in meetings.filter(minutes__adjusted_at__isnull=False)
        ],
        "posted": list(certificates.values_list("posted_on", flat=True)),
        "taken_down": list(certificates.values_list("taken_down_on", flat=True)),
        "actual": list(Actual.objects.filter(line__budget_year__forbund=forbund).values_list("period_end", flat=True)),
        "forecast": list(Forecast.objects.filter(line__budget_year__forbund=forbund).values_list("as_of", flat=True)),
        "sent": list(MemberInvoice.objects.filter(forbund=forbund).values_list("sent_on", flat=True)),
        "paid": list(MemberInvoice.objects.filter(forbund=forbund).values_list("paid_on", flat=True)),
        "submitted": list(
            InsatsReport.objects.filter(intervention__forbund=forbund).values_list("submitted_on", flat=True)
        ),
        "noted": list(InsatsReport.objects.filter(intervention__forbund=forbund).values_list("noted_on", flat=True)),
    }


def _after(dates: dict[str, list[dt.date | None]], today: dt.date) -> dict[str, list[dt.date]]:
    """The kinds of fact with a date after `today`, and those dates."""
    late = {kind: [d for d in values if d is not None and d > today] for kind, values in dates.items()}
    return {kind: days for kind, days in late.items() if days}


class TestPresent:
    """One load of the present on a pinned day."""

    def test_the_current_year_has_a_budget_with_outcomes_to_last_month_and_a_real_room(self, forbund):
        budget = BudgetYear.objects.get(forbund=forbund, year=YEAR)
        actuals = Actual.objects.filter(line__budget_year=budget)
        assert budget.lines.count() >= 8
        assert max(actuals.values_list("period_end", flat=True)) == dt.date(YEAR, 4, 30)
        assert set(actuals.values_list("period_start__month", flat=True)) == {1, 2, 3, 4}
        assert Forecast.objects.filter(line__budget_year=budget, as_of=dt.date(YEAR, 4, 30)).exists()

        report = finance_queries.economic_report(forbund, YEAR, TODAY)
        assert report.income_to_date > 0 and report.cost_to_date > 0
        assert report.committed_grants > 0  # the grant decided in March
        assert report.room_for_new != 0
        assert report.room_for_new == report.equity_end_forecast - report.equity_cap
        assert not any("ingen budget" in w for w in report.warnings)

    def test_last_year_has_a_full_outcome_that_carries_over_as_this_years_equity(self, forbund):
        last = BudgetYear.objects.get(forbund=forbund, year=YEAR - 1)
        periods = set(Actual.objects.filter(line__budget_year=last).values_list("period_start", "period_end"))
        assert min(periods)[0] == dt.date(YEAR - 1, 1, 1) and max(periods)[1] == dt.date(YEAR - 1, 12, 31)
        outcome = finance_queries.economic_report(forbund, YEAR - 1, dt.date(YEAR - 1, 12, 31))
        this_year = BudgetYear.objects.get(forbund=forbund, year=YEAR)
        assert this_year.equity_start == last.equity_start + outcome.result_to_date

    def test_contributions_follow_the_split_of_the_law(self, forbund):
        check = finance_queries.contribution_shares(forbund, YEAR)

        assert check.ok, check.warnings
        assert 6_000_000 <= check.total <= 7_000_000
        assert check.by_party == {
            "FK": check.total // 2,
            "REGION": check.total // 4,
            "KOMMUN": check.total // 4,
            "AF": 0,
        }
        kommuner = {m.member: m.amount for m in check.members if m.party_type == "KOMMUN"}
        assert set(kommuner) == {"Skellefteå kommun", "Norsjö kommun"}
        assert kommuner["Skellefteå kommun"] > kommuner["Norsjö kommun"] > 0

    def test_past_quarters_are_invoiced_and_the_next_one_waits_to_be_sent(self, forbund):
        invoices = MemberInvoice.objects.filter(forbund=forbund, contribution__year=YEAR)
        by_quarter = {q: set(invoices.filter(period_no=q).values_list("status", flat=True)) for q in (1, 2, 3, 4)}

        assert invoices.count() == 16  # four paying members, four quarters
        assert by_quarter[1] == {InvoiceStatus.PAID}
        assert by_quarter[2] == {InvoiceStatus.PAID, InvoiceStatus.SENT}  # Norsjö has not paid yet
        assert by_quarter[3] == by_quarter[4] == {InvoiceStatus.DRAFT}
        unpaid = invoices.get(period_no=2, status=InvoiceStatus.SENT)
        assert unpaid.contribution.member.name == "Norsjö kommun" and unpaid.due_date < TODAY

    def test_there_is_one_application_at_every_stage(self, forbund):
        present = Application.objects.filter(forbund=forbund, period_start__year__gte=YEAR)
        states = sorted(present.values_list("state", flat=True))

        assert states == sorted(
            [State.DRAFT, State.SUBMITTED, State.IN_PREPARATION, State.ON_AGENDA, State.DECIDED, State.DECIDED]
        )
        sokande = User.objects.get(username="sokande")
        assert present.get(state=State.DRAFT).created_by == sokande
        assert present.get(state=State.SUBMITTED).created_by == sokande
        on_agenda = present.get(state=State.ON_AGENDA)
        assert on_agenda.review.reviewed_by == User.objects.get(username="beredning")
        outcomes = dict(Decision.objects.filter(application__in=present).values_list("outcome", "motivation"))
        assert set(outcomes) == {DecisionOutcome.GRANTED, DecisionOutcome.REJECTED}
        assert outcomes[DecisionOutcome.REJECTED].strip()

    def test_the_granted_application_is_a_running_insats_with_its_grant_committed(self, forbund):
        granted = Application.objects.get(
            forbund=forbund, decision__outcome=DecisionOutcome.GRANTED, decision__decided_on__year=YEAR
        )
        insats = granted.intervention

        assert insats is not None and insats.owner is not None and insats.end_date is not None
        assert insats.owner.name == "Skellefteå kommun"
        assert insats.start_date <= TODAY <= insats.end_date
        assert insats.report_requirements.exists()
        assert GrantCommitment.objects.filter(forbund=forbund, intervention=insats, year=YEAR).exists()

    def test_this_years_meetings_are_planned_through_the_year_and_the_next_notice_is_out(self, forbund):
        meetings = Meeting.objects.filter(forbund=forbund, date__year=YEAR, kind="BOARD")
        months = set(meetings.values_list("date__month", flat=True))
        assert meetings.count() >= 6 and len(months) >= 6 and max(months) >= 10

        upcoming = meetings.filter(date__gt=TODAY).earliest("date")
        assert (
            upcoming.notice_sent_on is not None
            and upcoming.notice_sent_on <= TODAY
            and not meeting_queries.notice_warning(upcoming, TODAY)
        )
        on_agenda = Application.objects.get(forbund=forbund, state=State.ON_AGENDA, period_start__year__gte=YEAR)
        assert upcoming.agenda_items.filter(application=on_agenda).exists()
        assert meetings.filter(date__gt=upcoming.date, notice_sent_on__isnull=True).count() >= 2

    def test_the_recent_meeting_awaits_the_chair_and_the_adjuster(self, forbund):
        held = Meeting.objects.filter(forbund=forbund, date__year=YEAR, date__lte=TODAY).order_by("date")
        recent = held.latest("date").minutes

        assert recent.state == MinutesState.READY
        missing = {s.role: s.user and s.user.username for s in recent.signers.filter(signature__isnull=True)}
        assert missing == {SignerRole.CHAIR: "styrelse", SignerRole.ADJUSTER: "justerare"}
        assert recent.signers.get(role=SignerRole.SECRETARY, user__username="kansli").signature.provider == "BankID"
        assert meeting_queries.quorum(recent).has_quorum
        for meeting in held.exclude(pk=recent.meeting_id):
            assert meeting.minutes.state == MinutesState.ADJUSTED
            assert meeting.minutes.certificate.posted_on > meeting.date
            assert meeting_queries.quorum(meeting.minutes).has_quorum

    def test_the_board_numbers_continue_from_the_2015_minutes_without_a_gap(self, forbund):
        numbers = list(
            Paragraph.objects.filter(forbund=forbund, minutes__meeting__date__year=YEAR)
            .order_by("number")
            .values_list("number", flat=True)
        )
        # The 2015 minutes end with June's, begun from its agenda at § 615–625.
        assert numbers[0] == 626
        assert numbers == list(range(626, 626 + len(numbers)))

    def test_reports_are_due_overdue_and_noted(self, forbund):
        assert reporting_queries.reminders(forbund, TODAY).exists()
        assert reporting_queries.overdue(forbund, TODAY).count() >= 2
        noted = InsatsReport.objects.filter(intervention__forbund=forbund, status=ReportStatus.NOTED)
        held = set(Meeting.objects.filter(forbund=forbund, minutes__isnull=False).values_list("date", flat=True))
        assert noted.filter(noted_on__in=held).exists()

    def test_no_fact_is_dated_after_today(self, forbund):
        assert _after(_fact_dates(forbund), TODAY) == {}

    def test_loading_again_adds_nothing_even_on_another_day(self, forbund):
        before, events = row_counts(), AuditEvent.objects.count()

        skelleftea.load(today=TODAY)
        skelleftea.load(today=TODAY + dt.timedelta(days=40))

        assert row_counts() == before and AuditEvent.objects.count() == events


@pytest.mark.parametrize("today", [dt.date(2026, 1, 9), dt.date(2025, 12, 2)])
def test_loads_at_the_turn_of_the_year_with_no_fact_after_today(db, today):
    with fast_hashing():
        _load(today)
    forbund = Forbund.objects.get(slug="skelleftea-norsjo")

    assert _after(_fact_dates(forbund), today) == {}
    assert BudgetYear.objects.filter(forbund=forbund, year=today.year).exists()
    assert Meeting.objects.filter(forbund=forbund, date__gt=today, notice_sent_on__lte=today).exists()
    recent = Meeting.objects.filter(forbund=forbund, date__lte=today).latest("date")
    assert recent.minutes.state == MinutesState.READY
    assert reporting_queries.reminders(forbund, today).exists() and reporting_queries.overdue(forbund, today).exists()
    present = Application.objects.filter(forbund=forbund, period_start__year__gte=2020)
    assert set(present.values_list("state", flat=True)) == {
        State.DRAFT,
        State.SUBMITTED,
        State.IN_PREPARATION,
        State.ON_AGENDA,
        State.DECIDED,
    }
