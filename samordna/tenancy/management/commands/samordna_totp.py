"""Print a demo user's current one-time code, so that the demo can be tried without an app."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from samordna.tenancy import twofactor
from samordna.tenancy.models import User


class Command(BaseCommand):
    help = "Visar aktuell engångskod för en demoanvändare (bara i demoläge)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        if not settings.DEMO_MODE:
            raise CommandError("Engångskoder visas bara i demoläge (DEBUG=1 eller SAMORDNA_DEMO=1).")
        user = User.objects.filter(username=username).first()
        if user is None or not user.has_totp:
            raise CommandError(f"{username} finns inte eller har ingen tvåstegsverifiering.")
        self.stdout.write(twofactor.current_code(user.totp_secret))
