"""The checkers' verdict on every kind of page the other browser tests opened (see `visited.py`)."""

from __future__ import annotations

import pytest

from .checkers import require_tools, vnu_errors
from .visited import Visited

pytestmark = pytest.mark.e2e


def test_every_page_the_browser_tests_opened_passes_axe_and_the_html_checker(visited: Visited) -> None:
    if not visited.served:
        pytest.skip("no other browser test opened a page in this run")
    require_tools()

    problems = visited.problems + vnu_errors(sorted(visited.served.values()))

    print(f"{len(visited.served)} kinds of page checked as served, {len(visited.checked_in_browser)} in the browser")
    assert not problems, "\n".join(problems)
