"""Reading measurements: a stay's scores and progression chart, and survey results summed by the database."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q

from . import codes
from .models import HandoutCode, IndicatorSurvey, SurveyAnswer, SurveyHandout

CHART_WIDTH, CHART_HEIGHT, PAD = 320, 120, 10


def progression_series(participation) -> list[dict]:
    """Per scale: the ratings in date order, progression (last − first) and SVG points for a small chart."""
    series: dict[int, dict] = {}
    for rating in participation.progression_ratings.select_related("scale").order_by("rated_on", "pk"):
        entry = series.setdefault(rating.scale_id, {"scale": rating.scale, "ratings": []})
        entry["ratings"].append(rating)
    for entry in series.values():
        scale, ratings = entry["scale"], entry["ratings"]
        low, high = scale.scale_min * len(scale.items), scale.scale_max * len(scale.items)
        entry["progression"] = ratings[-1].total - ratings[0].total if len(ratings) > 1 else None
        step = (CHART_WIDTH - 2 * PAD) / max(len(ratings) - 1, 1)
        entry["points"] = " ".join(
            f"{PAD + i * step:.0f},{CHART_HEIGHT - PAD - (r.total - low) / (high - low) * (CHART_HEIGHT - 2 * PAD):.0f}"
            for i, r in enumerate(ratings)
        )
    return list(series.values())


def survey_results(survey: IndicatorSurvey, intervention=None) -> list[dict]:
    """Share of positive answers per question, counted in the database, against the survey's target."""
    answers = SurveyAnswer.objects.filter(response__survey=survey)
    if intervention is not None:
        answers = answers.filter(response__intervention=intervention)
    counts = {
        row["question"]: row
        for row in answers.values("question").annotate(
            answered=Count("id"), positive=Count("id", filter=Q(value__gte=survey.positive_from))
        )
    }
    results = []
    for number, text in enumerate(survey.questions, start=1):
        row = counts.get(number, {"answered": 0, "positive": 0})
        share = round(100 * row["positive"] / row["answered"], 1) if row["answered"] else None
        met = None if share is None or survey.target_percent is None else share >= survey.target_percent
        results.append(
            {"question": text, "answered": row["answered"], "positive": row["positive"], "share": share, "met": met}
        )
    return results


def newest_version(survey: IndicatorSurvey) -> IndicatorSurvey:
    """The newest version of the survey's code: the one new answer sheets get."""
    return IndicatorSurvey.objects.filter(forbund_id=survey.forbund_id, code=survey.code).latest("version")


def current_surveys(forbund):
    """The newest version of each of the förbund's surveys."""
    newer = IndicatorSurvey.objects.filter(
        forbund=OuterRef("forbund"), code=OuterRef("code"), version__gt=OuterRef("version")
    )
    return IndicatorSurvey.objects.filter(forbund=forbund).exclude(Exists(newer)).order_by("title", "code")


def handouts(intervention):
    """The insats's batches of codes, newest first, with how many codes each has and how many are used."""
    return (
        SurveyHandout.objects.filter(intervention=intervention)
        .select_related("survey")
        .annotate(n_codes=Count("codes"), n_used=Count("codes", filter=Q(codes__used=True)))
    )


def open_code(typed: str) -> HandoutCode | None:
    """The handout code a person typed, with its survey, or None when there is no such code."""
    return (
        HandoutCode.objects.select_related("handout__survey", "handout__intervention")
        .filter(code=codes.normalise(typed))
        .first()
    )
