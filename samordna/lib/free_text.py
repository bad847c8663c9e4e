"""Free text of the förbund's own registers holds no participant's identity: a valid personnummer is refused.

The förbund is not controller for the participants' data (the members are), so its registers (applications,
minutes, reports, system gaps) must not name a participant. One check, `personnummer_problems`, finds a valid
personnummer or samordningsnummer (ten or twelve digits, with or without separator; python-stdnum's check digit and
a real birth date, so ordinary numbers pass) in any text or in the texts of a JSON value. Models list their free
text in `FREE_TEXT_FIELDS` through `GuardedFreeText`: forms see it in `clean_fields`, and every write, from an
action, the API or the admin, in `save`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from .identifiers import normalize_personnummer

# Ten or twelve digits, optionally with '-', '+' or a space before the last four; not part of a longer number.
_CANDIDATE = re.compile(r"(?<![\d-])(?:\d{8}|\d{6})[-+ ]?\d{4}(?!\d)")


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _texts(item)


def contains_personnummer(value: Any) -> bool:
    """Whether a text (or any text inside a JSON value) holds a valid personnummer or samordningsnummer."""
    for text in _texts(value):
        for candidate in _CANDIDATE.findall(text):
            try:
                normalize_personnummer(candidate)
            except ValidationError:
                continue
            return True
    return False


def message() -> str:
    return _(
        "Texten innehåller ett personnummer. Förbundets register får inte innehålla uppgifter om deltagare, "
        "som behandlas av medlemmarna. Skriv texten utan personnummer, namn eller annat som pekar ut personen."
    )


def refuse_personnummer(value: Any) -> None:
    """A validator for a free-text form or model field."""
    if contains_personnummer(value):
        raise ValidationError(message(), code="personnummer_in_text")


def personnummer_problems(values: Iterable[tuple[str, Any]]) -> dict[str, list[str]]:
    """{field: [message]} for each (field, value) whose text holds a personnummer."""
    return {field: [message()] for field, value in values if contains_personnummer(value)}


class GuardedFreeText(models.Model):
    """A model whose `FREE_TEXT_FIELDS` refuse a personnummer, in forms and on every save."""

    FREE_TEXT_FIELDS: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        fields = [f for f in self.FREE_TEXT_FIELDS if update_fields is None or f in update_fields]
        if problems := self._free_text_problems(fields):
            raise ValidationError(problems)
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None):
        problems: dict[str, list] = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            problems = exc.update_error_dict(problems)
        skipped = set(exclude or ())
        for field, messages in self._free_text_problems(f for f in self.FREE_TEXT_FIELDS if f not in skipped).items():
            problems.setdefault(field, []).extend(ValidationError(text) for text in messages)
        if problems:
            raise ValidationError(problems)

    def _free_text_problems(self, fields: Iterable[str]) -> dict[str, list[str]]:
        return personnummer_problems((name, getattr(self, name)) for name in fields)
