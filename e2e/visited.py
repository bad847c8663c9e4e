"""Every page any browser test opens is checked, not only the menu pages the persona test walks.

The `page` fixture registers each page here. Each kind of page (its path with ids and dates replaced) is
checked once per run: axe-core on the page as the browser shows it when it has loaded, the id references and
the Nu HTML Checker on the HTML as the server sent it. `test_visited_pages.py`, which runs last, reports all
problems together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from samordna.lib.markup import id_problems

from .checkers import AXE, axe_violations

# Parts of a path that vary between records of one kind: numbers, dates, opaque ids, pseudonyms.
_VARYING = re.compile(r"/(?:\d[\w:.-]*|[0-9a-f]{8}-[0-9a-f-]{27}|[A-Za-z0-9_-]{20,})(?=/|$)")


_FORBUND = re.compile(r"^/(f|anslagstavla)/[\w-]+/")


def kind_of(url: str) -> str:
    """The path of `url` with the förbund and the parts that vary between records of one kind replaced."""
    return _VARYING.sub("/N", _FORBUND.sub(r"/\1/F/", urlsplit(url).path))


@dataclass
class Visited:
    folder: Path
    served: dict[str, Path] = field(default_factory=dict)
    checked_in_browser: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)

    def watch(self, page) -> None:
        page.on("response", self._on_response)
        page.on("load", self._on_load)

    def _on_response(self, response) -> None:
        request = response.request
        if request.resource_type != "document" or response.status != 200 or request.method != "GET":
            return
        if not response.headers.get("content-type", "").startswith("text/html"):
            return
        kind = kind_of(response.url)
        if kind in self.served:
            return
        try:
            html = response.body()
        except Exception:  # the page went on before its body was read; a later visit of the kind is checked
            return
        path = self.folder / f"{len(self.served):03d}{re.sub(r'[^a-z0-9]+', '-', kind.lower())}.html"
        path.write_bytes(html)
        self.served[kind] = path
        self.problems.extend(f"{kind}: {problem}" for problem in id_problems(html.decode("utf-8", "replace")))

    def _on_load(self, page) -> None:
        kind = kind_of(page.url)
        if kind in self.checked_in_browser or not AXE.exists() or not page.url.startswith("http"):
            return
        try:
            violations = axe_violations(page)
        except Exception:  # navigated away while axe ran; the next visit of this kind is checked instead
            return
        self.checked_in_browser.add(kind)
        self.problems.extend(f"{kind}: {violation}" for violation in violations)
