"""The finance pages of 2015 export 2015 from every button: each export and tab link in the rendered page is
followed, the file downloaded and read (openpyxl, pypdf, json), and must be about 2015, not this year.

Skellefteå-Norsjö's demo has its economic report, budget, contributions and invoices for 2015.
"""

from __future__ import annotations

import io
import json
import re
from html import unescape
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from conftest import login
from samordna.demo.loader import load_demo
from samordna.finance.peppol_rules import check_invoice
from samordna.tenancy.models import User

BASE = "/f/skelleftea-norsjo/ekonomi/"
PAGES = ["", "budget/", "medlemsbidrag/", "fakturor/"]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


def _links(html: str, page: str) -> list[str]:
    parser = _Links()
    # The page's own links and buttons, in its main content; the site menu opens each page on its latest year.
    parser.feed(html.split('<main id="main">', 1)[-1].split("</main>", 1)[0])
    out = []
    for href in parser.links:
        target = urlsplit(unescape(href))
        path = target.path or page
        if path.startswith(BASE):
            out.append(path + (f"?{target.query}" if target.query else ""))
    return out


def _pdf_text(content: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"[\u00a0\u202f]", " ", text)


def _xlsx_text(content: bytes) -> str:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return " ".join(str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row)


@pytest.fixture
def office(db, settings):
    settings.DEMO_MODE = True
    load_demo()
    from django.test import Client

    return login(Client(), User.objects.get(username="kansli"))


@pytest.mark.parametrize("page", PAGES)
def test_every_link_on_a_2015_finance_page_gives_2015(office, page):
    this_year = str(timezone.localdate().year)
    url = f"{BASE}{page}?year=2015"
    response = office.get(url)
    assert response.status_code == 200
    links = _links(response.content.decode(), BASE + page)
    assert links, "the page has no links to follow"
    checked = []
    for link in links:
        query = parse_qs(urlsplit(link).query)
        if "year" in query:
            assert query["year"] == ["2015"], f"{link} on {url} carries another year"
        download = office.get(link)
        assert download.status_code == 200, link
        kind = download["Content-Type"]
        if "json" in kind:
            assert json.loads(download.content)["year"] == 2015, link
        elif "spreadsheet" in kind:
            text = _xlsx_text(download.content)
            assert "2015" in text and f"rapport {this_year}" not in text, link
        elif "pdf" in kind:
            text = _pdf_text(download.content)
            assert "2015" in text and f"rapport {this_year}" not in text and f"Medlemsbidrag {this_year}" not in text
        elif "xml" in kind:
            assert b"<cbc:StartDate>2015-" in download.content, link
            assert check_invoice(download.content) == [], link
        else:
            html = download.content.decode()
            heading = re.search(r"<h1>(.*?)</h1>", html, re.DOTALL)
            assert heading and "2015" in heading.group(1), f"{link} from {url} shows {heading and heading.group(1)}"
        checked.append(kind.split(";")[0])
    if page == "":
        # The economic report's three buttons, besides the four tabs.
        assert {"application/json", "application/pdf"} <= set(checked)
        assert any("spreadsheet" in kind for kind in checked)
    if page == "fakturor/":
        assert "application/pdf" in checked, "the 2015 invoices are listed with their PDFs"
        assert "application/xml" in checked, "and with their Peppol files"


def test_the_2015_invoice_pdf_names_the_year_plainly(office):
    response = office.get(f"{BASE}fakturor/?year=2015")
    pdfs = [link for link in _links(response.content.decode(), BASE + "fakturor/") if link.endswith("/pdf/")]
    assert pdfs

    text = _pdf_text(office.get(pdfs[0]).content)

    assert "Medlemsbidrag 2015" in text and "Fakturerat och betalt 2015" in text
