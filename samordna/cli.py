"""The `samordna` console command: every operator task behind one entry point.

Each subcommand is a Django management command; `samordna NAME ...` is `manage.py NAME ...` with
the settings module set, and a few short names map to their longer commands.
"""

from __future__ import annotations

import os
import sys

ALIASES = {
    "serve": "samordna_serve",
    "demo": "samordna_demo",
    "createuser": "samordna_createuser",
    "createforbund": "samordna_createforbund",
    "totp": "samordna_totp",
    "compilemessages": "samordna_compilemessages",
    "export-minutes": "samordna_export_minutes",
    "export-notice": "samordna_export_notice",
    "import-participants": "samordna_import_participants",
    "export-participants": "samordna_export_participants",
    "import-sie": "samordna_import_sie",
    "report": "samordna_report",
    "backup": "samordna_backup",
    "restore": "samordna_restore",
    "retention": "samordna_retention",
    "rotate-field-key": "samordna_rotate_field_key",
    "remind": "samordna_remind",
    "bench": "samordna_bench",
    "grant-runtime": "samordna_grant_runtime",
    "worker": "samordna_worker",
    "scheduler": "samordna_scheduler",
}

# Commands that create, drop or grant on tables: with MIGRATE_DATABASE_URL set they connect as the tables' owner.
OWNER_COMMANDS = {"migrate", "samordna_restore", "samordna_grant_runtime", "samordna_demo"}

HELP = """Användning: samordna KOMMANDO [flaggor]

Kommandon:
  serve             starta webbservern (http://127.0.0.1:8000)
  migrate           skapa eller uppdatera databasens tabeller
  demo [--reset]    läs in demodata från källdokumenten (--reset tömmer databasen först)
  createforbund     skapa ett förbund med medlemmar och första administratör
  createuser        skapa en användare, med roll i ett förbund
  totp USER         visa aktuell engångskod för en demoanvändare (bara i demoläge)
  compilemessages   kompilera översättningarna
  export-minutes    skriv ett protokoll som PDF (--forbund SLUG --date ÅÅÅÅ-MM-DD -o FIL.pdf)
  export-notice     skriv en kallelse som PDF (--forbund SLUG --date ÅÅÅÅ-MM-DD -o FIL.pdf)
  import-participants --forbund SLUG FIL
                    läs in deltagare (CSV eller XLSX); inget sparas om någon rad är fel
  export-participants --forbund SLUG --format csv|xlsx -o FIL
                    skriv ut deltagare i samma format
  import-sie --forbund SLUG --year ÅÅÅÅ FIL
                    läs in årets utfall från en SIE 4-fil; ersätter tidigare SIE-utfall för året,
                    inget sparas om filen har fel
  report economy    ekonomisk rapport: --forbund SLUG --year ÅÅÅÅ [--date ÅÅÅÅ-MM-DD] --format json|xlsx|pdf [-o FIL]
  backup -o MAPP    säkerhetskopiera databasen och de uppladdade filerna till en ny mapp
  restore MAPP      återställ en säkerhetskopia till en tom databas
  retention [--dry-run]
                    gallring: anonymisera deltagare enligt förbundens gallringsplaner
  rotate-field-key [--generate-key]
                    kryptera om personnummer och namn med den första nyckeln i SAMORDNA_FIELD_KEY
                    (kör med NY,GAMMAL; allt eller inget); --generate-key skriver ut en ny nyckel
  remind [--dry-run] [--date ÅÅÅÅ-MM-DD]
                    dagens påminnelser och sammanfattningar med e-post; inget skickas två gånger samma dag
  report participants --forbund SLUG [--insats DNR] --from ÅÅÅÅ-MM-DD --to ÅÅÅÅ-MM-DD
                    deltagarrapport --format json|xlsx|pdf [-o FIL] [--unsuppressed]; små tal döljs som standard
  bench [--only import,load,pdf,report] [--users 50] [--duration 60]
                    mät import, sidor under last, PDF och deltagarrapporten, var och en mot en
                    baslinje (i en separat databas; lasten kräver SAMORDNA_DEMO=1)
  grant-runtime [ROLLNAMN]
                    ge programmets databasanvändare dess rättigheter (PostgreSQL; görs av migrate
                    när MIGRATE_DATABASE_URL är satt)
  worker [--with-scheduler]
                    kör bakgrundsjobben (importer, exporter); med --with-scheduler också de dagliga jobben
  scheduler [--once [--dry-run] [--date ÅÅÅÅ-MM-DD]] [--list]
                    lägg de dagliga jobben (gallring, städning av uppladdade filer) i kön en gång om dagen;
                    --once kör dagens jobb direkt
  check             kontrollera installationen (--deploy för produktion)

Alla Djangos hanteringskommandon fungerar också: samordna help visar dem.
"""


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samordna.settings")
    if not argv or argv[0] in {"-h", "--help"}:
        print(HELP)
        return
    command = ALIASES.get(argv[0], argv[0])
    os.environ["SAMORDNA_AS_OWNER"] = "1" if command in OWNER_COMMANDS else "0"
    from django.core.management import execute_from_command_line

    execute_from_command_line(["samordna", command, *argv[1:]])


if __name__ == "__main__":
    main()
