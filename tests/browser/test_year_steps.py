"""Quick year steps land where the user sent them: slider, map title and link agree, also after a restart.

A shared link is applied once, when the page opens; afterwards the slider is the truth, so a query string the
browser sends before it has caught up with the last step can never move the year back.
"""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.support.browser import slider, wait_for_idle, wait_for_map, wait_for_title, watch_script_runs
from tests.support.server import running_app
from tests.support.ws_client import PageClient
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
    """As a person stepping quickly: each press shows its year on the slider, the next follows 50 ms later,
    long before the server has redrawn (what the test is about). Waiting for the slider's own step keeps a
    busy browser that has not yet handled the last key from being read as a step the app lost."""
    thumb = slider(page)
    for _ in range(times):
        before = int(thumb.get_attribute("aria-valuetext") or 0)
        page.keyboard.press(key)
        page.wait_for_function(
            "([el, want]) => el.getAttribute('aria-valuetext') === want",
            arg=[thumb.element_handle(), str(before + (1 if key == "ArrowRight" else -1))], timeout=10_000,
        )
        page.wait_for_timeout(gap_ms)


TRIALS = 5


def test_five_arrow_steps_50_ms_apart_end_on_the_fifth_year_every_time(page, app):
    """Five trials on one page, each a burst of five steps, alternately forward (2012 -> 2017) and back."""
    page.goto(f"{app.url}/Policy?present=1&year=2012")
    wait_for_idle(page, 60_000)
    wait_for_title(page, "CBE credit policy, 2012")
    slider(page).focus()
    for trial in range(TRIALS):
        forward = trial % 2 == 0
        press_quickly(page, "ArrowRight" if forward else "ArrowLeft", STEPS)
        want = "2017" if forward else "2012"
        assert year_shown(page) == (want, want, want), f"trial {trial + 1}"
        slider(page).focus()


def test_a_step_after_the_server_restarts_is_kept(browser):
    """The open page reruns whole on reconnecting to the new server (by_year's timed fragment sees to it), so
    the year's fragment is known again and a step is kept. A step pressed while that first run is still going
    (a second or two on a cold server) is not: Streamlit drops a rerun of a fragment it does not know yet."""
    page = browser.new_page(isolated=True)
    runs: list[int] = []
    watch_script_runs(page, runs)
    try:
        with running_app(ROOT) as server:
            port = server.port
            page.goto(f"{server.url}/Policy?year=2016")
            wait_for_idle(page, 60_000)
            wait_for_title(page, "CBE credit policy, 2016")
        before = len(runs)
        with running_app(ROOT, port=port):  # the same address: the open page reconnects on its own
            page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=60_000)
            for _ in range(600):  # the page's own whole run after reconnecting, up to 30 s
                if ForwardMsg.FINISHED_SUCCESSFULLY in runs[before:]:
                    break
                page.wait_for_timeout(50)
            assert ForwardMsg.FINISHED_SUCCESSFULLY in runs[before:], "the page did not rerun on reconnecting"
            wait_for_idle(page, 60_000)
            slider(page).focus()
            page.keyboard.press("ArrowRight")
            wait_for_title(page, "CBE credit policy, 2017")
            assert year_shown(page) == ("2017", "2017", "2017")
            assert wait_for_map(page, 51) == 51
    finally:
        page.context.close()


def open_then_press(url: str, page: str, *buttons: str) -> tuple[PageClient, list[str], list[str]]:
    """Open `page` over Streamlit's websocket, press `buttons` in turn: (client, elements of the opening run,
    elements of the run the last press caused)."""
    client = PageClient(url, page)

    async def run() -> tuple[list[str], list[str]]:
        try:
            await client.open()
            opened = client.last_run
            for button in buttons:
                await client.press(button)
            return opened, client.last_run
        finally:
            await client.close()

    with ThreadPoolExecutor(1) as pool:  # the browser tests' driver may already run an event loop here
        opened, pressed = pool.submit(asyncio.run, run()).result()
    assert client.exceptions == []
    return client, opened, pressed


def test_a_year_step_resends_only_the_map_and_what_depends_on_the_year(app):
    """The step's run sends the map, its timeline and takeaway again, but not the page's title, layer picker
    or trend chart, so the browser re-renders only that part (cbe_dash.ui.controls.by_year's fragment)."""
    client, opened, stepped = open_then_press(app.url, "Policy", "Previous year")
    assert client.last_status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
    assert "heading: State CBE policy" in opened and "heading: State CBE policy" not in stepped
    assert opened.count("plotly_chart") >= 2, "the map and the trend chart"
    assert stepped.count("plotly_chart") == 1, "the map alone"
    assert "slider" in stepped and stepped.count("button_group") < opened.count("button_group")


def test_a_league_year_step_leaves_the_district_roster_alone(app):
    """The roster (every district with the fall it joined) does not change with the year: a step, or a Play
    tick, neither rebuilds nor re-sends its table and state picker (~80 KB a step when it did)."""
    client, opened, stepped = open_then_press(app.url, "League", "Next year")
    assert client.last_status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
    assert {"heading: Districts", "multiselect", "dataframe"} <= set(opened)
    assert not {"heading: Districts", "multiselect", "dataframe"} & set(stepped)
    assert stepped.count("plotly_chart") == 1, "the map"


def test_a_year_seen_before_comes_back_whole_never_as_a_reference_to_the_browser_cache(app):
    """Stepping back to a year the page already drew, the server sends that map again in full. Were it to
    send only a reference to the browser's message cache (Streamlit's default for messages of 10 KB and
    more), quick steps could point the browser to a map it had dropped: "Connection error: Cached ForwardMsg
    MISS", which stopped this module's five-step test once (.streamlit/config.toml turns the references off)."""
    # "Next year" returns to the year the page opened on: its map is in the browser's cache
    client, _, returned = open_then_press(app.url, "Policy", "Previous year", "Next year")
    assert client.references == []
    assert returned.count("plotly_chart") == 1, "the map, whole"
