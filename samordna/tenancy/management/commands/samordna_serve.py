"""Serve Samordna: Django's development server under DEBUG, gunicorn otherwise."""

import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Startar webbservern."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("SAMORDNA_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3")))

    def handle(self, *args, bind, workers, **options):
        if settings.DEBUG:
            call_command("runserver", bind, use_reloader=False)
            return
        gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
        os.execv(  # noqa: S606  # the server replaces this process  # nosec B606
            gunicorn,
            [
                gunicorn,
                "samordna.wsgi:application",
                "--bind",
                bind,
                "--workers",
                str(workers),
                "--access-logfile",
                "-",
                "--timeout",
                "120",
                # Request line and headers; the body's size is limited by the application before it is read.
                "--limit-request-line",
                "8190",
                "--limit-request-fields",
                "100",
                "--limit-request-field_size",
                "8190",
            ],
        )
