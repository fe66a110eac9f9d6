"""Quick year steps land where the user sent them: slider, map title and link agree, also after a restart.

A shared link is applied once, when the page opens; afterwards the slider is the truth, so a query string the
browser sends before it has caught up with the last step can never move the year back.
"""
from __future__ import annotations

import pytest

from tests.support.browser import slider, wait_for_idle, wait_for_map, wait_for_title
from tests.support.server import running_app
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

GAP_MS = 50
STEPS = 5


def year_shown(page) -> tuple[str, str, str]:
    """(slider value, year in the map title, ?year= in the URL) once the app is idle again."""
    page.wait_for_timeout(1500)
    wait_for_idle(page, 60_000)
    title = page.locator(".js-plotly-plot .gtitle").first.text_content() or ""
    query = page.evaluate("new URLSearchParams(location.search).get('year')")
    return slider(page).get_attribute("aria-valuetext") or "", title.rsplit(", ", 1)[-1], query or ""


def press_quickly(page, key: str, times: int, gap_ms: int = GAP_MS) -> None:
    for _ in range(times):
        page.keyboard.press(key)
        page.wait_for_timeout(gap_ms)


@pytest.mark.parametrize("trial", range(5))
def test_five_arrow_steps_50_ms_apart_end_on_the_fifth_year(page, app, trial):
    page.goto(f"{app.url}/Policy?present=1&year=2012")
    wait_for_idle(page, 60_000)
    wait_for_title(page, "CBE credit policy, 2012")
    slider(page).focus()
    press_quickly(page, "ArrowRight", STEPS)
    assert year_shown(page) == ("2017", "2017", "2017")


def test_a_step_after_the_server_restarts_is_kept(browser):
    page = browser.new_page(isolated=True)
    try:
        with running_app(ROOT) as server:
            port = server.port
            page.goto(f"{server.url}/Policy?year=2016")
            wait_for_idle(page, 60_000)
            wait_for_title(page, "CBE credit policy, 2016")
        with running_app(ROOT, port=port):  # the same address: the open page reconnects on its own
            page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=60_000)
            wait_for_idle(page, 60_000)
            slider(page).focus()
            page.keyboard.press("ArrowRight")
            wait_for_title(page, "CBE credit policy, 2017")
            assert year_shown(page) == ("2017", "2017", "2017")
            assert wait_for_map(page, 51) == 51
    finally:
        page.context.close()
