"""The daily schedule's registry, `samordna scheduler --once`, and the cleanup of files that jobs leave behind."""

import datetime as dt
import os
import time

from django.core.management import call_command

from samordna.jobs import schedule
from samordna.jobs.files import output_path, uploads_dir
from samordna.jobs.models import DailyRun, Job, JobKind, JobState

DAY = dt.date(2026, 3, 2)


def test_the_projects_daily_jobs_are_registered():
    assert {"jobs.cleanup_uploads", "privacy.retention", "notifications.reminders"} <= set(schedule.registered())


def test_an_app_registers_with_the_decorator(monkeypatch):
    monkeypatch.setattr(schedule, "_DAILY", {})

    @schedule.daily("test.hello")
    def hello(today, dry_run=False):
        return f"hej {today:%Y-%m-%d}"

    assert schedule.registered() == {"test.hello": hello}


def test_run_once_runs_each_job_once_a_day_and_a_dry_run_claims_nothing(db, monkeypatch, capsys):
    calls = []

    def counts(today, dry_run=False):
        calls.append((today, dry_run))
        return "provkörning" if dry_run else "klar"

    monkeypatch.setattr(schedule, "_DAILY", {"test.count": counts})

    call_command("samordna_scheduler", once=True, dry_run=True, date="2026-03-02")
    assert not DailyRun.objects.exists()
    call_command("samordna_scheduler", once=True, date="2026-03-02")
    call_command("samordna_scheduler", once=True, date="2026-03-02")

    assert calls == [(DAY, True), (DAY, False)]
    out = capsys.readouterr().out
    assert "test.count: provkörning" in out and "test.count: Klar: klar" in out and "test.count: redan körd" in out


def test_a_failing_daily_job_is_recorded_and_the_others_still_run(db, monkeypatch):
    def breaks(today, dry_run=False):
        raise ValueError("trasig")

    monkeypatch.setattr(schedule, "_DAILY", {"a.breaks": breaks, "b.works": lambda today, dry_run=False: "ok"})

    schedule.run_now(DAY)

    outcomes = dict(DailyRun.objects.values_list("name", "outcome"))
    assert outcomes == {"a.breaks": "FAILED", "b.works": "DONE"}
    assert DailyRun.objects.get(name="a.breaks").summary == "ValueError: trasig"


def age(path, hours):
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_the_cleanup_removes_uploads_and_exports_older_than_a_day(world):
    old, new = uploads_dir() / "gammal", uploads_dir() / "ny"
    old.write_bytes(b"x")
    new.write_bytes(b"y")
    age(old, 25)
    job = Job.objects.create(owner=world.people.admin, forbund=world.a, kind=JobKind.FINSAM_EXPORT, state="DONE")
    export = output_path(job.pk, "finsam.csv")
    export.write_bytes(b"z")
    Job.objects.filter(pk=job.pk).update(output=f"{job.pk}/finsam.csv")
    age(export.parent, 30)

    assert schedule.registered()["jobs.cleanup_uploads"](DAY, dry_run=True) == (
        "1 uppladdade filer och 1 exportfiler skulle tas bort"
    )
    assert old.exists()
    schedule.registered()["jobs.cleanup_uploads"](DAY)

    assert not old.exists() and new.exists() and not export.exists()
    job.refresh_from_db()
    assert job.output == ""


def test_the_cleanup_fails_jobs_that_never_finished(world):
    stuck = Job.objects.create(owner=world.people.admin, forbund=world.a, kind=JobKind.PARTICIPANT_CHECK)
    fresh = Job.objects.create(owner=world.people.admin, forbund=world.a, kind=JobKind.PARTICIPANT_CHECK)
    Job.objects.filter(pk=stuck.pk).update(created_at=stuck.created_at - dt.timedelta(days=2))

    schedule.registered()["jobs.cleanup_uploads"](DAY)

    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.state == JobState.FAILED and "aldrig klart" in stuck.errors[0]
    assert fresh.state == JobState.QUEUED


def test_the_retention_run_is_a_daily_job(db):
    assert schedule.registered()["privacy.retention"](DAY, dry_run=True) == "inga gallringsplaner"
