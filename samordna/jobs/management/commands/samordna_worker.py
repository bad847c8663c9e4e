"""`samordna worker [--with-scheduler]`: run the queued jobs; optionally also queue the daily jobs when due."""

from __future__ import annotations

import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand

from samordna.jobs import schedule


class Command(BaseCommand):
    help = "Kör bakgrundsjobben i kön. --with-scheduler lägger också dagens schemalagda jobb i kön när det är dags."

    def add_arguments(self, parser):
        parser.add_argument("--with-scheduler", action="store_true", help="schemalägg också de dagliga jobben")
        parser.add_argument("--interval", type=float, default=1.0, help="sekunder mellan titt i kön när den är tom")
        parser.add_argument("--batch", action="store_true", help="kör det som ligger i kön och avsluta sedan")

    def handle(self, *args, with_scheduler, interval, batch, **options):
        stop = threading.Event()
        if with_scheduler:
            threading.Thread(target=schedule.loop, args=(stop,), name="scheduler", daemon=True).start()
        try:
            call_command(
                "db_worker",
                interval=interval,
                batch=batch,
                reload=False,
                startup_delay=False,
                verbosity=options["verbosity"],
            )
        finally:
            stop.set()
