"""Demo meetings from the seed documents, written in our own words. Idempotent.

- Skellefteå-Norsjö: the minutes of 2015-04-23 (§ 596–614) with every decision, among them the six
  applications; the preparatory group's meeting of 2015-06-02, in its own series; and the notice of 2015-06-11 with
  READY and Knut'n 2.0, whose minutes are begun from the agenda (§ 615–625) [seed 003].
- Kävlinge-Lomma: the minutes of 14 June 2018 (§ 26–35) [seed 004].

Both sets of minutes were signed outside the system (on paper, and with BankID); the signatures are
recorded as such. Neither gets a certificate of posting: the sources lack the dates (R17). The April attendance
comes from the board register, with the source's own, inconsistent list kept as a remark on the minutes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction

from samordna.applications import demo as application_demo
from samordna.applications.actions import decide, put_on_agenda
from samordna.applications.models import DecisionOutcome
from samordna.audit.actions import record
from samordna.tenancy.models import Forbund, ParagraphNumbering, PartyType

from . import actions
from .models import Assignment, AssignmentKind, ItemKind, Meeting, MeetingKind, Minutes, Paragraph, SignerRole
from .models import AttendanceCategory as A
from .signing import RecordedSigner

A_ASSIGNMENT = AssignmentKind.ASSIGNMENT
A_DELEGATION = AssignmentKind.DELEGATION
INTRO = "Samordningsförbundet beslutar"
ASYLUM = (
    "Ansvaret för asylsökande ligger hos Migrationsverket och inte inom det ansvarsområde som "
    "Försäkringskassan, Arbetsförmedlingen, kommunerna och landstinget har gemensamt."
)


def _meeting(forbund: Forbund, day: dt.date, **fields) -> tuple[Meeting, bool]:
    existing = Meeting.objects.filter(forbund=forbund, date=day, kind=MeetingKind.BOARD).first()
    if existing is not None:
        return existing, False
    return actions.plan_meeting(None, forbund, date=day, **fields), True


def _written(minutes: Minutes, title: str, body: str, clauses: list[str], intro: str = INTRO, **extra) -> Paragraph:
    return actions.add_paragraph(
        None,
        minutes,
        title=title,
        body=body,
        decision_intro=intro if clauses else "",
        decision_clauses=clauses,
        **extra,
    )


def _paragraphs(minutes: Minutes, rows) -> dict[str, Paragraph]:
    out = {}
    for row in rows:
        key, title, body, clauses = row[:4]
        out[key] = _written(minutes, title, body, clauses, **(row[4] if len(row) > 4 else {}))
    return out


def _adjust(minutes: Minutes, signers: list[tuple[SignerRole, str]], provider: str, references=()) -> None:
    for role, name in signers:
        actions.set_signer(None, minutes, role=role, person_name=name)
    actions.mark_ready(None, minutes)
    references = list(references) or [""] * len(signers)
    for slot, reference in zip(minutes.signers.order_by("id"), references, strict=True):
        actions.sign(None, slot, signer=RecordedSigner(provider, reference))


def _start_series(forbund: Forbund, numbering: ParagraphNumbering, start: int) -> None:
    """Continue the förbund's paper series of § numbers, unless the system has numbered paragraphs already."""
    if forbund.paragraphs.exists():
        return
    Forbund.objects.filter(pk=forbund.pk).update(paragraph_numbering=numbering, paragraph_start=start)
    record(None, "forbund.update", forbund, forbund=forbund, changes={"paragraph_start": start})
    forbund.refresh_from_db()


# --- Skellefteå-Norsjö ----------------------------------------------------------------------


