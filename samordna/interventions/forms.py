"""Forms for insatser and their volume counts. The rules live in `actions`; the forms only collect the input."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.lib.versioning import VersionedModelForm

from .models import VolumeCount


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class VolumeCountForm(VersionedModelForm):
    class Meta:
        model = VolumeCount
        fields = ["period_start", "period_end", "member", "sex", "count"]
        widgets = {"period_start": DateInput(), "period_end": DateInput()}

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = forbund.members.order_by("name")
        self.fields["count"].widget.attrs["min"] = 0
        self.fields["count"].help_text = _("Antal personer från organisationen, av det könet, under perioden.")

    def _post_clean(self):
        # The action validates against the insats (period, overlap); the model's own checks run there too.
        pass
