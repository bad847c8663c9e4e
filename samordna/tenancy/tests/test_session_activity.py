"""An active user's session expiry moves forward, without a session write on every page."""

from __future__ import annotations

import datetime as dt

from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samordna.tenancy.middleware import SessionActivityMiddleware


def _session_writes(queries) -> list[str]:
    sql = [q["sql"] for q in queries]
    return [s for s in sql if "django_session" in s and s.lstrip().upper().startswith("UPDATE")]


def _age_session(client, seconds: int) -> Session:
    """Pretend the session was last saved `seconds` ago."""
    session = client.session
    session[SessionActivityMiddleware.key] = 0
    session.save()
    stored = Session.objects.get(session_key=session.session_key)
    Session.objects.filter(pk=stored.pk).update(expire_date=stored.expire_date - dt.timedelta(seconds=seconds))
    return Session.objects.get(pk=stored.pk)


def test_a_page_after_the_touch_interval_moves_the_expiry_forward(world, login_as, settings):
    client = login_as(world.people.admin)
    before = _age_session(client, 600)

    response = client.get(reverse("tenancy:dashboard", args=[world.a.slug]))

    assert response.status_code == 200
    after = Session.objects.get(pk=before.pk)
    assert after.expire_date > before.expire_date
    assert after.expire_date >= timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_pages_within_the_touch_interval_do_not_write_the_session(world, login_as, settings):
    settings.SESSION_TOUCH_SECONDS = 3600
    client = login_as(world.people.admin)
    page = reverse("tenancy:dashboard", args=[world.a.slug])
    client.get(page)  # the first page may save (the touch mark is new)

    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert client.get(page).status_code == 200

    assert _session_writes(queries.captured_queries) == []


def test_an_idle_session_expires(world, login_as):
    client = login_as(world.people.admin)
    stored = _age_session(client, 0)
    Session.objects.filter(pk=stored.pk).update(expire_date=timezone.now() - dt.timedelta(seconds=1))

    response = client.get(reverse("tenancy:dashboard", args=[world.a.slug]))

    assert response.status_code == 302
    assert reverse("tenancy:login") in response["Location"]


def test_anonymous_visitors_get_no_session(client, db):
    client.get(reverse("tenancy:login"))

    assert Session.objects.count() == 0
