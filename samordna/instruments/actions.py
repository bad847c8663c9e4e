"""Every write to measurements and surveys; measurements follow the participant handler's insats scope."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.audit.actions import diff, record
from samordna.interventions import permissions as intervention_permissions
from samordna.interventions.models import Intervention
from samordna.lib.dates import refuse_future
from samordna.lib.errors import Refused
from samordna.participants import access
from samordna.participants.models import Participation
from samordna.tenancy import permissions
from samordna.tenancy.models import Forbund, User
from samordna.tenancy.permissions import Capability

from . import codes, queries
from . import permissions as instrument_permissions
from .models import (
    CodeAttemptFailure,
    HandoutCode,
    IndicatorSurvey,
    KasamScore,
    ProgressionRating,
    ProgressionScale,
    SurveyAnswer,
    SurveyHandout,
    SurveyResponse,
    Who5,
)


def _require(decision) -> None:
    if not decision.allowed:
        raise Refused(decision.reason)


def _require_stay(actor: User | None, participation: Participation) -> None:
    if actor is not None:
        intervention = participation.intervention
        _require(access.check_intervention(actor, intervention.forbund, intervention))


def _measured_on_message() -> str:
    return _("Datumet för mätningen kan inte ligga i framtiden: registrera svaret den dag det lämnades.")


def _measured(actor, participation: Participation, action: str, obj, changes: dict) -> None:
    record(actor, action, obj, forbund=participation.intervention.forbund, changes=changes)


@transaction.atomic
def record_who5(
    actor: User | None, participation: Participation, *, answered_on: dt.date, items: Sequence[int]
) -> Who5:
    _require_stay(actor, participation)
    refuse_future("answered_on", answered_on, _measured_on_message())
    items = [int(i) for i in items]
    raw, percent, flagged = Who5.score(items)
    who5 = Who5.objects.create(
        participation=participation, answered_on=answered_on, items=items, raw=raw, percent=percent, flagged=flagged
    )
    _measured(actor, participation, "instrument.who5", who5, {"percent": percent, "flagged": flagged})
    return who5


@transaction.atomic
def record_kasam(
    actor: User | None, participation: Participation, *, version: str, answered_on: dt.date, total: int
) -> KasamScore:
    _require_stay(actor, participation)
    refuse_future("answered_on", answered_on, _measured_on_message())
    score = KasamScore(participation=participation, version=version, answered_on=answered_on, total=total)
    score.full_clean()
    score.save()
    _measured(actor, participation, "instrument.kasam", score, {"version": version, "total": total})
    return score


@transaction.atomic
def define_progression_scale(actor: User | None, forbund: Forbund, **fields) -> ProgressionScale:
    if actor is not None:
        _require(permissions.check(actor, forbund, Capability.MANAGE_INSTRUMENTS))
    items = [str(i).strip() for i in fields.pop("items", []) if str(i).strip()]
    if not items:
        raise ValidationError({"items": _("Skalan behöver minst en fråga.")})
    latest = ProgressionScale.objects.filter(forbund=forbund, name=fields["name"]).order_by("-version").first()
    scale = ProgressionScale(forbund=forbund, items=items, version=latest.version + 1 if latest else 1, **fields)
    if scale.scale_max <= scale.scale_min:
        raise ValidationError({"scale_max": _("Högsta värdet måste vara större än lägsta.")})
    scale.full_clean()
    scale.save()
    record(actor, "instrument.progression_scale", scale, forbund=forbund, changes={"items": len(items)})
    return scale


SCALE_FIELDS = ("respondent", "items", "scale_min", "scale_max")


@transaction.atomic
def revise_progression_scale(actor: User | None, scale: ProgressionScale, **changes) -> ProgressionScale:
    """Change a scale. Once anyone has been rated with it, its wording is fixed: the change becomes a new version
    of the same scale, and earlier ratings keep pointing at the version they were made with."""
    if actor is not None:
        _require(permissions.check(actor, scale.forbund, Capability.MANAGE_INSTRUMENTS))
    scale = ProgressionScale.objects.select_for_update().get(pk=scale.pk)
    unknown = set(changes) - set(SCALE_FIELDS)
    if unknown:
        raise ValidationError(_("Fältet %(field)s kan inte ändras här.") % {"field": ", ".join(sorted(unknown))})
    current = {name: getattr(scale, name) for name in SCALE_FIELDS}
    wanted = {**current, **changes}
    wanted["items"] = [str(i).strip() for i in wanted["items"] if str(i).strip()]
    if wanted == current:
        return scale
    newest = ProgressionScale.objects.filter(forbund=scale.forbund, name=scale.name).latest("version")
    if scale.ratings.exists() or newest.pk != scale.pk:
        return define_progression_scale(actor, scale.forbund, name=scale.name, **wanted)
    if not wanted["items"]:
        raise ValidationError({"items": _("Skalan behöver minst en fråga.")})
    if wanted["scale_max"] <= wanted["scale_min"]:
        raise ValidationError({"scale_max": _("Högsta värdet måste vara större än lägsta.")})
    for name, value in wanted.items():
        setattr(scale, name, value)
    scale.full_clean()
    scale.save()
    record(actor, "instrument.progression_scale.update", scale, changes={"items": len(wanted["items"])})
    return scale


@transaction.atomic
def record_progression(
    actor: User | None,
    participation: Participation,
    *,
    scale: ProgressionScale,
    rated_on: dt.date,
    values: Sequence[int],
) -> ProgressionRating:
    _require_stay(actor, participation)
    refuse_future("rated_on", rated_on, _("Skattningsdatumet kan inte ligga i framtiden."))
    if scale.forbund_id != participation.intervention.forbund_id:
        raise ValidationError({"scale": _("Skalan hör till ett annat förbund.")})
    values = [int(v) for v in values]
    if len(values) != len(scale.items) or any(not scale.scale_min <= v <= scale.scale_max for v in values):
        raise ValidationError(
            {
                "values": _("Ange ett värde %(low)s–%(high)s för var och en av skalans %(n)s frågor.")
                % {"low": scale.scale_min, "high": scale.scale_max, "n": len(scale.items)}
            }
        )
    rating = ProgressionRating.objects.create(
        participation=participation, scale=scale, rated_on=rated_on, values=values, total=sum(values)
    )
    _measured(actor, participation, "instrument.progression", rating, {"scale": str(scale), "total": rating.total})
    return rating


@transaction.atomic
def define_survey(actor: User | None, forbund: Forbund, **fields) -> IndicatorSurvey:
    if actor is not None:
        _require(permissions.check(actor, forbund, Capability.MANAGE_INSTRUMENTS))
    return _create_survey(actor, forbund, fields)


def _create_survey(actor: User | None, forbund: Forbund, fields: dict) -> IndicatorSurvey:
    """A new survey or version; the caller has checked that `actor` may make it."""
    survey = IndicatorSurvey(forbund=forbund, **fields)
    if not survey.questions:
        raise ValidationError({"questions": _("Enkäten behöver minst en fråga.")})
    survey.full_clean()
    survey.save()
    record(
        actor, "instrument.survey.define", survey, forbund=forbund, changes={"code": survey.code, "v": survey.version}
    )
    return survey


def _require_rewording(actor: User, survey: IndicatorSurvey, intervention: Intervention | None) -> None:
    """The office rewords any survey of its förbund; an insats manager rewords from the page of an own insats."""
    if intervention is not None and intervention.forbund_id == survey.forbund_id:
        _require(intervention_permissions.check_manage(actor, intervention))
    else:
        _require(permissions.check(actor, survey.forbund, Capability.MANAGE_INSTRUMENTS))


@transaction.atomic
def reword_survey(
    actor: User | None,
    survey: IndicatorSurvey,
    *,
    questions: Sequence[str],
    intervention: Intervention | None = None,
) -> IndicatorSurvey:
    """Reword the questions of a survey whose wording is not locked, keeping their number and order.

    A version somebody has answered keeps the wording they answered: the new wording becomes the next version,
    which new answer sheets get. An unanswered newest version is reworded in place. A locked (NNS) wording is
    never reworded: the national questions may not be changed.
    """
    if actor is not None:
        _require_rewording(actor, survey, intervention)
    survey = IndicatorSurvey.objects.select_for_update().get(pk=survey.pk)
    if survey.wording_locked:
        raise ValidationError(
            _(
                "Formuleringarna i %(survey)s är låsta och får inte ändras. Lägg upp en ny version av enkäten "
                "om frågorna ska se annorlunda ut."
            )
            % {"survey": survey}
        )
    wanted = [str(q).strip() for q in questions]
    if len(wanted) != len(survey.questions) or not all(wanted):
        raise ValidationError(
            {
                "questions": _(
                    "Skriv en formulering för var och en av enkätens %(n)s frågor. En fråga läggs till eller tas "
                    "bort genom en ny enkät."
                )
                % {"n": len(survey.questions)}
            }
        )
    return _revise(actor, survey, {"questions": wanted}, event="instrument.survey.reword")


SURVEY_FIELDS = ("title", "respondent_group", "questions", "scale_max", "positive_from", "target_percent")


@transaction.atomic
def revise_survey(actor: User | None, survey: IndicatorSurvey, **changes) -> IndicatorSurvey:
    """Change a survey. A locked or already answered version keeps its wording: the change becomes the next
    version of the same code (locked like the one before). An unlocked, unanswered draft is changed in place."""
    if actor is not None:
        _require(permissions.check(actor, survey.forbund, Capability.MANAGE_INSTRUMENTS))
    survey = IndicatorSurvey.objects.select_for_update().get(pk=survey.pk)
    unknown = set(changes) - set(SURVEY_FIELDS)
    if unknown:
        raise ValidationError(_("Fältet %(field)s kan inte ändras här.") % {"field": ", ".join(sorted(unknown))})
    return _revise(actor, survey, changes, event="instrument.survey.update")


def _revise(actor: User | None, survey: IndicatorSurvey, changes: dict, *, event: str) -> IndicatorSurvey:
    current = {name: getattr(survey, name) for name in SURVEY_FIELDS}
    wanted = {**current, **changes}
    wanted["questions"] = [str(q).strip() for q in wanted["questions"] if str(q).strip()]
    if wanted == current:
        return survey
    newest = queries.newest_version(survey)
    if survey.wording_locked or survey.responses.exists() or newest.pk != survey.pk:
        return _create_survey(
            actor,
            survey.forbund,
            {"code": survey.code, "version": newest.version + 1, "wording_locked": survey.wording_locked, **wanted},
        )
    if not wanted["questions"]:
        raise ValidationError({"questions": _("Enkäten behöver minst en fråga.")})
    before = {name: getattr(survey, name) for name in SURVEY_FIELDS}
    for name, value in wanted.items():
        setattr(survey, name, value)
    survey.full_clean()
    survey.save()
    record(actor, event, survey, changes=diff(survey, before, SURVEY_FIELDS))
    return survey


def _check_survey_answerer(actor: User, intervention: Intervention) -> None:
    _require(instrument_permissions.check_handouts(actor, intervention))


@transaction.atomic
def record_survey_response(
    actor: User | None,
    survey: IndicatorSurvey,
    *,
    intervention: Intervention,
    answered_on: dt.date,
    answers: Sequence[int | None],
) -> SurveyResponse:
    """Store one anonymous answer sheet for an insats. Unanswered questions are left out."""
    if actor is not None:
        _check_survey_answerer(actor, intervention)
    if intervention.forbund_id != survey.forbund_id:
        raise ValidationError({"intervention": _("Insatsen hör till ett annat förbund än enkäten.")})
    refuse_future("answered_on", answered_on, _measured_on_message())
    if len(answers) != len(survey.questions):
        raise ValidationError({"answers": _("Svaren ska vara lika många som enkätens frågor.")})
    if any(a is not None and not 1 <= int(a) <= survey.scale_max for a in answers):
        raise ValidationError({"answers": _("Svaren ska ligga mellan 1 och %(max)s.") % {"max": survey.scale_max}})
    response = SurveyResponse.objects.create(survey=survey, intervention=intervention, answered_on=answered_on)
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(response=response, question=n, value=int(a))
        for n, a in enumerate(answers, start=1)
        if a is not None
    )
    record(actor, "instrument.survey.answer", response, forbund=intervention.forbund, changes={"survey": str(survey)})
    return response


# --- Handout codes and the public survey page --------------------------------------------------------------


@transaction.atomic
def create_handout(actor: User | None, intervention: Intervention, *, survey: IndicatorSurvey, count: int):
    """A batch of `count` new codes for `survey` in `intervention`, to print and hand out one per participant."""
    if actor is not None:
        _check_survey_answerer(actor, intervention)
    if survey.forbund_id != intervention.forbund_id:
        raise ValidationError({"survey": _("Enkäten hör till ett annat förbund än insatsen.")})
    if not 1 <= count <= codes.MAX_BATCH:
        raise ValidationError({"count": _("Skapa mellan 1 och %(max)s koder åt gången.") % {"max": codes.MAX_BATCH}})
    handout = SurveyHandout.objects.create(
        survey=survey,
        intervention=intervention,
        created_on=timezone.localdate(),
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    drawn: set[str] = set()
    while len(drawn) < count:
        candidate = codes.draw()
        if candidate not in drawn and not HandoutCode.objects.filter(code=candidate).exists():
            drawn.add(candidate)
    HandoutCode.objects.bulk_create(HandoutCode(handout=handout, code=code) for code in sorted(drawn))
    # The codes themselves stay out of the log: whoever reads it could otherwise answer with them.
    record(actor, "instrument.survey.handout", handout, forbund=intervention.forbund, changes={"codes": count})
    return handout


def wrong_code_message() -> str:
    return _("Koden finns inte. Kontrollera att du har skrivit av den rätt, eller fråga den som gav dig koden.")


def used_code_message() -> str:
    return _("Koden är redan använd. Varje kod kan bara användas en gång. Fråga efter en ny kod om du inte har svarat.")


@transaction.atomic
def answer_with_code(typed_code: str, answers: Sequence[int | None]) -> SurveyResponse:
    """Record one anonymous answer sheet on the public page, opened by a handout code that is then used up.

    The answers go to the newest version of the code's survey and to its insats; the code is only marked used.
    """
    found = queries.open_code(typed_code)
    if found is None:
        raise ValidationError({"code": wrong_code_message()})
    # Marked used first, in the same transaction: of two sheets sent with one code at once, only one gets here.
    if not HandoutCode.objects.filter(pk=found.pk, used=False).update(used=True):
        raise ValidationError({"code": used_code_message()})
    return record_survey_response(
        None,
        queries.newest_version(found.handout.survey),
        intervention=found.handout.intervention,
        answered_on=timezone.localdate(),
        answers=answers,
    )


@transaction.atomic
def register_code_failure(address_key: str) -> None:
    """Count a wrong or used code against the (hashed) address it came from, for the lock-out."""
    now = timezone.now()
    CodeAttemptFailure.objects.filter(at__lt=codes.window_start(now)).delete()
    CodeAttemptFailure.objects.create(address_key=address_key, at=now)
