"""Every demo persona's pages print years as years: no "2 015" in a page and no "year=2&nbsp;015" in a link.

The demo is loaded once; each persona opens the start page of each of its förbund, every page of its menu, and
every link on those pages that stays inside the förbund (one level deep, GET only). Downloads (PDF, Excel, JSON,
CSV) are left to the export tests; here only HTML is read.
"""

from __future__ import annotations

import re
from collections import Counter
from html import unescape
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

from django.test import Client
from django.urls import reverse

from samordna.demo.loader import load_demo
from samordna.demo.users import DEMO_USERS
from samordna.tenancy import permissions
from samordna.tenancy.context_processors import menu_for
from samordna.tenancy.middleware import SESSION_KEY
from samordna.tenancy.models import User

MAX_REQUESTS = 1500  # the whole crawl, all personas together (about 1 000 on the demo with its present)
PER_SHAPE = 1  # links that differ only in their ids (/sammantraden/12/, /sammantraden/13/) are visited once

SEP = r"(?:[ \u00a0\u202f]|&nbsp;|&#160;|&#xa0;|&#8239;)"
# A year 1900–2099 grouped like an amount: "2 015", "1\u00a0990", "2&nbsp;026", but not part of a larger amount
# ("12 015 kr", "1 990 000") and not an amount in kronor ("2 015 kr").
GROUPED_YEAR = re.compile(
    rf"(?<![\d])(?<!\d )(?<!\d\u00a0)(?<!\d\u202f)(?:1{SEP}9\d\d|2{SEP}0\d\d)(?![\d])(?!{SEP}?\d)(?!{SEP}?kr\b)"
)
YEAR_KEYS = re.compile(r"(^|_)(year|years|ar|år)(_|$)", re.IGNORECASE)
DOWNLOAD = re.compile(r"(\.pdf|\.xlsx|\.csv|\.json)$|[?&]format=")
SKIP_BLOCKS = re.compile(r"<(svg|script|style)\b.*?</\1>", re.DOTALL | re.IGNORECASE)


class _Page(HTMLParser):
    """The links of a page and the year-like values in its links and forms."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.values: list[tuple[str, str, str]] = []  # (where, name, value)
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        for attribute in ("href", "action", "data-hx-get", "src"):
            if attribute in attributes:
                target = attributes[attribute]
                if attribute == "href" and tag == "a":
                    self.links.append(target)
                for key, value in parse_qsl(urlsplit(target).query, keep_blank_values=True):
                    self.values.append((f"{tag} {attribute}={target}", key, value))
        if tag == "select":
            self._select = attributes.get("name", "")
        if tag == "input" and "value" in attributes:
            self.values.append(
                (f"input name={attributes.get('name', '')}", attributes.get("name", ""), attributes["value"])
            )
        if tag == "option" and self._select and "value" in attributes:
            self.values.append((f"select name={self._select}", self._select, attributes["value"]))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def grouped_years(html: str) -> list[str]:
    text = SKIP_BLOCKS.sub(" ", html)
    return [text[max(0, m.start() - 50) : m.end() + 30].replace("\n", " ") for m in GROUPED_YEAR.finditer(text)]


def unplain_year_values(page: _Page) -> list[str]:
    return [
        f"{where}: {name}={value!r}"
        for where, name, value in page.values
        if YEAR_KEYS.search(name) and value and not re.fullmatch(r"\d+", unescape(value))
    ]


def _shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def test_the_check_itself_finds_grouped_years_and_leaves_amounts_alone():
    assert grouped_years("Ekonomisk rapport 2 015") and grouped_years("Födelseår 1\u00a0990")
    assert grouped_years("Medlemsbidrag 2\u202f026") and grouped_years('<a href="?year=2&nbsp;015">')
    assert not grouped_years("2015-04-23 · 2 015 kr · 12 015 · 1 990 000 kr · 3 412 015 kr · § 2")
    page = _Page()
    page.feed('<a href="?year=2&#160;015">x</a><a href="?ar=2015">y</a><input name="year" value="2 015">')
    assert len(unplain_year_values(page)) == 2


class _Crawl:
    """One persona's visit; every problem found goes into the shared list, every request into the shared count."""

    def __init__(self, user: User, problems: list[str], requests: Counter[str]) -> None:
        self.client = Client()
        self.client.force_login(user)
        session = self.client.session
        session[SESSION_KEY] = True  # as the login flow sets it once the one-time code is accepted
        session.save()
        self.who = user.username
        self.problems = problems
        self.requests = requests
        self.pages: dict[str, _Page] = {}
        self.visited: set[str] = set()

    def get(self, url: str) -> None:
        if url in self.visited or self.requests.total() >= MAX_REQUESTS:
            return
        self.visited.add(url)
        self.requests[self.who] += 1
        response = self.client.get(url)
        if response.status_code >= 500:
            self.problems.append(f"{self.who} {url}: status {response.status_code}")
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            return
        html = response.content.decode()
        page = _Page()
        page.feed(html)
        self.pages[url] = page
        self.problems.extend(f"{self.who} {url}: grouped year in …{snippet}…" for snippet in grouped_years(html))
        self.problems.extend(f"{self.who} {url}: year not in plain digits in {v}" for v in unplain_year_values(page))

    def links_inside(self, url: str, prefix: str) -> list[str]:
        page = self.pages.get(url)
        out = []
        for link in page.links if page else []:
            target = urlsplit(unescape(link))
            path = target.path or urlsplit(url).path
            full = path + (f"?{target.query}" if target.query else "")
            if not target.scheme and path.startswith(prefix) and not DOWNLOAD.search(full):
                out.append(full)
        return out

    def forbund(self, forbund, user: User) -> None:
        """The start page and the menu, then the links on them that stay inside the förbund."""
        first_level = [reverse("tenancy:dashboard", kwargs={"forbund_slug": forbund.slug})]
        first_level += [item["url"] for item in menu_for(user, forbund)]
        for url in first_level:
            self.get(url)
        shapes = Counter[str]()
        for url in first_level:
            for link in self.links_inside(url, f"/f/{forbund.slug}/"):
                if link not in self.visited and shapes[_shape(link)] < PER_SHAPE:
                    shapes[_shape(link)] += 1
                    self.get(link)


def test_every_page_of_every_demo_persona_prints_years_plainly(db, settings):
    settings.DEMO_MODE = True
    load_demo()
    problems: list[str] = []
    requests = Counter[str]()

    for demo_user in DEMO_USERS:
        user = User.objects.get(username=demo_user.username)
        crawl = _Crawl(user, problems, requests)
        crawl.get(reverse("home"))
        for forbund in permissions.forbund_of_user(user):
            crawl.forbund(forbund, user)

    assert requests.total() < MAX_REQUESTS, f"the crawl stopped at {MAX_REQUESTS} requests: {requests}"
    assert all(requests[u.username] > 1 for u in DEMO_USERS if u.roles), f"a persona saw no pages: {requests}"
    assert not problems, f"{len(problems)} problems in {requests.total()} pages:\n" + "\n".join(problems)
