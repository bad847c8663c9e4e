"""The forms of the pages as a fuzzer sees them: read from the rendered page, filled from the Django form's fields.

A page's `<form method="post">` gives the address it posts to and the names it sends; the Django form in the
page's context with the most of those names gives each name its field, and the field gives the values to try:
a plausible one, so that a form can pass and reach its action, and hostile ones past the field's own limits.
Names with no Django field behind them (a plain input in a template) are fuzzed as text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from django import forms
from django.apps import apps
from django.db import connection
from hypothesis import strategies as st

# Sessions are written on every request and reads of personal data are logged on every page that shows them,
# refused or not; a wrong code on the public survey page is counted for its lock-out: none is a save of the form.
NOT_SNAPSHOTTED = {"sessions.session", "audit.readlogentry", "instruments.codeattemptfailure"}


@dataclass
class PageForm:
    action: str
    method: str = "post"
    values: dict[str, list[str]] = field(default_factory=dict)  # what the page itself would send
    options: dict[str, list[str]] = field(default_factory=dict)  # the values a select, checkbox or radio offers
    hidden: set[str] = field(default_factory=set)
    files: set[str] = field(default_factory=set)


class _FormParser(HTMLParser):
    def __init__(self, page_path: str):
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[PageForm] = []
        self._form: PageForm | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = PageForm(action=a.get("action") or self.page_path, method=a.get("method", "get").lower())
            return
        form = self._form
        if form is None or not a.get("name") and tag != "option":
            return
        name = a.get("name", "")
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset"}:
                return
            if kind == "file":
                form.files.add(name)
                return
            if kind == "hidden":
                form.hidden.add(name)
            if kind in {"checkbox", "radio"}:
                form.options.setdefault(name, []).append(a.get("value", "on"))
                form.values.setdefault(name, [])
                if "checked" in a:
                    form.values[name].append(a.get("value", "on"))
                return
            form.values.setdefault(name, []).append(a.get("value", ""))
        elif tag == "select":
            self._select = name
            form.values.setdefault(name, [])
            form.options.setdefault(name, [])
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            form.options[self._select].append(value)
            if "selected" in a:
                form.values[self._select].append(value)
        elif tag == "textarea":
            self._textarea = name
            form.values.setdefault(name, [""])

    def handle_data(self, data):
        if self._form is not None and self._textarea is not None:
            self._form.values[self._textarea] = [self._form.values[self._textarea][0] + data]

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def page_forms(html: str, page_path: str) -> list[PageForm]:
    parser = _FormParser(page_path)
    parser.feed(html)
    return parser.forms


def context_forms(response) -> list[forms.BaseForm]:
    """Every Django form in the context the page was rendered with, also inside lists and dicts."""
    found: dict[int, forms.BaseForm] = {}

    def visit(value, depth=0):
        if isinstance(value, forms.BaseForm):
            found.setdefault(id(value), value)
        elif depth < 3 and isinstance(value, list | tuple | set):
            for item in value:
                visit(item, depth + 1)
        elif depth < 3 and isinstance(value, dict):
            for item in value.values():
                visit(item, depth + 1)

    for context in response.context or []:
        for value in context.flatten().values():
            visit(value)
    return list(found.values())


def django_fields(page_form: PageForm, candidates: list[forms.BaseForm]) -> tuple[str, dict[str, forms.Field]]:
    """The Django form behind a page's form (by the names they share) and its fields by posted name."""
    names = set(page_form.values) | page_form.files
    best: forms.BaseForm | None = None
    best_overlap = 0
    for form in candidates:
        overlap = len({form.add_prefix(n) for n in form.fields} & names)
        if overlap > best_overlap:
            best, best_overlap = form, overlap
    if best is None:
        return "", {}
    return type(best).__qualname__, {best.add_prefix(n): f for n, f in best.fields.items()}


