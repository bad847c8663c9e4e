"""`samordna bench`: the participant report against a hand-written SQL statement on deterministic synthetic data.

The data goes into the configured database (use a separate one: DATABASE_URL=.../samordna_bench). Förbund
created by the benchmark have slugs starting with "bench-" and are reused when already there at the same size.
Both sides compute the same figures (checked before timing). The baseline is the best plain SQL for those
figures on PostgreSQL (`best_sql`: the period filtered, narrow groupings rolled up with GROUPING SETS); the
earlier hand-written statement, which reads every year, is timed beside it. The ratio of the summed medians,
report over best SQL, is the line `report_vs_sql_ratio=X.XX` that `samordna bench` ends with.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import statistics
import time
import uuid
import zlib
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from samordna.participants.codes import FollowUpKind
from samordna.participants.models import FOLLOW_UP_MONTHS
from samordna.reporting.schedule import add_months

from .benchtable import Row, milliseconds
from .suppression import Cell, published_count

SCALES = {
    # förbund, participations, insatser per förbund, years
    "tiny": (2, 600, 3, 10),
    "10k": (4, 10_000, 6, 10),
    "small": (4, 40_000, 6, 10),
    "100k": (8, 100_000, 10, 10),
    "1m": (80, 1_000_000, 10, 10),
}
# The earlier name of the million-stay scale.
ALIASES = {"national": "1m"}
FIRST_YEAR = 2014
# The generated persons are born on one of BORN_DAYS days from FIRST_BORN (48 years).
FIRST_BORN = dt.date(1955, 1, 1)
BORN_DAYS = 365 * 48
BATCH = 5000
REFERRERS = ["FK", "AF", "REGION", "KOMMUN", "ANNAN", "EGEN"]
INCOMES = ["LON", "SJUKPENNING", "A_KASSA", "FORSORJNINGSSTOD", "AKTIVITETSERSATTNING", "INGEN", "OKAND"]
BEFORE = ["ARBETE", "STUDIER", "ARBETSSOKANDE", "INGEN_SYSSELSATTNING", "OKAND"]
AFTER = [*BEFORE, "ANNAN_INSATS", "SUBVENTIONERAT_ARBETE"]
REASONS = ["FULLFOLJD", "FULLFOLJD", "AVBRUTEN", "OVRIGT", "FELREGISTRERING"]


@dataclass
class Timing:
    label: str
    seconds: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _progress(total: int, desc: str, quiet: bool):
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="rader", disable=quiet, mininterval=1.0)


def generate(scale: str, quiet: bool = False) -> list:
    """Create (or find) the benchmark's förbund with their insatser, participants and stays."""
    from samordna.interventions.models import Intervention, InterventionKind
    from samordna.participants.fictional import fictional_personnummer
    from samordna.participants.identity import lookup_key
    from samordna.participants.models import FollowUp, Participant, Participation
    from samordna.tenancy.models import Forbund, Kommun

    scale = ALIASES.get(scale, scale)
    n_forbund, n_stays, n_insatser, years = SCALES[scale]
    slugs = [f"bench-{scale}-{i:02d}" for i in range(n_forbund)]
    existing = Forbund.objects.filter(slug__in=slugs)
    if existing.count() == n_forbund and (Participation.objects.filter(forbund__in=existing).count() == n_stays):
        # Data written in SQL also has six-month follow-ups; data from before that is made again.
        followed = FollowUp.objects.filter(participation__forbund__in=existing).exists()
        if followed or connection.vendor != "postgresql":
            return list(existing.order_by("slug"))
    _remove(f"bench-{scale}-")

    rng = random.Random(f"samordna-bench-{scale}")  # noqa: S311 - reproducible test data, not secrets  # nosec B311
    kommuner = [
        Kommun.objects.get_or_create(code=f"9{i:03d}", defaults={"name": f"Benchkommun {i}"})[0] for i in range(160)
    ]
    forbund = Forbund.objects.bulk_create(Forbund(name=f"Bench {slug}", slug=slug) for slug in slugs)
    insatser = Intervention.objects.bulk_create(
        Intervention(
            forbund=f,
            registration_no=f"{FIRST_YEAR}:{j + 1}",
            name=f"Insats {j + 1}",
            kind=InterventionKind.INDIVIDUAL,
            start_date=dt.date(FIRST_YEAR, 1, 1),
        )
        for f in forbund
        for j in range(n_insatser)
    )
    span = years * 365
    per_forbund = n_stays // n_forbund
    if connection.vendor == "postgresql":
        _generate_in_sql(forbund, insatser, kommuner, per_forbund, span, f"samordna-bench-{scale}")
        _analyse((Kommun, Forbund, Intervention, Participant, Participation, FollowUp))
        return forbund
    with _progress(n_stays, "Syntetiska deltaganden", quiet) as bar:
        for f_index, f in enumerate(forbund):
            mine = insatser[f_index * n_insatser : (f_index + 1) * n_insatser]
            own_kommuner = kommuner[(2 * f_index) % 160 : (2 * f_index) % 160 + 2]
            for start in range(0, per_forbund, BATCH):
                count = min(BATCH, per_forbund - start)
                people, stays = [], []
                for _ in range(count):
                    identified = rng.random() < 0.8
                    born = FIRST_BORN + dt.timedelta(days=rng.randrange(BORN_DAYS))
                    sex = rng.choice("KM")
                    number = fictional_personnummer(f"{born:%Y%m%d}", rng.randrange(10), sex) if identified else ""
                    person = Participant(
                        id=uuid.UUID(int=rng.getrandbits(128)),
                        forbund=f,
                        identity_mode="IDENTIFIED" if identified else "ANONYMOUS",
                        personnummer=number,
                        lookup_key=lookup_key(number) if identified else "",
                        sex=sex,
                        birth_year=born.year,
                        home_kommun=rng.choice([*own_kommuner, None]),
                    )
                    enrolled = dt.date(FIRST_YEAR, 1, 1) + dt.timedelta(days=rng.randrange(span))
                    left = enrolled + dt.timedelta(days=rng.randrange(30, 700)) if rng.random() < 0.85 else None
                    stay_id = uuid.UUID(int=rng.getrandbits(128))
                    insats = rng.choice(mine)
                    stays.append(
                        Participation(
                            id=stay_id,
                            participant=person,
                            intervention=insats,
                            forbund_id=insats.forbund_id,
                            enrolment_date=enrolled,
                            referrer=rng.choice(REFERRERS),
                            income_before=rng.choice(INCOMES),
                            occupation_before=rng.choice(BEFORE),
                            discharge_date=left,
                            discharge_reason=rng.choice(REASONS) if left else "",
                            occupation_after=rng.choice(AFTER) if left else "",
                            income_after=rng.choice(INCOMES) if left else "",
                            age_at_enrolment=age_on(born, enrolled),
                            kommun_at_enrolment=person.home_kommun,
                            identified_at_enrolment=identified,
                        )
                    )
                    people.append(person)
                with transaction.atomic():
                    Participant.objects.bulk_create(people, batch_size=BATCH)
                    Participation.objects.bulk_create(stays, batch_size=BATCH)
                bar.update(count)
    return forbund