# The papers list three ledamöter and four ersättare as deciding for five seats, without saying whom the
# ersättare replaced [003 L190–198]. In the register only Försäkringskassan's ersättare can serve: the other
# three stand in for ledamöter who were there. The register's reading is recorded and the source's kept beside it.
APRIL_SOURCE_ATTENDANCE = (
    "Pappersprotokollet anger sju beslutande för fem platser: ledamöterna Bertil Almgren, Anna Viklund och "
    "Kenneth Andersson och ersättarna Carolina Marklund, Johan Söderberg, Camilla Hedlund och Håkan Jansson, utan "
    "att säga vem ersättarna tjänstgjorde för. Enligt styrelseregistret kan bara Håkan Jansson tjänstgöra, för "
    "Försäkringskassans frånvarande ledamot; Carolina Marklund, Johan Söderberg och Camilla Hedlund är ersättare "
    "för ledamöter som var närvarande och antecknas som närvarande utan att tjänstgöra."
)
# The figures of § 600 as the papers state them [003 L281–293]. The forecast result there is 27 000 kr more than
# income less costs, and the equity and the room carry the difference; the minutes print the system's figures beside.
APRIL_REPORT = {
    "result_to_date": 323_919,
    "cost_forecast": 5_385_900,
    "income_forecast": 6_594_370,
    "result_forecast": 1_235_470,
    "equity_start": 2_192_262,
    "equity_end_forecast": 3_427_732,
    "equity_cap": 1_220_000,
    "room_for_new": 2_207_732,
}
APRIL_PRESENT = (
    "Bertil Almgren",
    "Anna Viklund",
    "Kenneth Andersson",
    "Carolina Marklund",
    "Johan Söderberg",
    "Camilla Hedlund",
)


def _board_of_2015(forbund: Forbund, minutes: Minutes) -> list:
    """The seats of the 2015–2019 term from the register; the demo adds them when the förbund lacks them."""
    from samordna.demo.data import SKELLEFTEA_NORSJO
    from samordna.demo.loader import _load_seats

    from .queries import register_seats

    seats = list(register_seats(minutes))
    if not seats:
        application_demo.skelleftea_members(forbund)
        members = {member.name: member for member in forbund.members.all()}
        _load_seats(SKELLEFTEA_NORSJO, forbund, members, Counter())
        seats = list(register_seats(minutes))
    return seats


def _april_attendance(forbund: Forbund, minutes: Minutes) -> None:
    statuses = {}
    for seat in _board_of_2015(forbund, minutes):
        if seat.person_name in APRIL_PRESENT:
            statuses[seat] = actions.SeatStatus.PRESENT
        elif seat.person_name == "Håkan Jansson":
            statuses[seat] = actions.SeatStatus.SERVING
        else:
            statuses[seat] = actions.SeatStatus.ABSENT
    actions.record_register_attendance(None, minutes, statuses, remark=APRIL_SOURCE_ATTENDANCE)


