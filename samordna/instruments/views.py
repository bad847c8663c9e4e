"""Recording measurements on a stay (through the participant handler's door like every stay page), and the
office's pages that define progression scales and indicator surveys."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from samordna.interventions import permissions as intervention_permissions
from samordna.interventions.models import Intervention
from samordna.lib.errors import Refused
from samordna.lib.forms import add_validation_errors
from samordna.participants.views import stay_form
from samordna.tenancy.models import Forbund
from samordna.tenancy.permissions import Capability
from samordna.tenancy.views import forbund_for

from . import actions, codes, forms, queries
from . import permissions as instrument_permissions
from .models import IndicatorSurvey, ProgressionScale, SurveyHandout

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


# --- Handout codes (the insats's staff) and rewording (its manager) -------------------------------------


def _insats_for_handouts(request, forbund_slug: str, intervention_id: int):
    forbund = forbund_for(request, forbund_slug, Capability.VIEW_CATALOGUE)
    intervention = Intervention.objects.filter(forbund=forbund, pk=intervention_id).first()
    if intervention is None:
        raise Http404(_("Insatsen finns inte."))
    decision = instrument_permissions.check_handouts(request.user, intervention)
    if not decision.allowed:
        raise Refused(decision.reason)
    return forbund, intervention


@login_required
def handouts(request, forbund_slug: str, intervention_id: int):
    """The insats's survey codes: make a batch to print, see how many are used, and reword a survey."""
    forbund, intervention = _insats_for_handouts(request, forbund_slug, intervention_id)
    surveys = queries.current_surveys(forbund)
    form = forms.HandoutForm(request.POST or None, surveys=surveys)
    if request.method == "POST" and form.is_valid():
        try:
            handout = actions.create_handout(request.user, intervention, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Koderna är skapade. Skriv ut dem och ge en kod till varje deltagare."))
            return redirect(
                "instruments:handout", forbund_slug=forbund.slug, intervention_id=intervention.pk, handout_id=handout.pk
            )
    return render(
        request,
        "instruments/handouts.html",
        {
            "forbund": forbund,
            "intervention": intervention,
            "form": form,
            "handouts": queries.handouts(intervention),
            "surveys": surveys,
            "can_reword": intervention_permissions.check_manage(request.user, intervention).allowed,
            "public_url": request.build_absolute_uri(reverse("instruments:answer")),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def handout(request, forbund_slug: str, intervention_id: int, handout_id: int):
    """A batch's unused codes, laid out to print and cut into slips."""
    forbund, intervention = _insats_for_handouts(request, forbund_slug, intervention_id)
    found = SurveyHandout.objects.filter(intervention=intervention, pk=handout_id).select_related("survey").first()
    if found is None:
        raise Http404(_("Kodomgången finns inte."))
    unused = found.codes.filter(used=False).values_list("code", flat=True)
    return render(
        request,
        "instruments/handout.html",
        {
            "forbund": forbund,
            "intervention": intervention,
            "handout": found,
            "codes": [codes.shown(code) for code in unused],
            "public_url": request.build_absolute_uri(reverse("instruments:answer")),
        },
    )


@login_required
def survey_reword(request, forbund_slug: str, intervention_id: int, survey_id: int):
    """The insats manager rewords a survey's questions; an answered version keeps its wording."""
    forbund = forbund_for(request, forbund_slug, Capability.MANAGE_INTERVENTIONS)
    intervention = Intervention.objects.filter(forbund=forbund, pk=intervention_id).first()
    found = IndicatorSurvey.objects.filter(forbund=forbund, pk=survey_id).first()
    if intervention is None or found is None:
        raise Http404(_("Enkäten finns inte."))
    decision = intervention_permissions.check_manage(request.user, intervention)
    if not decision.allowed:
        raise Refused(decision.reason)
    survey = queries.newest_version(found)
    form = forms.RewordForm(request.POST or None, survey=survey)
    if request.method == "POST" and not survey.wording_locked and form.is_valid():
        try:
            saved = actions.reword_survey(request.user, survey, questions=form.questions(), intervention=intervention)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            if saved.pk != survey.pk:
                messages.success(
                    request,
                    _(
                        "Version %(old)s har redan svar och behåller sin formulering. "
                        "De nya formuleringarna är version %(v)s."
                    )
                    % {"old": survey.version, "v": saved.version},
                )
            else:
                messages.success(request, _("Frågorna är omformulerade."))
            return redirect("instruments:handouts", forbund_slug=forbund.slug, intervention_id=intervention.pk)
    return render(
        request,
        "instruments/survey_reword.html",
        {"forbund": forbund, "intervention": intervention, "survey": survey, "form": form},
        status=400 if form.errors else 200,
    )


# --- The public survey page: no login, a handout code opens one answer sheet -----------------------------


def _lockout_message() -> StrOrPromise:
    return _("För många felaktiga koder har skrivits in från den här enheten. Vänta en kvart och försök sedan igen.")


def _refuse_code(request, form, key: str, message) -> HttpResponse:
    actions.register_code_failure(key)
    form.add_error("code", message)
    return render(request, "instruments/answer_code.html", {"form": form}, status=400)


@require_http_methods(["GET", "HEAD", "POST"])
def answer(request):
    """Step one: the code. Step two (the code sent again, hidden, with the answers): the answer sheet."""
    if request.method != "POST":
        return render(request, "instruments/answer_code.html", {"form": forms.CodeForm()})
    key = codes.address_key(request)
    code_form = forms.CodeForm(request.POST)
    if codes.locked(key):
        code_form.is_valid()
        code_form.add_error(None, _lockout_message())
        return render(request, "instruments/answer_code.html", {"form": code_form}, status=429)
    if not code_form.is_valid():
        return render(request, "instruments/answer_code.html", {"form": code_form}, status=400)
    found = queries.open_code(code_form.cleaned_data["code"])
    if found is None:
        return _refuse_code(request, code_form, key, actions.wrong_code_message())
    if found.used:
        return _refuse_code(request, code_form, key, actions.used_code_message())
    survey = queries.newest_version(found.handout.survey)
    if "answering" not in request.POST:
        sheet = forms.AnswerForm(initial={"code": codes.shown(found.code)}, survey=survey)
        return render(request, "instruments/answer_sheet.html", {"form": sheet, "survey": survey})
    sheet = forms.AnswerForm(request.POST, survey=survey)
    if sheet.is_valid():
        try:
            actions.answer_with_code(sheet.cleaned_data["code"], sheet.answers())
        except ValidationError as exc:
            if "code" in getattr(exc, "error_dict", {}):
                return _refuse_code(request, code_form, key, exc.error_dict["code"][0].messages[0])
            add_validation_errors(sheet, exc)
        else:
            return redirect("instruments:answered")
    return render(request, "instruments/answer_sheet.html", {"form": sheet, "survey": survey}, status=400)


@require_safe
def answered(request):
    return render(request, "instruments/answered.html")
