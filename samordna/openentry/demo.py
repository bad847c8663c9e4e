"""Open-entry demo data for Östra Östergötland: the Samverkansteam of Plattform Norrköping, its catalogue, a team
meeting with requests in every state, SAMSIP, a pre-step and system gaps. Running it again adds nothing.

The setting follows the 2017 pre-study [000]; the people, names and dates of the cases are made up.
"""

from __future__ import annotations

import datetime as dt

from samordna.participants.fictional import fictional_personnummer
from samordna.tenancy.models import Forbund, Kommun, PartyType, User

from . import actions
from .models import CatalogueEntry, RequestState, Team

SLUG = "ostra-ostergotland"


TEAM = "Samverkansteam Plattform Norrköping"
SEATS = {
    # party: (function, demo user)
    PartyType.FK: ("Försäkringskassan, sjukförsäkringen", "team-fk"),
    PartyType.AF: ("Arbetsförmedlingen, rehabilitering", "team-af"),
    PartyType.REGION: ("Primärvården", "team-region"),
    PartyType.KOMMUN: ("Arbetsmarknads- och vuxenutbildningskontoret och Socialkontoret", "team-kommun"),
}
# (kind, name, provider party, age range, income sources, capacity, description)
CATALOGUE = [
    ("INSATS", "Koordinatorstöd", None, (16, 64), [], None, "Samordnande stöd i Plattform Norrköping."),
    ("PRESTEP", "Aktiverande försteg", None, (16, 64), [], 10, "Gruppverksamhet i Plattform Norrköping, högst tio."),
    ("SAMSIP", "SAMSIP", None, (None, None), [], None, "Samordnad planering med personen, före insats i Plattformen."),
    ("PRESTEP", "Arbetsplatsförlagda försteg", None, (16, 64), [], None, "Försteg ute på arbetsplatser."),
    ("ORDINARY", "Mitt val", PartyType.FK, (None, None), ["SJUKPENNING", "REHABILITERINGSERSATTNING"], 8, ""),
    ("ORDINARY", "Hälsofrämjande aktivitet", PartyType.REGION, (None, None), [], 12, ""),
    ("ORDINARY", "Vägledning för arbetssökande", PartyType.AF, (None, None), [], None, ""),
    ("ORDINARY", "Arbetsmarknadsinsatser", PartyType.KOMMUN, (18, 64), ["FORSORJNINGSSTOD"], None, ""),
]
# (birth date, serial, sex, name, wanted support, resources)
PEOPLE = [
    (
        "19870514",
        4,
        "K",
        "Maja Demodotter",
        "Vill börja arbeta igen efter lång sjukskrivning.",
        "Van vid kontorsarbete.",
    ),
    ("19930228", 5, "M", "Nils Påhittad", "Behöver hjälp att hitta en sysselsättning.", "Intresserad av trädgård."),
    ("19790903", 6, "K", "Sara Uppdiktad", "Vill studera vidare.", "Har gymnasieexamen."),
    ("20000117", 7, "M", "Leo Låtsas", "Vill ha stöd från flera myndigheter samtidigt.", "Tycker om att laga mat."),
    ("19851130", 8, "K", "Ebba Exempel", "Söker en väg tillbaka till arbetslivet.", "Har körkort."),
    ("19910706", 9, "M", "Adam Fiktiv", "Behöver struktur i vardagen.", "Är bra på datorer."),
]


def _save_entry(actor, forbund: Forbund, *, kommuner=(), **fields) -> CatalogueEntry:
    """Create the catalogue entry with this name, or change the one that has it, so that a second run adds nothing."""
    existing = CatalogueEntry.objects.filter(forbund=forbund, name=fields.get("name", "")).first()
    if existing is None:
        return actions.create_catalogue_entry(actor, forbund, kommuner=kommuner, **fields)
    return actions.update_catalogue_entry(actor, existing, kommuner=kommuner, **fields)


