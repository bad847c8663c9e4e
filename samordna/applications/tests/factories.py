"""Builders for applications in the test world: a complete Knut'n-like application and a board meeting."""

from __future__ import annotations

import datetime as dt

from samordna.applications import actions
from samordna.applications.sections import SECTION_KEYS
from samordna.meetings import actions as meeting_actions

KNUTN_BUDGET = {
    2015: {"personnel": 196_000, "premises": 17_500, "other": 52_500},
    2016: {"personnel": 117_600, "premises": 10_500, "other": 11_500},
}


def filled_sections(**overrides) -> dict[str, str]:
    sections = {key: f"Text för {key}." for key in SECTION_KEYS}
    sections.update(overrides)
    return sections


def complete_application(world, actor=None, *, title="Knut'n 2.0", budget=None, parties=None):
    """A draft that passes every submission check, created by `actor` (default: the applicant persona)."""
    actor = actor or world.people.applicant
    application = actions.create_application(
        actor,
        world.a,
        title=title,
        org_name="Norsjö kommun",
        org_unit="Knut'n",
        org_number="212000-2858",
        contact_name="Kontakt Person",
        contact_email="kontakt@example.se",
        period_start=dt.date(2015, 8, 1),
        period_end=dt.date(2016, 3, 31),
        sections=filled_sections(),
        involved_parties=parties if parties is not None else [world.members_a["2417"], world.members_a["af"]],
    )
    actions.set_budget(actor, application, budget or KNUTN_BUDGET)
    actions.set_signatories(actor, application, [{"name": "Mikael Lindfors"}, {"name": "Katarzyna Wikström"}])
    application.refresh_from_db()
    return application


def board_meeting(world, day=dt.date(2015, 6, 11), forbund=None):
    return meeting_actions.plan_meeting(None, forbund or world.a, date=day, place="Förbundets kansli")


def decision_paragraph(application):
    """The paragraph of the minutes where the board decides on `application`: the one its agenda item became when
    the minutes were started (they are started here if they are not yet)."""
    from samordna.meetings.models import AgendaItem, Minutes, Paragraph

    item = AgendaItem.objects.filter(application=application).select_related("meeting").latest("pk")
    minutes = Minutes.objects.filter(meeting=item.meeting).first()
    if minutes is None:
        minutes = meeting_actions.start_minutes(None, item.meeting)
    paragraph = Paragraph.objects.filter(agenda_item=item).first()
    if paragraph is None:
        paragraph = meeting_actions.add_paragraph(
            None, minutes, title=item.title, agenda_item=item, application=application
        )
    return paragraph