def _april_minutes(forbund: Forbund, applications) -> None:
    meeting, created = _meeting(
        forbund,
        dt.date(2015, 4, 23),
        start_time=dt.time(9, 0),
        end_time=dt.time(15, 0),
        place="Samordningsförbundet, Hörnellgatan 17, Skellefteå",
    )
    if not created:
        return
    for key in ("bilda", "via", "vaxthuset", "stadsmissionen", "solen", "migrantmodrar"):
        put_on_agenda(None, applications[key], meeting)
    minutes = actions.start_minutes(None, meeting, adjustment_method="Underskrift på papper", from_agenda=False)
    _april_attendance(forbund, minutes)
    for name in ("Stellan Berglund", "Christian Behrens"):
        actions.record_attendance(
            None, minutes, person_name=name, category=A.OTHER, organisation="Samordningsförbundet"
        )

    p = _paragraphs(
        minutes,
        [
            (
                "596",
                "Föregående mötes protokoll",
                "Protokollet från förra mötet gicks igenom.",
                ["godkänna informationen"],
            ),
            ("597", "Val av justerare", "", ["utse Kenneth Andersson att justera protokollet"]),
            (
                "598",
                "Val av ordförande",
                "Varje medlem utser en ledamot och en ersättare för fyra år från den 1 april efter valåret. "
                "Styrelsen väljer själv ordförande bland ledamöterna.",
                ["välja Bertil Almgren till ordförande"],
            ),
            (
                "599",
                "Val av vice ordförande",
                "Vice ordförande väljs på samma sätt.",
                ["välja Anna Viklund till vice ordförande"],
            ),
            (
                "600",
                "Ekonomisk rapport per 2015-03-31",
                "Prognosen räknar med årets budget, den ordinarie samverkan och de projekt som beslutats tidigare. "
                "Intäkterna är bidragen från huvudmännen, slutrekvireringen från Europeiska socialfonden för "
                "förstudien Improve och övriga intäkter. Överskottet från 2005–2014 förs in som eget kapital, och "
                "enligt Nationella rådets rekommendation bör det egna kapitalet inte överstiga 1 220 000 kr vid "
                "årets slut. Det som blir över är utrymmet för nya verksamheter och projekt under 2015.",
                ["godkänna rapporten"],
                {"report_figures": APRIL_REPORT},
            ),
            (
                "601",
                "Orienteringskurs i samverkan – Studieförbundet Bilda Nord",
                "Ansökan om medfinansiering av en ESF-ansökan, 400 000 kr per år i tre år.",
                ["avslå ansökan om medfinansiering med sammanlagt 1 200 000 kr"],
            ),
            (
                "602",
                "VIA – Medlefors folkhögskola",
                "Ansökan om medfinansiering av en ESF-ansökan med 600 000 kr.",
                [
                    "bevilja Medlefors folkhögskola 600 000 kr för projektets planerings- och analysfas 2015",
                    "pengarna betalas ut bara om Europeiska socialfonden och Skellefteå kommun beviljar sina delar",
                ],
            ),
            (
                "603",
                "Växthuset – Urkraft Service AB",
                "Ansökan om 295 000 kr till en förstudie inför ett arbetsintegrerande socialt företag.",
                ["avslå ansökan om 295 000 kr"],
            ),
            (
                "604",
                "Aktiv uppföljning – Skellefteå stadsmission",
                "Ansökan om 400 000 kr under 2015–2017 för en strukturerad arbetsträning.",
                ["bevilja Skellefteå stadsmission 200 000 kr för år 2015"],
            ),
            (
                "605",
                "Solen – Gymnasiekontoret, arbetsmarknadsenheten",
                "Ansökan om 820 000 kr till bemannade mötesplatser i kommundelar med många asylsökande.",
                ["avslå ansökan om 820 000 kr"],
            ),
            (
                "606",
                "Migrantmödrar – Gymnasiekontoret, arbetsmarknadsenheten",
                "Ansökan om 180 000 kr till en förstudie om en mötesplats för utrikes födda kvinnor med barn.",
                ["avslå ansökan om 180 000 kr"],
            ),
            (
                "607",
                "Lokalt KUR-projekt",
                "Beredningsgruppen har ställt sig bakom ett förslag till gemensam ansökan.",
                ["ställa sig bakom ansökan om ett lokalt KUR-projekt", "betala lokaler och förtäring under projektet"],
            ),
            (
                "608",
                "Samordnad kompetensutveckling 2015–2016",
                "Förslag om coachutbildning, en teaterföreställning om arbetsliv och funktionsnedsättning, "
                "spridning av erfarenheter från indikatorprojektet och utbildning i att leda i samverkan.",
                [
                    "uppdra åt förbundschefen att med beredningsgruppen genomföra insatserna",
                    "kostnaderna tas från anslaget för information och gemensam kompetensutveckling",
                ],
            ),
            (
                "609",
                "Långvarigt ekonomiskt bistånd i Norsjö och Skellefteå",
                "Beredningsgruppen redovisar arbetsuppgifterna för den samordnare som styrelsen beslutade om "
                "den 5 mars.",
                ["godkänna förslaget till arbetsuppgifter för samordnaren"],
            ),
            (
                "610",
                "ESF-förstudien Improve – slutrapport",
                "Projektledaren redovisar resultaten från förstudien, som fyra förbund i Västerbotten drivit ihop.",
                ["godkänna rapporten"],
            ),
            (
                "611",
                "Revisionsberättelse 2014",
                "Revisorerna bedömer verksamheten och räkenskaperna som tillfredsställande och tillstyrker "
                "ansvarsfrihet.",
                ["notera informationen"],
            ),
            (
                "612",
                "Revisionsrapport 2014",
                "Revisorerna rekommenderar bland annat en analys av det egna kapitalet och en budget i balans. "
                "Styrelsens yttrande ska lämnas senast 2015-08-31.",
                [
                    "uppdra åt förbundschefen att ta fram ett förslag till yttrande",
                    "delegera åt presidiet att godkänna yttrandet",
                ],
            ),
            (
                "613",
                "Informationsärenden",
                "Rekryteringen av ny förbundschef, samarbetet mellan Arbetsmarknadstorget och UngKomp, "
                "information från NNS och från beredningsgruppen.",
                [],
            ),
            (
                "614",
                "Övriga frågor",
                "Frågor från NNS och Försäkringskassan om budget och eget kapital, jubileumskonferensen, "
                "faktureringen av medlemsavgifterna och mötesplanen för hösten.",
                [
                    "uppdra åt förbundschefen att besvara frågorna från NNS och Försäkringskassan",
                    "uppdra åt förbundschefen att börja planera en jubileumskonferens i november eller december 2015",
                    "fakturera medlemsavgifterna kvartalsvis från och med 2015-07-01",
                    "flytta planeringsdagen med beredningsgruppen från 2015-10-27 till 2015-10-07",
                    "styrelsemötet den 2015-10-28 ligger kvar",
                ],
            ),
        ],
    )
    day = meeting.date
    decide(
        None,
        applications["bilda"],
        outcome=DecisionOutcome.REJECTED,
        decided_on=day,
        paragraph=p["601"],
        motivation="Beredningsgruppen avstyrker: kostnaden är för hög i förhållande till antalet deltagare.",
    )
    decide(
        None,
        applications["via"],
        outcome=DecisionOutcome.CONDITIONAL,
        decided_on=day,
        paragraph=p["602"],
        scope="Planerings- och analysfas 2015",
        conditions="Europeiska socialfonden och Skellefteå kommun beviljar sina delar.",
    )
    decide(
        None,
        applications["vaxthuset"],
        outcome=DecisionOutcome.REJECTED,
        decided_on=day,
        paragraph=p["603"],
        motivation="Förbundet ger inte direkta bidrag till sociala företag utan stöder hellre med mer neutrala former.",
    )
    decide(
        None,
        applications["stadsmissionen"],
        outcome=DecisionOutcome.PARTIALLY_GRANTED,
        decided_on=day,
        amount=200_000,
        paragraph=p["604"],
        scope="År 2015",
        motivation="Protokollet anger ingen motivering till att bara 2015 beviljas; kansliet har noterat "
        "det i efterhand.",
    )
    for key, number in (("solen", "605"), ("migrantmodrar", "606")):
        # The papers reuse the asylum motivation for a project about newly arrived mothers (R10 warns).
        decide(
            None,
            applications[key],
            outcome=DecisionOutcome.REJECTED,
            decided_on=day,
            paragraph=p[number],
            motivation=ASYLUM,
        )
    _adjust(
        minutes,
        [
            (SignerRole.CHAIR, "Bertil Almgren"),
            (SignerRole.SECRETARY, "Stellan Berglund"),
            (SignerRole.ADJUSTER, "Kenneth Andersson"),
        ],
        "Underskrift på papper",
    )


