"""Settings follow the user across pages in the browser: a link opens its view once, the year goes along."""
from __future__ import annotations

import pytest

from tests.support.browser import slider, wait_for_idle, wait_for_title

pytestmark = pytest.mark.browser


def test_explore_link_opens_compare_with_its_states_and_year(page, app):
    page.goto(f"{app.url}/Explore?year=2018&states=KY,NH")
    wait_for_idle(page, 60_000)
    page.get_by_role("button", name="Compare these 2 states side by side").click()
    page.get_by_role("heading", name="Every indicator in 2018").wait_for(timeout=60_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    picked = page.locator('[data-testid="stMultiSelect"]').first.inner_text()
    assert "Kentucky (KY)" in picked and "New Hampshire (NH)" in picked
    assert slider(page).get_attribute("aria-valuetext") == "2018"


def test_a_page_opened_again_from_the_menu_keeps_its_settings(page, app):
    page.goto(f"{app.url}/Policy?year=2016&layer=diploma_policy")
    wait_for_idle(page, 60_000)
    wait_for_title(page, "Mastery-based diploma, 2016")
    menu = page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"]')
    menu.nth(2).click()  # League coverage
    wait_for_title(page, "fall 2016")
    menu.nth(1).click()  # back to Policy
    wait_for_title(page, "Mastery-based diploma, 2016")
    page.wait_for_function("location.search.includes('layer=diploma_policy')")