def _remove(prefix: str) -> None:
    """The benchmark's earlier data of one scale. The persons, stays and follow-ups go in plain SQL deletes: the
    ORM's delete would first load a million stays and their relations into Python."""
    from samordna.interventions.models import Intervention
    from samordna.participants.models import FollowUp, Participant, Participation
    from samordna.tenancy.models import Forbund

    ids = list(Forbund.objects.filter(slug__startswith=prefix).values_list("pk", flat=True))
    if ids:
        with transaction.atomic():
            for rows in (
                FollowUp.objects.filter(participation__forbund_id__in=ids),
                Participation.objects.filter(forbund_id__in=ids),
                Participant.objects.filter(forbund_id__in=ids),
            ):
                rows._raw_delete(rows.db)
    Intervention.objects.filter(forbund_id__in=ids).delete()
    Forbund.objects.filter(pk__in=ids).delete()


def _analyse(models) -> None:
    """What autovacuum would soon do to freshly loaded tables, done before the timing rather than during it:
    statistics for the planner, and hint bits and the visibility map set once. VACUUM cannot run inside a
    transaction; there ANALYZE alone gives the statistics."""
    tables = [model._meta.db_table for model in models]
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        cursor.execute(f"{command} {', '.join(tables)}")


def _columns(model, given: dict[str, str]) -> tuple[list[str], list[str], dict[str, Any]]:
    """The columns of `model`, an SQL expression for each (`given`, else the field's default as a parameter cast
    to the column's type) and those parameters: every column is filled as Django would fill it."""
    columns: list[str] = []
    expressions: list[str] = []
    params: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        if field.get_internal_type() in ("AutoField", "BigAutoField") and field.column not in given:
            continue  # the database numbers the rows
        columns.append(connection.ops.quote_name(field.column))
        if field.column in given:
            expressions.append(given[field.column])
        elif field.column == "created_at":
            expressions.append("now()")
        else:
            name = f"{model._meta.model_name}_{field.column}"
            expressions.append(f"CAST(%({name})s AS {field.db_type(connection)})")
            params[name] = field.get_db_prep_save(field.get_default(), connection)
    return columns, expressions, params


