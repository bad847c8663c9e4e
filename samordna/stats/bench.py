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
import random
import statistics
import time
import uuid
from dataclasses import dataclass

from django.db import connection, connections, transaction

from .benchtable import Row, milliseconds

SCALES = {
    # förbund, participations, insatser per förbund, years
    "tiny": (2, 600, 3, 10),
    "10k": (4, 10_000, 6, 10),
    "small": (4, 40_000, 6, 10),
    "100k": (8, 100_000, 10, 10),
    "national": (80, 1_000_000, 10, 10),
}
FIRST_YEAR = 2014
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
    from samordna.participants.models import Participant, Participation
    from samordna.tenancy.models import Forbund, Kommun

    n_forbund, n_stays, n_insatser, years = SCALES[scale]
    slugs = [f"bench-{scale}-{i:02d}" for i in range(n_forbund)]
    existing = Forbund.objects.filter(slug__in=slugs)
    if existing.count() == n_forbund and (Participation.objects.filter(forbund__in=existing).count() == n_stays):
        return list(existing.order_by("slug"))
    Participation.objects.filter(forbund__slug__startswith=f"bench-{scale}-").delete()
    Participant.objects.filter(forbund__slug__startswith=f"bench-{scale}-").delete()
    Intervention.objects.filter(forbund__slug__startswith=f"bench-{scale}-").delete()
    Forbund.objects.filter(slug__startswith=f"bench-{scale}-").delete()

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
    with _progress(n_stays, "Syntetiska deltaganden", quiet) as bar:
        for f_index, f in enumerate(forbund):
            mine = insatser[f_index * n_insatser : (f_index + 1) * n_insatser]
            own_kommuner = kommuner[(2 * f_index) % 160 : (2 * f_index) % 160 + 2]
            for start in range(0, per_forbund, BATCH):
                count = min(BATCH, per_forbund - start)
                people, stays = [], []
                for _ in range(count):
                    identified = rng.random() < 0.8
                    born = dt.date(1955, 1, 1) + dt.timedelta(days=rng.randrange(365 * 48))
                    sex = rng.choice("KM")
                    person = Participant(
                        id=uuid.UUID(int=rng.getrandbits(128)),
                        forbund=f,
                        identity_mode="IDENTIFIED" if identified else "ANONYMOUS",
                        personnummer=f"{born:%Y%m%d}{rng.randrange(1000):03d}{rng.randrange(10)}" if identified else "",
                        lookup_key=uuid.UUID(int=rng.getrandbits(128)).hex if identified else "",
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
                    _insert(Participant, people)
                    _insert(Participation, stays)
                bar.update(count)
    if connection.vendor == "postgresql":
        # What autovacuum would soon do to freshly loaded tables, done before the timing rather than during it:
        # statistics for the planner, and hint bits and the visibility map set once. VACUUM cannot run inside a
        # transaction; there ANALYZE alone gives the statistics.
        tables = [model._meta.db_table for model in (Kommun, Forbund, Intervention, Participant, Participation)]
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            cursor.execute(f"{command} {', '.join(tables)}")
    return forbund


def _insert(model, objects: list) -> None:
    """Store new rows as bulk_create would: on PostgreSQL through COPY, many times faster for a million rows."""
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=BATCH)
        return
    db = connections[model.objects.db]  # the wrapper itself: the `connection` proxy costs a lookup per value
    fields = model._meta.concrete_fields
    table = db.ops.quote_name(model._meta.db_table)
    columns = ", ".join(db.ops.quote_name(field.column) for field in fields)
    # The values are prepared per field as for an INSERT (pre_save fills created_at), so both paths store the same.
    with db.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for obj in objects:
            copy.write_row([field.get_db_prep_save(field.pre_save(obj, True), db) for field in fields])


