"""`samordna grant-runtime [ROLLNAMN]`: give the application's database user its privileges, as the owner."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from samordna.audit.database import RoleError, grant_runtime


class Command(BaseCommand):
    help = (
        "Ge programmets databasanvändare rättigheterna det behöver (bara SELECT och INSERT på loggtabellerna). "
        "Körs som tabellernas ägare (MIGRATE_DATABASE_URL)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "role", nargs="?", metavar="ROLLNAMN", help="databasanvändaren; användaren i DATABASE_URL om den utelämnas"
        )

    def handle(self, *args, role=None, **options):
        role = role or settings.RUNTIME_DATABASE_USER
        if not role:
            raise CommandError("Ange databasanvändaren, eller sätt DATABASE_URL och MIGRATE_DATABASE_URL.")
        try:
            statements = grant_runtime(connections[DEFAULT_DB_ALIAS], role)
        except RoleError as error:
            raise CommandError(str(error)) from None
        for statement in statements:
            self.stdout.write(f"{statement};")
        self.stdout.write(f"Rättigheterna för {role} är satta.")