def identities() -> tuple[list[str], list[str]]:
    """For each birth day of the generated persons and each sex (the women first), a fictional personnummer as
    it is stored, encrypted under the installation's field key, and its lookup key: the database cannot encrypt,
    so it picks each identified person's number from these by birth day and sex, and the pages can read every
    number they show. Persons born on the same day with the same sex share a number."""
    from django.conf import settings

    return _identities(tuple(settings.FIELD_KEYS), settings.PERSONAL_ID_LOOKUP_KEY)


@functools.cache
def _identities(field_keys: tuple[str, ...], lookup_secret: str) -> tuple[list[str], list[str]]:
    """`identities` under these keys: made once per pair of keys (35 040 encryptions, about a second)."""
    from samordna.lib.field_crypto import encrypt
    from samordna.participants.fictional import fictional_personnummer
    from samordna.participants.identity import lookup_key

    plain = [
        fictional_personnummer(f"{FIRST_BORN + dt.timedelta(days=day):%Y%m%d}", day % 10, sex)
        for sex in ("K", "M")
        for day in range(BORN_DAYS)
    ]
    return [encrypt(number) for number in plain], [lookup_key(number) for number in plain]


def _generate_in_sql(
    forbund: list,
    insatser: list,
    kommuner: list,
    per_forbund: int,
    span: int,
    seed: str,
    first_day: dt.date = dt.date(FIRST_YEAR, 1, 1),
    discharged: float = 0.85,
) -> None:
    """The persons and stays of `generate`, drawn and written by PostgreSQL itself (minutes faster than through
    Python for a million stays): the same distributions, from the server's seeded random(). Each förbund's
    stays are spread evenly over its share of `insatser`, enrolled within `span` days from `first_day`;
    `discharged` is the share discharged 30 to 700 days later, of whom six in ten are followed up."""
    from samordna.participants.models import FollowUp, Participant, Participation

    total = per_forbund * len(forbund)
    draws = """
CREATE TEMPORARY TABLE bench_draw ON COMMIT DROP AS
SELECT g, g / %(per)s AS f, random() < 0.8 AS identified,
       %(first_born)s::date + floor(random() * %(born_days)s)::int AS born, random() < 0.5 AS woman,
       floor(random() * 3)::int AS kommun, %(first_day)s::date + floor(random() * %(span)s)::int AS enrolled,
       CASE WHEN random() < %(discharged)s THEN 30 + floor(random() * 670)::int END AS days,
       floor(random() * %(insatser)s)::int AS insats, floor(random() * 6)::int + 1 AS referrer,
       floor(random() * 7)::int + 1 AS income_before, floor(random() * 5)::int + 1 AS before,
       floor(random() * 5)::int + 1 AS reason, floor(random() * 7)::int + 1 AS after,
       floor(random() * 7)::int + 1 AS income_after,
       md5(random()::text)::uuid AS person, md5(random()::text)::uuid AS stay,
       floor(random() * 65536)::int AS stay_key, random() < 0.6 AS followed_up,
       183 + floor(random() * 30)::int AS follow_up_days, floor(random() * 7)::int + 1 AS situation,
       floor(random() * 7)::int + 1 AS income_then
FROM generate_series(0, %(total)s - 1) g
"""
    numbers, lookups = identities()
    # The person's number is that of their birth day and sex: days since FIRST_BORN, the men after the women.
    identity = f"d.born - %(first_born)s::date + 1 + CASE WHEN d.woman THEN 0 ELSE {BORN_DAYS} END"
    people = _columns(
        Participant,
        {
            "id": "d.person",
            "forbund_id": "(%(forbund)s::bigint[])[d.f + 1]",
            "identity_mode": "CASE WHEN d.identified THEN 'IDENTIFIED' ELSE 'ANONYMOUS' END",
            "personnummer": f"CASE WHEN d.identified THEN (%(numbers)s::text[])[{identity}] ELSE '' END",
            "lookup_key": f"CASE WHEN d.identified THEN (%(lookups)s::text[])[{identity}] ELSE '' END",
            "sex": "CASE WHEN d.woman THEN 'K' ELSE 'M' END",
            "birth_year": "EXTRACT(YEAR FROM d.born)::int",
            "home_kommun_id": "CASE WHEN d.kommun < 2 "
            "THEN (%(kommuner)s::bigint[])[(2 * d.f) %% 160 + d.kommun + 1] END",
        },
    )
    left = "d.enrolled + d.days"
    stays = _columns(
        Participation,
        {
            "id": "d.stay",
            "participant_id": "d.person",
            "intervention_id": "(%(insatser_ids)s::bigint[])[d.f * %(insatser)s + d.insats + 1]",
            "forbund_id": "(%(forbund)s::bigint[])[d.f + 1]",
            "enrolment_date": "d.enrolled",
            "referrer": f"(ARRAY{REFERRERS!r})[d.referrer]",
            "income_before": f"(ARRAY{INCOMES!r})[d.income_before]",
            "occupation_before": f"(ARRAY{BEFORE!r})[d.before]",
            "discharge_date": left,
            "discharge_reason": f"CASE WHEN d.days IS NULL THEN '' ELSE (ARRAY{REASONS!r})[d.reason] END",
            "occupation_after": f"CASE WHEN d.days IS NULL THEN '' ELSE (ARRAY{AFTER!r})[d.after] END",
            "income_after": f"CASE WHEN d.days IS NULL THEN '' ELSE (ARRAY{INCOMES!r})[d.income_after] END",
            "age_at_enrolment": "EXTRACT(YEAR FROM age(d.enrolled, d.born))::int",
            "kommun_at_enrolment_id": "CASE WHEN d.kommun < 2 "
            "THEN (%(kommuner)s::bigint[])[(2 * d.f) %% 160 + d.kommun + 1] END",
            "identified_at_enrolment": "d.identified",
            "record_key": "d.stay_key",
        },
    )
    # Six months after discharge six stays in ten have their follow-up, if that day is within the data's years.
    followed = "d.followed_up AND d.days IS NOT NULL AND d.enrolled + d.days + d.follow_up_days <= %(last_day)s"
    follow_ups = _columns(
        FollowUp,
        {
            "participation_id": "d.stay",
            "kind": f"'{FollowUpKind.SIX_MONTHS.value}'",
            "contacted_on": "d.enrolled + d.days + d.follow_up_days",
            "occupation": f"(ARRAY{AFTER!r})[d.situation]",
            "income": f"(ARRAY{INCOMES!r})[d.income_then]",
        },
    )
    params: dict[str, Any] = {
        "first_born": FIRST_BORN,
        "born_days": BORN_DAYS,
        "numbers": numbers,
        "lookups": lookups,
        "first_day": first_day,
        "discharged": discharged,
        "last_day": first_day + dt.timedelta(days=span),
        "per": per_forbund,
        "span": span,
        "insatser": len(insatser) // len(forbund),
        "total": total,
        "forbund": [f.pk for f in forbund],
        "insatser_ids": [i.pk for i in insatser],
        "kommuner": [k.pk for k in kommuner],
    }

    # Only fixed fragments and numbers of our own are interpolated; the values go as parameters.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [zlib.crc32(seed.encode()) / 2**32])
        cursor.execute(draws, params)
        for model, (columns, values, defaults), where in (
            (Participant, people, "TRUE"),
            (Participation, stays, "TRUE"),
            (FollowUp, follow_ups, followed),
        ):
            table = connection.ops.quote_name(model._meta.db_table)
            target = f"INSERT INTO {table} ({', '.join(columns)})"
            sql = f"{target} SELECT {', '.join(values)} FROM bench_draw d WHERE {where}"  # noqa: S608  # nosec B608
            cursor.execute(sql, {**params, **defaults})


