"""Template filters for Swedish amounts: {{ amount|kr }} → "2 750 000 kr"."""

from django import template

from samordna.lib import money

register = template.Library()


@register.filter
def kr(value) -> str:
    return "" if value is None or value == "" else money.kr(int(value))


@register.filter
def thousands(value) -> str:
    return "" if value is None or value == "" else money.thousands(int(value))
