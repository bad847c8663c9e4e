"""Create a login from the console, optionally with a role in a förbund."""

import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from samordna.tenancy import actions
from samordna.tenancy.models import Forbund, Role


class Command(BaseCommand):
    help = "Skapar en användare, med en roll i ett förbund eller som systemadministratör."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--forbund", help="förbundets kortnamn (slug)")
        parser.add_argument("--role", choices=[r.value for r in Role])
        parser.add_argument("--system-admin", action="store_true")
        parser.add_argument("--password", help="utelämna för att skriva lösenordet dolt")

    def handle(self, *args, **o):
        password = o["password"] or getpass.getpass("Lösenord: ")
        forbund = None
        if o["forbund"]:
            forbund = Forbund.objects.filter(slug=o["forbund"]).first()
            if forbund is None:
                raise CommandError(f"Förbundet {o['forbund']} finns inte. Se `samordna demo` eller skapa det först.")
        if o["role"] and forbund is None:
            raise CommandError("Ange --forbund när du ger en roll.")
        try:
            user = actions.create_user(
                None,
                forbund,
                username=o["username"],
                password=password,
                email=o["email"],
                first_name=o["first_name"],
                last_name=o["last_name"],
            )
            if o["system_admin"]:
                actions.set_system_admin(None, user, True)
            if o["role"] and forbund is not None:
                actions.assign_role(None, forbund, user, Role(o["role"]))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"Användaren {user.username} är skapad."))
