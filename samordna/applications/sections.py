"""The description sections of the application form (ansökan om medel), in form order.

Each section has a fixed key, a heading and a prompt that tells the applicant what to write. The
keys are the contract: they are stored in `Application.sections` and used by the API and imports.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Section:
    key: str
    heading: StrOrPromise
    prompt: StrOrPromise
    required: bool = True


SECTIONS: tuple[Section, ...] = (
    Section(
        "background",
        _("Bakgrund och problemformulering"),
        _("Vilket problem eller behov finns i dag, och vilka möjligheter gör att insatsen behövs?"),
    ),
    Section("purpose", _("Syfte"), _("Vad vill ni åstadkomma med projektet eller verksamheten?")),
    Section(
        "goals",
        _("Mål"),
        _(
            "Vilka mål har projektet, för de samverkande organisationerna och för målgruppen? "
            "Skriv mål som går att mäta och följa upp."
        ),
    ),
    Section(
        "target_group",
        _("Målgrupp"),
        _(
            "Vilka är målgrupperna och hur många är de? Beskriv deras behov och resurser, och hur ni tar hänsyn "
            "till jämställdhet, tillgänglighet och mångfald."
        ),
    ),
    Section(
        "added_value",
        _("Avgränsningar och mervärde"),
        _("Vad är nytt i projektet, och var går gränsen mot det som redan görs i ordinarie verksamhet?"),
    ),
    Section(
        "organisation",
        _("Genomförande: organisation, styrning och kompetens"),
        _("Hur organiseras och styrs arbetet? Vilken kompetens behövs och varifrån kommer den?"),
    ),
    Section(
        "cooperation",
        _("Genomförande: samverkan"),
        _("Vilka organisationer samverkar ni med, och kring vilka frågor?"),
    ),
    Section("activities", _("Genomförande: aktiviteter"), _("Vilka aktiviteter planerar ni?")),
    Section(
        "obstacles",
        _("Genomförande: hinder"),
        _("Vad kan hindra att målen nås, och hur möter ni det?"),
    ),
    Section("time_plan", _("Tid och aktivitetsplan"), _("När ska aktiviteterna genomföras? Ange månader eller datum.")),
    Section(
        "gender_equality",
        _("Jämställdhet"),
        _("Hur främjar ni jämställdhet, både i projektorganisationen och för målgruppen?"),
    ),
    Section(
        "accessibility",
        _("Tillgänglighet för personer med funktionsnedsättning"),
        _("Hur gör ni insatsen tillgänglig för personer med funktionsnedsättning?"),
    ),
    Section("diversity", _("Mångfald"), _("Hur främjar ni mångfald i projektet eller verksamheten?")),
    Section(
        "evaluation",
        _("Uppföljning, utvärdering och resultatspridning"),
        _(
            "Hur följs arbetet upp? Vem utvärderar, vilka frågor ska utvärderingen besvara och hur sprids "
            "resultaten till samverkansparterna?"
        ),
    ),
    Section(
        "implementation",
        _("Implementering"),
        _("Hur tas arbetssätten om hand i ordinarie verksamhet när projektpengarna tar slut?"),
    ),
    Section(
        "costs",
        _("Kostnader och finansiering"),
        _(
            "Vilka resurser behövs? Förbundet ersätter bara direkta merkostnader, inte kostnader ni redan har. "
            "Fyll i budgettabellen per år; summorna räknas ut automatiskt."
        ),
    ),
)

SECTION_KEYS = tuple(s.key for s in SECTIONS)
BY_KEY = {s.key: s for s in SECTIONS}
