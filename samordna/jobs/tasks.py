"""The queue's tasks. Django 6 has this API built in (`django.tasks`); until then the django-tasks backport."""

from __future__ import annotations

from django_tasks import task


@task()
def run_job(job_id: str) -> str:
    from .runner import run

    return run(job_id)


@task()
def run_daily_job(run_id: int) -> str:
    from .schedule import run_claimed

    return run_claimed(run_id)
