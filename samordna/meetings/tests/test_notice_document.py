"""The notice lists its attachments and prints the room for new projects next to each grant proposal; the
running header of the notice and the minutes stands once on every page."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from samordna.applications import actions as application_actions
from samordna.applications.models import State
from samordna.applications.tests.test_workflow import bring_to
from samordna.finance.tests.conftest import skelleftea_2015  # noqa: F401  # the fixture, shared with finance
from samordna.meetings import actions, documents

from .test_pdf import text_of


def test_the_notice_lists_the_attachments_and_the_room_next_to_the_grant_proposal(world, skelleftea_2015):  # noqa: F811
    application = bring_to(world, State.PREPARED)
    meeting = actions.plan_meeting(None, world.a, date=dt.date(2015, 6, 11), from_template=True)
    item = application_actions.put_on_agenda(None, application, meeting, proposal=["bevilja 405 600 kr"])
    pdf = SimpleUploadedFile("budget-knutn.pdf", b"%PDF-1.4 budget", content_type="application/pdf")
    actions.attach_to_item(None, item, pdf)

    text = text_of(documents.notice_pdf(meeting))

    assert "Bilagor" in text and "budget-knutn.pdf" in text
    assert "Ekonomiskt utrymme för nya insatser" in text
    assert "2 180 732 kr" in text and "266 000 kr" in text and "1 914 732 kr" in text


def _texts(box, found):
    if getattr(box, "text", None):
        found.append(box.text)
    for child in getattr(box, "children", None) or []:
        _texts(child, found)
    return found


def test_the_running_header_stands_once_on_every_page(world):
    from weasyprint import HTML

    meeting = actions.plan_meeting(None, world.a, date=dt.date(2015, 6, 11), from_template=True)
    for n in range(10):
        actions.add_agenda_item(None, meeting, title=f"Ärende {n}", background="Bakgrund till ärendet. " * 60)
    minutes = actions.start_minutes(None, meeting)

    for html, running in (
        # Neither is final yet (the notice unsent, the minutes unsigned), so the head marks both as drafts.
        (documents.notice_html(meeting), "UTKAST · Kallelse 2015-06-11"),
        (documents.minutes_html(minutes), "UTKAST · Protokoll 2015-06-11"),
    ):
        pages = HTML(string=html).render().pages
        assert len(pages) > 2
        for page in pages:
            found = _texts(page._page_box, [])
            assert found.count(running) == 1
            assert sum(world.a.name in text for text in found) == 1
