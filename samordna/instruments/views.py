"""Recording measurements on a stay (through the participant handler's door like every stay page), and the
office's pages that define progression scales and indicator surveys."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from samordna.lib.forms import add_validation_errors
from samordna.participants.views import stay_form
from samordna.tenancy.models import Forbund
from samordna.tenancy.permissions import Capability
from samordna.tenancy.views import forbund_for

from . import actions, forms
from .models import IndicatorSurvey, ProgressionScale

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@login_required
def who5(request, forbund_slug: str, participation_id):
    return stay_form(
        request,
        forbund_slug,
        participation_id,
        forms.Who5Form,
        actions.record_who5,
        _("Registrera WHO-5"),
        _("WHO-5 är registrerat."),
    )


@login_required
def kasam(request, forbund_slug: str, participation_id):
    return stay_form(
        request,
        forbund_slug,
        participation_id,
        forms.KasamForm,
        actions.record_kasam,
        _("Registrera KASAM-summa"),
        _("KASAM-summan är registrerad."),
    )


@login_required
def progression(request, forbund_slug: str, participation_id):
    forbund = Forbund.objects.filter(slug=forbund_slug).first()
    return stay_form(
        request,
        forbund_slug,
        participation_id,
        partial(forms.ProgressionForm, forbund=forbund),
        actions.record_progression,
        _("Registrera progressionsskattning"),
        _("Skattningen är registrerad."),
    )


# --- Defining instruments (förbund admin and office) ---------------------------------------------------


@login_required
def definitions(request, forbund_slug: str):
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_INSTRUMENTS)
    return render(
        request,
        "instruments/definitions.html",
        {
            "forbund": forbund,
            "scales": ProgressionScale.objects.filter(forbund=forbund).annotate(n_ratings=Count("ratings")),
            "surveys": IndicatorSurvey.objects.filter(forbund=forbund).annotate(n_responses=Count("responses")),
        },
    )


# What names a scale or survey across its versions, and the locking, are set when it is created.
FIXED_AFTER_CREATION = ("name", "code", "wording_locked")


def _definition_page(request, forbund, form_class, instance, save, title, fields):
    initial = {name: getattr(instance, name) for name in fields} if instance is not None else None
    form = form_class(request.POST or None, initial=initial)
    for name in FIXED_AFTER_CREATION:
        if instance is not None and name in form.fields:
            form.fields[name].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name in fields}
        try:
            saved = save(data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            if instance is not None and saved.pk != instance.pk:
                messages.success(
                    request,
                    _("Den gamla versionen är redan använd eller låst, så ändringen sparades som version %(v)s.")
                    % {"v": saved.version},
                )
            else:
                messages.success(request, _("Sparat."))
            return redirect("instruments:definitions", forbund_slug=forbund.slug)
    return render(
        request,
        "instruments/definition_form.html",
        {"forbund": forbund, "form": form, "title": title, "instance": instance},
        status=400 if form.errors else 200,
    )


def _definition(request, forbund_slug: str, model, pk: int, missing: StrOrPromise):
    """The förbund (for the office) and its scale or survey `pk`, or 404."""
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_INSTRUMENTS)
    found = model.objects.filter(forbund=forbund, pk=pk).first()
    if found is None:
        raise Http404(missing)
    return forbund, found


SCALE_FORM_FIELDS = ("name", "respondent", "items", "scale_min", "scale_max")
SURVEY_FORM_FIELDS = (
    "code",
    "title",
    "respondent_group",
    "questions",
    "scale_max",
    "positive_from",
    "target_percent",
    "wording_locked",
)


@login_required
def scale_new(request, forbund_slug: str):
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_INSTRUMENTS)
    return _definition_page(
        request,
        forbund,
        forms.ProgressionScaleForm,
        None,
        lambda data: actions.define_progression_scale(request.user, forbund, **data),
        _("Ny progressionsskala"),
        SCALE_FORM_FIELDS,
    )


@login_required
def scale_edit(request, forbund_slug: str, scale_id: int):
    forbund, scale = _definition(request, forbund_slug, ProgressionScale, scale_id, _("Skalan finns inte."))

    def save(data):
        data.pop("name")
        return actions.revise_progression_scale(request.user, scale, **data)

    return _definition_page(
        request, forbund, forms.ProgressionScaleForm, scale, save, _("Ändra progressionsskala"), SCALE_FORM_FIELDS
    )


@login_required
def survey_new(request, forbund_slug: str):
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_INSTRUMENTS)

    def save(data):
        if IndicatorSurvey.objects.filter(forbund=forbund, code=data["code"]).exists():
            raise ValidationError(
                {"code": _("Det finns redan en enkät med koden %(code)s. Ändra den i stället.") % data}
            )
        return actions.define_survey(request.user, forbund, **data)

    return _definition_page(
        request, forbund, forms.IndicatorSurveyForm, None, save, _("Ny indikatorenkät"), SURVEY_FORM_FIELDS
    )


@login_required
def survey_edit(request, forbund_slug: str, survey_id: int):
    forbund, survey = _definition(request, forbund_slug, IndicatorSurvey, survey_id, _("Enkäten finns inte."))

    def save(data):
        data.pop("code")
        data.pop("wording_locked")
        return actions.revise_survey(request.user, survey, **data)

    return _definition_page(
        request, forbund, forms.IndicatorSurveyForm, survey, save, _("Ändra indikatorenkät"), SURVEY_FORM_FIELDS
    )
