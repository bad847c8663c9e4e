"""Demo applications from the Skellefteå-Norsjö board papers of 2015 [seed 003], in our own words.

`load(forbund)` registers the applications and brings each to the state it had before its board
meeting; `samordna.meetings.demo` puts them on the agenda and records the decisions. Idempotent.
Where the papers say nothing (arrival dates, how a total splits over years, which members take
part) the demo makes a plain assumption, marked below.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction

from samordna.tenancy import actions as tenancy_actions
from samordna.tenancy.models import Forbund, Kommun, Member, PartyType

from . import actions
from .models import Application, ReviewOutcome, State
from .sections import SECTION_KEYS

NOT_IN_MINUTES = "Framgår av den inlämnade pappersansökan; beskrivs inte i protokollet."


def member(forbund: Forbund, party_type: PartyType, name: str, kommun: tuple[str, str] | None = None) -> Member:
    """The förbund's member of this type (and kommun), added if the demo förbund lacks it."""
    qs = forbund.members.filter(party_type=party_type)
    if kommun is not None:
        qs = qs.filter(kommun__code=kommun[0])
    found = qs.first()
    if found is not None:
        return found
    kommun_obj = None
    if kommun is not None:
        kommun_obj = Kommun.objects.get_or_create(code=kommun[0], defaults={"name": kommun[1]})[0]
    return tenancy_actions.add_member(None, forbund, party_type=party_type, name=name, kommun=kommun_obj)


def skelleftea_members(forbund: Forbund) -> dict[str, Member]:
    return {
        "fk": member(forbund, PartyType.FK, "Försäkringskassan"),
        "af": member(forbund, PartyType.AF, "Arbetsförmedlingen"),
        "region": member(forbund, PartyType.REGION, "Västerbottens läns landsting"),
        "skelleftea": member(forbund, PartyType.KOMMUN, "Skellefteå kommun", ("2482", "Skellefteå")),
        "norsjo": member(forbund, PartyType.KOMMUN, "Norsjö kommun", ("2417", "Norsjö")),
    }


@dataclass
class DemoApplication:
    key: str
    title: str
    org_name: str
    period: tuple[dt.date, dt.date]
    budget: dict[int, dict[str, int]]
    parties: tuple[str, ...]
    sections: dict[str, str]
    received: dt.date
    target: State
    org_unit: str = ""
    org_number: str = ""
    contact_name: str = "Kontaktperson enligt ansökan"
    signatories: list[dict] = field(default_factory=list)
    review: tuple[ReviewOutcome, dt.date, str] | None = None
    external_cofunder: str = ""
    street_address: str = ""
    postal_code: str = ""
    postal_town: str = ""
    plusgiro: str = ""
    bankgiro: str = ""


def _sections(**known: str) -> dict[str, str]:
    return {key: known.get(key, NOT_IN_MINUTES) for key in SECTION_KEYS}


# Arrival dates of the April applications are not in the papers: the demo uses 1 April 2015.
APRIL = dt.date(2015, 4, 1)
LSG = "Lokala samverkansgruppen"