def hand_written_sql(forbund_ids: list[int] | None, start: dt.date, end: dt.date) -> dict:
    """The same figures as the participant report, from one hand-written statement (UNION ALL of groupings)."""
    where = "p.discharge_reason <> 'FELREGISTRERING'"
    params: list = [start, end, start, end, end, end]
    if forbund_ids is not None:
        where += f" AND i.forbund_id IN ({', '.join(['%s'] * len(forbund_ids))})"
        params += forbund_ids
    bands = (
        "CASE WHEN age < 16 THEN '0–15' WHEN age <= 19 THEN '16–19' WHEN age <= 24 THEN '20–24' "
        "WHEN age <= 29 THEN '25–29' WHEN age <= 44 THEN '30–44' WHEN age <= 54 THEN '45–54' "
        "WHEN age <= 64 THEN '55–64' ELSE '65+' END"
    )
    # Only placeholders and fixed SQL fragments are interpolated; the values go as parameters.
    sql = f"""
WITH s AS (
  SELECT p.id, p.referrer, p.income_before, p.occupation_before,
    COALESCE(NULLIF(p.income_after, ''), 'OKAND') AS income_after,
    COALESCE(NULLIF(p.occupation_after, ''), 'OKAND') AS occupation_after,
    p.discharge_date, pt.sex, pt.identity_mode, COALESCE(k.name, 'OKAND') AS kommun, i.registration_no AS regno,
    p.age_at_enrolment AS age,
    CASE WHEN p.enrolment_date >= %s AND p.enrolment_date <= %s THEN 1 ELSE 0 END AS is_new,
    CASE WHEN p.discharge_date >= %s AND p.discharge_date <= %s THEN 1 ELSE 0 END AS is_out,
    CASE WHEN p.enrolment_date <= %s AND (p.discharge_date IS NULL OR p.discharge_date > %s) THEN 1 ELSE 0 END
      AS is_active
  FROM participants_participation p
  JOIN participants_participant pt ON pt.id = p.participant_id
  JOIN interventions_intervention i ON i.id = p.intervention_id
  LEFT JOIN tenancy_kommun k ON k.id = p.kommun_at_enrolment_id
  WHERE {where}
)
SELECT 'total', '', '', SUM(is_new), SUM(is_out), SUM(is_active),
       SUM(CASE WHEN is_new = 1 AND identity_mode = 'ANONYMOUS' THEN 1 ELSE 0 END) FROM s
UNION ALL SELECT 'sex', sex, '', SUM(is_new), SUM(is_out), 0, 0 FROM s WHERE is_new = 1 OR is_out = 1 GROUP BY sex
UNION ALL SELECT 'band', {bands}, '', SUM(is_new), SUM(is_out), 0, 0 FROM s WHERE is_new = 1 OR is_out = 1
  GROUP BY {bands}
UNION ALL SELECT 'referrer', referrer, '', COUNT(*), 0, 0, 0 FROM s WHERE is_new = 1 GROUP BY referrer
UNION ALL SELECT 'kommun', kommun, '', COUNT(*), 0, 0, 0 FROM s WHERE is_new = 1 GROUP BY kommun
UNION ALL SELECT 'insats', regno, '', SUM(is_new), SUM(is_out), SUM(is_active), 0 FROM s
  WHERE is_new = 1 OR is_out = 1 OR is_active = 1 GROUP BY regno
UNION ALL SELECT 'outcome', occupation_after, '', 0, COUNT(*), 0, 0 FROM s WHERE is_out = 1 GROUP BY occupation_after
UNION ALL SELECT 'income', income_before, income_after, 0, COUNT(*), 0, 0 FROM s WHERE is_out = 1
  GROUP BY income_before, income_after
UNION ALL SELECT 'occupation', occupation_before, occupation_after, 0, COUNT(*), 0, 0 FROM s WHERE is_out = 1
  GROUP BY occupation_before, occupation_after
"""  # noqa: S608  # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    out: dict = {}
    for section, key, key2, new, gone, active, anonymous in rows:
        if section == "total":
            out.update(enrolled=new or 0, discharged=gone or 0, active_at_end=active or 0, anonymous=anonymous or 0)
        elif section == "outcome":
            out.setdefault("outcomes", {})[key] = gone
        elif section == "sex":
            out.setdefault("by_sex", {})[key] = {"enrolled": new, "discharged": gone}
        else:
            out.setdefault(section, {})[(key, key2)] = (new, gone, active)
    return out


