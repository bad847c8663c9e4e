"""`samordna rotate-field-key`: re-encrypt every personnummer and name under the first key of SAMORDNA_FIELD_KEY."""

import sys

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from samordna.lib import field_crypto


class Command(BaseCommand):
    help = (
        "Kryptera om alla personnummer och namn med den första nyckeln i SAMORDNA_FIELD_KEY. Kör med "
        "SAMORDNA_FIELD_KEY=NY,GAMMAL; allt eller inget sparas. Ta sedan bort den gamla nyckeln."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--generate-key", action="store_true", help="skriv ut en ny slumpmässig nyckel och gör inget annat"
        )

    def handle(self, *args, generate_key=False, **options):
        if generate_key:
            self.stdout.write(field_crypto.generate_key())
            return
        if len(settings.FIELD_KEYS) < 2:
            self.stderr.write(
                "SAMORDNA_FIELD_KEY har bara en nyckel: värdena krypteras om med den (t.ex. efter en återställning). "
                "För att byta nyckel, sätt SAMORDNA_FIELD_KEY=NY,GAMMAL."
            )
        try:
            rows = field_crypto.rotate_all(
                lambda total: tqdm(total=total, desc="Krypterar om", unit=" rader", file=sys.stderr, leave=False)
            )
        except ImproperlyConfigured as error:
            raise CommandError(f"{error} Inget har ändrats.") from None
        self.stdout.write(
            f"{rows} rader är krypterade med den nya nyckeln. Ta bort de gamla nycklarna ur SAMORDNA_FIELD_KEY."
        )
