"""`samordna bench --only pdf`: the minutes as PDF, next to the same minutes as HTML and a one-page PDF.

The minutes are those of a demo meeting (by default Skellefteå-Norsjö, 23 April 2015), so the demo data must
be loaded. The median of `repeat` runs is reported; one run first warms up fonts and templates.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time

from .benchtable import Row, milliseconds

DEFAULT_MEETING = ("skelleftea-norsjo", dt.date(2015, 4, 23))
TRIVIAL_HTML = "<!doctype html><html lang='sv'><meta charset='utf-8'><title>Sida</title><p>En sida.</p></html>"


def median_seconds(function, repeat: int) -> float:
    function()  # warm-up, not counted
    seconds = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - began)
    return statistics.median(seconds)


def find_minutes(slug: str, date: dt.date):
    from samordna.meetings.models import Minutes

    minutes = Minutes.objects.filter(meeting__forbund__slug=slug, meeting__date=date).select_related("meeting").first()
    if minutes is None:
        raise LookupError(
            f"Protokollet för {slug} {date:%Y-%m-%d} saknas. Läs in demodata först: SAMORDNA_DEMO=1 samordna demo"
        )
    return minutes


def run(repeat: int, meeting: tuple[str, dt.date] = DEFAULT_MEETING, write=print) -> list[Row]:
    from samordna.lib.pdf import html_to_pdf
    from samordna.meetings.documents import minutes_html, minutes_pdf

    minutes = find_minutes(*meeting)
    pdf = median_seconds(lambda: minutes_pdf(minutes), repeat)
    html = median_seconds(lambda: minutes_html(minutes), repeat)
    trivial = median_seconds(lambda: html_to_pdf(TRIVIAL_HTML), repeat)
    write(f"pdf_minutes_s={pdf:.3f} html_minutes_s={html:.3f} pdf_one_page_s={trivial:.3f}")
    label = f"protokoll-PDF {meeting[0]} {meeting[1]:%Y-%m-%d} (median av {repeat})"
    return [
        Row("pdf", label, milliseconds(pdf), "samma protokoll som HTML", milliseconds(html), pdf / html),
        Row("pdf", label, milliseconds(pdf), "PDF med en rad text", milliseconds(trivial), pdf / trivial),
    ]
