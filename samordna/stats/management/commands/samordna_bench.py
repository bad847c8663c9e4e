"""`samordna bench --scale small|national`: time the participant report against hand-written SQL."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from samordna.stats import bench


class Command(BaseCommand):
    help = (
        "Skapar syntetiska deltaganden (small: 40 000, national: 80 förbund och 1 000 000) i den konfigurerade "
        "databasen och mäter deltagarrapporten mot en handskriven SQL-fråga. Använd en separat databas."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(bench.SCALES), default="small")
        parser.add_argument("--repeat", type=int, default=5, help="antal mätningar per fråga (medianen skrivs ut)")

    def handle(self, *args, scale: str, repeat: int, **options):
        bench.run(scale, repeat=repeat, quiet=options["verbosity"] == 0, write=self.stdout.write)
