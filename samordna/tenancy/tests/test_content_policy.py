"""The pages keep to their own content policy: htmx adds no inline style, the site's CSS carries it."""

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_htmx_is_told_not_to_inject_its_style(client):
    page = client.get("/konto/logga-in/").content.decode()

    meta = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", page)
    assert meta, "the page configures htmx"
    assert json.loads(meta[1])["includeIndicatorStyles"] is False
    assert page.index("htmx-config") < page.index("htmx.min.js"), "the configuration comes before htmx reads it"


def test_the_site_css_styles_the_request_indicator():
    found = finders.find("samordna/site.css")
    assert isinstance(found, str), "the site CSS is among the static files"
    css = Path(found).read_text(encoding="utf-8")

    assert ".htmx-indicator { opacity: 0; }" in css and ".htmx-request .htmx-indicator" in css
