"""Swedish amounts in templates: {{ amount|kr }} → "405 600 kr"."""

from django import template

from samordna.applications.queries import kronor

register = template.Library()


@register.filter
def kr(value) -> str:
    if value in (None, ""):
        return "–"
    return f"{kronor(int(value))}\u00a0kr"


@register.filter
def amount(value) -> str:
    if value in (None, ""):
        return ""
    return kronor(int(value))
