"""The final report form (slutrapport), as data: every question the förbund asks when an insats ends.

`prefill` names where the system fills the answer in from; `computed` answers are counted, not typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Question:
    key: str
    number: int
    text: StrOrPromise
    kind: str = "text"  # text | yesno | goals | number | dates | parties | signatures
    prefill: str = ""
    follow_up_of: str = ""  # answered only when the question it follows is answered "ja"


FINAL_REPORT_QUESTIONS: tuple[Question, ...] = (
    Question("name", 1, _("Insatsens namn och diarienummer"), "text", prefill="intervention"),
    Question(
        "parties", 2, _("Insatsägare och samverkansparter (en organisation per part)"), "parties", prefill="parties"
    ),
    Question("purpose", 3, _("Insatsens syfte, så som det beskrevs i ansökan"), "text", prefill="purpose"),
    Question(
        "goals",
        4,
        _("Målen, del för del och effektmålen: är varje mål uppnått (ja/nej) och vad blev utfallet?"),
        "goals",
        prefill="goals",
    ),
    Question("equality", 5, _("Hur har insatsen arbetat med jämställdhet och jämlikhet?")),
    Question("need_change", 6, _("Hur har behovet som beskrevs under Bakgrund i ansökan förändrats genom insatsen?")),
    Question("dates", 7, _("Insatsens start- och slutdatum"), "dates", prefill="dates"),
    Question("target_group", 8, _("Målgruppen så som den definierades i ansökan"), "text", prefill="target_group"),
    Question("target_group_changed", 9, _("Har målgruppen förändrats under insatsen, och i så fall hur?")),
    Question("participants", 10, _("Antal deltagare"), "number", prefill="participants"),
    Question("methods", 11, _("Metoder som angavs i ansökan"), "text", prefill="methods"),
    Question("methods_changed", 12, _("Har metoderna förändrats, och i så fall hur?")),
    Question("methods_as_intended", 13, _("Har metoderna använts på det sätt som var tänkt?")),
    Question("evaluation", 14, _("Hur har insatsen följts upp och utvärderats?")),
    Question("implementation", 15, _("Hur tas resultaten om hand i ordinarie verksamhet?")),
    Question("funds_returned", 16, _("Har medel återbetalats till förbundet? Ange i så fall varför."), "yesno"),
    Question(
        "funds_consequences",
        17,
        _("Vilka konsekvenser fick det att medel återbetalades?"),
        follow_up_of="funds_returned",
    ),
    Question("lessons", 18, _("Lärdomar, för varje samverkanspart")),
    Question(
        "signatures",
        19,
        _(
            "Underskrift för varje part: organisation, datum, namnteckning, namnförtydligande "
            "och e-post (e-signering går bra)"
        ),
        "signatures",
    ),
)

QUESTIONS_BY_KEY = {q.key: q for q in FINAL_REPORT_QUESTIONS}
