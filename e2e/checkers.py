"""Checks that other people's tools make of the pages a browser test visits.

- axe-core (the npm package, injected into the page) for WCAG 2.0/2.1 A and AA;
- reflow: at 320 CSS px the page must not scroll sideways (WCAG 1.4.10);
- the Nu HTML Checker (vnu.jar from the npm package vnu-jar, run with Java) over the pages' HTML as served.

The npm packages are pinned in package.json at the repository root; `make test` installs them with `npm ci`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
REFLOW_WIDTH = 320
VNU_TIMEOUT_SECONDS = 300

# Run through the DevTools protocol rather than a <script> element, so the page's content policy (which
# refuses inline scripts) does not stop it and needs no exception for the tests.
RUN_AXE = """
async (tags) => {
  // One run at a time: a test's own check and the check of every loaded page (visited.py) may meet.
  const run = (window.__axeQueue || Promise.resolve()).then(() =>
    axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]}));
  window.__axeQueue = run.catch(() => null);
  const result = await run;
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + ": " + n.failureSummary.replace(/\\n/g, " ")),
  }));
}
"""


def _missing(what: str, path: Path) -> None:
    message = f"{path} is missing: run `npm ci` at the repository root (make test does) for {what}."
    if os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}:
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def require_tools() -> None:
    if not AXE.exists():
        _missing("axe-core", AXE)
    if not VNU.exists():
        _missing("the Nu HTML Checker", VNU)
    if shutil.which("java") is None:
        pytest.fail("java is missing: the Nu HTML Checker (vnu.jar) needs a Java runtime.", pytrace=False)


def axe_violations(page: Page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now, one line per rule."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate(RUN_AXE, AXE_TAGS)
    return [f"axe {v['id']} ({v['impact']}): {v['help']} – {'; '.join(v['nodes'])}" for v in found]


def reflow_problem(page: Page) -> str | None:
    """None when the page fits 320 CSS px without sideways scrolling, else how wide it is."""
    before = page.viewport_size
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": 800})
    try:
        width = page.evaluate(
            "() => new Promise((done) => requestAnimationFrame(() => done(document.documentElement.scrollWidth)))"
        )
    finally:
        if before:
            page.set_viewport_size(before)
    if width <= REFLOW_WIDTH:
        return None
    return f"{width} px wide at {REFLOW_WIDTH} px (scrolls sideways)"


def vnu_errors(files: list[Path]) -> list[str]:
    """The Nu HTML Checker's errors in the files, as 'file:line: message'; one Java start for all of them."""
    if not files:
        return []
    result = subprocess.run(  # noqa: S603 (a fixed command over files the test wrote)
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=VNU_TIMEOUT_SECONDS,
        check=False,
    )
    # vnu writes its JSON report to stderr; it exits 1 when it found errors.
    try:
        messages = json.loads(result.stderr)["messages"]
    except (ValueError, KeyError):
        return [f"vnu did not report (exit code {result.returncode}): {result.stderr[-2000:]}"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m.get('message', '')}"
        f" [{m.get('extract', '').strip()[:120]}]"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]


class PageChecks:
    """The three checks on each page a test passes by: axe-core and reflow as the page is shown, the id references
    of its HTML, and the Nu HTML Checker over all the pages at the end (one Java start)."""

    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder, self.problems = folder, []

    def __call__(self, page: Page) -> None:
        from samordna.lib.markup import id_problems

        html = page.content()
        where = page.url.split("//", 1)[-1].split("/", 1)[-1] or "/"
        (self.folder / f"{len(list(self.folder.iterdir())):02d}.html").write_text(html, encoding="utf-8")
        self.problems.extend(f"{where}: {problem}" for problem in id_problems(html))
        self.problems.extend(f"{where}: {violation}" for violation in axe_violations(page))
        if wide := reflow_problem(page):
            self.problems.append(f"{where}: {wide}")

    def finish(self) -> list[str]:
        return self.problems + vnu_errors(sorted(self.folder.iterdir()))
