"""The statistics over the API as typed OpenAPI schemas: what each report holds, and where a count may be hidden.

A count shown to a reader outside the participant-handler role is perturbed by the cell-key method (at most ±2) and
may be hidden: it is then a string, "<5" (fewer than the threshold) or "x" (hidden so that it cannot be worked out
from the others, only in figures without record keys). Shares that are hidden, or have nothing to divide by, are
null. Maps keyed by codes (referrers, occupations, months) keep the codes as keys.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Schema

Count = Annotated[
    int | str,
    Field(
        description="Ett antal; utanför deltagarrollen ändrat med cellnyckelmetoden (högst ±2, samma tal för samma "
        'personer). Ett dolt antal är en sträng: "<5" (under gränsen) eller "x" (sekundärt dolt).'
    ),
]
Ratio = Annotated[float | None, Field(description="En andel, null när den är dold eller saknar nämnare.")]
Codes = Annotated[dict[str, Count], Field(description="Antal per kod.")]


class Facts(Schema):
    forbund: str = Field(description="förbundets kortnamn")
    insatser: list[str] | None = Field(description="insatserna (diarienummer) som rapporten omfattar; null = alla")
    suppressed: bool = Field(description="om talen är skyddade: ändrade med cellnyckelmetoden och små tal dolda")
    threshold: int | None = Field(description="gränsen för små tal, null när talen är exakta")


class PeriodFacts(Facts):
    date_from: dt.date = Field(alias="from")
    date_to: dt.date = Field(alias="to")


class EnrolledDischarged(Schema):
    enrolled: Count
    discharged: Count


class InsatsCounts(EnrolledDischarged):
    active_at_end: Count


class EmploymentStudies(Schema):
    work_or_studies_before: Count
    work_or_studies_after: Count
    started_or_increased: Count
    transitions: dict[str, Codes] = Field(description="sysselsättning före (nyckel) och efter (kod i raden)")


class FollowUp(Schema):
    due: Count
    followed_up: Count
    situation: Codes
    work_or_studies_share: Ratio


class ParticipantReport(PeriodFacts):
    enrolled: Count
    discharged: Count
    active_at_end: Count
    anonymous_enrolled: Count
    by_sex: dict[str, EnrolledDischarged]
    by_age_band: dict[str, EnrolledDischarged]
    by_referrer: Codes
    by_kommun: Codes
    by_insats: dict[str, InsatsCounts] = Field(description="per insats (diarienummer)")
    outcomes: Codes
    work_or_studies_share: Ratio
    forsorjning_transitions: dict[str, Codes] = Field(description="försörjning före (nyckel) och efter (kod i raden)")
    employment_studies: EmploymentStudies
    follow_up: FollowUp


class MonthlyReport(Facts):
    year: int
    months: dict[str, dict[str, Codes]] = Field(
        description="per insats (diarienummer) och period (ÅÅÅÅ-MM, T1–T3, H1–H2, year): nya, utskrivna och till "
        "vad (sysselsättningskoder), aktiva vid periodens slut"
    )


class GoalResult(Schema):
    goal: str
    level: str
    indicator: str
    target: str
    numerator: int | float | str | None = Field(description='täljaren; "<5" eller "x" när den är dold')
    denominator: int | float | str | None = Field(description='nämnaren; "<5" eller "x" när den är dold')
    value: Ratio
    met: bool | None
    declared_met: bool | None
    declared_text: str
    discrepancy: bool


class InsatsGoals(Schema):
    insats: str
    name: str
    years: float
    goals: list[GoalResult]


class GoalReport(PeriodFacts):
    goals: list[InsatsGoals]


class FinsamAdministration(Schema):
    budget: int
    actual: int


class FinsamInsats(Schema):
    registration_no: str
    name: str
    kind: str
    specific_focus: str
    target_group: str
    budget: int = Field(description="förbundets budget, kr")
    actual: int = Field(description="förbundets utfall, kr")
    women: int | None = Field(description="null för strukturövergripande insatser")
    men: int | None = Field(description="null för strukturövergripande insatser")
    participants: int


class FinsamReport(Schema):
    forbund: str
    year: int
    allocated_funds: dict[str, int] = Field(description="tilldelade medel per part, kr")
    equity_start: int
    equity_end: int
    administration: FinsamAdministration
    insatser: list[FinsamInsats]