def best_sql(forbund_ids: list[int] | None, start: dt.date, end: dt.date, threshold: int | None = None) -> dict:
    """The same figures as `hand_written_sql` and the report, written as well as plain SQL allows on PostgreSQL:
    only the stays that touch the period are read, on the stay's own förbund column, and each of three narrow
    groupings is rolled up with GROUPING SETS in one pass: the stays alone by insats and referrer, the persons
    enrolled or discharged by sex, age band and kommun, and the discharged by their situation before and after
    (with how many were due a six-month follow-up); a fourth part takes each discharged stay's latest six-month
    follow-up. With a `threshold` every count also sums its records' keys and is published perturbed, as the
    protected report is (the cell-key method): the baseline for the report outside the handler role."""
    if connection.vendor != "postgresql":
        raise NotImplementedError("The best SQL baseline uses GROUPING SETS: run the benchmark on PostgreSQL.")
    scope = "p.discharge_reason <> 'FELREGISTRERING' AND p.enrolment_date <= %(end)s"
    params: dict = {"start": start, "end": end, "due": add_months(end, -FOLLOW_UP_MONTHS)}
    if forbund_ids is not None:
        scope += " AND p.forbund_id = ANY(%(forbund)s)"
        params["forbund"] = list(forbund_ids)
    new = "(p.enrolment_date >= %(start)s)"
    out = "(p.discharge_date >= %(start)s AND p.discharge_date <= %(end)s)"
    active = "(p.discharge_date IS NULL OR p.discharge_date > %(end)s)"
    keyed = threshold is not None

    def key(condition: str = "TRUE", record: str = "p.record_key") -> str:
        """The sum of the keys of the records counted under `condition` (0 for an exact report, never read)."""
        return f"COALESCE(SUM({record}) FILTER (WHERE {condition}), 0)" if keyed else "0"

    bands = (
        "CASE WHEN age < 16 THEN '0–15' WHEN age <= 19 THEN '16–19' WHEN age <= 24 THEN '20–24' "
        "WHEN age <= 29 THEN '25–29' WHEN age <= 44 THEN '30–44' WHEN age <= 54 THEN '45–54' "
        "WHEN age <= 64 THEN '55–64' ELSE '65+' END"
    )
    # A stay that ended before the period has discharge_date < start: the scope leaves out every stay that
    # neither began, ended nor was active in it. Only fixed fragments are interpolated; values go as parameters.
    sql = f"""
SELECT CASE GROUPING(i.registration_no, p.referrer) WHEN 1 THEN 'insats' WHEN 2 THEN 'referrer' ELSE 'stays' END,
       COALESCE(i.registration_no, p.referrer, ''), '',
       COUNT(*) FILTER (WHERE {new}), COUNT(*) FILTER (WHERE {out}), COUNT(*) FILTER (WHERE {active}), 0,
       {key(new)}, {key(out)}, {key(active)}, 0
FROM participants_participation p JOIN interventions_intervention i ON i.id = p.intervention_id
WHERE {scope} AND (p.discharge_date IS NULL OR p.discharge_date >= %(start)s)
GROUP BY GROUPING SETS ((i.registration_no), (p.referrer), ())
UNION ALL
SELECT CASE GROUPING(sex, band, kommun) WHEN 3 THEN 'sex' WHEN 5 THEN 'band' WHEN 6 THEN 'kommun' ELSE 'total' END,
       COALESCE(sex, band, kommun, ''), '', SUM(is_new), SUM(is_out), 0, SUM(anonymous),
       {key("is_new = 1", "record_key")}, {key("is_out = 1", "record_key")}, 0, {key("anonymous = 1", "record_key")}
FROM (
  SELECT pt.sex, {bands.replace("age", "p.age_at_enrolment")} AS band, COALESCE(k.name, 'OKAND') AS kommun,
         p.record_key,
         CASE WHEN {new} THEN 1 ELSE 0 END AS is_new, CASE WHEN {out} THEN 1 ELSE 0 END AS is_out,
         CASE WHEN {new} AND pt.identity_mode = 'ANONYMOUS' THEN 1 ELSE 0 END AS anonymous
  FROM participants_participation p
  JOIN participants_participant pt ON pt.id = p.participant_id
  LEFT JOIN tenancy_kommun k ON k.id = p.kommun_at_enrolment_id
  WHERE {scope} AND ({new} OR {out})
) persons
GROUP BY GROUPING SETS ((sex), (band), (kommun), ())
UNION ALL
SELECT CASE GROUPING(occupation_before, income_before, after, income) WHEN 13 THEN 'outcome'
         WHEN 10 THEN 'income' WHEN 15 THEN 'due' ELSE 'occupation' END,
       CASE GROUPING(occupation_before, income_before, after, income) WHEN 13 THEN after
         WHEN 10 THEN income_before WHEN 15 THEN '' ELSE occupation_before END,
       CASE GROUPING(occupation_before, income_before, after, income) WHEN 13 THEN ''
         WHEN 10 THEN income WHEN 15 THEN '' ELSE after END,
       COUNT(*) FILTER (WHERE is_due), COUNT(*), 0, 0, {key("is_due", "record_key")}, {key(record="record_key")}, 0, 0
FROM (
  SELECT p.occupation_before, p.income_before, COALESCE(NULLIF(p.occupation_after, ''), 'OKAND') AS after,
         COALESCE(NULLIF(p.income_after, ''), 'OKAND') AS income, p.record_key, p.discharge_date <= %(due)s AS is_due
  FROM participants_participation p
  WHERE {scope} AND {out}
) discharged
GROUP BY GROUPING SETS ((after), (income_before, income), (occupation_before, after), ())
UNION ALL
SELECT 'situation', situation, '', 0, COUNT(*), 0, 0, 0, {key(record="record_key")}, 0, 0
FROM (
  SELECT DISTINCT ON (f.participation_id) COALESCE(NULLIF(f.occupation, ''), 'OKAND') AS situation, p.record_key
  FROM participants_followup f JOIN participants_participation p ON p.id = f.participation_id
  WHERE f.kind = '{FollowUpKind.SIX_MONTHS.value}' AND {scope} AND {out}
  ORDER BY f.participation_id, f.contacted_on DESC, f.id DESC
) latest
GROUP BY situation
"""  # noqa: S608  # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()

    def shown(n: int, k: int) -> int | str:
        return published_count(Cell(n, k), threshold)

    result: dict = {}
    for section, name, name2, new_n, gone, active_n, anonymous, new_k, gone_k, active_k, anonymous_k in rows:
        figures = (shown(new_n, new_k), shown(gone, gone_k), shown(active_n, active_k))
        if section == "total":
            result.update(enrolled=figures[0], discharged=figures[1], anonymous=shown(anonymous, anonymous_k))
        elif section == "stays":
            result["active_at_end"] = figures[2]
        elif section == "outcome":
            result.setdefault("outcomes", {})[name] = figures[1]
        elif section == "due":
            result.setdefault("follow_up", {})["due"] = figures[0]
        elif section == "situation":
            result.setdefault("situation", {})[name] = figures[1]
        elif section == "sex":
            result.setdefault("by_sex", {})[name] = {"enrolled": figures[0], "discharged": figures[1]}
        elif section == "referrer":
            if new_n:
                result.setdefault(section, {})[(name, name2)] = (figures[0], 0, 0)
        elif section == "insats":
            if new_n or gone or active_n:
                result.setdefault(section, {})[(name, name2)] = figures
        elif section in ("band", "kommun"):
            if section == "kommun" and not new_n:
                continue
            result.setdefault(section, {})[(name, name2)] = (figures[0], figures[1] if section == "band" else 0, 0)
        else:
            result.setdefault(section, {})[(name, name2)] = (0, figures[1], 0)
    for name in ("enrolled", "discharged", "active_at_end", "anonymous"):
        result[name] = result.get(name) or 0
    return result