def load(stdout=None) -> Team | None:
    forbund = Forbund.objects.filter(slug=SLUG).first()
    if forbund is None:
        return None
    team = Team.objects.filter(forbund=forbund, name=TEAM).first()
    if team is not None:
        return team
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["samtalsledare", "plattform", *[s[1] for s in SEATS.values()]])
    }
    members = {m.party_type: m for m in forbund.members.order_by("name")}
    norrkoping = Kommun.objects.get(code="0581")
    members[PartyType.KOMMUN] = forbund.members.get(kommun=norrkoping)
    plattform = forbund.interventions.get(registration_no="2014:1")
    team = actions.create_team(
        None,
        forbund,
        name=TEAM,
        area="Plattform Norrköping",
        leader=users.get("samtalsledare"),
        meeting_weekday=1,
        meeting_time=dt.time(9, 0),
        place="Plattform Norrköping",
    )
    for party, (function, username) in SEATS.items():
        actions.set_seat(None, team, member=members[party], function=function, holder=users.get(username))
        actions.set_samsip_contact(None, members[party], name=f"SAMSIP-ombud, {members[party].name}")
    actions.set_entry_rule(None, plattform, samsip_before_start="WARN")
    prestep = actions.create_prestep(
        None,
        forbund,
        name="Aktiverande försteg",
        provider=None,
        entry_criteria="Inte redo för arbetsträning; pågående behandlingskontakt vid missbruk.",
        goal="Regelbundna tider, rutiner och ett sammanhang inför nästa steg.",
        exit_options="Koordinatorstöd, arbetsträning via Arbetsförmedlingen, studier.",
    )
    entries = {}
    for kind, name, provider, (age_min, age_max), incomes, capacity, description in CATALOGUE:
        entries[name] = _save_entry(
            None,
            forbund,
            kind=kind,
            name=name,
            provider=members[provider] if provider else None,
            intervention=plattform if kind == "INSATS" else None,
            prestep=prestep if name == "Aktiverande försteg" else None,
            age_min=age_min,
            age_max=age_max,
            income_sources=incomes,
            capacity=capacity,
            description=description,
            kommuner=[norrkoping],
            contact=f"{members[provider].name}" if provider else "Plattform Norrköping",
        )
    first, second, third = actions.schedule_meetings(None, team, start=dt.date(2017, 9, 4), weeks=3)
    actions.schedule_meetings(None, team, start=dt.date.today(), weeks=4)
    filer = users.get("plattform")
    requests = []
    for number, (birth, serial, sex, name, wanted, resources) in enumerate(PEOPLE):
        requests.append(
            actions.file_request(
                None,
                forbund,
                team=team,
                filing_member=[members[PartyType.AF], members[PartyType.FK], members[PartyType.KOMMUN]][number % 3],
                contact_name="Kontaktperson hos medlemmen",
                consent_given_on=dt.date(2017, 8, 28 + number % 3),
                consent_method="WRITTEN",
                person_name=name,
                personnummer=fictional_personnummer(birth, serial, sex),
                home_kommun=members[PartyType.KOMMUN].kommun,
                wanted_support=wanted,
                resources=resources,
                received_on=dt.date(2017, 8, 31),
                channel="WEB" if number % 2 == 0 else "PAPER",
                filed_by=filer,
            )
        )
    recommended, not_relevant, again, on_agenda, _received, prestep_case = requests
    for request in (recommended, not_relevant, again, prestep_case):
        actions.put_on_agenda(None, request, first)
    items = {r.pk: r.agenda_items.get() for r in (recommended, not_relevant, again, prestep_case)}
    actions.record_outcome(
        None,
        items[recommended.pk],
        outcome=RequestState.RECOMMENDED,
        person_present=True,
        parts=[
            {"kind": "ORDINARY", "entry": entries["Vägledning för arbetssökande"]},
            {"kind": "INSATS", "entry": entries["Koordinatorstöd"], "track": "Koordinatorstöd"},
            {"kind": "SAMSIP", "entry": entries["SAMSIP"]},
        ],
    )
    actions.record_outcome(
        None,
        items[not_relevant.pk],
        outcome=RequestState.NOT_RELEVANT,
        person_present=False,
        motivation="Personen har redan samordnat stöd genom sin pågående rehabilitering.",
        continued_planning="Fortsätt planeringen med Försäkringskassan; ny ansökan om behoven ändras.",
    )
    actions.record_outcome(None, items[again.pk], outcome=RequestState.ANOTHER_MEETING, person_present=False)
    actions.record_outcome(
        None,
        items[prestep_case.pk],
        outcome=RequestState.RECOMMENDED,
        person_present=True,
        parts=[
            {"kind": "PRESTEP", "entry": entries["Aktiverande försteg"]},
            {"kind": "ORDINARY", "entry": entries["Hälsofrämjande aktivitet"]},
        ],
    )
    actions.put_on_agenda(None, on_agenda, second)
    actions.record_samsip(
        None,
        recommended,
        initiated_by=members[PartyType.AF],
        held_on=third.date,
        members_present=[members[PartyType.AF], members[PartyType.KOMMUN]],
        person_present=True,
        plan="Koordinatorstöd i Plattformen och vägledning hos Arbetsförmedlingen parallellt.",
        next_on=third.date + dt.timedelta(weeks=12),
    )
    stay = actions.start_prestep(None, prestep_case, prestep=prestep, started_on=second.date)
    actions.follow_up_prestep(None, stay, held_on=second.date + dt.timedelta(weeks=8), note="Kommer regelbundet.")
    actions.report_gap(
        None,
        team,
        found_on=first.date,
        description="Personer med aktivitetsersättning faller mellan kommunens och Arbetsförmedlingens insatser.",
        sent_to=members[PartyType.AF],
        sent_on=second.date,
    )
    gap = actions.report_gap(
        None,
        team,
        found_on=first.date,
        description="Oklart vem som ansvarar för försteg för personer utan försörjningsstöd.",
        sent_to=members[PartyType.KOMMUN],
        sent_on=second.date,
    )
    actions.answer_gap(
        None, gap, answered_on=third.date, answer="Kommunen tar upp frågan i sin samverkansgrupp under hösten."
    )
    actions.create_agreement(
        None,
        forbund,
        employer="Returverket Norrköping (fiktivt socialt företag)",
        kind="ASF",
        valid_from=dt.date(2017, 9, 1),
        employer_contact="Verksamhetsledaren",
        supervisor_financed_by_forbund=True,
    )
    if stdout is not None:
        stdout.write(f"Öppen ingång: {TEAM} med {len(requests)} ansökningar.\n")
    return team
