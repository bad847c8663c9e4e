"""The real queue: jobs stored in the database and run by `samordna worker`, as in production (SQLite, PostgreSQL)."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from samordna.jobs import schedule
from samordna.jobs.models import DailyRun, Job, JobKind, JobState
from samordna.participants.models import Participation
from samordna.participants.tests.test_import import GOOD_ROWS

from .test_jobs import upload

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def database_queue(settings, monkeypatch):
    """The database queue, worked off by the worker in this process, inside the test's transaction.

    The worker drops idle connections between tasks; inside the test's transaction that would end the test's own
    connection, so it keeps it here. Everything else is the production worker's code."""
    settings.TASKS = DATABASE_QUEUE
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)


def work_off_the_queue():
    call_command("samordna_worker", batch=True, verbosity=0)


def test_the_worker_runs_the_check_and_the_import_that_the_pages_queue(world, login_as, database_queue):
    client = login_as(world.people.handler)
    check = upload(client, GOOD_ROWS).context["job"]
    assert check.state == JobState.QUEUED
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    work_off_the_queue()

    check.refresh_from_db()
    assert check.state == JobState.DONE and check.result == {"checked": 5}
    assert (check.progress_done, check.progress_total) == (5, 5)
    assert not Participation.objects.exists()

    response = client.post(reverse("participants:import", args=["alfa"]), {"step": "confirm", "job": str(check.pk)})
    imported = Job.objects.get(kind=JobKind.PARTICIPANT_IMPORT)
    assert response.url == reverse("jobs:detail", args=[imported.pk])
    assert 'data-hx-trigger="every 1s"' in client.get(response.url).content.decode()

    work_off_the_queue()

    imported.refresh_from_db()
    assert imported.state == JobState.DONE and imported.result["created"] == 5
    assert Participation.objects.count() == 5
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_a_failing_import_in_the_worker_stores_nothing_and_keeps_every_problem(world, login_as, database_queue):
    client = login_as(world.people.handler)
    check = upload(client, [GOOD_ROWS[0], "2017:48;;;;;2019-03-01;AF;A_KASSA;ARBETSSOKANDE;;;;"]).context["job"]

    work_off_the_queue()

    check.refresh_from_db()
    assert check.state == JobState.FAILED
    assert check.errors[0].startswith("rad 3: kon:") and len(check.errors) == 2
    assert not Participation.objects.exists()


def test_the_scheduler_queues_each_daily_job_once_a_day_and_the_worker_runs_it(world, database_queue, monkeypatch):
    ran = []

    def counts(today, dry_run=False):
        ran.append(today)
        return "1"

    monkeypatch.setattr(schedule, "_DAILY", {"test.count": counts})
    monkeypatch.setenv("SAMORDNA_DAILY_AT", "05:00")

    assert schedule.tick(dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC)) == []  # 04:00 in Stockholm
    assert schedule.tick(dt.datetime(2026, 3, 2, 5, 0, tzinfo=dt.UTC)) == ["test.count"]  # 06:00
    assert schedule.tick(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)) == []
    work_off_the_queue()

    assert ran == [dt.date(2026, 3, 2)]
    run = DailyRun.objects.get()
    assert (run.name, run.day, run.outcome, run.summary) == ("test.count", dt.date(2026, 3, 2), "DONE", "1")
    assert schedule.tick(dt.datetime(2026, 3, 3, 5, 0, tzinfo=dt.UTC)) == ["test.count"]
