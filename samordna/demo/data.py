"""The demo facts: five förbund, their members, boards and insatser, taken from the seed documents.

Plain data only; `loader.py` writes it to the database through the actions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from samordna.interventions.models import InterventionKind
from samordna.tenancy.models import BoardOffice, BoardRole, ParagraphNumbering, PartyType, term_for_election

# Seats the minutes do not name get this placeholder (nomen nescio), never an invented person.
UNNAMED = "N.N."

FORSAKRINGSKASSAN = "Försäkringskassan"
ARBETSFORMEDLINGEN = "Arbetsförmedlingen"


@dataclass(frozen=True)
class KommunFact:
    code: str
    name: str
    # Only numbers checked against a public register; blank when not.
    org_number: str = ""

    @property
    def member_name(self) -> str:
        return MEMBER_NAMES.get(self.code, f"{self.name} kommun")


@dataclass(frozen=True)
class MemberFact:
    name: str
    party_type: PartyType
    kommun_code: str | None = None
    org_number: str = ""
    joined: dt.date | None = None


@dataclass(frozen=True)
class InvoicingFact:
    """Where a member's invoices go. Addresses and references are the demo's own."""

    address: str
    postal_code: str
    city: str
    reference: str


@dataclass(frozen=True)
class SeatFact:
    person_name: str
    member: str
    role: BoardRole
    office: BoardOffice = BoardOffice.NONE


@dataclass(frozen=True)
class StatutesFact:
    valid_from: dt.date
    note: str = ""


@dataclass(frozen=True)
class InterventionFact:
    registration_no: str
    name: str
    kind: InterventionKind
    start_date: dt.date
    end_date: dt.date | None = None
    owner: str | None = None
    partners: tuple[str, ...] = ()
    target_group: str = ""


@dataclass(frozen=True)
class ForbundFact:
    slug: str
    name: str
    aliases: tuple[str, ...]
    kommun_codes: tuple[str, ...]
    region: MemberFact
    statutes: tuple[StatutesFact, ...]
    founded: dt.date | None = None
    org_number: str = ""
    address: str = ""
    postal_code: str = ""
    city: str = ""
    bankgiro: str = ""
    notice_board: str = ""
    storage_place: str = ""
    paragraph_numbering: ParagraphNumbering = ParagraphNumbering.NEVER_RESET
    member_joined: dict[str, dt.date] = field(default_factory=dict)
    board_term: tuple[dt.date, dt.date] | None = None
    seats: tuple[SeatFact, ...] = ()
    interventions: tuple[InterventionFact, ...] = ()
    # Member name -> invoice address and reference, for the förbund whose demo sends invoices.
    invoicing: dict[str, InvoicingFact] = field(default_factory=dict)

    def members(self) -> list[MemberFact]:
        """Kommuner first, then the region, Försäkringskassan and Arbetsförmedlingen."""
        kommuner = [
            MemberFact(
                name=KOMMUNER[code].member_name,
                party_type=PartyType.KOMMUN,
                kommun_code=code,
                org_number=KOMMUNER[code].org_number,
                joined=self.member_joined.get(code, self.founded),
            )
            for code in self.kommun_codes
        ]
        state = [
            MemberFact(FORSAKRINGSKASSAN, PartyType.FK, org_number="202100-5521", joined=self.founded),
            MemberFact(ARBETSFORMEDLINGEN, PartyType.AF, org_number="202100-2114", joined=self.founded),
        ]
        return [*kommuner, self.region, *state]


KOMMUNER: dict[str, KommunFact] = {
    k.code: k
    for k in [
        KommunFact("2482", "Skellefteå", "212000-2643"),
        KommunFact("2417", "Norsjö", "212000-2858"),
        KommunFact("1261", "Kävlinge"),
        KommunFact("1262", "Lomma"),
        KommunFact("1784", "Arvika"),
        KommunFact("1730", "Eda"),
        KommunFact("0330", "Knivsta", "212000-3013"),
        KommunFact("0380", "Uppsala", "212000-3005"),
        KommunFact("0381", "Enköping"),
        KommunFact("0382", "Östhammar"),
        KommunFact("0360", "Tierp"),
        KommunFact("0319", "Älvkarleby"),
        KommunFact("0331", "Heby"),
        KommunFact("0305", "Håbo"),
        KommunFact("0581", "Norrköping", "212000-0456"),
        KommunFact("0582", "Söderköping"),
        KommunFact("0563", "Valdemarsvik"),
    ]
}

# Kommuner whose own name takes the genitive -s.
MEMBER_NAMES = {
    "0381": "Enköpings kommun",
    "0382": "Östhammars kommun",
    "0360": "Tierps kommun",
    "0581": "Norrköpings kommun",
    "0582": "Söderköpings kommun",
    "0563": "Valdemarsviks kommun",
}


def _member(code: str) -> str:
    return KOMMUNER[code].member_name


# --- Skellefteå-Norsjö: board papers and minutes of 2015-04-23 [003] ---------------------------------

SKELLEFTEA_FOUNDED = dt.date(2005, 12, 1)  # the seed counts the surplus from 2005; the day is the kommun's record
SKELLEFTEA_REGION = "Västerbottens läns landsting"  # its name in 2015; Region Västerbotten from 2019

# The minutes of 2015-04-23 name three ledamöter (chair, vice chair and one more) and four ersättare,
# but not which member each of them represents. Below, the n-th listed ledamot and the n-th listed ersättare
# go to the same member; which member that is, is the demo's assumption. Seats nobody is named for carry
# the placeholder.
SKELLEFTEA_SEATS = (
    SeatFact("Bertil Almgren", _member("2482"), BoardRole.LEDAMOT, BoardOffice.CHAIR),
    SeatFact("Carolina Marklund", _member("2482"), BoardRole.ERSATTARE),
    SeatFact("Anna Viklund", SKELLEFTEA_REGION, BoardRole.LEDAMOT, BoardOffice.VICE_CHAIR),
    SeatFact("Johan Söderberg", SKELLEFTEA_REGION, BoardRole.ERSATTARE),
    SeatFact("Kenneth Andersson", _member("2417"), BoardRole.LEDAMOT),
    SeatFact("Camilla Hedlund", _member("2417"), BoardRole.ERSATTARE),
    SeatFact(UNNAMED, FORSAKRINGSKASSAN, BoardRole.LEDAMOT),
    SeatFact("Håkan Jansson", FORSAKRINGSKASSAN, BoardRole.ERSATTARE),
    SeatFact(UNNAMED, ARBETSFORMEDLINGEN, BoardRole.LEDAMOT),
    SeatFact(UNNAMED, ARBETSFORMEDLINGEN, BoardRole.ERSATTARE),
)

SKELLEFTEA_NORSJO = ForbundFact(
    slug="skelleftea-norsjo",
    name="Samordningsförbundet Skellefteå-Norsjö",
    aliases=("Skellefteå", "Skellefteå-Norsjö", "Samordningsförbundet Skellefteå"),
    kommun_codes=("2482", "2417"),
    # The region's public organisation number (the landsting became Region Västerbotten under the same one).
    region=MemberFact(SKELLEFTEA_REGION, PartyType.REGION, org_number="232100-0222", joined=SKELLEFTEA_FOUNDED),
    statutes=(StatutesFact(SKELLEFTEA_FOUNDED),),
    founded=SKELLEFTEA_FOUNDED,
    # The organisation number and the bankgiro are made up; they only pass the check digits.
    org_number="222000-1230",
    address="Hörnellgatan 17",
    postal_code="931 30",
    city="Skellefteå",
    bankgiro="5551-2347",
    notice_board="Skellefteå kommuns anslagstavla",
    storage_place="Kommunledningskontoret, stadshuset, Skellefteå",
    # Norsjö kommun joined when the förbund took its present name.
    member_joined={"2417": dt.date(2014, 1, 1)},
    board_term=term_for_election(2014),
    seats=SKELLEFTEA_SEATS,
    invoicing={
        _member("2482"): InvoicingFact("Fakturaservice", "931 85", "Skellefteå", "KLK-4410"),
        _member("2417"): InvoicingFact("Kommunkontoret", "935 81", "Norsjö", "IFO-220"),
        SKELLEFTEA_REGION: InvoicingFact("Fakturamottagning", "901 89", "Umeå", "SAMF-SKE"),
        FORSAKRINGSKASSAN: InvoicingFact("Fakturahantering", "839 88", "Östersund", "FINSAM-2482"),
        ARBETSFORMEDLINGEN: InvoicingFact("Fakturaservice", "831 81", "Östersund", "FINSAM-SKE"),
    },
)


# --- Kävlinge-Lomma: minutes of 14 June 2018 [004] -------------------------------------------------

# The attendance list gives five voting members and two deputies, each followed by the organisation
# they sit for in the same order; no vice chair is named.
KAVLINGE_SEATS = (
    SeatFact("Stina Larsson", _member("1261"), BoardRole.LEDAMOT, BoardOffice.CHAIR),
    SeatFact("Gunni Gustafsson Nilsson", _member("1261"), BoardRole.ERSATTARE),
    SeatFact("Conny Bäck", _member("1262"), BoardRole.LEDAMOT),
    SeatFact("Marie Saltarski", "Region Skåne", BoardRole.LEDAMOT),
    SeatFact("Mattias Horrdin", "Region Skåne", BoardRole.ERSATTARE),
    SeatFact("Jessica Henriksson", ARBETSFORMEDLINGEN, BoardRole.LEDAMOT),
    SeatFact("Ulrika Thell Mijdema", FORSAKRINGSKASSAN, BoardRole.LEDAMOT),
)

KAVLINGE_LOMMA = ForbundFact(
    slug="kavlinge-lomma",
    name="Samordningsförbundet FINSAM Kävlinge-Lomma",
    aliases=("FINSAM Kävlinge-Lomma", "Kävlinge-Lomma", "Lomma-Kävlinge"),
    kommun_codes=("1261", "1262"),
    region=MemberFact("Region Skåne", PartyType.REGION),
    statutes=(StatutesFact(dt.date(2010, 1, 1), note="Datum för förbundsordningen är okänt."),),
    address="Zinkgatan 2, Lomma",
    storage_place="FINSAM Kävlinge-Lomma, Zinkgatan, Lomma",
    # The June meeting opens at § 26, so the numbering starts over each year.
    paragraph_numbering=ParagraphNumbering.YEARLY,
    board_term=term_for_election(2014),
    seats=KAVLINGE_SEATS,
)


# --- Arvika-Eda: project plan 2021–2023 decided in November 2020 [002] -----------------------------

ARVIKA_EDA = ForbundFact(
    slug="arvika-eda",
    name="Arvika-Eda samordningsförbund",
    aliases=("Arvika-Eda", "Finsam Arvika/Eda"),
    kommun_codes=("1784", "1730"),
    region=MemberFact("Region Värmland", PartyType.REGION),
    statutes=(StatutesFact(dt.date(2010, 1, 1), note="Datum för förbundsordningen är okänt."),),
    interventions=(
        InterventionFact(
            # The plan gives no diarienummer; the year of the decision (2020-11-12) stands in.
            registration_no="2020:1",
            name="Plattform för samverkan",
            kind=InterventionKind.INDIVIDUAL,
            start_date=dt.date(2021, 1, 1),
            end_date=dt.date(2023, 12, 31),
            owner=_member("1784"),
            partners=(_member("1730"),),
            target_group=(
                "Personer 16–64 år som står långt från arbetsmarknaden, ofta med psykisk ohälsa. "
                "Pågående missbruk utesluter deltagande."
            ),
        ),
    ),
)


# --- Uppsala län: final report of insats 2017:48 from Knivsta [001] --------------------------------

UPPSALA_LAN = ForbundFact(
    slug="uppsala-lan",
    name="Samordningsförbundet Uppsala län",
    aliases=("Uppsala län",),
    kommun_codes=("0305", "0319", "0330", "0331", "0360", "0380", "0381", "0382"),
    region=MemberFact("Region Uppsala", PartyType.REGION),
    statutes=(StatutesFact(dt.date(2010, 1, 1), note="Datum för förbundsordningen är okänt."),),
    interventions=(
        InterventionFact(
            registration_no="2017:48",
            name="En väg in – fler vägar ut",
            kind=InterventionKind.INDIVIDUAL,
            start_date=dt.date(2018, 1, 1),
            end_date=dt.date(2021, 12, 31),
            owner=_member("0330"),
            partners=(ARBETSFORMEDLINGEN, FORSAKRINGSKASSAN, "Region Uppsala"),
            target_group=(
                "Personer 18–64 år i Knivsta som behöver samordnat stöd för att nå arbete eller studier, "
                "oavsett vilken ersättning de har."
            ),
        ),
        InterventionFact(
            # The first, structural part of the Knivsta insats [001 L9–10, L54]: building the parties' collaboration,
            # without enrolled participants. An insats with both focuses is two insatser (R29); the number is the
            # demo's own.
            registration_no="2018:5",
            name="En väg in – samverkansstruktur i Knivsta",
            kind=InterventionKind.STRUCTURAL,
            start_date=dt.date(2018, 1, 1),
            end_date=dt.date(2018, 12, 31),
            owner=_member("0330"),
            partners=(ARBETSFORMEDLINGEN, FORSAKRINGSKASSAN, "Region Uppsala"),
            target_group="Personal hos parterna i Knivsta som arbetar med arbete, integration och försörjning.",
        ),
        InterventionFact(
            # Fictional, not from the seed documents: a second insats in the förbund gives the demo a second
            # participant handler, who must not see the participants of 2017:48.
            registration_no="2019:3",
            name="Steg till arbete Enköping",
            kind=InterventionKind.INDIVIDUAL,
            start_date=dt.date(2019, 9, 1),
            owner=_member("0381"),
            partners=(ARBETSFORMEDLINGEN, "Region Uppsala"),
            target_group="Personer 20–64 år i Enköping med försörjningsstöd som vill pröva arbetsträning.",
        ),
    ),
)


# --- Östra Östergötland: pre-study on open entry in Norrköping, 2017 [000] -------------------------

OSTRA_OSTERGOTLAND = ForbundFact(
    slug="ostra-ostergotland",
    name="Samordningsförbundet Östra Östergötland",
    aliases=("Östra Östergötland",),
    kommun_codes=("0581", "0582", "0563"),
    region=MemberFact("Region Östergötland", PartyType.REGION),
    statutes=(
        StatutesFact(dt.date(2010, 1, 1), note="Den tidigare förbundsordningen; datumet är okänt."),
        StatutesFact(dt.date(2017, 1, 1), note="Ny förbundsordning från 2017."),
    ),
    interventions=(
        InterventionFact(
            # The pre-study gives no diarienummer; the start year stands in.
            registration_no="2014:1",
            name="Plattform Norrköping",
            kind=InterventionKind.INDIVIDUAL,
            start_date=dt.date(2014, 9, 1),
            target_group=(
                "Personer 16–64 år i Norrköping långt från arbetsmarknaden som behöver stöd från flera "
                "myndigheter samtidigt."
            ),
        ),
    ),
)


FORBUND: tuple[ForbundFact, ...] = (
    SKELLEFTEA_NORSJO,
    KAVLINGE_LOMMA,
    ARVIKA_EDA,
    UPPSALA_LAN,
    OSTRA_OSTERGOTLAND,
)
