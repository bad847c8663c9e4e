"""Create a förbund (tenant) from the console, with its first statutes and optionally its first admin."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from samordna.tenancy import actions
from samordna.tenancy.models import Kommun, PartyType, Role, User


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value} är inget datum. Skriv ÅÅÅÅ-MM-DD.") from None


class Command(BaseCommand):
    help = "Skapar ett samordningsförbund med förbundsordning, medlemmar och första administratör."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="kortnamn i webbadresser, t.ex. skelleftea-norsjo")
        parser.add_argument("name")
        parser.add_argument("--org-number", default="")
        parser.add_argument("--founded", type=_date)
        parser.add_argument(
            "--kommun",
            action="append",
            default=[],
            metavar="KOD:NAMN",
            help="en medlemskommun med SCB-kod, t.ex. 2482:Skellefteå (kan upprepas)",
        )
        parser.add_argument("--region", action="append", default=[], help="en medlemsregion (kan upprepas)")
        parser.add_argument("--admin", help="användarnamn som blir förbundsadministratör")

    @transaction.atomic
    def handle(self, *args, **o):
        kommuner = []
        for spec in o["kommun"]:
            code, _, name = spec.partition(":")
            if not (code.isdigit() and len(code) == 4 and name):
                raise CommandError(f"{spec}: skriv kommunen som KOD:NAMN, t.ex. 2482:Skellefteå.")
            kommuner.append(Kommun.objects.get_or_create(code=code, defaults={"name": name})[0])
        try:
            forbund = actions.create_forbund(
                None,
                slug=o["slug"],
                name=o["name"],
                org_number=o["org_number"],
                founded=o["founded"],
                kommuner=kommuner,
            )
            actions.add_statutes(None, forbund, valid_from=o["founded"] or dt.date.today())
            actions.add_member(None, forbund, party_type=PartyType.FK, name="Försäkringskassan")
            actions.add_member(None, forbund, party_type=PartyType.AF, name="Arbetsförmedlingen")
            for region in o["region"]:
                actions.add_member(None, forbund, party_type=PartyType.REGION, name=region)
            for kommun in kommuner:
                actions.add_member(
                    None, forbund, party_type=PartyType.KOMMUN, name=f"{kommun.name} kommun", kommun=kommun
                )
            if o["admin"]:
                user = User.objects.filter(username=o["admin"]).first()
                if user is None:
                    raise CommandError(f"Användaren {o['admin']} finns inte. Skapa den med `samordna createuser`.")
                actions.assign_role(None, forbund, user, Role.FORBUND_ADMIN)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"Förbundet {forbund.name} ({forbund.slug}) är skapat."))
