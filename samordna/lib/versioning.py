"""Optimistic version check for records that two people may edit at the same time.

A versioned record carries a `version` number. An edit form sends back the version it was opened with; the
update action saves only if the record still has that version, and raises the version by one. Otherwise
someone else saved in between: the action refuses with a message and changes nothing.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

STALE_FIELD = "expected_version"


class Versioned(models.Model):
    version = models.PositiveIntegerField(gettext_lazy("version"), default=1, editable=False)

    class Meta:
        abstract = True


def conflict(instance: models.Model) -> ValidationError:
    return ValidationError(
        _(
            "Någon annan har ändrat %(what)s sedan du öppnade sidan. Ladda om sidan och gör din ändring igen; "
            "det du skrev har inte sparats."
        )
        % {"what": instance._meta.verbose_name},
        code="stale",
    )


def claim_version(instance: Versioned, expected_version: int | None) -> None:
    """Raise the stored version by one if it still is `expected_version`, else refuse. None skips the check.

    A conditional UPDATE, so two concurrent saves cannot both pass: the second waits for the first's row lock
    and then finds the version changed. Call it inside the action's transaction, before anything is written.
    """
    rows = type(instance)._base_manager.filter(pk=instance.pk)
    if expected_version is None:
        rows.update(version=F("version") + 1)
        instance.version = rows.values_list("version", flat=True).get()
    elif rows.filter(version=expected_version).update(version=expected_version + 1):
        instance.version = expected_version + 1
    else:
        raise conflict(instance)


def save_with_version(instance: Versioned, expected_version: int | None, **save_kwargs) -> None:
    """Check and raise the version, then save the instance with its changes."""
    claim_version(instance, expected_version)
    if "update_fields" in save_kwargs:
        save_kwargs["update_fields"] = [*save_kwargs["update_fields"], "version"]
    instance.save(**save_kwargs)


class VersionField(forms.IntegerField):
    """The hidden form field that carries the version the page was opened with."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(min_value=1, required=False, **kwargs)


class VersionedModelForm(forms.ModelForm):
    """A model form that sends back the version of the record it was opened with, as `expected_version`."""

    expected_version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[STALE_FIELD].initial = self.instance.version
