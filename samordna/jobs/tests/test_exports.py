"""Exports made in the background: the Uppföljning Finsam export and the economic report, each as its own job."""

import pytest
from django.urls import reverse

from samordna.audit.models import AuditEvent
from samordna.jobs.models import Job, JobKind, JobState


def download(client, job):
    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content), response["Content-Disposition"]


def test_the_finsam_export_in_the_background_is_the_pages_file(world, login_as):
    client = login_as(world.people.admin)

    response = client.post(
        reverse("stats:finsam_export", args=["alfa"]), {"year": "2019", "format": "csv"}, follow=True
    )

    job = response.context["job"]
    assert (job.kind, job.state, job.owner) == (JobKind.FINSAM_EXPORT, JobState.DONE, world.people.admin)
    assert "Exporten till Uppföljning Finsam för 2019 är klar." in response.content.decode()
    content, disposition = download(client, job)
    assert 'filename="uppfoljning-finsam-alfa-2019.csv"' in disposition
    direct = client.get(reverse("stats:finsam", args=["alfa"]), {"year": "2019", "format": "csv"})
    assert content == direct.content


@pytest.mark.parametrize("fmt, magic", [("xlsx", b"PK"), ("pdf", b"%PDF")])
def test_the_economic_report_in_the_background(world, login_as, fmt, magic):
    client = login_as(world.people.admin)

    response = client.post(
        reverse("finance:economy_export", args=["alfa"]), {"year": "2019", "format": fmt}, follow=True
    )

    job = response.context["job"]
    assert job.state == JobState.DONE, job.errors
    assert (job.progress_done, job.progress_total) == (2, 2)
    content, disposition = download(client, job)
    assert content.startswith(magic)
    assert f'filename="ekonomisk-rapport-alfa-2019.{fmt}"' in disposition


def test_a_wrong_export_request_says_what_to_fix_and_queues_nothing(world, login_as):
    client = login_as(world.people.admin)

    response = client.post(
        reverse("finance:economy_export", args=["alfa"]), {"year": "1999", "format": "doc"}, follow=True
    )

    page = response.content.decode()
    assert "Exporten startades inte." in page and "Format:" in page and "År:" in page
    assert not Job.objects.exists()


@pytest.mark.parametrize("route", ["finance:economy_export", "stats:finsam_export"])
def test_who_may_not_see_the_figures_cannot_export_them(world, login_as, route):
    client = login_as(world.people.handler)
    events = AuditEvent.objects.count()

    response = client.post(reverse(route, args=["alfa"]), {"year": "2019", "format": "pdf"})

    assert response.status_code == 403
    assert not Job.objects.exists() and AuditEvent.objects.count() == events


def test_a_role_that_ended_before_the_job_ran_fails_it(world, login_as, monkeypatch):
    from samordna.jobs import actions
    from samordna.tenancy.models import RoleAssignment

    client = login_as(world.people.admin)
    enqueue = actions.start_job

    def end_role_first(owner, forbund, kind, params=None):
        RoleAssignment.objects.filter(user=owner, forbund=forbund).delete()
        return enqueue(owner, forbund, kind, params)

    monkeypatch.setattr(actions, "start_job", end_role_first)
    client.post(reverse("stats:finsam_export", args=["alfa"]), {"year": "2019", "format": "csv"})

    job = Job.objects.get()
    assert job.state == JobState.FAILED and job.errors and not job.output


def test_a_statistics_report_in_the_background_keeps_the_users_suppression(world, login_as):
    url = reverse("stats:statistics_export", args=["alfa"])
    period = {"report": "participants", "date_from": "2019-01-01", "date_to": "2019-12-31", "format": "xlsx"}

    admin = login_as(world.people.admin)
    wide = admin.post(url, period, follow=True).context["job"]
    handler = login_as(world.people.handler)
    own = handler.post(url, {**period, "insats": world.insats_a.pk}, follow=True).context["job"]

    assert (wide.state, wide.owner, wide.result["suppressed"]) == (JobState.DONE, world.people.admin, True)
    assert (own.state, own.owner, own.result["suppressed"]) == (JobState.DONE, world.people.handler, False)
    content, disposition = download(handler, own)
    assert content.startswith(b"PK") and 'filename="participants-alfa.xlsx"' in disposition
    assert "Deltagarrapport för 2019-01-01 – 2019-12-31 är klar." in own.summary


def test_a_statistics_period_that_ends_before_it_starts_is_refused(world, login_as):
    client = login_as(world.people.admin)
    wrong = {"report": "goals", "date_from": "2019-12-31", "date_to": "2019-01-01", "format": "pdf"}

    response = client.post(reverse("stats:statistics_export", args=["alfa"]), wrong, follow=True)

    assert "Periodens slut ligger före dess början." in response.content.decode()
    assert not Job.objects.exists()
