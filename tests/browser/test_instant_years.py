"""A year step on the slider redraws the map in the browser, before the server has answered: the messages
from the server are held back while the step is taken, and the map must already show the new year."""
from __future__ import annotations

import re

import pytest

from tests.support.browser import (MAP_SHAPES, count_map_shapes, slider, step_slider, wait_for_idle, wait_for_map,
                                   wait_for_title)

pytestmark = pytest.mark.browser


class HeldServer:
    """Routes the page's websocket through the test, which can hold back what the server sends."""

    def __init__(self, page, start_at: bytes = b"") -> None:
        self.holding = False
        self.start_at = start_at  # once holding, hold from the first message that contains these bytes on
        self.started = False
        self.held: list[str | bytes] = []
        page.route_web_socket("**/_stcore/stream", self._route)

    def _route(self, ws) -> None:
        server = ws.connect_to_server()
        self.ws = ws
        ws.on_message(server.send)
        server.on_message(self._from_server)

    def _from_server(self, message: str | bytes) -> None:
        if self.holding and not self.started:
            self.started = self.start_at in (message if isinstance(message, bytes) else message.encode())
        if self.holding and self.started:
            self.held.append(message)
        else:
            self.ws.send(message)

    def wait_for_answer(self, page, timeout_ms: int = 15_000) -> None:
        """Until the server has answered something (held back): the step reached it."""
        for _ in range(timeout_ms // 50):
            if self.held:
                return
            page.wait_for_timeout(50)
        raise AssertionError("the server answered nothing: the step never reached it")

    def release(self) -> None:
        self.holding = self.started = False
        for message in self.held:
            self.ws.send(message)
        self.held.clear()


def title_is_bold(page) -> bool:
    """The map's title (the page's first chart) is set in bold."""
    return page.locator(".js-plotly-plot").first.locator('.gtitle tspan[style*="font-weight:bold"]').count() > 0


def wait_for_years(page, key: str) -> None:
    """Until the page's watcher holds the years of the map now shown (they follow the map in each run)."""
    page.wait_for_function("""(key) => {
        const watcher = (window.__cbeDashInstantYears || {})[key];
        return !!(watcher && watcher.draws());
    }""", arg=key, timeout=30_000)


def takeaway(page) -> str:
    """The bold sentence under the map ("In 2019, ...")."""
    return page.locator('[data-testid="stMainBlockContainer"] [data-testid="stMarkdown"] strong').filter(
        has_text=re.compile(r"^In ")).first.text_content() or ""


@pytest.mark.parametrize("path, shapes", [("Policy", MAP_SHAPES), ("League?view=tiles", 51),
                                          ("Connectivity?year=2016", MAP_SHAPES), ("Policy?present=1", MAP_SHAPES)])
def test_the_map_shows_the_new_year_before_the_server_answers(page, app, path: str, shapes: int) -> None:
    held = HeldServer(page)
    page.goto(f"{app.url}/{path}")
    wait_for_map(page, shapes, 60_000)
    wait_for_idle(page, 60_000)
    wait_for_years(page, path.split("?")[0].lower())
    titles_before = count_map_shapes(page)["titles"]
    held.holding = True
    year = step_slider(page, "Year")
    wait_for_map(page, shapes, 10_000, title=year)  # drawn by the browser alone
    held.wait_for_answer(page)
    drawn = count_map_shapes(page)
    assert drawn["titles"][0] != titles_before[0]
    assert title_is_bold(page), "drawn as the server draws it (Streamlit's chart theme sets titles in bold)"
    says_year = re.compile(rf"In (fall )?{year}\b")
    assert not says_year.match(takeaway(page)), "the takeaway comes from the server, after it answers"
    held.release()
    wait_for_idle(page, 30_000)
    assert says_year.match(takeaway(page))
    assert count_map_shapes(page)["titles"][0] == drawn["titles"][0]  # the server drew the same year
    assert title_is_bold(page)
    assert slider(page, "Year").get_attribute("aria-valuetext") == year


def test_after_a_layer_change_a_step_draws_that_layers_years_and_leaves_other_maps_alone(page, app) -> None:
    held = HeldServer(page)
    page.goto(f"{app.url}/Policy")
    wait_for_map(page, MAP_SHAPES, 60_000)
    choose_layer(page, "Mastery-based diploma")
    wait_for_years(page, "policy")
    held.holding = True
    year = step_slider(page, "Year")
    wait_for_map(page, MAP_SHAPES, 10_000, title=f"Mastery-based diploma, {year}")  # the browser's own
    held.wait_for_answer(page)
    held.release()
    wait_for_idle(page, 30_000)
    # The Snapshot layer leads with national counts and keeps its map of named states in a panel, under the
    # map's key: no year of another layer may be drawn over it.
    choose_layer(page, "Snapshot category")
    page.get_by_text("Map of the states a source names").click()
    wait_for_idle(page, 30_000)
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 2", timeout=30_000)
    held.holding = True
    step_slider(page, "Year")
    held.wait_for_answer(page)
    page.wait_for_timeout(300)
    assert not [t for t in count_map_shapes(page)["titles"] if t.startswith("Mastery-based diploma")]
    held.release()
    wait_for_idle(page, 30_000)


def choose_layer(page, label: str) -> None:
    page.locator('[data-testid="stButtonGroup"] button', has_text=label).click()
    wait_for_idle(page, 30_000)
    page.wait_for_function("(t) => document.querySelector('.js-plotly-plot .gtitle')?.textContent.startsWith(t)",
                           arg=label.split(" (")[0].replace("Snapshot category", "Snapshot map"), timeout=30_000)


def test_a_step_before_the_new_layers_years_arrive_never_draws_the_old_layers(page, app) -> None:
    """The years for the browser follow the map in each run: in between, the map is the new layer's and the
    page's years still the old layer's. A step then is the server's to draw."""
    held = HeldServer(page, start_at=b"cbe_dash_instant_years")
    page.goto(f"{app.url}/Policy")
    wait_for_map(page, MAP_SHAPES, 60_000)
    wait_for_years(page, "policy")
    held.holding = True  # the new layer's map arrives; its years and all after them wait
    page.locator('[data-testid="stButtonGroup"] button', has_text="Mastery-based diploma").click()
    wait_for_title(page, "Mastery-based diploma")
    held.wait_for_answer(page)
    step_slider(page, "Year")
    page.wait_for_timeout(300)
    assert count_map_shapes(page)["titles"][0].startswith("Mastery-based diploma")
    held.release()
    wait_for_idle(page, 30_000)
    assert count_map_shapes(page)["titles"][0].startswith("Mastery-based diploma")


def test_a_step_right_after_a_view_change_never_draws_the_map_view_over_the_tiles(page, app) -> None:
    """Map and tiles share their titles: until the tiles' years arrive, a step must not draw the map view's
    year on the tiles."""
    held = HeldServer(page, start_at=b"cbe_dash_instant_years")
    page.goto(f"{app.url}/Policy")
    wait_for_map(page, MAP_SHAPES, 60_000)
    wait_for_years(page, "policy")
    held.holding = True  # the tiles arrive; their years and all after them wait
    page.locator('[data-testid="stButtonGroup"] button', has_text="Tiles").click()
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .scatterlayer .point').length >= 51",
                           timeout=30_000)
    held.wait_for_answer(page)
    step_slider(page, "Year")
    page.wait_for_timeout(300)
    assert count_map_shapes(page)["scatter"][0] >= 51  # still the tiles: no map-view year drawn over them
    held.release()
    wait_for_idle(page, 30_000)
