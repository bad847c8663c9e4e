"""The page checkers catch what they are there to catch, on pages made to fail them."""

from __future__ import annotations

from pathlib import Path

import pytest

from .checkers import axe_violations, reflow_problem, require_tools, vnu_errors

pytestmark = pytest.mark.e2e

BROKEN = """<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Trasig</title></head><body>
<main><h1>Trasig sida</h1>
<p><input type="text" aria-describedby="saknas_helptext"></p>
<table><tr><td>{}</td></tr></table>
<p id="dubbel">a</p><p id="dubbel">b</p>
</main></body></html>"""


@pytest.fixture
def blank(browser):
    require_tools()
    context = browser.new_context()
    yield context.new_page()
    context.close()


def test_axe_reports_an_unlabelled_field(blank):
    blank.set_content(BROKEN.format("kort"))

    found = axe_violations(blank)

    assert any(line.startswith("axe label ") for line in found), found


def test_reflow_reports_a_page_wider_than_320_px(blank):
    blank.set_content(BROKEN.format("x" * 20 + "&nbsp;" * 200 + "y" * 20))
    assert reflow_problem(blank) is not None

    blank.set_content(BROKEN.format("kort"))
    assert reflow_problem(blank) is None


def test_vnu_reports_duplicate_ids(tmp_path: Path):
    require_tools()
    broken = tmp_path / "trasig.html"
    broken.write_text(BROKEN.format("kort"), encoding="utf-8")

    errors = vnu_errors([broken])

    assert any("dubbel" in e and "Duplicate ID" in e for e in errors), errors
    assert all(e.startswith("trasig.html:") for e in errors), errors
