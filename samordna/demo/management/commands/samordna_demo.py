"""`samordna demo [--reset]`: load the demo förbund and logins, then show how to log in."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from samordna.demo.loader import DemoLogin, demo_logins, load_demo, reset_database


def format_logins(logins: list[DemoLogin]) -> str:
    """A plain-text table, one line per role, so that it reads well in any terminal."""
    header = ("Användare", "Roller", "Lösenord", "TOTP-hemlighet")
    rows: list[tuple[str, str, str, str]] = []
    for login in logins:
        roles = login.roles or ["–"]
        rows.append((login.username, roles[0], login.password, login.totp_secret))
        rows.extend(("", role, "", "") for role in roles[1:])
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(header), line("-" * width for width in widths), *(line(row) for row in rows)])


class Command(BaseCommand):
    help = "Läser in demodata från källdokumenten och skapar demoinloggningar (bara i demoläge)."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="töm databasen helt innan demodata läses in")

    def handle(self, *args, reset: bool = False, **options):
        if not settings.DEMO_MODE:
            raise CommandError(
                "Demodata kan bara läsas in i demoläge, och demoläget är avstängt. Sätt SAMORDNA_DEMO=1 "
                "(eller DEBUG=1) om databasen bara används för demo. Kör aldrig demo mot riktiga uppgifter."
            )
        if reset:
            self.stdout.write("Tömmer databasen och skapar tabellerna på nytt …")
            try:
                reset_database()
            except RuntimeError as exc:
                raise CommandError(str(exc)) from exc
        call_command("migrate", interactive=False, verbosity=0)
        load_demo(self.stdout, progress=True)

        logins = demo_logins()
        self.stdout.write("")
        self.stdout.write(f"Demoinloggningar (samma lösenord för alla: {logins[0].password if logins else '–'})")
        self.stdout.write("")
        self.stdout.write(format_logins(logins))
        self.stdout.write("")
        self.stdout.write(
            "Användare med TOTP-hemlighet loggar in med en engångskod som andra steg. "
            "Aktuell kod visas med: samordna totp ANVÄNDARNAMN"
        )
