"""The notice, minutes and extract are real PDFs with the expected text; the CLI writes them."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from samordna.cli import ALIASES
from samordna.meetings import actions, documents

from .helpers import attend, minutes_for


def text_of(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF-")
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace("\xa0", " ")


@pytest.fixture
def meeting_with_agenda(world):
    world.a.paragraph_start = 596
    world.a.save()
    minutes = minutes_for(world, dt.date(2015, 4, 23), paragraphs=0)
    meeting = minutes.meeting
    actions.add_agenda_item(None, meeting, title="Val av justerare", proposal=["utse _____ till justerare"])
    actions.add_agenda_item(None, meeting, title="Socialt företagande", proposal=[""])
    actions.add_paragraph(
        None, minutes, title="Val av justerare", decision_clauses=["utse Kenneth Andersson till justerare"]
    )
    attend(minutes, "Bertil Almgren", office="ordförande")
    return meeting


def test_notice_pdf(meeting_with_agenda):
    text = text_of(documents.notice_pdf(meeting_with_agenda))

    assert "Kallelse" in text and "Föredragningslista" in text
    assert "Val av justerare" in text and "att utse _____ till justerare" in text
    assert "Alfa samordningsförbund" in text


def test_minutes_pdf_and_extract(meeting_with_agenda):
    minutes = meeting_with_agenda.minutes
    paragraph = minutes.paragraphs.get()

    minutes_text = text_of(documents.minutes_pdf(minutes))
    extract_text = text_of(documents.extract_pdf(paragraph))

    assert "§ 596" in minutes_text and "Bertil Almgren" in minutes_text
    assert "att utse Kenneth Andersson till justerare" in minutes_text
    assert "Utdrag ur protokoll" in extract_text and "§ 596" in extract_text
    assert "inte justerat" in extract_text


def test_cli_exports(meeting_with_agenda, tmp_path):
    minutes_file, notice_file = tmp_path / "protokoll.pdf", tmp_path / "kallelse.pdf"

    call_command("samordna_export_minutes", forbund="alfa", date="2015-04-23", output=str(minutes_file))
    call_command("samordna_export_notice", "--forbund", "alfa", "--date", "2015-04-23", "-o", str(notice_file))

    assert "§ 596" in text_of(minutes_file.read_bytes())
    assert "Föredragningslista" in text_of(notice_file.read_bytes())
    assert ALIASES["export-minutes"] == "samordna_export_minutes"
    assert ALIASES["export-notice"] == "samordna_export_notice"


def test_cli_says_what_is_wrong(world, tmp_path):
    with pytest.raises(CommandError, match="inget sammanträde"):
        call_command("samordna_export_minutes", forbund="alfa", date="2015-04-23", output=str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="ÅÅÅÅ-MM-DD"):
        call_command("samordna_export_notice", forbund="alfa", date="23/4", output=str(tmp_path / "x.pdf"))
