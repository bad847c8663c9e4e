"""Writes the demo facts and logins to the database, creating only what is missing, and empties it on request.

Every write goes through the tenancy actions with the operator's console as actor (`actor=None`).
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from tqdm import tqdm

from samordna.audit.actions import record
from samordna.interventions.models import Intervention
from samordna.notifications.actions import silenced
from samordna.tenancy import actions
from samordna.tenancy.models import BoardRole, BoardSeat, Forbund, Kommun, Member, RoleAssignment, User

from .controllers import dpo_contacts, employ, name_controller
from .data import FORBUND, KOMMUNER, ForbundFact, InterventionFact
from .users import DEMO_PASSWORD, DEMO_USERS, DemoUser, demo_totp_secret

APP_DEMOS = [
    "samordna.interventions.demo",
    "samordna.participants.demo",
    "samordna.meetings.demo",
    "samordna.finance.demo",
    "samordna.openentry.demo",
    # The present, dated from the day the demo runs, after everything taken from the source documents.
    "samordna.demo.present.uppsala",
    "samordna.demo.present.skelleftea",
    "samordna.demo.present.skelleftea_stays",
    "samordna.demo.present.ostergotland",
    "samordna.demo.present.quiet_year",
]

DEMO_MAIL_DOMAIN = "demo.example.org"

# What the summary counts, as (singular, plural).
KINDS = {
    "kommun": ("kommun", "kommuner"),
    "forbund": ("förbund", "förbund"),
    "statutes": ("förbundsordning", "förbundsordningar"),
    "member": ("medlem", "medlemmar"),
    "seat": ("styrelseplats", "styrelseplatser"),
    "intervention": ("insats", "insatser"),
    "user": ("användare", "användare"),
    "role": ("roll", "roller"),
    "totp": ("tvåstegsverifiering", "tvåstegsverifieringar"),
}


def load_demo(stdout=None, *, progress: bool = False, include_apps: bool = True) -> None:
    """Load the five demo förbund and the demo logins. Running it again adds nothing.

    The records describe what has already happened, so nobody is notified of them; the reminders of what
    falls due come from `samordna remind` on the loaded data.
    """
    with silenced():
        _load(stdout, progress=progress, include_apps=include_apps)


def _load(stdout, *, progress: bool, include_apps: bool) -> None:
    created: Counter[str] = Counter()
    kommuner = _load_kommuner(created)
    for fact in tqdm(FORBUND, desc="Förbund", unit=" förbund", file=sys.stderr, disable=not progress):
        _load_forbund(fact, kommuner, created)
    for demo_user in DEMO_USERS:
        _load_user(demo_user, created)
    if stdout is not None:
        stdout.write(summary(created))
    # Each app adds its own demo records on top of the förbund, in dependency order.
    for module in APP_DEMOS if include_apps else ():
        import_module(module).load(stdout=stdout)
    for forbund in Forbund.objects.filter(slug__in=[fact.slug for fact in FORBUND]):
        dpo_contacts(forbund)


def summary(created: Counter[str]) -> str:
    if not created:
        return "Demodata fanns redan. Inget nytt har lagts till."
    parts = []
    for kind, (singular, plural) in KINDS.items():
        if created[kind]:
            parts.append(f"{created[kind]} {singular if created[kind] == 1 else plural}")
    return "Demodata inläst: " + ", ".join(parts) + "."


def _load_kommuner(created: Counter[str]) -> dict[str, Kommun]:
    by_code = {k.code: k for k in Kommun.objects.filter(code__in=list(KOMMUNER))}
    for fact in KOMMUNER.values():
        if fact.code in by_code:
            continue
        # Kommuner are shared reference data with no action of their own; the log still records them.
        with transaction.atomic():
            kommun = Kommun.objects.create(code=fact.code, name=fact.name)
            record(None, "kommun.create", kommun, changes={"code": fact.code, "name": fact.name})
        by_code[fact.code] = kommun
        created["kommun"] += 1
    return by_code


@transaction.atomic
def _load_forbund(fact: ForbundFact, kommuner: dict[str, Kommun], created: Counter[str]) -> Forbund:
    forbund = Forbund.objects.filter(slug=fact.slug).first()
    if forbund is None:
        forbund = actions.create_forbund(
            None,
            slug=fact.slug,
            name=fact.name,
            aliases=list(fact.aliases),
            org_number=fact.org_number,
            founded=fact.founded,
            address=fact.address,
            postal_code=fact.postal_code,
            city=fact.city,
            bankgiro=fact.bankgiro,
            notice_board=fact.notice_board,
            storage_place=fact.storage_place,
            paragraph_numbering=fact.paragraph_numbering,
            kommuner=[kommuner[code] for code in fact.kommun_codes],
        )
        created["forbund"] += 1

    in_force = set(forbund.statutes.values_list("valid_from", flat=True))
    for statutes in fact.statutes:
        if statutes.valid_from not in in_force:
            actions.add_statutes(None, forbund, valid_from=statutes.valid_from, note=statutes.note)
            created["statutes"] += 1

    members = {member.name: member for member in forbund.members.all()}
    for member in fact.members():
        if member.name in members:
            continue
        invoicing = fact.invoicing.get(member.name)
        members[member.name] = actions.add_member(
            None,
            forbund,
            party_type=member.party_type,
            name=member.name,
            org_number=member.org_number,
            kommun=kommuner[member.kommun_code] if member.kommun_code else None,
            joined=member.joined,
            **(
                {
                    "address": invoicing.address,
                    "postal_code": invoicing.postal_code,
                    "city": invoicing.city,
                    "invoice_reference": invoicing.reference,
                }
                if invoicing
                else {}
            ),
        )
        created["member"] += 1

    _load_seats(fact, forbund, members, created)
    existing = set(forbund.interventions.values_list("registration_no", flat=True))
    for item in fact.interventions:
        if item.registration_no not in existing:
            _create_intervention(forbund, item, members)
            created["intervention"] += 1
    return forbund


def _load_seats(fact: ForbundFact, forbund: Forbund, members: dict[str, Member], created: Counter[str]) -> None:
    if not fact.seats or fact.board_term is None:
        return
    term_start, term_end = fact.board_term
    seats = {
        (seat.person_name, seat.member_id, seat.role): seat
        for seat in BoardSeat.objects.filter(member__forbund=forbund)
    }
    # Ledamöter first, so that each ersättare can be paired with the ledamot of the same member.
    for fact_seat in sorted(fact.seats, key=lambda s: s.role != BoardRole.LEDAMOT):
        member = members[fact_seat.member]
        key = (fact_seat.person_name, member.pk, fact_seat.role)
        if key in seats:
            continue
        deputy_for = None
        if fact_seat.role == BoardRole.ERSATTARE:
            deputy_for = next(
                (
                    seat
                    for (_, member_id, role), seat in seats.items()
                    if member_id == member.pk and role == BoardRole.LEDAMOT
                ),
                None,
            )
        seats[key] = actions.add_board_seat(
            None,
            member,
            person_name=fact_seat.person_name,
            role=fact_seat.role,
            office=fact_seat.office,
            deputy_for=deputy_for,
            term_start=term_start,
            term_end=term_end,
        )
        created["seat"] += 1


@transaction.atomic
def _create_intervention(forbund: Forbund, item: InterventionFact, members: dict[str, Member]) -> Intervention:
    intervention = Intervention(
        forbund=forbund,
        registration_no=item.registration_no,
        name=item.name,
        kind=item.kind,
        start_date=item.start_date,
        end_date=item.end_date,
        owner=members[item.owner] if item.owner else None,
        target_group=item.target_group,
    )
    intervention.full_clean()
    intervention.save()
    intervention.partners.set([members[name] for name in item.partners])
    record(
        None,
        "intervention.create",
        intervention,
        forbund=forbund,
        changes={"registration_no": item.registration_no, "kind": str(item.kind)},
    )
    name_controller(intervention)
    return intervention


@transaction.atomic
def _load_user(demo: DemoUser, created: Counter[str]) -> User:
    home = Forbund.objects.get(slug=demo.roles[0][0]) if demo.roles else None
    user = User.objects.filter(username__iexact=demo.username).first()
    if user is None:
        user = actions.create_user(
            None,
            home,
            username=demo.username,
            password=DEMO_PASSWORD,
            first_name=demo.first_name,
            last_name=demo.last_name,
            # A reserved domain: the demo's reminders go to a mail server, never to a real mailbox.
            email=f"{demo.username}@{DEMO_MAIL_DOMAIN}",
        )
        created["user"] += 1
    if demo.system_admin and not user.is_system_admin:
        actions.set_system_admin(None, user, True)
    for slug, role, registration_nos in demo.roles:
        forbund = Forbund.objects.get(slug=slug)
        if RoleAssignment.objects.filter(user=user, forbund=forbund, role=role).exists():
            continue
        interventions = list(forbund.interventions.filter(registration_no__in=registration_nos))
        missing = set(registration_nos) - {i.registration_no for i in interventions}
        if missing:
            raise LookupError(
                f"Demoanvändaren {demo.username} ska begränsas till insatser som saknas i {slug}: "
                + ", ".join(sorted(missing))
            )
        employ(actions.assign_role(None, forbund, user, role, interventions=interventions))
        created["role"] += 1
    if demo.totp and not user.totp_secret:
        actions.enrol_totp(user, demo_totp_secret(demo.username), step=0)
        created["totp"] += 1
    return user


@dataclass(frozen=True)
class DemoLogin:
    username: str
    roles: list[str]
    password: str
    totp_secret: str


def demo_logins() -> list[DemoLogin]:
    """The demo logins as stored: each user's roles as 'role @ förbund (insatser)'."""
    logins = []
    for demo in DEMO_USERS:
        user = User.objects.filter(username=demo.username).first()
        if user is None:
            continue
        roles = ["Systemadministratör"] if user.is_system_admin else []
        assignments = RoleAssignment.objects.filter(user=user).select_related("forbund").order_by("pk")
        for assignment in assignments:
            label = f"{assignment.get_role_display()} @ {assignment.forbund.slug}"
            scope = sorted(assignment.interventions.values_list("registration_no", flat=True))
            if scope:
                label += f" ({', '.join(scope)})"
            roles.append(label)
        logins.append(DemoLogin(demo.username, roles, DEMO_PASSWORD, user.totp_secret if demo.totp else ""))
    return logins


def reset_database(using: str = DEFAULT_DB_ALIAS) -> None:
    """Empty the database and recreate its tables.

    The audit tables refuse DELETE through triggers, so `flush` cannot be used: on SQLite the file goes,
    on PostgreSQL the schema.
    """
    connection = connections[using]
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict["NAME"])
        from django.db.backends.sqlite3.creation import DatabaseCreation as SQLiteCreation

        if SQLiteCreation.is_in_memory_db(name):
            raise RuntimeError("Databasen ligger bara i minnet och kan inte tömmas på det här sättet.")
        connection.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(name + suffix).unlink(missing_ok=True)
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
    else:
        raise RuntimeError(f"Databastypen {connection.vendor} kan inte tömmas av samordna demo.")
    call_command("migrate", interactive=False, verbosity=0, database=using)