def _time(function, repeat: int) -> list[float]:
    seconds = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - began)
    return seconds


def _shown(figures: dict) -> dict:
    """A group's figures without its zeros: an empty cell is not a row of the SQL's result."""
    return {k: v for k, v in figures.items() if v}


def check_same(report: dict, sql: dict) -> None:
    """The two sides must agree before their times mean anything."""
    pairs = [
        (report["enrolled"], sql["enrolled"]),
        (report["discharged"], sql["discharged"]),
        (report["active_at_end"], sql["active_at_end"]),
        (report["anonymous_enrolled"], sql["anonymous"]),
        (report["by_sex"], sql.get("by_sex", {})),
        (_shown(report["outcomes"]), _shown(sql.get("outcomes", {}))),
        (report["follow_up"]["due"], sql.get("follow_up", {}).get("due", 0)),
        (_shown(report["follow_up"]["situation"]), _shown(sql.get("situation", {}))),
    ]
    for ours, theirs in pairs:
        if ours != theirs:
            raise AssertionError(f"Rapporten och SQL-frågan skiljer sig: {ours} ≠ {theirs}")


def without_follow_up(sql: dict) -> dict:
    """The best SQL's figures that the earlier hand-written statement also has (it left out the follow-ups)."""
    return {key: value for key, value in sql.items() if key not in ("follow_up", "situation")}