APPLICATIONS = [
    DemoApplication(
        key="bilda",
        title="Orienteringskurs i samverkan",
        org_name="Studieförbundet Bilda Nord",
        period=(dt.date(2015, 1, 1), dt.date(2017, 12, 31)),
        budget={2015: {"other": 400_000}, 2016: {"other": 400_000}, 2017: {"other": 400_000}},
        parties=("skelleftea", "af"),
        external_cofunder="Europeiska socialfonden",
        sections=_sections(
            purpose="En kurs för nyanlända och utrikes födda som varit arbetslösa länge, med språkträning, "
            "studiebesök och praktik, och stöd till församlingar som vill ta emot praktikanter.",
            target_group="Långtidsarbetslösa utrikes födda i åldern 25–64 år.",
        ),
        received=APRIL,
        target=State.PREPARED,
        review=(
            ReviewOutcome.ADVISED_AGAINST,
            dt.date(2015, 4, 13),
            "Kostnaden är hög i förhållande till hur få deltagare projektet når.",
        ),
    ),
    DemoApplication(
        key="via",
        title="VIA – Validering, innovation, arbete",
        org_name="Medlefors folkhögskola",
        period=(dt.date(2015, 1, 1), dt.date(2015, 12, 31)),
        budget={2015: {"other": 600_000}},
        parties=("skelleftea", "af"),
        external_cofunder="Europeiska socialfonden",
        sections=_sections(
            purpose="Att korta vägen till arbete för nyanlända genom nya sätt att lära sig svenska och att "
            "validera det deltagarna redan kan, tillsammans med tre andra folkhögskolor.",
            target_group="Sextio nyanlända i åldern 15–64 år, varav trettio i Skellefteå.",
        ),
        received=APRIL,
        target=State.IN_PREPARATION,
    ),
    DemoApplication(
        key="vaxthuset",
        title="Växthuset – förstudie om ett arbetsintegrerande socialt företag",
        org_name="Urkraft Service AB",
        period=(dt.date(2015, 4, 1), dt.date(2015, 11, 30)),
        budget={2015: {"other": 295_000}},
        parties=("skelleftea", "af"),
        sections=_sections(
            purpose="Att tillsammans med pastoratet utreda förutsättningarna för ett växthus som socialt "
            "företag med arbete för personer långt från arbetsmarknaden."
        ),
        received=APRIL,
        target=State.IN_PREPARATION,
    ),
    DemoApplication(
        key="stadsmissionen",
        title="Aktiv uppföljning",
        org_name="Skellefteå stadsmission",
        period=(dt.date(2015, 1, 1), dt.date(2017, 12, 31)),
        # The papers give 400 000 for 2015–2017 without a split; the demo spreads it over the years.
        budget={2015: {"personnel": 200_000}, 2016: {"personnel": 100_000}, 2017: {"personnel": 100_000}},
        parties=("af", "skelleftea", "region"),
        sections=_sections(
            purpose="Att bygga en mer strukturerad arbetsträning i second hand-butik och snickeri, med "
            "handlingsplan och uppföljning för varje deltagare.",
            target_group="Minst tjugo personer med psykisk ohälsa eller beroende.",
        ),
        received=APRIL,
        target=State.IN_PREPARATION,
    ),
    DemoApplication(
        key="solen",
        title="Solen – bemannade mötesplatser",
        org_name="Skellefteå kommun",
        org_unit="Gymnasiekontoret, arbetsmarknadsenheten",
        org_number="212000-2643",
        period=(dt.date(2015, 1, 1), dt.date(2015, 12, 31)),
        budget={2015: {"other": 820_000}},
        parties=("skelleftea", "af"),
        sections=_sections(
            purpose="Mötesplatser med svenskstudier, samhällsinformation och internet i kommundelar där "
            "många asylsökande bor."
        ),
        received=APRIL,
        target=State.IN_PREPARATION,
    ),
    DemoApplication(
        key="migrantmodrar",
        title="Migrantmödrar – förstudie",
        org_name="Skellefteå kommun",
        org_unit="Gymnasiekontoret, arbetsmarknadsenheten",
        org_number="212000-2643",
        period=(dt.date(2015, 1, 1), dt.date(2015, 12, 31)),
        budget={2015: {"other": 180_000}},
        parties=("skelleftea", "af"),
        sections=_sections(
            purpose="En mötesplats för utrikes födda kvinnor med barn, som stärker deras egen väg till "
            "försörjning och delaktighet."
        ),
        received=APRIL,
        target=State.IN_PREPARATION,
    ),
    DemoApplication(
        key="ready",
        title="READY",
        org_name="Skellefteå kommun",
        org_unit="Gymnasiekontoret",
        org_number="212000-2643",
        street_address="Laboratorgränd 11",
        postal_code="931 85",
        postal_town="Skellefteå",
        plusgiro="126870-5",
        contact_name="Kristin Lundholm",
        period=(dt.date(2015, 8, 1), dt.date(2016, 6, 30)),
        budget={2015: {"personnel": 430_000}},
        parties=("skelleftea", "af"),
        signatories=[{"name": "Jan Midlert", "organisation": "Gymnasiekontoret", "signed_on": dt.date(2015, 5, 11)}],
        sections=_sections(
            background="Skärpta krav för gymnasieexamen gör att fler elever inte blir klara på tre år. En del "
            "av dem har en svår livssituation och behöver ett särskilt upplägg.",
            purpose="Att eleverna gör klart gymnasiet under ett fjärde år och samtidigt börjar planera vad som "
            "händer efteråt, tillsammans med UngKOMP eller Arbetsmarknadstorget.",
            goals="20–25 elever får individuellt anpassat stöd och avslutar studierna inom fyra år. "
            "Varje elev har en plan som gäller efter gymnasiet.",
            target_group="20–25 elever som inte klarat gymnasiet på tre år, många med neuropsykiatriska "
            "funktionsnedsättningar.",
            added_value="Det finns i dag ingen ordinarie verksamhet för gruppen. En elevcoach följer varje "
            "elev och håller ihop stödet från lärare och andra.",
            time_plan="Hösten 2015, med möjlighet att förlänga under våren 2016.",
            gender_equality="Urvalet utgår från behov; det finns personal av båda könen.",
            accessibility="Funktionsnedsättning är vanlig i gruppen och är en orsak till att stödet behövs.",
            diversity="",
            evaluation="Måluppfyllelsen sammanställs mot de individuella planerna och eleverna svarar på en "
            "enkät. Rektor rapporterar till beredningsgruppen.",
            implementation="Behovet av att slutföra gymnasiet inom skolans ram växer; fungerande arbetsformer "
            "kan tas över av ordinarie verksamhet.",
        ),
        received=dt.date(2015, 5, 11),
        target=State.DRAFT,
    ),
    DemoApplication(
        key="knutn",
        title="Knut'n 2.0",
        org_name="Norsjö kommun",
        org_unit="Knut'n",
        org_number="212000-2858",
        street_address="Storgatan 67",
        postal_code="935 81",
        postal_town="Norsjö",
        bankgiro="5741-0151",
        contact_name="Eleonore Hedman",
        period=(dt.date(2015, 8, 1), dt.date(2016, 3, 31)),
        budget={
            2015: {"personnel": 196_000, "premises": 17_500, "other": 52_500},
            2016: {"personnel": 117_600, "premises": 10_500, "other": 11_500},
        },
        parties=("norsjo", "af", "fk"),
        # Signed the day after the review; the e-mailed copy had arrived before it [003 L908, L72].
        signatories=[
            {"name": "Mikael Lindfors", "organisation": "Norsjö kommun", "signed_on": dt.date(2015, 6, 3)},
            {"name": "Katarzyna Wikström", "organisation": "Norsjö kommun", "signed_on": dt.date(2015, 6, 3)},
        ],
        sections=_sections(
            background="Norsjö tappar invånare och behöver att nyanlända och andra långt från arbete kommer "
            "in på arbetsmarknaden. Knut'n tar emot allt fler för arbetsträning och sysselsättning.",
            purpose="Fler ska gå från Knut'n till arbete eller praktik, genom att knyta verksamheten närmare "
            "arbetsgivarna, och återvinningen ska utvecklas till fler arbetsuppgifter.",
            goals="Kartlägga ortens företag och kommunala verksamheter i ett register, hitta legouppdrag, "
            "ta fram rutiner för stöd till arbetsgivare, skapa nya arbetsuppgifter i återvinningen och göra "
            "minst två studiebesök.",
            target_group="Nyanlända och andra i behov av integration, samt personer med psykisk eller fysisk "
            "ohälsa och unga som behöver arbetslivserfarenhet; lika för kvinnor och män.",
            added_value="En samlad kartläggning av praktik- och arbetsplatser har inte gjorts tidigare och "
            "ingår inte i ordinarie verksamhet.",
            organisation="Tillväxtavdelningen ansvarar; en projektresurs anställs.",
            cooperation="Individ- och familjeomsorgen, Arbetsförmedlingen och vid behov Försäkringskassan.",
            activities="Kartläggning av arbetsmarknaden och legobehov, riktlinjer för arbetsgivarstöd, "
            "ändrade flöden vid återvinningscentralerna och anpassade lokaler.",
            obstacles="Resursbrist och snäv tidsplan; rekrytering behöver ske före sommaren.",
            time_plan="Augusti 2015 till mars 2016.",
            gender_equality="Vid rekrytering uppmuntras män att söka; nya arbetsuppgifter ska passa alla.",
            accessibility="Fem nya platser i återvinningen görs tillgängliga även för personer med fysisk "
            "funktionsnedsättning.",
            diversity="Personer oavsett bakgrund, ålder, kön och funktion ska få fler vägar till praktik och arbete.",
            evaluation="Skriftlig kartläggning, rutin och informationsmaterial, rapport från studiebesöken "
            "och en kort slutrapport till samverkansparterna. Projektledaren ansvarar.",
            implementation="Resultaten används direkt av arbetscoacherna och återvinningen ger fler platser "
            "och intäkter.",
            costs="Personal 39 200 kr i månaden i åtta månader, lokal, resor, studiebesök och övrigt.",
        ),
        received=dt.date(2015, 5, 25),
        target=State.DRAFT,
    ),
]

