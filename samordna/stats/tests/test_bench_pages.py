"""The page benchmark's crawl: what counts as a kind of page, which links it follows, and that it times them."""

import pytest

from samordna.stats import bench_pages
from samordna.stats.bench_pages import Page, kind_of, links_of


def test_a_kind_of_page_is_its_path_without_ids_and_its_parameter_names():
    first = kind_of("/f/alfa/deltagare/3f2b8c1e-1111-2222-3333-444455556666/?date_from=2020-01-01&page=2")
    second = kind_of("/f/alfa/deltagare/0a0b8c1e-9999-2222-3333-444455556666/?page=7&date_from=2019-01-01")
    assert first == second == "/f/alfa/deltagare/*/?date_from,page"
    assert kind_of("/f/alfa/insatser/12/") == kind_of("/f/alfa/insatser/13/") != kind_of("/f/alfa/insatser/")
    # A PDF and a spreadsheet of the same figures are timed apart.
    assert kind_of("/f/alfa/statistik/?year=2020&format=pdf") == "/f/alfa/statistik/?format,year:pdf"
    assert kind_of("/f/alfa/statistik/?year=2020&format=xlsx") != kind_of("/f/alfa/statistik/?year=2020&format=pdf")


def test_links_stay_on_the_site_and_never_sign_out():
    html = (
        '<a href="/f/alfa/statistik/?year=2020&amp;format=pdf">PDF</a> <a href="https://example.se/">ut</a> '
        '<a href="/konto/logga-ut/">Logga ut</a> <a href="#main">hoppa</a> <a href="../insatser/">insatser</a> '
        '<link href="/static/app.css">'
    )
    assert links_of(html, "/f/alfa/statistik/") == ["/f/alfa/statistik/?year=2020&format=pdf", "/f/alfa/insatser/"]


def test_only_pages_have_a_size_goal_and_pdfs_have_a_second():
    page = Page("kansli", "/?", "/", seconds=[0.3], sizes=[400_000], content_type="text/html; charset=utf-8")
    pdf = Page("kansli", "/pdf?", "/pdf", seconds=[0.3], sizes=[400_000], content_type="application/pdf")
    assert page.too_big and not pdf.too_big
    assert page.goal == 0.25 and pdf.goal == 1.0


@pytest.mark.django_db
def test_the_crawl_times_every_kind_of_page_a_handler_reaches(world, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    pages = bench_pages.crawl(world.people.handler, "deltagaransvarig", write=lambda _line: None, limit=25)

    kinds = {page.kind for page in pages}
    assert any("/deltagare/" in kind for kind in kinds), kinds
    assert len(kinds) > 5
    for page in pages:
        assert len(page.seconds) >= bench_pages.REPEAT and len(page.sizes) == len(page.seconds)
        assert all(status < 500 for status in page.statuses), (page.url, page.statuses)
        assert "/konto/logga-ut/" not in page.url