# The assignments and the delegation of 2015-04-23 (§ 608, § 612, § 614), as the register shows them.
APRIL_ASSIGNMENTS = (
    (
        608,
        A_ASSIGNMENT,
        "Förbundschefen och beredningsgruppen",
        "Genomföra den gemensamma kompetensutvecklingen.",
        None,
    ),
    (612, A_ASSIGNMENT, "Förbundschefen", "Ta fram ett förslag till yttrande över revisionsrapporten.", None),
    (
        612,
        A_DELEGATION,
        "Presidiet",
        "Godkänna styrelsens yttrande över revisionsrapporten och lämna det till revisorerna.",
        dt.date(2015, 8, 31),
    ),
    (614, A_ASSIGNMENT, "Förbundschefen", "Besvara frågorna från NNS och Försäkringskassan om eget kapital.", None),
    (614, A_ASSIGNMENT, "Förbundschefen", "Börja planera en jubileumskonferens i november eller december 2015.", None),
)


def _april_assignments(forbund: Forbund) -> None:
    if Assignment.objects.filter(forbund=forbund).exists():
        return
    for number, kind, assignee, description, due_on in APRIL_ASSIGNMENTS:
        paragraph = forbund.paragraphs.get(series=0, number=number)
        actions.give_assignment(None, paragraph, kind=kind, assignee=assignee, description=description, due_on=due_on)


