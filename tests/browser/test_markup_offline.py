"""In a real browser, data text full of Markdown and HTML stays text: no outside request, no image or link."""
from __future__ import annotations

import shutil

import pytest

from tests.support.browser import wait_for_idle, wait_for_map
from tests.support.server import running_app
from cbe_dash.data import PROJECT_DATA_DIR
from tests.conftest import ROOT
from tests.markup_data import PAYLOAD, inject

pytestmark = pytest.mark.browser

FROM_DATA = "img[src*='example.org'], a[href*='example.org'], [data-testid='stMarkdown'] b, .katex"


def test_league_page_with_markup_in_the_data_requests_nothing_and_shows_it_as_text(browser, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(PROJECT_DATA_DIR, data)
    inject(data)
    before = len(browser.blocked)
    page = browser.new_page(isolated=True)
    try:
        with running_app(ROOT, env={"CBE_DASH_DATA_DIR": str(data)}) as server:
            page.goto(f"{server.url}/League?year=2016")
            wait_for_idle(page, 60_000)
            assert wait_for_map(page, 51) == 51
            page.wait_for_timeout(1000)
            main = page.locator('[data-testid="stMain"]')
            assert PAYLOAD.strip() in main.inner_text()  # the publisher's text, shown as typed
            found = page.locator(FROM_DATA).evaluate_all("els => els.map(e => e.outerHTML.slice(0, 300))")
            assert found == []
    finally:
        page.context.close()
    assert browser.blocked[before:] == [], "requests tried to leave the machine"
