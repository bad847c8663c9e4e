"""Checks of rendered HTML that assistive technology relies on: unique ids and id references that resolve."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

# Attributes whose value is a space-separated list of ids in the same document.
IDREF_ATTRIBUTES = ("aria-describedby", "aria-labelledby", "aria-controls", "aria-errormessage", "for", "headers")


class _IdCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: Counter[str] = Counter()
        self.references: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value is not None:
                self.ids[value] += 1
            elif name in IDREF_ATTRIBUTES:
                # An empty for="" names no control at all, which is as broken as a wrong id.
                for ref in (value or "").split() or [""]:
                    self.references.append((tag, name, ref))


def id_problems(html: str) -> list[str]:
    """Duplicate ids and references to ids that the page does not have, described for a failing test."""
    parser = _IdCollector()
    parser.feed(html)
    problems = [f"id {name!r} occurs {count} times" for name, count in parser.ids.items() if count > 1]
    problems += [
        f'<{tag} {attr}="{ref}"> points at no element' for tag, attr, ref in parser.references if ref not in parser.ids
    ]
    return problems