def _june_notice(forbund: Forbund, applications) -> None:
    meeting, created = _meeting(
        forbund,
        dt.date(2015, 6, 11),
        start_time=dt.time(9, 0),
        end_time=dt.time(15, 0),
        place="Samordningsförbundet, Hörnellgatan 17, 3 tr., Skellefteå",
        note="Förbundet bjuder på lunch.",
    )
    if not created:
        return
    application_demo.complete_june_applications(forbund, applications)
    item = actions.add_agenda_item
    item(None, meeting, title="Föregående mötes protokoll", proposal=["godkänna informationen"])
    item(None, meeting, kind=ItemKind.ELECTION, title="Val av justerare", proposal=["utse _____ till justerare"])
    item(
        None,
        meeting,
        title="ESF-satsning om civilsamhällets och den sociala ekonomins roll – medverkan som samverkanspart",
        background="Socialfonden utlyser pengar för högst tre analys- och planeringsprojekt. Skellefteå kommun "
        "vill vara projektägare och önskar förbundet som samverkanspart.",
        proposal=[""],
    )
    put_on_agenda(
        None,
        applications["ready"],
        meeting,
        proposal=["bevilja Skellefteå kommuns gymnasiekontor 430 000 kr för projektet READY"],
    )
    put_on_agenda(
        None,
        applications["knutn"],
        meeting,
        proposal=["bevilja Norsjö kommun 405 600 kr för projektet Knut'n 2.0 under augusti 2015 – mars 2016"],
    )
    item(
        None,
        meeting,
        title="Framställan om en processkartläggning för unga vuxna 16–29 år",
        background="Styrgrupperna för Arbetsmarknadstorget och UngKOMP vill kartlägga hur stödet till unga med "
        "behov av flera myndigheter fungerar. Förbundet föreslår att intern kompetens hos medlemmarna prövas "
        "före upphandling.",
        proposal=[""],
    )
    item(
        None,
        meeting,
        title="Ansökan om en halv studie- och yrkesvägledare i UngKOMP",
        background="Beredningsgruppen tillstyrker, men finansieringen bör vara tidsbegränsad.",
        proposal=[
            "finansiera en halv studie- och yrkesvägledare i UngKOMP under 2015 och 2016",
            "uppdra åt berörda myndigheter att utreda en långsiktig finansiering senast från 2017",
        ],
    )
    item(None, meeting, title="Förbundets stöd till socialt företagande och den sociala ekonomin", proposal=[""])
    item(
        None,
        meeting,
        title="Ansökan om lokalt KUR-projekt",
        background="En kostnadskalkyl redovisas på mötet.",
        proposal=[""],
    )
    item(
        None,
        meeting,
        kind=ItemKind.INFORMATION,
        title="Informationsärenden",
        background="Den nya förbundschefen presenterar sig, samarbetet Arbetsmarknadstorget–UngKOMP, "
        "kompetensutveckling, jubileumskonferensen, NNS och beredningsgruppen.",
    )
    item(None, meeting, kind=ItemKind.OTHER_BUSINESS, title="Övriga frågor")


