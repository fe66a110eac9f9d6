"""The screens people use: laptop, projector, phone. Geometry in the real browser, never pixels."""
from __future__ import annotations

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from cbe_dash import takeaways
from cbe_dash.data import load_datasets
from tests.browser.conftest import COMPARE, EXPLORE, on_screen, opened_path
from tests.support.browser import wait_for_idle, wait_for_map, wait_for_title, watch_script_runs

pytestmark = pytest.mark.browser

LAPTOPS = [(1280, 800), (1366, 768)]
PROJECTORS = [(1024, 768), (1280, 720), (1366, 768), (1920, 1080), (2560, 1440)]
MAP_PAGES = ["Policy", "League", "Connectivity"]
PHONE_AGENT = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
               "Version/17.0 Mobile/15E148 Safari/604.1")

#: Bounding box {x, y, right, bottom} of the first element matching a selector, or null.
BOX = """(selector) => { const e = document.querySelector(selector); if (!e) return null;
  const r = e.getBoundingClientRect(); return {x: r.x, y: r.y, right: r.right, bottom: r.bottom}; }"""

#: The box around every state shape or tile point plotly drew.
DRAWN = """() => { const rs = [...document.querySelectorAll(
    '.js-plotly-plot path.choroplethlocation, .js-plotly-plot .scatterlayer path.point')].map(e => e.getBoundingClientRect());
  return {x: Math.min(...rs.map(r => r.x)), y: Math.min(...rs.map(r => r.y)),
          right: Math.max(...rs.map(r => r.right)), bottom: Math.max(...rs.map(r => r.bottom))}; }"""


def open_at(browser, app, path: str, width: int, height: int, **context):
    """A page in a context of its own (a device: `context` options), opened on `path` with its map drawn."""
    page = browser.new_context(viewport={"width": width, "height": height}, **context).new_page()
    load(page, app, path)
    return page


def load(page, app, path: str) -> None:
    """Open `path` and wait until its map is drawn."""
    page.goto(f"{app.url}/{path}")
    wait_for_idle(page, 60_000)
    settled(page)


def box(page, selector: str) -> dict[str, float]:
    found = page.evaluate(BOX, selector)
    assert found is not None, f"nothing matches {selector}"
    return found


def inside(b: dict[str, float], width: int, height: int) -> bool:
    return b["x"] >= 0 and b["y"] >= 0 and b["right"] <= width + 0.5 and b["bottom"] <= height + 0.5


def settled(page) -> None:
    """The page as a person sees it once it stopped moving: map drawn, year control shown, fonts loaded."""
    wait_for_map(page, 51)
    page.locator('[data-testid="stSlider"]').first.wait_for()
    page.wait_for_function("document.fonts.status === 'loaded'")


def resized(page, width: int, height: int) -> None:
    """The window resized (a laptop moved to a projector): wait until the map has its new size."""
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_function(
        """([w, h]) => window.innerWidth === w && window.innerHeight === h && new Promise(done => {
             const box = () => JSON.stringify(document.querySelector('.js-plotly-plot')?.getBoundingClientRect());
             let last = box(), calm = 0;
             const tick = () => { const now = box(); calm = now === last ? calm + 1 : 0; last = now;
                                  if (calm >= 10) done(true); else requestAnimationFrame(tick); };
             requestAnimationFrame(tick); })""", arg=[width, height], timeout=15_000)


LAPTOP_PAGES = [on_screen(path, w, h) for path in MAP_PAGES for w, h in LAPTOPS]


@pytest.mark.parametrize("opened", LAPTOP_PAGES, indirect=True, scope="session")
def test_on_a_laptop_the_whole_map_and_its_controls_are_on_the_first_screen(opened):
    page = opened
    settled(page)
    path = opened_path(page)
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    key = path.lower()
    assert page.evaluate("window.scrollY") == 0
    plot = box(page, f".st-key-{key}-map .js-plotly-plot")
    assert inside(plot, width, height), plot
    assert inside(box(page, f".st-key-{key}-map .gtitle"), width, height)
    assert inside(box(page, f".st-key-{key}-map .annotation-text"), width, height)  # the source line
    assert inside(box(page, f'.st-key-{key}-timeline [data-testid="stSlider"]'), width, height)
    assert inside(box(page, '[data-testid="stMain"] [data-testid="stButtonGroup"]'), width, height)  # view/layer


