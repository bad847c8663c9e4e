"""The rules a stay must meet, shared by the forms, the actions and the import.

Each function returns a list of (field, message) problems, empty when all is well; messages say what to fix.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from samordna.interventions.models import Intervention, InterventionKind
from samordna.lib.dates import is_future
from samordna.lib.identifiers import birth_date_of, legal_sex_of, normalize_personnummer
from samordna.reporting.schedule import add_months
from samordna.tenancy.models import Forbund

from . import entry
from .codes import DischargeReason, Education, IncomeSource, OccupationBefore, Referrer, Sex

Problems = list[tuple[str, str]]
SEX_CODES = frozenset(Sex.values)


def resolve_identity(
    personnummer: str, sex: str, birth_year: int | None, today: dt.date | None = None
) -> tuple[dict, Problems]:
    """Normalise the personnummer and derive sex and birth year from it, or require both for anonymous persons."""
    problems: Problems = []
    today = today or dt.date.today()
    resolved = {"personnummer": "", "sex": sex, "birth_year": birth_year}
    if personnummer:
        try:
            pnr = normalize_personnummer(personnummer, today=today)
        except ValidationError as exc:
            return resolved, [("personnummer", exc.messages[0])]
        derived_sex, derived_year = legal_sex_of(pnr), birth_date_of(pnr).year
        if sex and sex != derived_sex:
            problems.append(
                (
                    "sex",
                    _("%(given)s stämmer inte med personnumret, som anger %(derived)s. Rätta kön eller lämna det tomt.")
                    % {"given": sex, "derived": derived_sex},
                )
            )
        if birth_year and birth_year != derived_year:
            problems.append(
                (
                    "birth_year",
                    _(
                        "%(given)s stämmer inte med personnumret, som anger %(derived)s. "
                        "Rätta året eller lämna det tomt."
                    )
                    % {"given": birth_year, "derived": derived_year},
                )
            )
        resolved.update(personnummer=pnr, sex=derived_sex, birth_year=derived_year)
        return resolved, problems
    if not sex:
        problems.append(("sex", _("Ange K eller M. Utan personnummer måste kön anges.")))
    elif sex not in SEX_CODES:
        problems.append(("sex", _("%(value)s är inget giltigt kön. Ange K eller M.") % {"value": sex}))
    if not birth_year:
        problems.append(("birth_year", _("Ange födelseår med fyra siffror. Utan personnummer måste det anges.")))
    elif not 1900 <= birth_year <= today.year:
        problems.append(
            (
                "birth_year",
                _("%(value)s är inget rimligt födelseår. Ange året med fyra siffror.") % {"value": birth_year},
            )
        )
    return resolved, problems


def stay_code_problems(referrer: str, income_before: str, occupation_before: str, education: str) -> Problems:
    """The facts before the insats that the statistics compare with: each must be chosen, never assumed."""
    checks = [
        ("referrer", referrer, Referrer, _("Välj remittent: vem som har remitterat personen.")),
        (
            "income_before",
            income_before,
            IncomeSource,
            _("Välj personens huvudsakliga försörjning före insatsen (Okänd om den inte är känd)."),
        ),
        (
            "occupation_before",
            occupation_before,
            OccupationBefore,
            _("Välj personens sysselsättning före insatsen (Okänd om den inte är känd)."),
        ),
        ("education", education, Education, _("Välj personens utbildningsnivå (Okänd om den inte är känd).")),
    ]
    return [(field, message) for field, value, codes, message in checks if value not in codes.values]


def enrolment_problems(
    forbund: Forbund,
    intervention: Intervention,
    enrolment_date: dt.date,
    personnummer: str = "",
    birth_year: int | None = None,
    today: dt.date | None = None,
) -> Problems:
    """What is wrong with an enrolment date, for the insats and for the person (`personnummer` normalised).

    Messages are translated only for the problems found: an import asks this of every row."""
    problems: Problems = []
    if is_future(enrolment_date, today):
        problems.append(
            (
                "enrolment_date",
                _("Inskrivningsdatumet kan inte ligga i framtiden: skriv in personen den dag insatsen börjar."),
            )
        )
    if intervention.kind != InterventionKind.INDIVIDUAL:
        problems.append(
            (
                "intervention",
                _(
                    "Insatsen %(insats)s är strukturövergripande och har inga inskrivna deltagare. "
                    "Välj en individinriktad insats."
                )
                % {"insats": intervention.registration_no},
            )
        )
    if forbund.registration_start and enrolment_date < forbund.registration_start:
        problems.append(
            (
                "enrolment_date",
                _("%(date)s ligger före förbundets första registreringsdag %(start)s. Kontrollera datumet.")
                % {"date": f"{enrolment_date:%Y-%m-%d}", "start": f"{forbund.registration_start:%Y-%m-%d}"},
            )
        )
    if enrolment_date < intervention.start_date or (intervention.end_date and enrolment_date > intervention.end_date):
        problems.append(
            (
                "enrolment_date",
                _("%(date)s ligger utanför insatsens period %(start)s – %(end)s. Kontrollera datumet eller insatsen.")
                % {
                    "date": f"{enrolment_date:%Y-%m-%d}",
                    "start": f"{intervention.start_date:%Y-%m-%d}",
                    "end": f"{intervention.end_date:%Y-%m-%d}" if intervention.end_date else "",
                },
            )
        )
    return problems + _born_after_enrolment(enrolment_date, personnummer, birth_year)


def _born_after_enrolment(enrolment_date: dt.date, personnummer: str, birth_year: int | None) -> Problems:
    if personnummer:
        born = birth_date_of(personnummer)
        if born > enrolment_date:
            return [
                (
                    "personnummer",
                    _(
                        "Personnumret anger födelsedagen %(born)s, som är efter inskrivningsdatumet %(date)s. "
                        "Kontrollera personnumret och inskrivningsdatumet."
                    )
                    % {"born": f"{born:%Y-%m-%d}", "date": f"{enrolment_date:%Y-%m-%d}"},
                )
            ]
    elif birth_year and birth_year > enrolment_date.year:
        return [
            (
                "birth_year",
                _(
                    "Födelseåret %(year)s är efter inskrivningsdatumet %(date)s. Kontrollera födelseåret och "
                    "inskrivningsdatumet."
                )
                % {"year": birth_year, "date": f"{enrolment_date:%Y-%m-%d}"},
            )
        ]
    return []


def discharge_problems(
    enrolment_date: dt.date | None,
    discharge_date: dt.date | None,
    reason: str,
    occupation_after: str,
    income_after: str,
    today: dt.date | None = None,
) -> Problems:
    problems: Problems = []
    if discharge_date is None:
        if reason:
            problems.append(
                ("discharge_reason", _("Lämna tomt medan deltagaren är inskriven, eller fyll i utskrivningsdatum."))
            )
        if occupation_after or income_after:
            early = _("Fylls i först vid utskrivning. Lämna tomt eller fyll i utskrivningsdatum.")
            problems += [
                (field, early)
                for field, value in [("occupation_after", occupation_after), ("income_after", income_after)]
                if value
            ]
        return problems
    if is_future(discharge_date, today):
        problems.append(("discharge_date", _("Utskrivningsdatumet kan inte ligga i framtiden.")))
    if enrolment_date and discharge_date < enrolment_date:
        problems.append(
            (
                "discharge_date",
                _("%(out)s ligger före inskrivningsdatum %(in)s. Utskrivningen kan inte ske före inskrivningen.")
                % {"out": f"{discharge_date:%Y-%m-%d}", "in": f"{enrolment_date:%Y-%m-%d}"},
            )
        )
    if not reason:
        problems.append(
            (
                "discharge_reason",
                _("Ange avslutsorsak (FULLFOLJD, AVBRUTEN, FELREGISTRERING eller OVRIGT) när utskrivningsdatum finns."),
            )
        )
    elif reason != DischargeReason.FELREGISTRERING:
        if not occupation_after:
            problems.append(("occupation_after", _("Ange sysselsättning efter insatsen vid utskrivning.")))
        if not income_after:
            problems.append(("income_after", _("Ange försörjning efter insatsen vid utskrivning.")))
    return problems


def raise_if(problems: Problems) -> None:
    if problems:
        errors: dict[str, list[str]] = {}
        for field, message in problems:
            errors.setdefault(field, []).append(message)
        raise ValidationError(errors)


# --- Warnings: they do not block (R26, R27) ---------------------------------------------------------------


def age_at(participant, day: dt.date) -> int:
    """Completed years on `day` (R26): from the birth date when the personnummer is known, else from the birth
    year alone (as if born on 1 January, the most the year can tell)."""
    if participant.personnummer:
        born = birth_date_of(participant.personnummer)
    else:
        born = dt.date(participant.birth_year, 1, 1)
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def enrolment_facts(participant, enrolment_date: dt.date) -> dict:
    """What the statistics count a new stay by, fixed now: later anonymisation or a move changes none of it."""
    return {
        "age_at_enrolment": max(age_at(participant, enrolment_date), 0),
        "kommun_at_enrolment": participant.home_kommun,
        "identified_at_enrolment": bool(participant.personnummer),
    }


def stay_warnings(participation, today: dt.date | None = None, entry_context: list | None = None) -> list[str]:
    """What about a stay falls outside the insats's guidelines: age at enrolment outside its age range, a stay
    longer than its maximum, or what a registered rule of entry warns about (no SAMSIP before start, where the
    insats's rule asks for one with a warning). Shown to the handler; nothing is refused for it. A list passes the
    rules' `entry_context` (from `entry.warning_context`) so that they ask the database once."""
    today = today or dt.date.today()
    insats = participation.intervention
    warnings: list[str] = []
    age = age_at(participation.participant, participation.enrolment_date)
    if (insats.age_min is not None and age < insats.age_min) or (insats.age_max is not None and age > insats.age_max):
        warnings.append(
            _("Deltagaren var %(age)s år vid inskrivningen; insatsens målgrupp är %(range)s år.")
            % {"age": age, "range": insats.age_range}
        )
    if insats.max_stay_months:
        limit = add_months(participation.enrolment_date, insats.max_stay_months)
        end = participation.discharge_date or today
        if end > limit:
            warnings.append(
                _("Vistelsen är längre än insatsens riktvärde på %(months)s månader (passerades %(date)s).")
                % {"months": insats.max_stay_months, "date": f"{limit:%Y-%m-%d}"}
            )
    return warnings + entry.stay_warnings(participation, entry_context)