# The preparatory group (Lokala samverkansgruppen) met on 2015-06-02 and stood behind four of the June items
# [003 L48–76, L100, L118]; its paragraphs are numbered in a series of its own, never the board's.
LSG_JUNE: tuple[tuple[str, str, list[str]], ...] = (
    (
        "ESF-satsning om civilsamhällets och den sociala ekonomins roll",
        "Skellefteå kommun vill bli projektägare och ser gärna förbundet som samverkanspart.",
        [],
    ),
    ("READY – ansökan från gymnasiekontoret", "", ["tillstyrka att förbundet beviljar medel till projektet"]),
    ("Knut'n 2.0 – ansökan från Norsjö kommun", "", ["tillstyrka att medel beviljas för projektet"]),
    (
        "Processkartläggning för unga vuxna 16–29 år",
        "",
        ["tillstyrka att förbundet betalar kartläggningen, upphandlad eller med intern kompetens hos en medlem"],
    ),
    (
        "En halv studie- och yrkesvägledare i UngKOMP",
        "",
        [
            "tillstyrka ansökan",
            "finansieringen bör gälla en viss tid, under vilken myndigheterna utreder en långsiktig finansiering",
        ],
    ),
)


def _june_preparatory(forbund: Forbund) -> None:
    day = dt.date(2015, 6, 2)
    if Meeting.objects.filter(forbund=forbund, date=day, kind=MeetingKind.PREPARATORY).exists():
        return
    meeting = actions.plan_meeting(None, forbund, kind=MeetingKind.PREPARATORY, date=day)
    minutes = actions.start_minutes(None, meeting, from_agenda=False)
    for title, body, clauses in LSG_JUNE:
        _written(minutes, title, body, clauses, "Lokala samverkansgruppen beslutar")


def _june_minutes(forbund: Forbund) -> None:
    """The sources hold the notice of 2015-06-11 but not its minutes: the minutes are begun from the agenda, every
    item a paragraph with its proposal, and left as a draft, since who attended and what the board decided is not in
    the sources. Built before the present's meetings, they take the board's numbers after § 614."""
    meeting = Meeting.objects.filter(forbund=forbund, date=dt.date(2015, 6, 11), kind=MeetingKind.BOARD).first()
    if meeting is None or Minutes.objects.filter(meeting=meeting).exists():
        return
    if forbund.paragraphs.filter(deciding_body=MeetingKind.BOARD, minutes__meeting__date__gt=meeting.date).exists():
        return  # a demo database loaded before: its later minutes hold the numbers already
    actions.start_minutes(None, meeting)


# --- Kävlinge-Lomma -------------------------------------------------------------------------


