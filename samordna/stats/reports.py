"""Each report ready to leave the database: built by `queries`, published through suppression, with the facts
of how it was made. Pages, the API and the console all call these, so they cannot disagree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils.translation import gettext_lazy as _

from samordna.tenancy.models import Forbund

from . import queries
from .suppression import publish

META = ("forbund", "insatser", "from", "to", "year", "suppressed", "threshold")


def _meta(forbund: Forbund, covered, threshold: int | None, **period) -> dict:
    from samordna.interventions.models import Intervention

    names = None
    if covered is not None:
        names = list(
            Intervention.objects.filter(pk__in=covered)
            .order_by("registration_no")
            .values_list("registration_no", flat=True)
        )
    return {
        "forbund": forbund.slug,
        "insatser": names,
        **{key: value.isoformat() if isinstance(value, dt.date) else value for key, value in period.items()},
        "suppressed": threshold is not None,
        "threshold": threshold,
    }


def body(report: dict) -> dict:
    """The report without its facts, for pages and files.

    The facts' "insatser" lists the registration numbers covered; Uppföljning Finsam uses the same key for its table
    of insatser, which is the report itself and stays.
    """
    return {key: value for key, value in report.items() if key not in META or _is_table(value)}


def _is_table(value) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(row, dict) for row in value)


def participants(
    forbund: Forbund,
    start: dt.date,
    end: dt.date,
    covered,
    threshold: int | None,
    age_bands: Sequence = queries.DEFAULT_AGE_BANDS,
) -> dict:
    # Exact readers need no cell keys; leaving them out spares the database their sums.
    report = queries.participant_report(forbund, start, end, covered, age_bands, keyed=threshold is not None)
    return {**_meta(forbund, covered, threshold, **{"from": start, "to": end}), **publish(report, threshold)}


def monthly(forbund: Forbund, year: int, covered, threshold: int | None) -> dict:
    report = queries.monthly_report(forbund, year, covered)
    return {**_meta(forbund, covered, threshold, year=year), "months": publish(report["insatser"], threshold)}


def goals(forbund: Forbund, start: dt.date, end: dt.date, covered, threshold: int | None) -> dict:
    report = queries.goal_attainment(forbund, start, end, covered)
    return {**_meta(forbund, covered, threshold, **{"from": start, "to": end}), "goals": publish(report, threshold)}


def insatser(forbund: Forbund, start: dt.date, end: dt.date, covered, threshold: int | None, *, costs: bool) -> dict:
    out = {
        **_meta(forbund, covered, threshold, **{"from": start, "to": end}),
        "insats_report": publish(queries.insats_report(forbund, start, end, covered), threshold),
        "volume_counts": publish(queries.volume_by_organisation(forbund, start, end, covered), threshold),
    }
    if costs:
        cost = queries.cost_report(forbund, end.year, covered)
        out["cost_report"] = publish({key: value for key, value in cost.items() if key != "year"}, threshold)
    return out


def questionnaires(forbund: Forbund, start: dt.date, end: dt.date, covered, threshold: int | None) -> dict:
    return {
        **_meta(forbund, covered, threshold, **{"from": start, "to": end}),
        "who5": publish(queries.who5_change(forbund, start, end, covered), threshold),
        "surveys": publish(queries.survey_shares(forbund, start, end, covered), threshold),
    }


def social_accounts(forbund: Forbund, year: int) -> dict:
    """The socialt bokslut and the goals of the förbund's annual report. It is a public document: protected with
    the förbund's threshold for every reader, as for everyone but a participant handler."""
    threshold = forbund.suppression_threshold
    rows = queries.social_accounts(forbund, year)
    # The planned number is a target from the decision, not a count of people: it is shown as decided.
    planned = [row.pop("planned_participants") for row in rows]
    published = publish(rows, threshold)
    for row, number in zip(published, planned, strict=True):
        row["planned_participants"] = number
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return {
        "threshold": threshold,
        "insatser": published,
        "goals": publish(
            queries.goal_attainment(
                forbund, start, end, list(queries.insatser_of_year(forbund, year).values_list("pk", flat=True))
            ),
            threshold,
        ),
    }


def finsam(forbund: Forbund, year: int) -> dict:
    """Exact by design (DOMAIN.md §6.4): FK registers the numbers."""
    return publish(queries.finsam_export(forbund, year), None)


TITLES = {
    "participants": _("Deltagarrapport"),
    "monthly": _("Månadsrapport"),
    "goals": _("Måluppfyllelse"),
    "insatser": _("Insatser och kostnader"),
    "questionnaires": _("Enkäter och skattningar"),
    "finsam": _("Uppföljning Finsam"),
}
