"""The events send the right mail to the right people, through a real SMTP server, and nothing personal."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import make_user
from samordna.applications import actions as application_actions
from samordna.applications.models import ReviewOutcome, State
from samordna.applications.tests.factories import complete_application
from samordna.meetings import actions as meeting_actions
from samordna.meetings.tests.helpers import minutes_for, with_signers
from samordna.notifications.mail import UNCONFIGURED_BACKEND, MailUnavailable
from samordna.notifications.models import EmailLog, Kind, Notification
from samordna.openentry import actions as openentry_actions
from samordna.openentry.models import PartKind
from samordna.openentry.tests.conftest import request_fields
from samordna.tenancy import actions as tenancy_actions
from samordna.tenancy.models import BoardRole, Role

from .conftest import body, give_addresses


def addresses(*users) -> list[str]:
    return sorted(u.email for u in users)


def test_a_submitted_application_mails_the_office_from_the_forbunds_sender(
    mailed, smtp, django_capture_on_commit_callbacks
):
    world = mailed
    application = complete_application(world)
    with django_capture_on_commit_callbacks(execute=True):
        application_actions.submit(world.people.applicant, application)
    application.refresh_from_db()

    assert smtp.recipients() == addresses(world.people.admin, world.people.office)
    message = smtp.to(world.people.office.email)[0]
    assert message["From"] == "Alfa samordningsförbund <noreply@samordna.example.se>"
    assert message["Reply-To"] == "kansli@alfa.example.se"
    assert application.registration_no in body(message)
    assert f"https://samordna.example.se/f/alfa/ansokningar/{application.pk}/" in body(message)
    logged = EmailLog.objects.filter(kind=Kind.APPLICATION_SUBMITTED)
    assert sorted(logged.values_list("address", flat=True)) == addresses(world.people.admin, world.people.office)
    assert Notification.objects.get(user=world.people.office).mailed_at is not None


def test_preparation_tells_the_preparatory_group_and_the_review_tells_the_office(
    mailed, smtp, django_capture_on_commit_callbacks
):
    world = mailed
    application = complete_application(world)
    application_actions.submit(None, application, received_date=dt.date(2015, 6, 3))
    smtp.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application_actions.start_preparation(None, application)
    assert smtp.recipients() == [world.people.preparatory.email]
    assert "beredning" in body(smtp.messages()[0])

    smtp.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application_actions.review(
            world.people.preparatory,
            application,
            outcome=ReviewOutcome.RECOMMENDED,
            body="LSG",
            reviewed_on=dt.date(2015, 6, 10),
        )
    assert smtp.recipients() == addresses(world.people.admin, world.people.office)


def test_a_notice_goes_to_the_board_ledamot_and_ersattare_with_the_link(
    mailed, smtp, django_capture_on_commit_callbacks
):
    world = mailed
    ledamot_user = make_user("ledamot_a", email="ledamot@example.se")
    ersattare_user = make_user("ersattare_a", email="ersattare@example.se")
    term = {"term_start": dt.date(2015, 4, 1), "term_end": dt.date(2019, 3, 31)}
    ledamot = tenancy_actions.add_board_seat(
        None, world.members_a["fk"], person_name="Lena Ledamot", user=ledamot_user, role=BoardRole.LEDAMOT, **term
    )
    tenancy_actions.add_board_seat(
        None,
        world.members_a["fk"],
        person_name="Erik Ersättare",
        user=ersattare_user,
        role=BoardRole.ERSATTARE,
        deputy_for=ledamot,
        **term,
    )
    meeting = meeting_actions.plan_meeting(None, world.a, date=dt.date(2015, 6, 11), place="Kansliet")
    meeting_actions.add_agenda_item(None, meeting, title="Ekonomisk rapport")
    with django_capture_on_commit_callbacks(execute=True):
        meeting_actions.send_notice(world.people.office, meeting, sent_on=dt.date(2015, 6, 1))

    assert smtp.recipients() == sorted(["ledamot@example.se", "ersattare@example.se", world.people.board.email])
    text = body(smtp.to("ersattare@example.se")[0])
    assert "2015-06-11" in text
    assert f"https://samordna.example.se/f/alfa/sammantraden/{meeting.pk}/" in text


def test_minutes_ready_go_to_the_signers_and_posted_minutes_to_the_board_with_the_appeal_date(
    mailed, smtp, django_capture_on_commit_callbacks
):
    world = mailed
    minutes = with_signers(world, minutes_for(world, dt.date(2015, 4, 23)))
    with django_capture_on_commit_callbacks(execute=True):
        meeting_actions.mark_ready(None, minutes)
    # The signers are the board persona (chair), the admin (adjuster) and the office (secretary).
    assert smtp.recipients() == addresses(world.people.board, world.people.admin, world.people.office)
    assert "justering" in body(smtp.to(world.people.admin.email)[0])

    from conftest import PASSWORD

    for slot in minutes.signers.all():
        meeting_actions.sign(slot.user, slot, confirmation=PASSWORD)
    smtp.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_actions.post_certificate(
            None,
            minutes,
            posted_on=dt.date(2015, 4, 30),
            taken_down_on=dt.date(2015, 5, 22),
            storage_place="Kansliet",
            notice_board="Kommunens anslagstavla",
        )
    assert smtp.recipients() == [world.people.board.email]
    # Three weeks from the day the notice went up.
    assert "2015-05-21" in body(smtp.messages()[0])


def test_an_intake_request_on_the_agenda_tells_the_team_and_a_referral_the_handler_without_personal_data(
    mailed,
    smtp,
    team,
    filed,
    django_capture_on_commit_callbacks,
):
    world = mailed
    give_addresses(team.leader, team.seat_fk, team.seat_kommun, team.other)
    with django_capture_on_commit_callbacks(execute=True):
        item = openentry_actions.put_on_agenda(None, filed, team.meetings[0])
    assert smtp.recipients() == addresses(team.leader, team.seat_fk, team.seat_kommun)

    with django_capture_on_commit_callbacks(execute=True):
        openentry_actions.record_outcome(
            None,
            item,
            outcome="RECOMMENDED",
            person_present=True,
            parts=[{"kind": PartKind.INSATS, "intervention": world.insats_a}],
        )
    referral = smtp.to(world.people.handler.email)
    assert len(referral) == 1
    assert "2017:48" in body(referral[0])

    fields = request_fields(world, team.team)
    for message in smtp.messages():
        text = body(message) + message["Subject"]
        assert fields["person_name"] not in text
        assert fields["personnummer"] not in text
        assert fields["personnummer"].replace("-", "") not in text


def test_without_a_mail_server_in_production_the_event_is_refused_and_nothing_is_saved(mailed, settings):
    world = mailed
    settings.EMAIL_BACKEND = UNCONFIGURED_BACKEND
    application = complete_application(world)
    with pytest.raises(MailUnavailable) as refused:
        application_actions.submit(world.people.applicant, application)
    assert "SAMORDNA_EMAIL_HOST" in str(refused.value.messages[0])
    application.refresh_from_db()
    assert application.state == State.DRAFT
    assert not application.registration_no
    assert not Notification.objects.exists()
    assert not EmailLog.objects.exists()


def test_a_user_without_an_address_is_told_in_the_list_only(world, smtp, django_capture_on_commit_callbacks):
    application = complete_application(world)
    with django_capture_on_commit_callbacks(execute=True):
        application_actions.submit(world.people.applicant, application)
    assert smtp.messages() == []
    assert set(Notification.objects.values_list("user__username", flat=True)) == {"admin_a", "kansli_a"}


def test_a_rolled_back_action_sends_nothing(mailed, smtp, django_capture_on_commit_callbacks):
    world = mailed
    meeting = meeting_actions.plan_meeting(None, world.a, date=dt.date(2015, 6, 11), place="Kansliet")
    # A notice without items is refused after nothing has been sent.
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Exception, match="ärenden"):
        meeting_actions.send_notice(world.people.office, meeting)
    assert smtp.messages() == []
    assert not Notification.objects.exists()


def test_only_the_roles_in_force_are_told(mailed, smtp, django_capture_on_commit_callbacks):
    world = mailed
    former = make_user("former_a", email="former@example.se")
    tenancy_actions.assign_role(None, world.a, former, Role.OFFICE)
    former.role_assignments.update(valid_to=dt.date(2015, 1, 1))
    application = complete_application(world)
    with django_capture_on_commit_callbacks(execute=True):
        application_actions.submit(world.people.applicant, application)
    assert "former@example.se" not in smtp.recipients()
