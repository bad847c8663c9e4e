"""Every PDF the system makes is tagged for screen readers: structure tree, language, title, headings, headers.

A published protocol or report must be readable with assistive technology (PDF/UA): the tests open each PDF
and read its structure, rather than trusting the renderer's options.
"""

from __future__ import annotations

import datetime as dt
import io

import pikepdf
import pytest

from samordna.finance import actions as finance_actions
from samordna.finance.tests.conftest import ready_to_invoice  # noqa: F401  # the fixture, shared with finance
from samordna.meetings import actions as meeting_actions
from samordna.meetings import documents
from samordna.meetings.tests.helpers import attend, minutes_for

PERIOD = {"date_from": "2020-01-01", "date_to": "2020-12-31"}


def _elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """The structure elements reachable from the root of the structure tree, in reading order."""
    found: list[pikepdf.Dictionary] = []
    todo: list = [pdf.Root.StructTreeRoot.K]
    while todo:
        node = todo.pop(0)
        if isinstance(node, pikepdf.Array):
            todo[:0] = list(node)
        elif isinstance(node, pikepdf.Dictionary) and node.get("/Type") != pikepdf.Name.MCR and "/S" in node:
            found.append(node)
            if "/K" in node:
                todo.insert(0, node.K)
    return found


def _structure_types(pdf: pikepdf.Pdf) -> set[str]:
    return {str(element.S).lstrip("/") for element in _elements(pdf)}


def _headers_per_data_cell(pdf: pikepdf.Pdf) -> list[int]:
    """How many header cells each data cell of the PDF's tables is tied to."""
    counts = []
    for element in _elements(pdf):
        if element.S == pikepdf.Name.TD:
            headers = element.get("/A", pikepdf.Dictionary()).get("/Headers", pikepdf.Array())
            counts.append(len(headers))
    return counts


def _marked_content_ids(page: pikepdf.Page) -> set[int]:
    ids = set()
    for instruction in pikepdf.parse_content_stream(page):
        if isinstance(instruction, pikepdf.ContentStreamInstruction) and str(instruction.operator) == "BDC":
            properties = instruction.operands[1]
            if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
                ids.add(int(properties.MCID))
    return ids


def _ids_in_tree(pdf: pikepdf.Pdf, page: pikepdf.Page) -> set[int]:
    """The marked-content ids of the page that structure elements reachable from the root point at."""
    ids = set()
    here = page.obj.objgen
    for element in _elements(pdf):
        kids = element.get("/K")
        element_page = element.get("/Pg")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, int) and isinstance(element_page, pikepdf.Dictionary) and element_page.objgen == here:
                ids.add(kid)
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.MCR:
                kid_page = kid.get("/Pg", element_page)
                if isinstance(kid_page, pikepdf.Dictionary) and kid_page.objgen == here:
                    ids.add(int(kid.MCID))
    return ids


def assert_tagged(data: bytes, title_part: str) -> set[str]:
    assert data.startswith(b"%PDF-")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root, "no structure tree"
        assert str(root.get("/Lang", "")) == "sv"
        assert bool(root.MarkInfo.Marked) is True
        assert bool(root.ViewerPreferences.DisplayDocTitle) is True
        with pdf.open_metadata() as xmp:
            assert title_part in str(xmp.get("dc:title", ""))
        assert title_part in str(pdf.docinfo.get("/Title", ""))
        types = _structure_types(pdf)
        headers = _headers_per_data_cell(pdf)
    assert "H1" in types
    # Every data cell of every table is tied to at least one header cell (th), so a reader can announce it.
    assert all(headers), headers
    return types


@pytest.fixture
def meeting(world):
    world.a.paragraph_start = 596
    world.a.save()
    minutes = minutes_for(world, dt.date(2015, 4, 23), paragraphs=0)
    meeting_actions.add_agenda_item(None, minutes.meeting, title="Val av justerare", proposal=["utse justerare"])
    meeting_actions.add_paragraph(None, minutes, title="Val av justerare", decision_clauses=["utse Kenneth Andersson"])
    attend(minutes, "Bertil Almgren", office="ordförande")
    return minutes.meeting


def test_notice_is_tagged_with_the_agenda_items_below_the_agenda_heading(meeting):
    types = assert_tagged(documents.notice_pdf(meeting), "Kallelse 2015-04-23")

    assert {"H1", "H2", "H3", "L", "LI"} <= types


def test_minutes_and_extract_are_tagged(meeting):
    minutes = meeting.minutes

    assert {"H1", "H2"} <= assert_tagged(documents.minutes_pdf(minutes), "Protokoll 2015-04-23")
    assert "H2" in assert_tagged(documents.extract_pdf(minutes.paragraphs.get()), "Protokollsutdrag § 596")


def _artifacts(page: pikepdf.Page) -> list[pikepdf.Object]:
    return [
        instruction.operands[1]
        for instruction in pikepdf.parse_content_stream(page)
        if str(instruction.operator) == "BDC" and instruction.operands[0] == pikepdf.Name.Artifact
    ]


def test_running_head_and_page_numbers_are_pagination_artifacts(meeting):
    data = documents.minutes_pdf(meeting.minutes)

    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) >= 1
        for page in pdf.pages:
            # Every tagged piece of content belongs to the structure tree; nothing is tagged but left outside it.
            assert _marked_content_ids(page) == _ids_in_tree(pdf, page)
            # The running head and the page number, on every page, are marked as pagination artifacts.
            artifacts = _artifacts(page)
            assert len(artifacts) >= 2, artifacts
            assert {str(a.get("/Type")) for a in artifacts} == {"/Pagination"}
        # The parent tree no longer points at the structure elements the margin boxes had.
        for slots in pdf.Root.StructTreeRoot.ParentTree.Nums[1::2]:
            for element in slots:
                assert element is None or "/P" in element


def test_invoice_is_tagged(ready_to_invoice, login_as):  # noqa: F811
    world = ready_to_invoice
    finance_actions.set_contribution(None, world.members_a["fk"], 2015, 400_000)
    invoice = finance_actions.create_invoices(None, world.a, 2015)[0]

    response = login_as(world.people.office).get(f"/f/alfa/ekonomi/fakturor/{invoice.pk}/pdf/")

    assert response.status_code == 200
    assert {"Table", "TH", "TD"} <= assert_tagged(response.content, f"Faktura {invoice.number}")


def test_economic_report_is_tagged_with_row_and_column_headers(world, login_as):
    response = login_as(world.people.office).get("/f/alfa/ekonomi/", {"year": 2015, "format": "pdf"})

    assert response.status_code == 200
    assert {"Table", "TH"} <= assert_tagged(response.content, "Ekonomisk rapport 2015")
    with pikepdf.open(io.BytesIO(response.content)) as pdf:
        # Each amount is tied to its row's label (th scope="row") and to the column heading.
        assert set(_headers_per_data_cell(pdf)) == {2}


def test_statistics_report_is_tagged(world, year_2020, login_as):
    response = login_as(world.people.office).get("/f/alfa/statistik/", {**PERIOD, "format": "pdf"})

    assert response.status_code == 200
    assert {"H2", "Table", "TH"} <= assert_tagged(response.content, "")
    with pikepdf.open(io.BytesIO(response.content)) as pdf:
        assert set(_headers_per_data_cell(pdf)) == {2}


def test_finsam_report_is_tagged(world, year_2020, login_as):
    response = login_as(world.people.admin).get(
        "/f/alfa/statistik/uppfoljning-finsam/", {"year": 2020, "format": "pdf"}
    )

    assert response.status_code == 200
    assert {"Table", "TH"} <= assert_tagged(response.content, "")
