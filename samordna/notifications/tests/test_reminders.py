"""The daily run: due-date reminders, the digest that groups a day's items, the choices, and no repeats."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from conftest import make_user
from samordna.notifications import actions
from samordna.notifications.mail import UNCONFIGURED_BACKEND
from samordna.notifications.models import DIGEST, Delivery, EmailLog, Kind, Notification
from samordna.notifications.reminders import run_daily
from samordna.participants.tests.people import ANNA, enrol
from samordna.reporting.models import AuditDocument, InsatsReport, ReportKind
from samordna.tenancy.models import Role

from .conftest import body, give_addresses

TODAY = dt.date(2019, 3, 5)


def report(world, kind, due, start=dt.date(2019, 1, 1)):
    return InsatsReport.objects.create(
        intervention=world.insats_a, kind=kind, period_start=start, period_end=due, due_date=due
    )


@pytest.fixture
def due(mailed):
    """Insats 2017:48 owes four reports around 2019-03-05; its applicant contact and handler are named."""
    world = mailed
    report(world, ReportKind.MONTHLY, dt.date(2019, 3, 19))  # in 14 days
    report(world, ReportKind.QUARTERLY, TODAY)  # today
    report(world, ReportKind.FINAL, dt.date(2019, 3, 12), start=dt.date(2018, 1, 1))  # the final report
    report(world, ReportKind.HALF_YEAR, dt.date(2019, 2, 20), start=dt.date(2018, 7, 1))  # overdue
    report(world, ReportKind.ANNUAL, dt.date(2019, 6, 30))  # not yet
    contact = make_user("contact_a", world.a, Role.APPLICANT, interventions=[world.insats_a])
    give_addresses(contact)
    world.contact = contact
    return world


def test_the_insats_manager_and_the_applicant_contact_get_one_digest_with_the_days_items(due, smtp):
    world = due
    run = run_daily(TODAY)

    for person in (world.people.colleague, world.contact):
        [digest] = smtp.to(person.email)
        text = body(digest)
        assert "Dagens sammanfattning 2019-03-05" in digest["Subject"]
        assert "Månadsrapport för insats 2017:48 ska lämnas senast 2019-03-19" in text
        assert "Kvartalsrapport för insats 2017:48 ska lämnas i dag, 2019-03-05" in text
        assert "Slutrapporten för insats 2017:48 ska lämnas senast 2019-03-12" in text
        assert "Halvårsrapport för insats 2017:48 skulle ha lämnats senast 2019-02-20" in text
        assert "Årsrapport" not in text
        assert text.count("https://samordna.example.se/f/alfa/rapportering/rapport/") == 4
    # The overdue report is the office's business too; the board's and the auditor's it is not.
    assert "Halvårsrapport" in body(smtp.to(world.people.office.email)[0])
    assert not smtp.to(world.people.board.email)
    assert not smtp.to(world.people.auditor.email)
    assert len(run.mails) == len(smtp.messages())
    assert EmailLog.objects.filter(kind=DIGEST, address=world.people.colleague.email, items=4).count() == 1


def test_remind_twice_on_the_same_day_sends_nothing_the_second_time(due, smtp):
    first = StringIO()
    call_command("samordna_remind", "--date", "2019-03-05", stdout=first, stderr=StringIO())
    received = len(smtp.messages())
    made = Notification.objects.count()
    assert received >= 3
    assert "skickat: colleague_a@example.se" in first.getvalue()

    second = StringIO()
    call_command("samordna_remind", "--date", "2019-03-05", stdout=second, stderr=StringIO())
    assert len(smtp.messages()) == received
    assert Notification.objects.count() == made
    assert "0 påminnelser skapade, 0 e-postmeddelanden skickat" in second.getvalue()

    # The next day only what changed is news: yesterday's report is now late; the others are not repeated.
    before = {m["Message-ID"] for m in smtp.messages()}
    call_command("samordna_remind", "--date", "2019-03-06", stdout=StringIO(), stderr=StringIO())
    later = [body(m) for m in smtp.messages() if m["Message-ID"] not in before]
    assert later
    for text in later:
        assert "Kvartalsrapport för insats 2017:48 skulle ha lämnats senast 2019-03-05" in text
        assert "Månadsrapport" not in text
        assert "Slutrapporten" not in text


def test_a_dry_run_shows_what_would_go_and_changes_nothing(due, smtp):
    out = StringIO()
    call_command("samordna_remind", "--dry-run", "--date", "2019-03-05", stdout=out, stderr=StringIO())
    assert "skulle skickas: colleague_a@example.se" in out.getvalue()
    assert smtp.messages() == []
    assert not Notification.objects.exists()
    assert not EmailLog.objects.exists()


def test_opting_out_of_a_kind_stops_it_and_opting_out_of_all_stops_the_mail(due, smtp):
    world = due
    colleague = world.people.colleague
    actions.set_preferences(colleague, {Kind.REPORT_DUE_SOON: Delivery.NONE})
    everything_off = {kind.value: Delivery.NONE.value for kind in Kind}
    actions.set_preferences(world.contact, everything_off)

    run_daily(TODAY)
    [digest] = smtp.to(colleague.email)
    assert "Månadsrapport" not in body(digest)
    assert "Kvartalsrapport" in body(digest)
    assert not smtp.to(world.contact.email)
    assert not Notification.objects.filter(user=world.contact).exists()
    assert not Notification.objects.filter(user=colleague, kind=Kind.REPORT_DUE_SOON).exists()


def test_a_kind_chosen_at_once_comes_in_its_own_message(due, smtp):
    world = due
    actions.set_preferences(world.people.colleague, {Kind.REPORT_DUE_TODAY: Delivery.IMMEDIATE})
    run_daily(TODAY)
    messages = smtp.to(world.people.colleague.email)
    assert len(messages) == 2
    alone = next(m for m in messages if "Dagens sammanfattning" not in m["Subject"])
    assert "Insatsrapport ska lämnas i dag" in alone["Subject"]
    assert "Kvartalsrapport" in body(alone)
    digest = next(m for m in messages if "Dagens sammanfattning" in m["Subject"])
    assert "Kvartalsrapport" not in body(digest)


def test_english_users_get_their_mail_in_english(due, smtp):
    world = due
    actions.set_preferences(world.people.colleague, {}, language="en")
    run_daily(TODAY)
    text = body(smtp.to(world.people.colleague.email)[0])
    assert "Monthly report" in text
    assert "Månadsrapport" not in text
    assert "Månadsrapport" in body(smtp.to(world.contact.email)[0])


def test_a_handlers_reminders_name_no_participant(mailed, smtp):
    world = mailed
    enrol(world, world.people.handler, personnummer=ANNA, name="Anna Andersson", enrolment_date=dt.date(2019, 3, 1))
    run_daily(TODAY)
    [digest] = smtp.to(world.people.handler.email)
    text = body(digest) + digest["Subject"]
    assert "En SIP ska hållas senast 2019-03-01 för en deltagare i insats 2017:48" in text
    assert "En handlingsplan ska revideras senast 2019-03-01" in text
    assert "Anna" not in text
    assert "Andersson" not in text
    assert ANNA not in text
    assert ANNA[2:8] not in text
    assert not smtp.to(world.people.colleague.email)


def test_audit_deadlines_go_to_the_forbund_admin(mailed, smtp):
    world = mailed
    AuditDocument.objects.create(
        forbund=world.a,
        kind="REVIEW",
        year=2018,
        title="Granskning av intern kontroll",
        received_on=dt.date(2019, 2, 1),
        response_due=dt.date(2019, 3, 15),
    )
    run_daily(TODAY)
    assert smtp.recipients() == [world.people.admin.email]
    assert "revisionens rekommendationer för 2018 ska lämnas senast 2019-03-15" in body(smtp.messages()[0])


def test_without_a_mail_server_remind_refuses_loudly_and_makes_nothing(due, settings):
    settings.EMAIL_BACKEND = UNCONFIGURED_BACKEND
    with pytest.raises(CommandError, match="SAMORDNA_EMAIL_HOST"):
        call_command("samordna_remind", "--date", "2019-03-05", stdout=StringIO(), stderr=StringIO())
    assert not Notification.objects.exists()
    # A dry run needs no mail server.
    out = StringIO()
    call_command("samordna_remind", "--dry-run", "--date", "2019-03-05", stdout=out, stderr=StringIO())
    assert "skulle skickas" in out.getvalue()


def test_the_console_knows_remind():
    from samordna.cli import ALIASES, HELP

    assert ALIASES["remind"] == "samordna_remind"
    assert "remind [--dry-run]" in HELP


def test_the_scheduler_runs_the_days_reminders_once(due, smtp):
    from samordna.jobs import schedule
    from samordna.jobs.models import DailyRun

    schedule.run_now(TODAY)
    received = len(smtp.messages())
    schedule.run_now(TODAY)

    assert received >= 3 and len(smtp.messages()) == received
    run = DailyRun.objects.get(name="notifications.reminders", day=TODAY)
    assert run.outcome == DailyRun.Outcome.DONE
    assert run.summary.endswith(f"{received} e-postmeddelanden")