KNUTN_DETAIL = [
    {"description": "Personal inkl. sociala avgifter", "category": "personnel", "monthly_cost": 39_200, "months": 8},
    {
        "description": "Lokal och kontor inkl. data och telefoni",
        "category": "premises",
        "monthly_cost": 3_500,
        "months": 5,
    },
    {"description": "Resor för företagsbesök", "category": "other", "monthly_cost": 1_500, "months": 5},
    {"description": "Studiebesök", "category": "other", "monthly_cost": 15_000, "months": 2},
    {"description": "Möten, trycksaker och inventarier", "category": "other", "lump_sum": 37_000},
]


def _register(forbund: Forbund, members: dict[str, Member], spec: DemoApplication) -> Application:
    application = actions.create_application(
        None,
        forbund,
        title=spec.title,
        org_name=spec.org_name,
        org_unit=spec.org_unit,
        org_number=spec.org_number,
        street_address=spec.street_address,
        postal_code=spec.postal_code,
        postal_town=spec.postal_town,
        plusgiro=spec.plusgiro,
        bankgiro=spec.bankgiro,
        contact_name=spec.contact_name,
        period_start=spec.period[0],
        period_end=spec.period[1],
        external_cofunder=spec.external_cofunder,
        sections=spec.sections,
        involved_parties=[members[k] for k in spec.parties],
    )
    actions.set_budget(None, application, spec.budget)
    actions.set_signatories(None, application, spec.signatories or [{"name": spec.org_name}])
    if spec.key == "knutn":
        actions.set_budget_lines(None, application, KNUTN_DETAIL)
    if spec.target != State.DRAFT:
        actions.submit(None, application, received_date=spec.received)
        actions.start_preparation(None, application)
    if spec.review is not None:
        outcome, day, statement = spec.review
        actions.review(None, application, outcome=outcome, body=LSG, reviewed_on=day, statement=statement)
    application.refresh_from_db()
    return application