def _kavlinge_minutes(forbund: Forbund) -> None:
    members = {
        "kavlinge": application_demo.member(forbund, PartyType.KOMMUN, "Kävlinge kommun", ("1261", "Kävlinge")),
        "lomma": application_demo.member(forbund, PartyType.KOMMUN, "Lomma kommun", ("1262", "Lomma")),
        "region": application_demo.member(forbund, PartyType.REGION, "Region Skåne"),
        "af": application_demo.member(forbund, PartyType.AF, "Arbetsförmedlingen"),
        "fk": application_demo.member(forbund, PartyType.FK, "Försäkringskassan"),
    }
    # The 2018 series had reached § 26 before this meeting and starts again each year.
    _start_series(forbund, ParagraphNumbering.YEARLY, 26)
    meeting, created = _meeting(
        forbund, dt.date(2018, 6, 14), start_time=dt.time(9, 0), end_time=dt.time(11, 50), place="Zinkgatan 2, Lomma"
    )
    if not created:
        return
    minutes = actions.start_minutes(None, meeting, adjustment_method="Digital signering", from_agenda=False)
    # Names in the order the source lists them, matched to its list of member organisations.
    for name, key, category, office in (
        ("Stina Larsson", "kavlinge", A.VOTING, "ordförande"),
        ("Conny Bäck", "lomma", A.VOTING, ""),
        ("Marie Saltarski", "region", A.VOTING, ""),
        ("Jessica Henriksson", "af", A.VOTING, ""),
        ("Ulrika Thell Mijdema", "fk", A.VOTING, ""),
        ("Gunni Gustafsson Nilsson", "kavlinge", A.DEPUTY_PRESENT, "ersättare"),
        ("Mattias Horrdin", "region", A.DEPUTY_PRESENT, "ersättare"),
    ):
        actions.record_attendance(
            None, minutes, person_name=name, category=category, member=members[key], office=office
        )
    actions.record_attendance(
        None, minutes, person_name="Karin Rangin", category=A.OTHER, organisation="Förbundssamordnare"
    )
    actions.record_attendance(
        None, minutes, person_name="Johanna Aronsson", category=A.OTHER, organisation="Sekreterare"
    )

    board = "Styrelsen beslutar"
    rows = [
        ("Val av justerare och justeringsdag", "", ["utse Marie Saltarski att justera protokollet digitalt"]),
        ("Fastställande av dagordning", "", ["fastställa dagordningen"]),
        (
            "Mentorsnätverket – slutrapport",
            "Processledaren redovisar slutrapporten. Styrelsen vill att metoden sprids till fler kommuner och "
            "organisationer.",
            ["tacka för rapporten och lägga den till handlingarna"],
        ),
        (
            "Unga med aktivitetsersättning – delrapport",
            "Projektledarna berättar hur förstudien går.",
            ["tacka för rapporten och lägga den till handlingarna"],
        ),
        (
            "Samverkanskartan – tertialrapport",
            "Styrelsen diskuterar hur samverkan kan leva vidare när projektet slutar i höst; frågan tas till "
            "chefsnätverket.",
            ["tacka för rapporten och lägga den till handlingarna"],
        ),
        (
            "Visionsdag 12 september",
            "Styrelsen samlar idéer inför visionsdagen med beredningsgruppen.",
            [],
        ),
        (
            "Dataskydd (GDPR)",
            "Numret på paragrafen saknas i källan; systemet ger den nästa nummer.",
            [
                "utse Karin Rangin till dataskyddsombud",
                "delegera registeransvaret för personuppgifter till Karin Rangin",
                "uppdra åt Karin Rangin att ta fram en IT-policy",
            ],
        ),
        (
            "Rapporter",
            "Frukostmötet i maj och en workshop med Region Skåne om samverkan med vårdcentralerna.",
            ["lägga informationen till handlingarna"],
        ),
        (
            "Framåtblick",
            "Samverkansakademi, frukostträffar i höst, inspirationsdag i Lund och en kommande ansökan om "
            "rehabkoordinator.",
            ["lägga informationen till handlingarna"],
        ),
        (
            "Övrigt",
            "Kommunstyrelsen i Kävlinge godkände förbundets årsredovisning den 13 juni.",
            [],
        ),
    ]
    paragraphs = [_written(minutes, title, body, clauses, board) for title, body, clauses in rows]
    guests = (
        ("Carina Sandelin", "Kävlinge kommun", 2),
        ("Maria Davidsson", "Försäkringskassan", 3),
        ("Lisa Key", "Lunds kommun", 3),
    )
    for name, organisation, index in guests:
        actions.record_attendance(
            None, minutes, person_name=name, category=A.OTHER, organisation=organisation, paragraphs=[paragraphs[index]]
        )
    _adjust(
        minutes,
        [
            (SignerRole.CHAIR, "Stina Larsson"),
            (SignerRole.ADJUSTER, "Marie Saltarski"),
            (SignerRole.SECRETARY, "Johanna Aronsson"),
        ],
        "BankID",
    )


def load(stdout=None) -> None:
    """Load the demo meetings and applications of every demo förbund that exists."""
    for forbund in Forbund.objects.filter(slug__in=["skelleftea-norsjo", "kavlinge-lomma"]):
        load_forbund(forbund)
    if stdout is not None:
        stdout.write("Ansökningar och sammanträden: demodata inläst.")


@transaction.atomic
def load_forbund(forbund: Forbund) -> None:
    """Load the meetings of whichever demo förbund this is."""
    if forbund.slug == "skelleftea-norsjo":
        applications = application_demo.load(forbund)
        _start_series(forbund, ParagraphNumbering.NEVER_RESET, 596)
        _april_minutes(forbund, applications)
        _april_assignments(forbund)
        # In meeting order, so that each body's series continues as the meetings were held.
        _june_preparatory(forbund)
        _june_notice(forbund, applications)
        _june_minutes(forbund)
    elif forbund.slug == "kavlinge-lomma":
        _kavlinge_minutes(forbund)
