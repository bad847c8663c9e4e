"""Swedish formats in templates, from `samordna.lib.formats`: {{ amount|kr }} → "2 750 000 kr", {{ n|number }} →
"12 345", {{ p|percent }} → "50,0 %", {{ ratio|share }} → "50,0 %", {{ y|year }} → "2015"."""

from django import template

from samordna.lib import formats

register = template.Library()

register.filter("kr", formats.kr, is_safe=True)
register.filter("number", formats.number, is_safe=True)
register.filter("decimal", formats.decimal, is_safe=True)
register.filter("percent", formats.percent, is_safe=True)
register.filter("share", formats.share, is_safe=True)
register.filter("year", formats.year, is_safe=True)
register.filter("day", formats.day, is_safe=True)