@transaction.atomic
def load(forbund: Forbund) -> dict[str, Application]:
    """Register the demo applications once; return them by key."""
    members = skelleftea_members(forbund)
    out = {}
    for spec in APPLICATIONS:
        existing = Application.objects.filter(forbund=forbund, title=spec.title).first()
        out[spec.key] = existing or _register(forbund, members, spec)
    return out


def complete_june_applications(forbund: Forbund, applications: dict[str, Application]) -> None:
    """READY left Mångfald empty [003 L633–637]; the office completes it so that it can be submitted."""
    ready, knutn = applications["ready"], applications["knutn"]
    if ready.state == State.DRAFT:
        actions.update_application(
            None, ready, sections={"diversity": "Kompletterat av kansliet: stödet utgår från varje elevs behov."}
        )
        actions.submit(None, ready, received_date=dt.date(2015, 5, 11))
        actions.start_preparation(None, ready)
        actions.review(None, ready, outcome=ReviewOutcome.RECOMMENDED, body=LSG, reviewed_on=dt.date(2015, 6, 2))
    if knutn.state == State.DRAFT:
        actions.submit(None, knutn, received_date=dt.date(2015, 5, 25))
        actions.start_preparation(None, knutn)
        actions.review(None, knutn, outcome=ReviewOutcome.RECOMMENDED, body=LSG, reviewed_on=dt.date(2015, 6, 2))
    for application in (ready, knutn):
        application.refresh_from_db()
