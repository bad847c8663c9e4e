"""Serve Samordna: Django's development server under DEBUG, gunicorn otherwise.

Under DEBUG the background worker (with the daily scheduler) runs beside it as a child process and stops with it;
in production the worker and the scheduler are services of their own (README).
"""

import contextlib
import os
import signal
import subprocess  # nosec B404  # starts our own worker beside the development server
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Startar webbservern."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("SAMORDNA_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3")))
        # A worker that has served a page over a large caseload or report keeps that memory; restarting it after a
        # bounded number of requests returns it. The jitter keeps the workers from restarting all at once.
        parser.add_argument("--max-requests", type=int, default=int(os.environ.get("SAMORDNA_MAX_REQUESTS", "1000")))
        parser.add_argument(
            "--max-requests-jitter", type=int, default=int(os.environ.get("SAMORDNA_MAX_REQUESTS_JITTER", "100"))
        )
        parser.add_argument("--no-worker", action="store_true", help="starta inte bakgrundsarbetaren (DEBUG)")

    def handle(self, *args, bind, workers, max_requests, max_requests_jitter, no_worker, **options):
        if settings.DEBUG:
            worker = None if no_worker else self._start_worker()
            # Stopped with SIGTERM as with Ctrl-C: the worker is stopped too, not left running on its own.
            signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
            try:
                call_command("runserver", bind, use_reloader=False)
            finally:
                if worker is not None:
                    self._stop_worker(worker)
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
                "--max-requests",
                str(max_requests),
                "--max-requests-jitter",
                str(max_requests_jitter),
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

    def _start_worker(self) -> subprocess.Popen:
        samordna = os.path.join(os.path.dirname(sys.executable), "samordna")
        self.stdout.write("Bakgrundsarbetaren startar (samordna worker --with-scheduler).")
        return subprocess.Popen([samordna, "worker", "--with-scheduler"])  # noqa: S603  # our own console script  # nosec B603

    @staticmethod
    def _stop_worker(worker: subprocess.Popen) -> None:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                worker.kill()