THRESHOLD = 5  # the förbund's default: what the protected report is published with


def run(scale: str, repeat: int = 5, quiet: bool = False, write=print) -> tuple[list[Row], float]:
    """Time the report and the SQL statement, exact and protected; the table rows and the ratio of the exact
    report's summed medians to the best SQL's."""
    from samordna.stats import queries
    from samordna.stats.suppression import publish

    began = time.perf_counter()
    forbund = generate(scale, quiet)
    write(f"data_seconds={time.perf_counter() - began:.1f}")
    start, end = report_period(scale)
    one = forbund[0]
    everyone = [f.pk for f in forbund]

    def report(ids: list[int], threshold: int | None):
        single = one if ids == [one.pk] else None
        figures = queries.participant_report(
            single, start, end, forbund_ids=None if single else ids, keyed=threshold is not None
        )
        return publish(figures, threshold)

    for ids in ([one.pk], everyone):
        best = best_sql(ids, start, end)
        check_same(report(ids, None), best)
        if without_follow_up(best) != hand_written_sql(ids, start, end):
            raise AssertionError("Den bästa SQL-frågan och den tidigare handskrivna ger olika tal.")
        check_same(report(ids, THRESHOLD), best_sql(ids, start, end, THRESHOLD))
    timings = []
    for key, ids in (("forbund", [one.pk]), ("country", everyone)):
        timings += [
            Timing(f"report_{key}_year", _time(lambda ids=ids: report(ids, None), repeat)),
            Timing(f"best_sql_{key}_year", _time(lambda ids=ids: best_sql(ids, start, end), repeat)),
            Timing(f"old_sql_{key}_year", _time(lambda ids=ids: hand_written_sql(ids, start, end), repeat)),
            Timing(f"protected_{key}_year", _time(lambda ids=ids: report(ids, THRESHOLD), repeat)),
            Timing(f"protected_sql_{key}_year", _time(lambda ids=ids: best_sql(ids, start, end, THRESHOLD), repeat)),
        ]
    # What one round trip to the database costs under the same load: the report makes five, the best SQL one.
    with connection.cursor() as cursor:
        timings.append(Timing("round_trip", _time(lambda: cursor.execute("SELECT 1") or cursor.fetchall(), 5 * repeat)))
    medians = {t.label: t.median for t in timings}
    write(f"database={connection.vendor} scale={scale} forbund={len(forbund)} participations={SCALES[scale][1]}")
    for t in timings:
        write(f"{t.label}_median_s={t.median:.4f}")
    for key in ("forbund", "country"):
        write(f"report_vs_best_sql_{key}={medians[f'report_{key}_year'] / medians[f'best_sql_{key}_year']:.2f}")
        write(f"old_sql_vs_best_sql_{key}={medians[f'old_sql_{key}_year'] / medians[f'best_sql_{key}_year']:.2f}")
        write(
            f"protected_vs_best_sql_{key}={medians[f'protected_{key}_year'] / medians[f'protected_sql_{key}_year']:.2f}"
        )
    per_forbund = SCALES[scale][1] // SCALES[scale][0]
    scopes = [("forbund", f"ett förbund ({per_forbund} deltaganden)"), ("country", f"alla {len(forbund)} förbund")]
    rows = []
    for kind, label, baseline in (
        ("report", "deltagarrapport", "bästa SQL (period, GROUPING SETS), samma tal"),
        ("protected", "skyddad deltagarrapport (cellnyckel)", "bästa SQL med postnycklarna, samma brus"),
    ):
        sql = "best_sql" if kind == "report" else "protected_sql"
        for key, scope in scopes:
            ours, theirs = medians[f"{kind}_{key}_year"], medians[f"{sql}_{key}_year"]
            rows.append(
                Row("rapport", f"{label}, {scope}, {start.year}", milliseconds(ours), baseline, milliseconds(theirs),
                    ours / theirs, "≤ 1.2")
            )  # fmt: skip
    report_total = medians["report_forbund_year"] + medians["report_country_year"]
    sql_total = medians["best_sql_forbund_year"] + medians["best_sql_country_year"]
    rows.append(
        Row("rapport", "summa av medianerna (exakt)", milliseconds(report_total), "bästa SQL", milliseconds(sql_total),
            report_total / sql_total, "≤ 1.2")
    )  # fmt: skip
    rows.append(
        Row("rapport", "en rundtur till databasen (SELECT 1), samma last", f"{medians['round_trip'] * 1000:.2f} ms",
            "", "", None, "")
    )  # fmt: skip
    return rows, report_total / sql_total


def report_period(scale: str) -> tuple[dt.date, dt.date]:
    """The calendar year in the middle of the synthetic data, which the benchmarks report on."""
    year = FIRST_YEAR + SCALES[scale][3] // 2
    return dt.date(year, 1, 1), dt.date(year, 12, 31)
