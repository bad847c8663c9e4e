"""Recording measurements on a stay; the pages go through the participant handler's door like every stay page."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext_lazy as _

from samordna.participants.views import stay_form
from samordna.tenancy.models import Forbund

from . import actions, forms


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
