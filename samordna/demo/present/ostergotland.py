"""Östra Östergötland in the present: the Samverkansteam of Plattform Norrköping at work in the weeks before the
day the demo is loaded, with a request at every stage, weekly meetings up to the next one ahead, SAMSIP, pre-steps
(one past its one-year guideline) and system gaps. Every date of a fact lies on or before `today`.

Runs after `samordna.openentry.demo`, which sets up the team, its seats and the catalogue. The people and their
stories are made up; their personnummer are fictional (serial block 98x). Loading it again adds nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from samordna.openentry import actions
from samordna.openentry.demo import SLUG, TEAM
from samordna.openentry.models import (
    CatalogueEntry,
    IntakeRequest,
    PartKind,
    Prestep,
    RequestState,
    Team,
    TeamMeeting,
)
from samordna.participants.fictional import fictional_personnummer
from samordna.participants.identity import lookup_key
from samordna.tenancy.models import Member, PartyType, User

# Weeks of meetings laid out before today; the series runs on to the next meeting ahead.
WEEKS_BACK = 10
PRESTEP = "Aktiverande försteg"


@dataclass(frozen=True)
class Person:
    birth: str
    serial: int
    sex: str
    name: str
    wanted: str
    resources: str


PEOPLE = {
    "received_web": Person(
        "19960412", 1, "K", "Hedda Hittepå", "Vill komma igång med något på dagarna.", "Tycker om att teckna."
    ),
    "received_paper": Person(
        "19820923", 2, "M", "Viktor Låtsasson", "Behöver stöd från både kommunen och regionen.", "Har truckkort."
    ),
    "on_agenda": Person(
        "19891107", 3, "K", "Elsa Exempelsdotter", "Vill pröva att arbeta några timmar i veckan.", "Van vid barn."
    ),
    "recommended": Person(
        "19940302",
        4,
        "M",
        "Oskar Prövosson",
        "Vill hitta ett arbete efter avbrutna studier.",
        "Kan svenska och arabiska.",
    ),
    "not_relevant": Person(
        "19770615", 5, "K", "Tilde Tänktsdotter", "Söker stöd inför återgång till sin anställning.", "Har ett arbete."
    ),
    "another_meeting": Person(
        "20010829", 6, "M", "Ali Uppdiktsson", "Vet inte vilket stöd som passar.", "Intresserad av bilar."
    ),
    "accepted": Person(
        "19860130", 7, "K", "Greta Fabelsson", "Vill tillbaka till arbetslivet efter lång sjukskrivning.", "Körkort."
    ),
    "prestep_running": Person(
        "19990518", 8, "M", "Jonas Sagoman", "Behöver fasta tider och ett sammanhang.", "Bra på att laga saker."
    ),
    "prestep_overrun": Person(
        "19920924", 9, "K", "Linnea Fantasia", "Behöver komma hemifrån och träffa andra.", "Tycker om djur."
    ),
}


def _people_exist(forbund) -> bool:
    numbers = [fictional_personnummer(p.birth, p.serial, p.sex) for p in PEOPLE.values()]
    return IntakeRequest.objects.filter(forbund=forbund, lookup_key__in=[lookup_key(n) for n in numbers]).exists()


def load(stdout=None, today: dt.date | None = None) -> Team | None:
    """Add the present of the team, dated up to `today` (the day the demo runs)."""
    today = today or timezone.localdate()
    team = Team.objects.filter(forbund__slug=SLUG, name=TEAM).select_related("forbund").first()
    if team is None or _people_exist(team.forbund):
        return team
    with transaction.atomic():
        _load(team, today)
    if stdout is not None:
        stdout.write(f"Öppen ingång i dag: {TEAM} med {len(PEOPLE)} aktuella ansökningar.\n")
    return team


def _load(team: Team, today: dt.date) -> None:
    forbund = team.forbund
    members: dict[str, Member] = {m.party_type: m for m in forbund.members.order_by("name")}
    members[PartyType.KOMMUN] = forbund.members.get(kommun__code="0581")
    af, fk, region, kommun = (members[p] for p in (PartyType.AF, PartyType.FK, PartyType.REGION, PartyType.KOMMUN))
    entries = {e.name: e for e in CatalogueEntry.objects.filter(forbund=forbund)}
    prestep = Prestep.objects.get(forbund=forbund, name=PRESTEP)
    filer = User.objects.get(username="plattform")

    # The weekly series from ten weeks back to the next meeting ahead, and one meeting some fifteen months ago.
    actions.schedule_meetings(None, team, start=today - dt.timedelta(weeks=WEEKS_BACK), weeks=WEEKS_BACK + 2)
    long_ago = today - dt.timedelta(days=460)
    actions.schedule_meetings(None, team, start=long_ago, weeks=1)
    old_meeting = team.meetings.filter(date__gte=long_ago).order_by("date").first()
    recent = team.meetings.filter(date__gte=today - dt.timedelta(weeks=WEEKS_BACK))
    held = list(recent.filter(date__lte=today).order_by("-date"))  # held[0] is the latest, held[1] the week before
    ahead = recent.filter(date__gt=today).order_by("date").first()
    if old_meeting is None or ahead is None or len(held) < 9:
        raise RuntimeError("Teamets mötesserie saknar möten som demodatan behöver.")

    def file(key: str, member: Member, received_on: dt.date, *, paper: bool = False, consent_days: int = 0):
        person = PEOPLE[key]
        return actions.file_request(
            None,
            forbund,
            team=team,
            filing_member=member,
            contact_name=f"Handläggare hos {member.name}",
            consent_given_on=received_on - dt.timedelta(days=consent_days),
            consent_method="WRITTEN" if paper else "DIGITAL",
            person_name=person.name,
            personnummer=fictional_personnummer(person.birth, person.serial, person.sex),
            home_kommun=kommun.kommun,
            wanted_support=person.wanted,
            resources=person.resources,
            received_on=received_on,
            channel="PAPER" if paper else "WEB",
            filed_by=filer,
        )

    def review(request, meeting: TeamMeeting, outcome: str, **fields):
        item = actions.put_on_agenda(None, request, meeting)
        return actions.record_outcome(None, item, outcome=outcome, **fields)

    # Received: one filed on the web two days ago, one on paper with the consent recorded days before it came in.
    file("received_web", af, today - dt.timedelta(days=2))
    file("received_paper", region, today - dt.timedelta(days=5), paper=True, consent_days=3)

    # On the agenda of the next meeting.
    actions.put_on_agenda(None, file("on_agenda", fk, today - dt.timedelta(days=9)), ahead)

    # Recommended with three parts running together, the referral still waiting for the insats; a SAMSIP held.
    # The person could not come to the first meeting, so the team took it up again when they could.
    recommended = file("recommended", af, held[4].date - dt.timedelta(days=3))
    review(recommended, held[3], RequestState.ANOTHER_MEETING, person_present=False)
    review(
        recommended,
        held[1],
        RequestState.RECOMMENDED,
        person_present=True,
        parts=[
            {"kind": PartKind.ORDINARY, "entry": entries["Vägledning för arbetssökande"]},
            {"kind": PartKind.INSATS, "entry": entries["Koordinatorstöd"], "track": "Koordinatorstöd"},
            {"kind": PartKind.SAMSIP, "entry": entries["SAMSIP"]},
        ],
    )
    samsip_on = held[1].date + dt.timedelta(days=2)
    actions.record_samsip(
        None,
        recommended,
        initiated_by=af,
        held_on=samsip_on,
        members_present=[af, kommun, region],
        person_present=True,
        plan="Vägledning hos Arbetsförmedlingen nu; koordinatorstöd i Plattformen när en plats blir ledig.",
        next_on=samsip_on + dt.timedelta(weeks=8),
    )

    # Not relevant, with the motivation and the team's recommendation for continued planning.
    review(
        file("not_relevant", fk, held[3].date - dt.timedelta(days=5)),
        held[2],
        RequestState.NOT_RELEVANT,
        person_present=False,
        motivation="Personen har en anställning och en pågående plan för återgång med arbetsgivaren.",
        continued_planning="Fortsätt planeringen med Försäkringskassan och företagshälsovården.",
    )

    # Needs another meeting, decided at the latest one.
    review(
        file("another_meeting", kommun, held[1].date - dt.timedelta(days=4)),
        held[0],
        RequestState.ANOTHER_MEETING,
        person_present=True,
    )

    # Referred to the insats and accepted by its handler, after a SAMSIP.
    accepted = file("accepted", fk, held[6].date - dt.timedelta(days=5), paper=True)
    item = review(
        accepted,
        held[5],
        RequestState.RECOMMENDED,
        person_present=True,
        parts=[
            {"kind": PartKind.INSATS, "entry": entries["Koordinatorstöd"], "track": "Koordinatorstöd"},
            {"kind": PartKind.ORDINARY, "entry": entries["Hälsofrämjande aktivitet"]},
        ],
    )
    actions.record_samsip(
        None,
        accepted,
        initiated_by=fk,
        held_on=held[5].date + dt.timedelta(days=3),
        members_present=[fk, kommun],
        person_present=True,
        plan="Koordinatorstöd i Plattformen med hälsofrämjande aktivitet hos regionen.",
    )
    referral = item.parts.get(kind=PartKind.INSATS)
    actions.accept_referral(
        None,
        referral,
        enrolment_date=held[4].date,
        referrer="FK",
        income_before="SJUKPENNING",
        occupation_before="INGEN_SYSSELSATTNING",
        education="GYMNASIAL",
        consent_given_on=held[4].date,
        consent_method="WRITTEN",
    )

    # A pre-step running, with a follow-up.
    running = file("prestep_running", kommun, held[8].date - dt.timedelta(days=5))
    review(
        running,
        held[7],
        RequestState.RECOMMENDED,
        person_present=True,
        parts=[
            {"kind": PartKind.PRESTEP, "entry": entries[PRESTEP]},
            {"kind": PartKind.ORDINARY, "entry": entries["Hälsofrämjande aktivitet"]},
        ],
    )
    stay = actions.start_prestep(None, running, prestep=prestep, started_on=held[7].date + dt.timedelta(days=6))
    actions.follow_up_prestep(
        None, stay, held_on=stay.started_on + dt.timedelta(weeks=4), note="Kommer tre dagar i veckan."
    )

    # A pre-step still running past its one-year guideline.
    overrun = file("prestep_overrun", kommun, old_meeting.date - dt.timedelta(days=6))
    review(
        overrun,
        old_meeting,
        RequestState.RECOMMENDED,
        person_present=True,
        parts=[{"kind": PartKind.PRESTEP, "entry": entries[PRESTEP]}],
    )
    long_stay = actions.start_prestep(
        None, overrun, prestep=prestep, started_on=old_meeting.date + dt.timedelta(days=7)
    )
    for months, note in [(3, "Kommer regelbundet."), (6, "Vill pröva arbetsträning."), (12, "Väntar på plats.")]:
        actions.follow_up_prestep(
            None, long_stay, held_on=long_stay.started_on + dt.timedelta(days=30 * months), note=note
        )

    # System gaps the team found in recent weeks; one answered.
    answered = actions.report_gap(
        None,
        team,
        found_on=held[3].date,
        description="Unga med aktivitetsersättning får ingen arbetsträning hos kommunen utan försörjningsstöd.",
        sent_to=kommun,
        sent_on=held[3].date + dt.timedelta(days=1),
    )
    actions.answer_gap(
        None,
        answered,
        answered_on=held[0].date,
        answer="Kommunen ser över riktlinjerna och tar upp frågan med Försäkringskassan.",
    )
    actions.report_gap(
        None,
        team,
        found_on=held[1].date,
        description="Väntetiden till primärvårdens bedömning hindrar planeringen i teamet.",
        sent_to=region,
        sent_on=held[1].date + dt.timedelta(days=1),
    )