@pytest.mark.parametrize("width, height", PROJECTORS)
@pytest.mark.parametrize("opened", ["Policy?present=1&year=2019@1024x768"], indirect=True, scope="session")
def test_presenting_fits_title_map_legend_year_and_takeaway_on_any_projector(opened, width, height):
    """One presenter's page, its window moved from screen to screen (each size checked after the resize)."""
    page = opened
    settled(page)
    resized(page, width, height)
    wait_for_title(page, "2019")
    assert page.evaluate("document.scrollingElement.scrollHeight") <= height + 1, "the page scrolls"
    for part in (".st-key-policy-map .js-plotly-plot", ".st-key-policy-map .gtitle",
                 ".st-key-policy-map .legend", '.st-key-policy-timeline [data-testid="stSlider"]'):
        assert inside(box(page, part), width, height), part
    takeaway = page.get_by_text(takeaways.policy(load_datasets(), "credit_policy", 2019)[:40], exact=False).last
    takeaway_box = takeaway.bounding_box()
    assert takeaway_box and takeaway_box["y"] + takeaway_box["height"] <= height
    map_height = box(page, ".st-key-policy-map .js-plotly-plot")
    assert map_height["bottom"] - map_height["y"] >= 0.55 * height  # the map scales with the screen


@pytest.mark.parametrize("path", ["League", "Policy?view=tiles"])
def test_on_a_phone_the_map_spans_the_width_with_the_legend_below(browser, app, path):
    page = open_at(browser, app, path, 390, 844, user_agent=PHONE_AGENT, is_mobile=True, has_touch=True)
    try:
        plot = box(page, ".js-plotly-plot")
        assert plot["right"] - plot["x"] >= 0.9 * 390
        drawn = page.evaluate(DRAWN)
        legend = box(page, ".js-plotly-plot .legend")
        assert legend["y"] >= drawn["bottom"] - 1, "legend beside the map, not under it"
        # plotly's Albers USA frame keeps a margin round the states (zooming it crops Alaska and Florida)
        assert drawn["right"] - drawn["x"] >= 0.7 * 390
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 390, "the page scrolls sideways"
        title = box(page, ".js-plotly-plot .gtitle")
        assert title["right"] <= plot["right"], "the figure title runs off the chart"
        labels = page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot .textpoint text')]
            .map(t => { const r = t.getBoundingClientRect(); return [r.x, r.y, r.right, r.bottom]; })""")
        overlapping = [(a, b) for i, a in enumerate(labels) for b in labels[i + 1:]
                       if a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5]
        assert not overlapping, "tile labels run together"
    finally:
        page.context.close()


def test_play_runs_to_the_last_year_then_offers_play_again_from_the_first(page, app):
    runs: list[int] = []
    watch_script_runs(page, runs)
    load(page, app, "Policy?year=2023")
    played = len(runs)
    page.get_by_role("button", name="Play", exact=True).click()
    page.get_by_role("button", name="Pause").wait_for(timeout=10_000)
    wait_for_title(page, "CBE credit policy, 2024", timeout_ms=15_000)
    wait_for_idle(page)  # a pace before the next tick
    assert runs[-1] == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY, "the tick reran the whole page"
    again = page.get_by_role("button", name="Play again")
    again.wait_for(timeout=15_000)
    wait_for_title(page, "CBE credit policy, 2025")
    page.wait_for_function("new URLSearchParams(location.search).get('year') === '2025' "
                           "|| !new URLSearchParams(location.search).has('year')")
    slider = page.locator('.st-key-policy-timeline input[type="range"]')
    assert slider.get_attribute("aria-valuetext") == "2025"
    page.wait_for_timeout(2500)  # a full pace later nothing moves: playing has stopped
    assert slider.get_attribute("aria-valuetext") == "2025"
    # Each tick reran only the year's part of the page; the page ran whole only to start and stop the timer.
    assert runs[played:].count(ForwardMsg.FINISHED_SUCCESSFULLY) <= 2, runs[played:]
    again.click()
    wait_for_title(page, "CBE credit policy, 2012", timeout_ms=15_000)
    page.get_by_role("button", name="Pause").click()
    page.get_by_role("button", name="Play", exact=True).wait_for(timeout=10_000)


#: Text elements whose content is wider than their box (cut off, or spilling over what is next to it).
#: Checked: every visible element in the main area or sidebar with text of its own. Not checked: plotly's
#: SVG (its own layout), st.dataframe cells and headers (drawn on a canvas; they scroll within their frame),
#: form inputs (their value scrolls by design) and visually hidden screen-reader text.
CLIPPED = """() => [...document.querySelectorAll('[data-testid="stMain"] *, [data-testid="stSidebar"] *')]
  .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
  .filter(e => !e.closest('.js-plotly-plot, [data-testid="stDataFrame"], input, textarea, svg'))
  .filter(e => e.offsetParent !== null && e.clientWidth > 1)
  .filter(e => e.scrollWidth > e.clientWidth + 1)
  .map(e => `${e.tagName}[${e.closest('[data-testid]')?.dataset.testid}]: ${e.textContent.trim().slice(0, 60)}`)"""

EVERY_PAGE = ["", "Policy?layer=snapshot_category", "League", "Connectivity", "State_profile", COMPARE, EXPLORE,
              "About_the_data"]


@pytest.mark.parametrize("opened", EVERY_PAGE, indirect=True, scope="session")
def test_no_label_is_cut_at_1280_wide(opened):
    page = opened
    assert page.viewport_size["width"] == 1280
    page.wait_for_function("document.fonts.status === 'loaded'")
    assert page.evaluate(CLIPPED) == []


#: Choice controls (segmented controls, radio rows) whose options do not all sit on one line.
WRAPPED_CHOICES = """() => [...document.querySelectorAll('[role="radiogroup"]')]
  .filter(g => g.offsetParent !== null)
  .filter(g => new Set([...g.querySelectorAll('[role="radio"]')]
    .map(o => Math.round((o.closest('label') || o).getBoundingClientRect().top))).size > 1)
  .map(g => g.closest('[data-testid="stElementContainer"]')?.className.match(/st-key-[^ ]+/)?.[0] || g.textContent)"""


@pytest.mark.parametrize("opened", EVERY_PAGE, indirect=True, scope="session")
def test_choice_controls_keep_their_options_on_one_line_at_1280_wide(opened):
    """A segmented control whose last option wraps under the others reads as two controls (Explore's League
    presence did)."""
    assert opened.viewport_size["width"] == 1280
    opened.wait_for_function("document.fonts.status === 'loaded'")
    assert opened.evaluate(WRAPPED_CHOICES) == []


@pytest.mark.parametrize("opened", ["Policy@1366x768", "League?present=1@1366x768",
                                    "Policy?present=1&view=tiles@1366x768"], indirect=True, scope="session")
def test_no_serious_accessibility_violation_on_a_1366_screen_or_presenting(opened):
    from axe_playwright_python.sync_playwright import Axe

    settled(opened)
    violations = Axe().run(opened).response["violations"]
    assert not [v["id"] for v in violations if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("opened", ["Policy"], indirect=True, scope="session")
def test_a_focused_menu_link_shows_a_ring_unlike_the_current_page_highlight(opened):
    links = opened.locator('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]')
    current, other = links.nth(1), links.nth(2)  # Policy (this page), League coverage
    try:
        other.focus()
        opened.keyboard.press("Shift+Tab")
        opened.keyboard.press("Tab")  # focus by keyboard, so :focus-visible applies
        ring = other.evaluate("e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).outlineWidth")
        assert ring.startswith("solid") and not ring.endswith(" 0px")
        assert current.evaluate("e => getComputedStyle(e).outlineStyle") == "none"
    finally:  # the page is shared: leave it as loaded
        opened.evaluate("document.activeElement && document.activeElement.blur()")


def test_on_a_first_visit_the_map_stays_put_when_the_view_toggle_arrives_late(page, app):
    """Streamlit loads each widget's code on first use: when the View toggle's code comes after the map is
    drawn (held back here, as a slow first visit does), the toggle appears in the room kept for it and the
    map below does not jump."""
    held = []
    page.route("**/ButtonGroup*.js", lambda route: held.append(route))  # Streamlit's chunk for segmented controls
    page.goto(f"{app.url}/League")
    wait_for_map(page, 51)
    assert page.locator('[data-testid="stButtonGroup"]').count() == 0 and held, "the toggle came first"
    before = box(page, ".st-key-league-map")
    for route in held:
        route.continue_()
    page.locator('[data-testid="stButtonGroup"]').first.wait_for()
    wait_for_idle(page)
    assert box(page, ".st-key-league-map")["y"] == before["y"]