# Text a user can paste: control characters, a NUL, right-to-left marks, emoji, combining marks, lone spaces.
ODD_TEXT = [
    "",
    " ",
    " \t\n ",
    "\x00",
    "a\x00b",
    "\x01\x02\x1b[31m\x7f",
    "\u202eredro\u202c",
    "😀" * 40,
    "e\u0301" * 30,
    "<script>alert(1)</script>",
    "=1+2",
    "'; DROP TABLE x; --",
]
ODD_NUMBERS = ["-1", "0", "-99999999999999999999", "9" * 40, "1e400", "1.5", "1,5", "0x1f", "NaN", "abc", "١٢"]
ODD_DATES = ["0001-01-01", "9999-12-31", "2020-02-30", "1899-12-31", "20200101", "-2020-01-01", "abc", "2020-13-01"]
ODD_CHOICES = ["INVALID", "999999999", "-1", "0", "\x00", "x" * 300]


def _text(limit: int | None) -> st.SearchStrategy[str]:
    past = (limit or 4000) + 1
    return st.one_of(
        st.sampled_from(ODD_TEXT),
        st.just("x" * past),
        st.just("å" * past),
        st.text(st.characters(exclude_categories=["Cs"]), max_size=60),
    )


def hostile(name: str, django_field: forms.Field | None, page_form: PageForm) -> st.SearchStrategy[Any]:
    """Values past what the field takes, of its own kind."""
    f = django_field
    if isinstance(f, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        return st.lists(st.sampled_from(ODD_CHOICES + page_form.options.get(name, [""])), max_size=4)
    if isinstance(f, forms.ChoiceField | forms.ModelChoiceField) or name in page_form.options:
        return st.sampled_from(ODD_CHOICES)
    if isinstance(f, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return st.one_of(st.sampled_from(ODD_NUMBERS), st.integers().map(str))
    if isinstance(f, forms.DateField | forms.DateTimeField):
        dates = st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat)
        return st.one_of(st.sampled_from(ODD_DATES), dates)
    if isinstance(f, forms.BooleanField):
        return st.sampled_from(["on", "", "false", "\x00"])
    if isinstance(f, forms.CharField):
        return _text(f.max_length)
    return _text(None)


def plausible(name: str, django_field: forms.Field | None, page_form: PageForm) -> Any:
    """A value a user could send, so that a form can pass and its action run: the page's own, else one by type."""
    f = django_field
    shown = [v for v in page_form.values.get(name, []) if v != ""]
    offered = [v for v in page_form.options.get(name, []) if v != ""]
    if isinstance(f, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        return shown or offered[:2]
    if shown:
        return shown[0]
    if offered:
        return offered[0]
    if isinstance(f, forms.IntegerField | forms.DecimalField | forms.FloatField):
        low, high = f.min_value, f.max_value
        low = low if isinstance(low, int | float) else 0
        return str(max(low, 1) if not isinstance(high, int | float) or high >= 1 else low)
    if isinstance(f, forms.DateTimeField):
        return "2020-01-15 10:00"
    if isinstance(f, forms.DateField):
        return "2020-01-15"
    if isinstance(f, forms.TimeField):
        return "10:00"
    if isinstance(f, forms.EmailField):
        return "fuzz@example.se"
    if isinstance(f, forms.BooleanField):
        return "on"
    return "Fuzz"


def snapshot() -> dict[str, int]:
    """The number of rows in every table, in one query. Every action records an audit event in the transaction
    of its change, so a refused request that completed any action shows in the event count as well."""
    tables = sorted(
        {
            m._meta.db_table: m._meta.label_lower
            for m in apps.get_models(include_auto_created=True)
            if m._meta.label_lower not in NOT_SNAPSHOTTED
        }.items()
    )
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table, _label in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counts = cursor.fetchone()
    return {label: count for (_table, label), count in zip(tables, counts, strict=True)}


def changed_tables(before: dict[str, int], after: dict[str, int]) -> list[str]:
    return sorted(label for label in before if before[label] != after[label])
