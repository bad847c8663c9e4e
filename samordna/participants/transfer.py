"""Import and export of participant stays in the file format other tools depend on (issue 3, the contract).

The import is all-or-nothing: every row is checked first and every problem is reported as
`rad N: <kolumn>: <vad som är fel och hur det rättas>`; only a file without problems is stored, in one
transaction. Re-importing a file finds its rows again by their natural key (insats + person + enrolment date,
or for anonymous rows insats + sex + birth year + kommun + enrolment date and the row's order among equals),
so it updates instead of duplicating. The export writes the same columns, so export → import round-trips.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import gc
import io
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import cast

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.audit.actions import record
from samordna.interventions.models import DataController, Intervention, InterventionKind
from samordna.lib import bulk, spreadsheets
from samordna.lib.cells import csv_writer, sheet_row
from samordna.lib.files import spreadsheet_scratch_removed
from samordna.lib.record_keys import draw_record_keys
from samordna.tenancy.models import Forbund, Kommun, User

from . import access, entry, holders, rules
from .codes import ConsentMethod, DischargeReason, IncomeSource, OccupationAfter, OccupationBefore, Referrer, Sex
from .identity import anonymous_key, lookup_key, withdrawn_key
from .models import Consent, IdentityMode, Participant, Participation

COLUMNS = [
    "insats",
    "personnummer",
    "kon",
    "fodelsear",
    "kommun",
    "inskrivningsdatum",
    "remittent",
    "forsorjning_fore",
    "sysselsattning_fore",
    "utskrivningsdatum",
    "avslutsorsak",
    "sysselsattning_efter",
    "forsorjning_efter",
]
# Consent, after the thirteen: optional, so that files of anonymous rows need not have them.
CONSENT_COLUMNS = ["samtycke_datum", "samtycke_satt"]
ALL_COLUMNS = COLUMNS + CONSENT_COLUMNS
# The file's words for how consent was given, and back.
CONSENT_CODES = {"SKRIFTLIGT": ConsentMethod.WRITTEN, "DIGITALT": ConsentMethod.DIGITAL, "MUNTLIGT": ConsentMethod.ORAL}
CONSENT_WORDS = {method: word for word, method in CONSENT_CODES.items()} | {ConsentMethod.IMPORTED: ""}
# Model field -> file column, for reporting the shared rules' problems in the file's terms.
COLUMN_OF = {
    "intervention": "insats",
    "personnummer": "personnummer",
    "sex": "kon",
    "birth_year": "fodelsear",
    "home_kommun": "kommun",
    "enrolment_date": "inskrivningsdatum",
    "referrer": "remittent",
    "income_before": "forsorjning_fore",
    "occupation_before": "sysselsattning_fore",
    "discharge_date": "utskrivningsdatum",
    "discharge_reason": "avslutsorsak",
    "occupation_after": "sysselsattning_efter",
    "income_after": "forsorjning_efter",
    "consent_given_on": "samtycke_datum",
}
STAY_FIELDS = [
    "referrer",
    "income_before",
    "occupation_before",
    "discharge_date",
    "discharge_reason",
    "occupation_after",
    "income_after",
]
# Choices' .values builds a new list on every call; the import asks millions of times.
CODES = {
    choices: frozenset(choices.values)
    for choices in (Referrer, IncomeSource, OccupationBefore, OccupationAfter, DischargeReason, Sex)
}
# The read log's name for an export of the förbund's stays with their personnummer.
EXPORT_READ = "participants.export"
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
BATCH = 2000

Progress = Callable[[Iterable, str, int | None], Iterable]


def no_progress(iterable: Iterable, description: str, total: int | None = None) -> Iterable:
    return iterable


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"rad {self.line}: {self.column}: {self.message}"


@dataclass(slots=True)
class Row:
    line: int
    intervention: Intervention
    personnummer: str
    sex: str
    birth_year: int
    kommun: Kommun | None
    enrolment_date: dt.date
    stay: dict
    key: tuple = ()
    consent_given_on: dt.date | None = None
    consent_method: str = ""


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Rows of people who withdrew consent or were erased, matched to their anonymised stay and left as they are.
    withdrawn: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportRefused(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


# --- Reading the file --------------------------------------------------------------------------------


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(data: bytes, filename: str = "") -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for each non-empty row of a CSV (';' or ',', UTF-8 with or without BOM) or XLSX file."""
    if data[:2] == b"PK" or filename.lower().endswith(".xlsx"):
        try:
            for number, values in enumerate(spreadsheets.first_sheet_rows(data), start=1):
                cells = [_cell(v) for v in values]
                if any(cells):
                    yield number, cells
        except spreadsheets.SpreadsheetRefused as refused:
            raise ImportRefused(
                [RowError(1, _("fil"), str(refused) + " " + _("Spara den på nytt som .xlsx eller CSV."))]
            ) from None
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(
            [RowError(1, _("fil"), _("Filen är inte sparad som UTF-8. Spara den som CSV UTF-8 och försök igen."))]
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for cells in reader:
        if any(c.strip() for c in cells):
            yield reader.line_num, [c.strip() for c in cells]


def _header_errors(header: list[str]) -> list[RowError]:
    names = [h.strip().lower() for h in header]
    errors = [
        RowError(
            1, name, _("Kolumnen saknas. Rubrikraden ska ha exakt kolumnerna %(cols)s.") % {"cols": ";".join(COLUMNS)}
        )
        for name in COLUMNS
        if name not in names
    ]
    if (CONSENT_COLUMNS[0] in names) != (CONSENT_COLUMNS[1] in names):
        errors.append(
            RowError(
                1,
                CONSENT_COLUMNS[1] if CONSENT_COLUMNS[0] in names else CONSENT_COLUMNS[0],
                _("Kolumnen saknas. Samtycke anges med båda kolumnerna %(cols)s, eller ingen av dem.")
                % {"cols": ";".join(CONSENT_COLUMNS)},
            )
        )
    errors += [
        RowError(1, name or _("(tom)"), _("Okänd kolumn. Ta bort den eller rätta namnet till ett av importformatets."))
        for name in names
        if name not in ALL_COLUMNS
    ]
    errors += [
        RowError(1, name, _("Kolumnen finns två gånger. Ta bort den ena."))
        for name in sorted({n for n in names if names.count(n) > 1 and n in ALL_COLUMNS})
    ]
    return errors


# --- Checking rows -----------------------------------------------------------------------------------


class _Checker:
    """Checks rows against the förbund's insatser, the kommuner and the shared rules, collecting every problem."""

    def __init__(self, forbund: Forbund, actor: User | None):
        self.forbund = forbund
        self.actor = actor
        insatser = Intervention.objects.filter(forbund=forbund).select_related(*entry.intervention_relations())
        self.interventions = {i.registration_no: i for i in insatser}
        # Read once for the whole file, on the first row that needs it, not once per row.
        self.entry_evidence = entry.import_evidence(forbund, self.interventions.values())
        # A handler imports into the insatser of their role; an operator's console import (no actor) into any.
        self.scope = None if actor is None else access.handler_scope(actor, forbund)
        # Nobody is imported into an insats before it is settled who controls its participants' data.
        self.controlled = set(
            DataController.objects.filter(intervention__forbund=forbund).values_list("intervention_id", flat=True)
        )
        kommuner = list(Kommun.objects.all())
        self.kommuner = {k.code: k for k in kommuner} | {k.name.lower(): k for k in kommuner}
        self.today = dt.date.today()
        self.local_today = timezone.localdate()  # what the shared rules compare "not in the future" with
        self.seen: dict[tuple, int] = {}
        self.anonymous_counts: dict[tuple, int] = {}
        # Withdrawal fingerprint -> the anonymised stays of that person, {(insats, enrolment date): stay id}.
        self.withdrawn: dict[str, dict[tuple, uuid.UUID]] = {}
        for key, insats, enrolled, stay in Participation.objects.filter(
            forbund=forbund, participant__forbund=forbund, participant__withdrawn_key__gt=""
        ).values_list("participant__withdrawn_key", "intervention_id", "enrolment_date", "pk"):
            self.withdrawn.setdefault(key, {})[(insats, enrolled)] = stay
        # People stored with a consent in force: a row of theirs needs no consent columns.
        # Only the records the importer may build on (see `holders`): a consent given in an insats the importer
        # does not handle neither spares a row its consent columns nor tells that the person is known there.
        self.consented = set(
            Consent.objects.filter(
                participant__in=holders.records_within(forbund, self.scope), withdrawn_on__isnull=True
            )
            .exclude(participant__lookup_key="")
            .values_list("participant__lookup_key", flat=True)
        )

    @staticmethod
    def _date(value: str, column: str, errors: list, line: int) -> dt.date | None:
        if not value:
            return None
        try:
            if not DATE.match(value):
                raise ValueError
            return dt.date.fromisoformat(value)
        except ValueError:
            errors.append(
                RowError(line, column, _("%(value)s är inget giltigt datum. Skriv ÅÅÅÅ-MM-DD.") % {"value": value})
            )
            return None

    def _code(self, value: str, column: str, choices, errors: list, line: int, required: bool) -> str:
        value = value.upper()
        if not value:
            if required:
                errors.append(
                    RowError(
                        line, column, _("Saknas. Ange en av koderna %(codes)s.") % {"codes": ", ".join(choices.values)}
                    )
                )
            return ""
        if value not in CODES[choices]:
            errors.append(
                RowError(
                    line,
                    column,
                    _("%(value)s är ingen giltig kod. Använd en av %(codes)s.")
                    % {"value": value, "codes": ", ".join(choices.values)},
                )
            )
            return ""
        return value

    def check(self, line: int, values: dict[str, str]) -> tuple[Row | None, list[RowError]]:
        errors: list[RowError] = []
        regno = values["insats"]
        intervention = self.interventions.get(regno)
        if not regno:
            errors.append(RowError(line, "insats", _("Saknas. Ange insatsens diarienummer, till exempel 2017:48.")))
        elif intervention is None:
            errors.append(
                RowError(
                    line,
                    "insats",
                    _("%(value)s är ingen insats i förbundet. Ange diarienumret för en av förbundets insatser.")
                    % {"value": regno},
                )
            )
        elif intervention.pk not in self.controlled and intervention.kind == InterventionKind.INDIVIDUAL:
            errors.append(
                RowError(
                    line,
                    "insats",
                    _(
                        "%(value)s har ingen personuppgiftsansvarig angiven. Förbundets administratör eller kansli "
                        "anger den på insatsens sida; till dess kan inga deltagare importeras till insatsen."
                    )
                    % {"value": regno},
                )
            )
        elif self.scope is not None and intervention.pk not in self.scope:
            errors.append(
                RowError(
                    line,
                    "insats",
                    _(
                        "Du är inte deltagaransvarig för %(value)s. Ta bort raden eller be insatsens "
                        "deltagaransvarig importera den."
                    )
                    % {"value": regno},
                )
            )
        birth_year = None
        if values["fodelsear"]:
            if values["fodelsear"].isdigit() and len(values["fodelsear"]) == 4:
                birth_year = int(values["fodelsear"])
            else:
                errors.append(
                    RowError(
                        line,
                        "fodelsear",
                        _("%(value)s är inget årtal. Skriv fyra siffror.") % {"value": values["fodelsear"]},
                    )
                )
        sex = values["kon"].upper()
        if sex and sex not in CODES[Sex]:
            errors.append(
                RowError(line, "kon", _("%(value)s är inget giltigt kön. Ange K eller M.") % {"value": values["kon"]})
            )
            sex = ""
        identity, problems = rules.resolve_identity(
            values["personnummer"], sex, birth_year if birth_year else None, today=self.today
        )
        if values["fodelsear"] and birth_year is None:
            problems = [p for p in problems if p[0] != "birth_year"]
        if values["kon"] and not sex:
            problems = [p for p in problems if p[0] != "sex"]
        kommun = None
        if values["kommun"]:
            kommun = self.kommuner.get(values["kommun"]) or self.kommuner.get(values["kommun"].lower())
            if kommun is None:
                errors.append(
                    RowError(
                        line,
                        "kommun",
                        _("%(value)s är ingen känd kommun. Ange kommunkoden med fyra siffror eller kommunens namn.")
                        % {"value": values["kommun"]},
                    )
                )
        enrolment = self._date(values["inskrivningsdatum"], "inskrivningsdatum", errors, line)
        if not values["inskrivningsdatum"]:
            errors.append(RowError(line, "inskrivningsdatum", _("Saknas. Ange inskrivningsdatum som ÅÅÅÅ-MM-DD.")))
        discharge = self._date(values["utskrivningsdatum"], "utskrivningsdatum", errors, line)
        stay = {
            "referrer": self._code(values["remittent"], "remittent", Referrer, errors, line, True),
            "income_before": self._code(
                values["forsorjning_fore"], "forsorjning_fore", IncomeSource, errors, line, True
            ),
            "occupation_before": self._code(
                values["sysselsattning_fore"], "sysselsattning_fore", OccupationBefore, errors, line, True
            ),
            "discharge_date": discharge,
            "discharge_reason": self._code(
                values["avslutsorsak"], "avslutsorsak", DischargeReason, errors, line, False
            ),
            "occupation_after": self._code(
                values["sysselsattning_efter"], "sysselsattning_efter", OccupationAfter, errors, line, False
            ),
            "income_after": self._code(
                values["forsorjning_efter"], "forsorjning_efter", IncomeSource, errors, line, False
            ),
        }
        if intervention is not None and enrolment is not None:
            problems += rules.enrolment_problems(
                self.forbund,
                intervention,
                enrolment,
                identity["personnummer"],
                identity["birth_year"],
                today=self.local_today,
            )
            problems += entry.enrolment_problems(
                self.forbund, intervention, enrolment, identity["personnummer"], self.entry_evidence
            )
        if not (values["utskrivningsdatum"] and discharge is None):
            problems += rules.discharge_problems(
                enrolment,
                discharge,
                values["avslutsorsak"].upper() if values["avslutsorsak"] else "",
                values["sysselsattning_efter"],
                values["forsorjning_efter"],
                today=self.local_today,
            )
        withdrawn_stay = None
        # Without anyone withdrawn in the förbund there is no fingerprint to compare: a keyed hash saved per row.
        if self.withdrawn and identity["personnummer"] and intervention is not None and enrolment is not None:
            withdrawn_stay, refusal = self._withdrawn(identity["personnummer"], intervention, enrolment)
            if refusal:
                errors.append(RowError(line, "personnummer", refusal))
        consent_on, consent_method = self._consent(values, enrolment, errors, line)
        person_key = lookup_key(identity["personnummer"]) if identity["personnummer"] else ""
        if (
            person_key
            and withdrawn_stay is None
            and not (consent_on and consent_method)
            and person_key not in self.consented
        ):
            errors.append(
                RowError(
                    line,
                    "samtycke_datum",
                    _(
                        "Personnumret sparas bara med samtycke. Fyll i samtycke_datum och samtycke_satt, "
                        "eller lämna personnumret tomt så att raden skrivs in anonymt."
                    ),
                )
            )
        errors += [RowError(line, COLUMN_OF.get(f, f), m) for f, m in problems]
        if errors or intervention is None or enrolment is None:  # a missing insats or date has an error above
            return None, errors
        row = Row(
            line=line,
            intervention=intervention,
            personnummer=identity["personnummer"],
            sex=identity["sex"],
            birth_year=identity["birth_year"],
            kommun=kommun,
            enrolment_date=enrolment,
            stay=stay,
            consent_given_on=consent_on,
            consent_method=consent_method,
        )
        if withdrawn_stay is not None:
            row.key = ("withdrawn", intervention.pk, withdrawn_stay)
        elif row.personnummer:
            row.key = ("pnr", intervention.pk, person_key, enrolment)
            if row.key in self.seen:
                return None, [
                    RowError(
                        line,
                        "personnummer",
                        _(
                            "Samma person är redan inskriven i insatsen samma datum på rad %(other)s. "
                            "Ta bort dubbletten."
                        )
                        % {"other": self.seen[row.key]},
                    )
                ]
            self.seen[row.key] = line
        else:
            base = (intervention.pk, row.sex, row.birth_year, kommun.code if kommun else "", enrolment)
            ordinal = self.anonymous_counts.get(base, 0) + 1
            self.anonymous_counts[base] = ordinal
            row.key = ("anon", intervention.pk, anonymous_key(*base, ordinal))
        return row, []

    def _withdrawn(self, personnummer: str, intervention: Intervention, enrolment: dt.date):
        """(the anonymised stay this row is, or None; a refusal, or ""), for a person who withdrew or was erased."""
        stays = self.withdrawn.get(withdrawn_key(personnummer))
        if stays is None:
            return None, ""
        stay = stays.get((intervention.pk, enrolment))
        if stay is not None:
            return stay, ""
        if holders.record_for(self.forbund, self.scope, lookup_key(personnummer)) is not None:
            return None, ""  # identified again, with a new consent given on the enrolment page
        if self.scope is not None and not any(insats in self.scope for insats, _enrolled in stays):
            # The withdrawal was made in insatser the importer does not handle: say nothing of it.
            return None, _(
                "Personnumret kan inte sparas från en fil. Skriv in personen på sidan för inskrivning, med "
                "samtycke, eller töm kolumnerna personnummer och samtycke så att raden skrivs in anonymt."
            )
        return None, _(
            "Personen har återkallat sitt samtycke eller fått sina uppgifter borttagna, och personnumret sparas "
            "inte igen. Töm kolumnerna personnummer och samtycke så att raden skrivs in anonymt, eller ta bort raden."
        )

    def _consent(self, values: dict[str, str], enrolment, errors: list, line: int):
        given = self._date(values.get("samtycke_datum", ""), "samtycke_datum", errors, line)
        word = values.get("samtycke_satt", "").upper()
        method = CONSENT_CODES.get(word, "")
        if word and not method:
            errors.append(
                RowError(
                    line,
                    "samtycke_satt",
                    _("%(value)s är inget giltigt sätt. Använd en av %(codes)s.")
                    % {"value": values["samtycke_satt"], "codes": ", ".join(CONSENT_CODES)},
                )
            )
        if (given or word) and not values["personnummer"]:
            errors.append(
                RowError(
                    line,
                    "samtycke_datum",
                    _(
                        "Samtycke hör till en identifierad deltagare. "
                        "Fyll i personnumret eller töm samtyckeskolumnerna."
                    ),
                )
            )
        if given is not None and enrolment is not None and given > enrolment:
            errors.append(
                RowError(
                    line,
                    "samtycke_datum",
                    _(
                        "Samtycket ska finnas senast vid inskrivningen. "
                        "Ange ett datum till och med inskrivningsdatumet."
                    ),
                )
            )
        elif given is not None and given > self.today:
            errors.append(RowError(line, "samtycke_datum", _("Samtyckesdatumet kan inte ligga i framtiden.")))
        return given, method


def check_file(
    forbund: Forbund, data: bytes, filename: str = "", actor: User | None = None, progress: Progress = no_progress
) -> tuple[list[Row], list[RowError]]:
    """Every row checked; returns the rows ready to store and every problem found (none stored here)."""
    try:
        lines = read_table(data, filename)
        first = next(lines, None)
        if first is None:
            return [], [RowError(1, _("fil"), _("Filen är tom. Den ska börja med en rubrikrad med kolumnnamnen."))]
        _line, header = first
        errors = _header_errors(header)
        if errors:
            return [], errors
        names = [h.strip().lower() for h in header]
        checker = _Checker(forbund, actor)
        rows: list[Row] = []
        for line, cells in progress(lines, _("Kontrollerar"), None):
            if len(cells) > len(names) and any(cells[len(names) :]):
                errors.append(
                    RowError(line, _("(hela raden)"), _("Raden har fler fält än rubrikraden. Kontrollera avgränsarna."))
                )
                continue
            values = dict(zip(names, cells + [""] * (len(names) - len(cells)), strict=False))
            row, row_errors = checker.check(line, values)
            if row is not None:
                rows.append(row)
            errors += row_errors
        return rows, errors
    except ImportRefused as refused:
        return [], refused.errors


# --- Storing -----------------------------------------------------------------------------------------


def _chunks(items: list, size: int = BATCH) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@transaction.atomic
def store(
    forbund: Forbund, rows: list[Row], actor: User | None = None, filename: str = "", progress: Progress = no_progress
) -> ImportResult:
    """Create or update the stays of checked rows in one transaction, and write one audit event.

    What exists is read as plain values and the new rows are written in bulk (COPY on PostgreSQL, see
    `lib.bulk`): no model object per row, so that a file of 100 000 rows costs seconds, not minutes.
    """
    result = ImportResult(rows=len(rows))
    intervention_ids = {r.intervention.pk for r in rows}
    # Lookup key -> [id, home kommun id] of the people already stored whom the importer may build on (see
    # `holders`: the oldest record whose stays all lie in the importer's insatser), and below of those this file adds.
    scope = None if actor is None else access.handler_scope(actor, forbund)
    people: dict[str, list] = {}
    for chunk in _chunks(sorted({r.key[2] for r in rows if r.key[0] == "pnr"})):
        found = (
            holders.records_within(forbund, scope)
            .filter(lookup_key__in=chunk)
            .order_by("-created_at", "-pk")
            .values_list("lookup_key", "pk", "home_kommun_id")
        )
        for key, pk, home in found:
            people[key] = [pk, home]
    # The stays already stored in the file's insatser, by both natural keys: (id, the stay's facts).
    existing_by_person: dict[tuple, tuple] = {}
    existing_by_anon: dict[tuple, tuple] = {}
    stored = Participation.objects.filter(intervention_id__in=intervention_ids).values_list(
        "pk", "participant_id", "intervention_id", "enrolment_date", "anonymous_key", *STAY_FIELDS
    )
    for pk, participant, insats, enrolled, anon, *facts in stored.iterator(chunk_size=BATCH):
        existing_by_person[(participant, insats, enrolled)] = (pk, tuple(facts))
        if anon:
            existing_by_anon[(insats, anon)] = (pk, tuple(facts))

    new_people: list[tuple] = []  # ([id, kommun id], identity mode, personnummer, lookup key, the row)
    new_consents: list[tuple] = []
    new_stays: list[tuple] = []
    changed_stays: list[Participation] = []
    moved: dict[uuid.UUID, int] = {}  # stored person -> the kommun the file now gives
    ids = bulk.new_uuids()
    for row in progress(rows, _("Sparar"), len(rows)):
        if row.key[0] == "withdrawn":
            result.withdrawn += 1
            continue
        insats = row.intervention.id
        kommun_id = row.kommun.id if row.kommun is not None else None
        facts = tuple(row.stay[name] for name in STAY_FIELDS)
        if row.key[0] == "pnr":
            person = people.get(row.key[2])
            if person is None:
                person = [next(ids), kommun_id]
                people[row.key[2]] = person
                new_people.append((person, IdentityMode.IDENTIFIED, row.personnummer, row.key[2], row))
                new_consents.append((person[0], row.consent_given_on, row.consent_method))
            elif kommun_id is not None and person[1] != kommun_id:
                person[1] = kommun_id
                moved[person[0]] = kommun_id
            stay = existing_by_person.get((person[0], insats, row.enrolment_date))
            anon = ""
        else:
            stay = existing_by_anon.get((insats, row.key[2]))
            anon = row.key[2]
            if stay is None:
                person = [next(ids), kommun_id]
                new_people.append((person, IdentityMode.ANONYMOUS, "", "", row))
        if stay is None:
            person = cast(list, person)  # found or made above for every row without a stored stay
            new_stays.append(
                (
                    next(ids),
                    person[0],
                    insats,
                    forbund.pk,
                    row.enrolment_date,
                    anon,
                    *facts,
                    max(rules.age_at(row, row.enrolment_date), 0),  # as `rules.enrolment_facts`, from the row
                    person[1],
                    bool(row.personnummer),
                )
            )
            result.created += 1
        elif stay[1] != facts:
            changed_stays.append(Participation(pk=stay[0], **row.stay))
            result.updated += 1
        else:
            result.unchanged += 1

    # A person added by this file is stored with the last kommun the file gives them, as they were before.
    bulk.insert_rows(
        Participant,
        ["id", "forbund_id", "identity_mode", "personnummer", "lookup_key", "sex", "birth_year", "home_kommun_id"],
        ((p[0], forbund.pk, mode, pnr, key, row.sex, row.birth_year, p[1]) for p, mode, pnr, key, row in new_people),
    )
    bulk.insert_rows(Consent, ["participant_id", "given_on", "method"], new_consents)
    record_keys = draw_record_keys(len(new_stays))
    bulk.insert_rows(
        Participation,
        [
            "id",
            "participant_id",
            "intervention_id",
            "forbund_id",
            "enrolment_date",
            "anonymous_key",
            *STAY_FIELDS,
            "age_at_enrolment",
            "kommun_at_enrolment_id",
            "identified_at_enrolment",
            "record_key",
        ],
        ((*stay, next(record_keys)) for stay in new_stays),
    )
    Participation.objects.bulk_update(changed_stays, STAY_FIELDS, batch_size=BATCH)
    for kommun_id in set(moved.values()):
        movers = sorted(pk for pk, k in moved.items() if k == kommun_id)
        for chunk in _chunks(movers):
            Participant.objects.filter(pk__in=chunk).update(home_kommun_id=kommun_id)
    record(
        actor,
        "participants.import",
        None,
        forbund=forbund,
        changes={
            "file": filename,
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "withdrawn": result.withdrawn,
        },
    )
    return result


def import_file(
    forbund: Forbund, data: bytes, filename: str = "", actor: User | None = None, progress: Progress = no_progress
) -> ImportResult:
    """Check the whole file, then store it only if every row is right. Raises ImportRefused with every problem."""
    if actor is not None:
        access.require_import(actor, forbund)
    with collection_paused():
        rows, errors = check_file(forbund, data, filename, actor, progress)
        if errors:
            raise ImportRefused(errors)
        return store(forbund, rows, actor, filename, progress)


@contextlib.contextmanager
def collection_paused() -> Iterator[None]:
    """Python's cycle collector paused while a file's rows are held: it would walk every row held so far again
    and again as they grow (a tenth of a large import's time), and the rows make no cycles for it to free."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# --- Export ------------------------------------------------------------------------------------------


def export_rows(forbund: Forbund, progress: Progress = no_progress) -> Iterator[list[str]]:
    """The header and one row per stay of the förbund, in the import format (personnummer as YYYYMMDDNNNN), with
    the consent in force of identified people (its sätt empty for one registered in an earlier system)."""
    yield list(ALL_COLUMNS)
    consent = Consent.objects.filter(participant=OuterRef("participant"), withdrawn_on__isnull=True).order_by(
        "-given_on", "-pk"
    )
    stays = (
        Participation.objects.filter(intervention__forbund=forbund)
        .annotate(
            consent_on=Subquery(consent.values("given_on")[:1]),
            consent_method=Subquery(consent.values("method")[:1]),
        )
        .order_by("intervention__registration_no", "enrolment_date", "created_at", "pk")
        .values_list(
            "intervention__registration_no",
            "participant__personnummer",
            "participant__sex",
            "participant__birth_year",
            "participant__home_kommun__code",
            "enrolment_date",
            "referrer",
            "income_before",
            "occupation_before",
            "discharge_date",
            "discharge_reason",
            "occupation_after",
            "income_after",
            "consent_on",
            "consent_method",
        )
    )
    total = stays.count()
    for values in progress(stays.iterator(chunk_size=BATCH), _("Exporterar"), total):
        *cells, method = values
        if not cells[1]:  # an anonymised person's older consents, withdrawn with the identity
            cells[-1], method = None, None
        yield [_cell(v) for v in cells] + [CONSENT_WORDS.get(method, "") if method else ""]


def write_csv(rows: Iterable[list[str]], out: io.TextIOBase) -> int:
    writer = csv_writer(out, delimiter=";", lineterminator="\n")
    count = -1
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


def write_xlsx(rows: Iterable[list[str]], path) -> int:
    from zipfile import ZIP_DEFLATED, ZipFile

    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook(write_only=True)
    sheet = book.create_sheet("deltagare")
    count = -1
    with spreadsheet_scratch_removed():
        for row in rows:
            sheet.append(sheet_row(sheet, row))
            count += 1
        # Workbook.save leaves its archive open when a write fails (a full disk); the archive's finaliser then
        # fails once more when the process ends, with a traceback after the real message. Closed here either way.
        with ZipFile(path, "w", ZIP_DEFLATED, allowZip64=True) as archive:
            ExcelWriter(book, archive).save()
    return count


@transaction.atomic
def record_export(forbund: Forbund, actor: User | None, fmt: str, count: int) -> None:
    record(actor, "participants.export", None, forbund=forbund, changes={"format": fmt, "rows": count})