def _sql_functions():
    if connection.vendor == "postgresql":
        return (
            "CAST(EXTRACT(YEAR FROM {0}) AS INTEGER)",
            "CAST(EXTRACT(MONTH FROM {0}) AS INTEGER)",
            "CAST(EXTRACT(DAY FROM {0}) AS INTEGER)",
        )
    # Doubled percent signs: the statement goes through the driver's parameter formatting.
    return (
        "CAST(strftime('%%Y', {0}) AS INTEGER)",
        "CAST(strftime('%%m', {0}) AS INTEGER)",
        "CAST(strftime('%%d', {0}) AS INTEGER)",
    )


def hand_written_sql(forbund_ids: list[int] | None, start: dt.date, end: dt.date) -> dict:
    """The same figures as the participant report, from one hand-written statement (UNION ALL of groupings)."""
    year, month, day = _sql_functions()
    e = "p.enrolment_date"
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
    {year.format(e)} - pt.birth_year - CASE WHEN pt.identity_mode = 'IDENTIFIED'
      AND CAST(SUBSTR(pt.personnummer, 5, 2) AS INTEGER) * 100 + CAST(SUBSTR(pt.personnummer, 7, 2) AS INTEGER) %% 60
        > {month.format(e)} * 100 + {day.format(e)} THEN 1 ELSE 0 END AS age,
    CASE WHEN p.enrolment_date >= %s AND p.enrolment_date <= %s THEN 1 ELSE 0 END AS is_new,
    CASE WHEN p.discharge_date >= %s AND p.discharge_date <= %s THEN 1 ELSE 0 END AS is_out,
    CASE WHEN p.enrolment_date <= %s AND (p.discharge_date IS NULL OR p.discharge_date > %s) THEN 1 ELSE 0 END
      AS is_active
  FROM participants_participation p
  JOIN participants_participant pt ON pt.id = p.participant_id
  JOIN interventions_intervention i ON i.id = p.intervention_id
  LEFT JOIN tenancy_kommun k ON k.id = pt.home_kommun_id
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


def best_sql(forbund_ids: list[int] | None, start: dt.date, end: dt.date) -> dict:
    """The same figures as `hand_written_sql` (and the report), written as well as plain SQL allows on PostgreSQL:
    only the stays that touch the period are read, on the stay's own förbund column, and each of three narrow
    groupings is rolled up with GROUPING SETS in one pass: the stays alone by insats and referrer, the persons
    enrolled or discharged by sex, age band and kommun, and the discharged by their situation before and after."""
    if connection.vendor != "postgresql":
        raise NotImplementedError("The best SQL baseline uses GROUPING SETS: run the benchmark on PostgreSQL.")
    scope = "p.discharge_reason <> 'FELREGISTRERING' AND p.enrolment_date <= %(end)s"
    params: dict = {"start": start, "end": end}
    if forbund_ids is not None:
        scope += " AND p.forbund_id = ANY(%(forbund)s)"
        params["forbund"] = list(forbund_ids)
    new = "(p.enrolment_date >= %(start)s)"
    out = "(p.discharge_date >= %(start)s AND p.discharge_date <= %(end)s)"
    active = "(p.discharge_date IS NULL OR p.discharge_date > %(end)s)"
    age = (
        "EXTRACT(YEAR FROM p.enrolment_date)::int - pt.birth_year - CASE WHEN pt.identity_mode = 'IDENTIFIED' "
        "AND SUBSTR(pt.personnummer, 5, 2)::int * 100 + SUBSTR(pt.personnummer, 7, 2)::int %% 60 "
        "> EXTRACT(MONTH FROM p.enrolment_date)::int * 100 + EXTRACT(DAY FROM p.enrolment_date)::int "
        "THEN 1 ELSE 0 END"
    )
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
       COUNT(*) FILTER (WHERE {new}), COUNT(*) FILTER (WHERE {out}), COUNT(*) FILTER (WHERE {active}), 0
