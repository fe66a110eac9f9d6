"""A presenter on a laptop with no network: presentation mode, keyboard stepping, self-explaining figures."""
from __future__ import annotations

import pytest

from cbe_dash.palette import contrast_ratio
from tests.support.browser import count_map_shapes, wait_for_idle, wait_for_map, wait_for_title

pytestmark = pytest.mark.browser


def test_presentation_mode_shows_only_the_map_and_steps_2012_to_2020_with_the_keyboard(page, app):
    page.goto(f"{app.url}/Policy?present=1&year=2012")
    wait_for_idle(page, 60_000)
    wait_for_title(page, "CBE credit policy, 2012")
    assert wait_for_map(page, 51) == 51
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert page.locator("h1").count() == 0  # no page title, no controls but the year
    assert page.get_by_text("Layer", exact=True).count() == 0
    for year in range(2013, 2021):
        wait_for_idle(page)
        page.keyboard.press("ArrowRight")
        wait_for_title(page, f"CBE credit policy, {year}")
        assert wait_for_map(page, 51) == 51
    page.wait_for_function("location.search.includes('year=2020') && location.search.includes('present=1')")


@pytest.mark.parametrize("opened", ["Policy", "League", "Connectivity", "Connectivity?present=1", "League?view=tiles"],
                         indirect=True, scope="session")
def test_every_map_carries_title_year_legend_and_source_inside_the_figure(opened):
    """Inside: an export or a screen share shows them, none cut off at the figure's edge (presenting, the
    coverage and source lines are larger, and Connectivity's coverage takes two lines)."""
    page = opened
    wait_for_map(page, 51)
    plot = page.locator(".js-plotly-plot").first
    title = plot.locator(".gtitle").first.text_content()
    assert any(str(y) in title for y in range(2011, 2026))
    assert "No data" in plot.locator(".legend").text_content()
    annotations = " ".join(plot.locator(".annotation-text").all_text_contents())
    assert "Source:" in annotations
    assert count_map_shapes(page)["plots"] >= 1
    figure = plot.locator(".main-svg").first.bounding_box()
    for part in (".annotation", ".gtitle", ".legend"):
        drawn = plot.locator(part).first.bounding_box()
        assert drawn["y"] >= figure["y"] - 0.5, f"{part} cut off at the top"
        assert drawn["y"] + drawn["height"] <= figure["y"] + figure["height"] + 0.5, f"{part} cut off at the bottom"


@pytest.mark.parametrize("opened", ["Policy"], indirect=True, scope="session")
def test_image_export_is_offered_in_the_figure_toolbar(opened):
    wait_for_map(opened, 51)
    plot = opened.locator(".js-plotly-plot").first
    plot.hover()
    camera = plot.locator('.modebar-btn[data-title^="Download plot"]')
    assert camera.count() == 1
    try:
        with opened.expect_download() as download:
            camera.click()
        assert download.value.suggested_filename.startswith("cbe-dash-credit_policy-2025")
        note = opened.locator(".plotly-notifier .notifier-note").first  # plotly's "Preparing image" notice
        note.wait_for()
        # Its colours once faded in (an audit now would blend them with the fade's opacity).
        colours = note.evaluate("n => [getComputedStyle(n).color, getComputedStyle(n).backgroundColor]")
        assert contrast_ratio(*map(as_hex, colours)) >= 4.5, colours  # WCAG AA for its 16 px text
    finally:  # the page is shared: the pointer leaves the chart, and the notices are gone, as loaded
        opened.mouse.move(0, 0)
        opened.wait_for_function("!document.querySelector('.plotly-notifier .notifier-note')", timeout=20_000)


def as_hex(css: str) -> str:
    """A computed CSS colour ("rgb(29, 79, 145)", alpha ignored) as #rrggbb, the form palette reads."""
    return "#" + "".join(f"{int(float(c)):02x}" for c in css[css.index("(") + 1:-1].split(",")[:3])
