"""The static edition in a real browser with the network cut off: over HTTP from a plain static server and
straight from disk (file://), each map draws 51 states, steps through years, switches to tiles, and no page
logs a console error or tries to reach another host."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.browser import count_map_shapes, kept_warm, wait_for_map, wait_for_title
from cbe_dash.data import PROJECT_DATA_DIR, load_datasets
from cbe_dash.site.serve import serve_directory
from cbe_dash.site.timeline import all_map_settings
from tests.test_site import built_site

#: The built static site (tests/test_site.py: built_site) is built once per process: same worker.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("static-site")]

MAP_PAGES = ["maps/" + "-".join((k, *s)) + ".html" for k, s in all_map_settings(load_datasets(PROJECT_DATA_DIR))]


@pytest.fixture(scope="session")
def site_url(browser) -> Iterator[str]:
    with serve_directory(built_site()) as url:
        yield url


@pytest.fixture(scope="session")
def site_context(browser, site_url) -> Iterator:
    """One context for the static edition's pages, as for the app's (tests/browser/conftest.py `warm`): its
    HTTP cache and renderer process stay warm (an idle anchor page), so plotly.js, which every map page
    loads, is fetched and compiled once instead of once per test."""
    context = kept_warm(browser.new_context(), site_url + "no-such-page")  # a 404 is a document of the site too
    yield context
    context.close()


@pytest.fixture
def visit(browser, site_context):
    """Open pages (tabs, closed after the test); fails the test on any console error, page error or
    off-machine request."""
    before = len(browser.blocked)
    errors: list[str] = []
    pages = []

    def open_(url: str):
        page = site_context.new_page()
        pages.append(page)
        page.on("console", lambda m: errors.append(f"{url}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(f"{url}: {e}"))
        page.goto(url)
        return page

    yield open_
    for page in pages:
        page.close()
    assert errors == [], "console errors"
    assert browser.blocked[before:] == [], "requests tried to leave the machine"


#: What the visible map buffer drew (the page keeps the next year ready in a hidden one).
SHOWN_JS = """() => {
  const plot = document.querySelector('#map .buffer:not(.hidden)');
  return {choropleth: plot.querySelectorAll('path.choroplethlocation').length,
          scatter: plot.querySelectorAll('.scatterlayer path.point').length,
          title: (plot.querySelector('.gtitle') || {}).textContent || ''};
}"""


def shown(page) -> dict:
    return page.evaluate(SHOWN_JS)


def year_of(page) -> str:
    return page.locator("#year-label").inner_text()


def step_and_tiles(page) -> None:
    """A year step (arrow key) redraws all 51 states with the new year; tiles draw 51 squares."""
    assert wait_for_map(page, 51, 20_000) == 51
    assert shown(page)["choropleth"] == 51
    before = year_of(page)
    page.keyboard.press("ArrowLeft" if page.locator("#next").is_disabled() else "ArrowRight")
    after = year_of(page)
    if page.locator("#year-range").is_enabled():
        assert after != before
    wait_for_title(page, after)
    assert shown(page)["choropleth"] == 51 and after in shown(page)["title"]
    page.get_by_role("button", name="Tiles").click()
    page.wait_for_function(f"({SHOWN_JS})().scatter === 51", timeout=10_000)
    assert after in shown(page)["title"] and shown(page)["choropleth"] == 0
    assert f"year={after}&view=tiles" in page.url


@pytest.mark.parametrize("path", MAP_PAGES)
def test_each_map_over_http(visit, site_url, path):
    step_and_tiles(visit(site_url + path))


@pytest.mark.parametrize("path", ["maps/policy-credit_policy.html", "maps/league.html", MAP_PAGES[-1]])
def test_maps_from_disk(visit, path):
    step_and_tiles(visit((built_site() / path).as_uri()))


def test_home_draws_three_maps_from_disk(visit):
    page = visit((built_site() / "index.html").as_uri())
    page.wait_for_function("document.querySelectorAll('path.choroplethlocation').length >= 153", timeout=20_000)
    assert count_map_shapes(page)["choropleth"] == [51, 51, 51]


def test_previous_next_and_play_stop_at_the_ends(visit, site_url):
    page = visit(site_url + "maps/connectivity-pct_districts_meeting_100kbps.html#year=2018")
    wait_for_map(page, 51)
    assert year_of(page) == "2018"
    page.get_by_role("button", name="Previous year").click()
    assert year_of(page) == "2017"
    page.get_by_role("button", name="Play").click()
    page.wait_for_function("document.querySelector('#play').textContent === 'Play'", timeout=15_000)
    assert year_of(page) == "2019" and page.locator("#next").is_disabled()
    assert "2019" in shown(page)["title"] and shown(page)["choropleth"] == 51


def test_other_pages_open_without_errors(visit, site_url):
    site = built_site()
    paths = [p.relative_to(site).as_posix() for p in sorted(site.rglob("*.html")) if not p.match("maps/*")]
    page = visit(site_url + paths[0])
    for path in paths:  # one tab, page after page: a new tab each costs more than these small pages
        page.goto(site_url + path)
        assert page.locator("h1").count() == 1, path
    assert len(paths) >= 55


def test_downloaded_interactive_map_works_offline(visit, tmp_path):
    from cbe_dash.site.standalone import interactive_map_html

    saved = tmp_path / "cbe-dash-league.html"
    saved.write_text(interactive_map_html(load_datasets(PROJECT_DATA_DIR), "league"), encoding="utf-8")
    step_and_tiles(visit(saved.as_uri()))