FROM participants_participation p JOIN interventions_intervention i ON i.id = p.intervention_id
WHERE {scope} AND (p.discharge_date IS NULL OR p.discharge_date >= %(start)s)
GROUP BY GROUPING SETS ((i.registration_no), (p.referrer), ())
UNION ALL
SELECT CASE GROUPING(sex, band, kommun) WHEN 3 THEN 'sex' WHEN 5 THEN 'band' WHEN 6 THEN 'kommun' ELSE 'total' END,
       COALESCE(sex, band, kommun, ''), '', SUM(is_new), SUM(is_out), 0, SUM(anonymous)
FROM (
  SELECT pt.sex, {bands.replace("age", "a.age")} AS band, COALESCE(k.name, 'OKAND') AS kommun,
         CASE WHEN {new} THEN 1 ELSE 0 END AS is_new, CASE WHEN {out} THEN 1 ELSE 0 END AS is_out,
         CASE WHEN {new} AND pt.identity_mode = 'ANONYMOUS' THEN 1 ELSE 0 END AS anonymous
  FROM participants_participation p
  JOIN participants_participant pt ON pt.id = p.participant_id
  LEFT JOIN tenancy_kommun k ON k.id = pt.home_kommun_id
  CROSS JOIN LATERAL (SELECT {age} AS age) a
  WHERE {scope} AND ({new} OR {out})
) persons
GROUP BY GROUPING SETS ((sex), (band), (kommun), ())
UNION ALL
SELECT CASE GROUPING(occupation_before, income_before, after, income) WHEN 13 THEN 'outcome'
         WHEN 10 THEN 'income' ELSE 'occupation' END,
       CASE GROUPING(occupation_before, income_before, after, income) WHEN 13 THEN after
         WHEN 10 THEN income_before ELSE occupation_before END,
       CASE GROUPING(occupation_before, income_before, after, income) WHEN 13 THEN ''
         WHEN 10 THEN income ELSE after END,
       0, COUNT(*), 0, 0
