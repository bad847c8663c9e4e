"""The förbund's own roles see figures, never persons: a crawl of every page and download they reach.

Signed in as each of the förbund's own roles (admin, office, board, preparatory group, auditor, applicant), the
crawl follows every link of the demo it is shown, opens every download (PDF, Excel, CSV, JSON) and looks in all
of it for any participant's or intake request's personnummer (in every written form) and name. Every kind of
page is opened, up to `MAX_PER_KIND` of each.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from .conftest import samordna_command
from .helpers import log_in

pytestmark = pytest.mark.e2e

# The förbund's own roles in the demo; none of them works with participants.
FORBUND_ROLES = ["forbundschef", "kansli", "styrelse", "beredning", "revisor", "sokande"]

# Links a crawl must not follow: they end the session or change something when fetched.
SKIP = re.compile(r"/konto/logga-ut/|/system/admin/|/api/v1/docs|/static/")
# Every kind of page and download is opened, up to a few of each: the same view shows one meeting or insats as
# it shows another, and pagination and filters multiply the same page. A kind is the path with its ids, dates
# and numbers replaced, and the names of its query parameters.
MAX_PER_KIND = 3
ID = re.compile(r"(?<=/)(?:[0-9a-f]{8}-[0-9a-f-]{27}|[0-9][0-9:.-]*)(?=/|$)")
LINK = re.compile(r"""(?:href|src|action|hx-get)="([^"#][^"]*)\"""")

PERSONAL_DATA = """
import json
from samordna.participants.models import Participant
from samordna.openentry.models import IntakeRequest
numbers = set(Participant.objects.exclude(personnummer="").values_list("personnummer", flat=True))
numbers |= set(IntakeRequest.objects.exclude(personnummer="").values_list("personnummer", flat=True))
names = set(Participant.objects.exclude(name="").values_list("name", flat=True))
names |= set(IntakeRequest.objects.exclude(person_name="").values_list("person_name", flat=True))
print(json.dumps({"numbers": sorted(numbers), "names": sorted(names)}))
"""


@pytest.fixture(scope="module")
def personal_data(server_url: str, server_env: dict[str, str]) -> dict[str, list[str]]:
    """Every participant's and intake request's personnummer and name in the demo the server runs."""
    result = subprocess.run(  # noqa: S603 (our own console script)
        [samordna_command(), "shell", "-c", PERSONAL_DATA],
        env=server_env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    data = json.loads(result.stdout.strip().splitlines()[-1])
    assert len(data["numbers"]) > 100 and len(data["names"]) > 20, "the demo should hold identified participants"
    return data


def forms_of(personnummer: str) -> list[str]:
    """The ways a stored 12-digit personnummer can be written: 19890302-9802, 198903029802, 890302-9802."""
    long_form = f"{personnummer[:8]}-{personnummer[8:]}"
    return [long_form, personnummer, long_form[2:], personnummer[2:]]


def text_of(body: bytes, content_type: str) -> str:
    if "pdf" in content_type:
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
    if "spreadsheet" in content_type:
        workbook = load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            " ".join("" if cell is None else str(cell) for cell in row)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    return body.decode("utf-8", errors="replace")


def fetch(url: str, cookie: str) -> tuple[str, str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310 (http on 127.0.0.1)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
            return response.headers.get("Content-Type", ""), text_of(
                response.read(), response.headers.get("Content-Type", "")
            )
    except urllib.error.HTTPError as refused:
        return refused.headers.get("Content-Type", ""), text_of(refused.read(), refused.headers.get("Content-Type", ""))


def links_of(html: str, url: str, server_url: str) -> list[str]:
    found = []
    for link in LINK.findall(html):
        parts = urlsplit(urldefrag(urljoin(server_url + url, link.replace("&amp;", "&"))).url)
        if f"{parts.scheme}://{parts.netloc}" == server_url and not SKIP.search(parts.path):
            found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def kind_of(relative: str) -> str:
    parts = urlsplit(relative)
    return ID.sub("*", parts.path) + "?" + ",".join(sorted(re.findall(r"([^&=]+)=", parts.query)))


def crawl(page, server_url: str) -> dict[str, str]:
    """Every kind of same-site page and download reachable from the start page by GET (up to `MAX_PER_KIND` of
    each), with the text of what it answered; each level of links is fetched a few at a time, as the signed-in
    user of `page`."""
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())
    kinds: Counter[str] = Counter({kind_of("/"): 1})
    texts: dict[str, str] = {}
    level = ["/"]
    with ThreadPoolExecutor(max_workers=4) as pool:
        while level:
            answers = list(pool.map(lambda url: fetch(server_url + url, cookie), level))
            following = []
            for url, (content_type, text) in zip(level, answers, strict=True):
                texts[url] = text
                if "html" not in content_type:
                    continue
                for relative in links_of(text, url, server_url):
                    kind = kind_of(relative)
                    if relative in texts or relative in following or kinds[kind] >= MAX_PER_KIND:
                        continue
                    kinds[kind] += 1
                    following.append(relative)
            level = following
    return texts


class Finder:
    """Finds the demo's personnummer (in any written form) and names in a text, by tokens rather than by
    searching for each of some thousand strings in every page."""

    NUMBER = re.compile(r"(?<!\d)(?:\d{2})?(\d{6})[-+]?(\d{4})(?!\d)")
    WORD = re.compile(r"\w+")

    def __init__(self, numbers: list[str], names: list[str]):
        self.numbers = {number[-10:] for number in numbers}
        self.names = {" ".join(self.WORD.findall(name)) for name in names}
        self.name_lengths = sorted({name.count(" ") + 1 for name in self.names})

    def __call__(self, text: str) -> list[str]:
        hits = {a + "-" + b for a, b in self.NUMBER.findall(text) if a + b in self.numbers}
        words = self.WORD.findall(text)
        for n in self.name_lengths:
            hits |= {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)} & self.names
        return sorted(hits)


def test_the_finder_sees_the_people_on_a_handlers_caseload(page, server_url, personal_data):
    """The control: the same search finds the people where they belong, on their handler's caseload."""
    find = Finder(personal_data["numbers"], personal_data["names"])
    log_in(page, "deltagaransvarig5")

    answer = page.request.get(server_url + "/f/kavlinge-lomma/deltagare/")

    assert len(find(answer.text())) >= 10


@pytest.mark.parametrize("username", FORBUND_ROLES)
def test_no_page_or_download_of_a_forbund_role_shows_a_participant(page, server_url, personal_data, username):
    find = Finder(personal_data["numbers"], personal_data["names"])
    log_in(page, username)

    texts = crawl(page, server_url)

    assert len(texts) > 10, f"{username} reached only {sorted(texts)}"
    found = {url: find(text)[:3] for url, text in texts.items()}
    assert {url: hits for url, hits in found.items() if hits} == {}
