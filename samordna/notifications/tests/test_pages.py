"""The user's notifications page, marking read, the choices page and the förbund's log of mail sent."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from samordna.notifications.actions import notify
from samordna.notifications.models import Delivery, EmailLog, Kind, Notification, Preference

LIST = reverse("notifications:list")
PREFERENCES = reverse("notifications:preferences")


def tell(world, user, registration_no="2015:7"):
    [made] = notify(
        Kind.APPLICATION_SUBMITTED, world.a, [user], "/f/alfa/ansokningar/", registration_no=registration_no
    )
    return made


def test_the_list_shows_the_users_own_notifications_and_the_unread_count(world, client, login_as):
    tell(world, world.people.office, "2015:7")
    tell(world, world.people.office, "2015:8")
    tell(world, world.people.board, "2015:9")
    login_as(world.people.office)
    page = client.get(LIST).content.decode()
    assert "Ansökan 2015:7 har kommit in" in page
    assert "Ansökan 2015:8 har kommit in" in page
    assert "2015:9" not in page
    assert "(2 olästa)" in page


def test_marking_one_read_changes_only_that_one(world, client, login_as):
    first = tell(world, world.people.office, "2015:7")
    second = tell(world, world.people.office, "2015:8")
    login_as(world.people.office)
    response = client.post(LIST, {"notification": first.pk})
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None
    assert "(1 oläst)" in client.get(LIST).content.decode()
    assert "2015:8" in client.get(LIST + "?visa=olasta").content.decode()
    assert "2015:7" not in client.get(LIST + "?visa=olasta").content.decode()


def test_nobody_marks_someone_elses_notification(world, client, login_as):
    theirs = tell(world, world.people.board)
    mine = tell(world, world.people.office)
    login_as(world.people.office)
    response = client.post(LIST, {"notification": theirs.pk})
    assert response.status_code == 400
    assert "finns inte bland dina" in response.content.decode()
    assert not Notification.objects.filter(read_at__isnull=False).exists()
    mine.refresh_from_db()
    assert mine.read_at is None


def test_mark_all_read(world, client, login_as):
    tell(world, world.people.office, "2015:7")
    tell(world, world.people.office, "2015:8")
    other = tell(world, world.people.board)
    login_as(world.people.office)
    client.post(LIST, {"all": "on"})
    assert not Notification.objects.filter(user=world.people.office, read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None


def test_the_choices_page_saves_each_kind_and_the_language(world, client, login_as):
    login_as(world.people.colleague)
    page = client.get(PREFERENCES).content.decode()
    assert "<legend>Insatsrapport ska lämnas om 14 dagar</legend>" in page
    data = {kind.value: Delivery.IMMEDIATE.value for kind in Kind}
    data[Kind.REPORT_DUE_SOON] = Delivery.NONE
    data["language"] = "en"
    response = client.post(PREFERENCES, data)
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    assert Preference.objects.get(user=world.people.colleague, kind=Kind.REPORT_DUE_SOON).delivery == Delivery.NONE
    assert Preference.objects.filter(user=world.people.colleague, delivery=Delivery.IMMEDIATE).count() == len(Kind) - 1
    world.people.colleague.refresh_from_db()
    assert world.people.colleague.language == "en"


def test_a_choice_that_does_not_exist_is_refused_and_nothing_saved(world, client, login_as):
    login_as(world.people.colleague)
    data = {kind.value: Delivery.DIGEST.value for kind in Kind}
    data[Kind.SIP_DUE] = "SOMETIMES"
    data["language"] = "sv"
    response = client.post(PREFERENCES, data)
    assert response.status_code == 400
    assert not Preference.objects.exists()


def test_the_log_of_mail_sent_shows_who_what_and_when_but_no_text(world, client, login_as):
    EmailLog.objects.create(
        user=world.people.office, address="kansli@example.se", forbund=world.a, kind=Kind.NOTICE_SENT, items=1
    )
    EmailLog.objects.create(user=None, address="beta@example.se", forbund=world.b, kind=Kind.NOTICE_SENT, items=1)
    login_as(world.people.admin)
    page = client.get(reverse("notifications:mail_log", kwargs={"forbund_slug": "alfa"})).content.decode()
    assert "kansli@example.se" in page
    assert "Kallelse till sammanträde" in page
    assert f"{dt.date.today():%Y-%m-%d}"[:4] in page
    assert "beta@example.se" not in page


def test_the_forbund_admin_sets_the_sender_name_and_reply_to(world, client, login_as):
    from samordna.tenancy.forms import ForbundSettingsForm

    login_as(world.people.admin)
    form = ForbundSettingsForm(instance=world.a)
    data = {name: value for name, value in form.initial.items() if value is not None and name in form.fields}
    data.update(
        {
            "expected_version": world.a.version,
            "mail_sender_name": "Finsam Alfa",
            "mail_reply_to": "kansli@alfa.example.se",
            "handler_may_sit_on_board": "",
            "warn_dpo_is_controller_delegate": "on",
        }
    )
    data = {k: v for k, v in data.items() if v != ""}
    response = client.post(reverse("tenancy:forbund_settings", kwargs={"forbund_slug": "alfa"}), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    world.a.refresh_from_db()
    assert world.a.mail_sender_name == "Finsam Alfa"
    assert world.a.mail_reply_to == "kansli@alfa.example.se"


def test_the_log_of_mail_is_searched_by_address_and_kind(world, client, login_as):
    for address, kind in [("a@example.se", Kind.NOTICE_SENT), ("b@example.se", "DIGEST"), ("a@example.se", "DIGEST")]:
        EmailLog.objects.create(address=address, forbund=world.a, kind=kind)
    login_as(world.people.dpo)
    url = reverse("notifications:mail_log", kwargs={"forbund_slug": "alfa"})
    page = client.get(url, {"address": "a@", "kind": "DIGEST"}).content.decode()
    assert page.count("<td>a@example.se</td>") == 1
    assert "b@example.se" not in page