FROM (
  SELECT p.occupation_before, p.income_before, COALESCE(NULLIF(p.occupation_after, ''), 'OKAND') AS after,
         COALESCE(NULLIF(p.income_after, ''), 'OKAND') AS income
  FROM participants_participation p
  WHERE {scope} AND {out}
) discharged
GROUP BY GROUPING SETS ((after), (income_before, income), (occupation_before, after))
"""  # noqa: S608  # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    result: dict = {}
    for section, key, key2, new_n, gone, active_n, anonymous in rows:
        if section == "total":
            result.update(enrolled=new_n, discharged=gone, anonymous=anonymous)
        elif section == "stays":
            result["active_at_end"] = active_n
        elif section == "outcome":
            result.setdefault("outcomes", {})[key] = gone
        elif section == "sex":
            result.setdefault("by_sex", {})[key] = {"enrolled": new_n, "discharged": gone}
        elif section == "referrer":
            if new_n:
                result.setdefault(section, {})[(key, key2)] = (new_n, 0, 0)
        elif section == "insats":
            if new_n or gone or active_n:
                result.setdefault(section, {})[(key, key2)] = (new_n, gone, active_n)
        elif section in ("band", "kommun"):
            if section == "kommun" and not new_n:
                continue
            figures = (new_n, gone, 0) if section == "band" else (new_n, 0, 0)
            result.setdefault(section, {})[(key, key2)] = figures
        else:
            result.setdefault(section, {})[(key, key2)] = (0, gone, 0)
    for key in ("enrolled", "discharged", "active_at_end", "anonymous"):
        result[key] = result.get(key) or 0
    return result


def _time(function, repeat: int) -> list[float]:
    seconds = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - began)
    return seconds


def check_same(report: dict, sql: dict) -> None:
    """The two sides must agree before their times mean anything."""
    pairs = [
        (report["enrolled"], sql["enrolled"]),
        (report["discharged"], sql["discharged"]),
        (report["active_at_end"], sql["active_at_end"]),
        (report["anonymous_enrolled"], sql["anonymous"]),
        (report["by_sex"], sql.get("by_sex", {})),
        ({k: v for k, v in report["outcomes"].items() if v}, sql.get("outcomes", {})),
    ]
    for ours, theirs in pairs:
        if ours != theirs:
            raise AssertionError(f"Rapporten och SQL-frågan skiljer sig: {ours} ≠ {theirs}")


def run(scale: str, repeat: int = 5, quiet: bool = False, write=print) -> tuple[list[Row], float]:
    """Time the report and the SQL statement; the table rows and the ratio of their summed medians."""
    from samordna.stats import queries
    from samordna.stats.suppression import publish

    began = time.perf_counter()
    forbund = generate(scale, quiet)
    write(f"data_seconds={time.perf_counter() - began:.1f}")
    start, end = report_period(scale)
    one = forbund[0]
    everyone = [f.pk for f in forbund]

    def report_one():
        return publish(queries.participant_report(one, start, end, keyed=False), None)

    def report_all():
        return publish(queries.participant_report(None, start, end, forbund_ids=everyone, keyed=False), None)

    for ids, report in (([one.pk], report_one), (everyone, report_all)):
        best = best_sql(ids, start, end)
        check_same(report(), best)
        if best != hand_written_sql(ids, start, end):
            raise AssertionError("Den bästa SQL-frågan och den tidigare handskrivna ger olika tal.")
    timings = [
        Timing("report_forbund_year", _time(report_one, repeat)),
        Timing("best_sql_forbund_year", _time(lambda: best_sql([one.pk], start, end), repeat)),
        Timing("old_sql_forbund_year", _time(lambda: hand_written_sql([one.pk], start, end), repeat)),
        Timing("report_country_year", _time(report_all, repeat)),
        Timing("best_sql_country_year", _time(lambda: best_sql(everyone, start, end), repeat)),
        Timing("old_sql_country_year", _time(lambda: hand_written_sql(everyone, start, end), repeat)),
    ]
    medians = {t.label: t.median for t in timings}
    write(f"database={connection.vendor} scale={scale} forbund={len(forbund)} participations={SCALES[scale][1]}")
    for t in timings:
        write(f"{t.label}_median_s={t.median:.4f}")
    report_total = medians["report_forbund_year"] + medians["report_country_year"]
    sql_total = medians["best_sql_forbund_year"] + medians["best_sql_country_year"]
    for key in ("forbund", "country"):
        write(f"report_vs_best_sql_{key}={medians[f'report_{key}_year'] / medians[f'best_sql_{key}_year']:.2f}")
        write(f"old_sql_vs_best_sql_{key}={medians[f'old_sql_{key}_year'] / medians[f'best_sql_{key}_year']:.2f}")
    per_forbund = SCALES[scale][1] // SCALES[scale][0]
    rows = [
        Row(
            "rapport",
            f"deltagarrapport, {scope}, {start.year}",
            milliseconds(medians[f"report_{key}_year"]),
            "bästa SQL (period, GROUPING SETS), samma tal",
            milliseconds(medians[f"best_sql_{key}_year"]),
            medians[f"report_{key}_year"] / medians[f"best_sql_{key}_year"],
            "≤ 1.2",
        )
        for key, scope in [
            ("forbund", f"ett förbund ({per_forbund} deltaganden)"),
            ("country", f"alla {len(forbund)} förbund"),
        ]
    ]
    rows.append(
        Row(
            "rapport",
            "summa av medianerna",
            milliseconds(report_total),
            "bästa SQL",
            milliseconds(sql_total),
            report_total / sql_total,
            "≤ 1.2",
        )
    )
    return rows, report_total / sql_total


def report_period(scale: str) -> tuple[dt.date, dt.date]:
    """The calendar year in the middle of the synthetic data, which the benchmarks report on."""
    year = FIRST_YEAR + SCALES[scale][3] // 2
    return dt.date(year, 1, 1), dt.date(year, 12, 31)
