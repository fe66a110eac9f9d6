"""axe-core audit of every page in the real browser: no serious or critical accessibility violation."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import COMPARE, EXPLORE, opened_path
from tests.support.browser import wait_for_idle

pytestmark = pytest.mark.browser

PAGES = ["", "Policy", "League", "Connectivity", "State_profile", COMPARE, EXPLORE, "About_the_data",
         "Connectivity?present=1", "Connectivity?view=tiles"]


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize("opened", PAGES, indirect=True, scope="session")
def test_no_serious_or_critical_accessibility_violations(opened, axe, record_property):
    page, path = opened, opened_path(opened)
    wait_for_idle(page)  # loaded, idle and settled (SETTLE_MS) once; read-only tests on it leave it so
    violations = axe.run(page).response["violations"]
    summary = [f"{v['impact']}: {v['id']} ({len(v['nodes'])} nodes) e.g. {v['nodes'][0]['target']}" for v in violations]
    record_property("axe_violations", summary)
    print(f"axe {path or 'home'}: {len(violations)} violation(s)", *summary, sep="\n  ")
    assert not [v for v in violations if v["impact"] in ("serious", "critical")], summary


@pytest.mark.parametrize("opened", ["Policy", "League"], indirect=True, scope="session")
def test_the_year_slider_is_read_aloud_as_the_year_it_shows(opened):
    """A screen reader hears the year ("2025"), not an option index ("13"). The accessible name is "Year",
    which Streamlit 1.67's slider doubles ("Year Year": its input is labelled both by itself and by its
    group); that part is Streamlit's and is only checked to contain the label."""
    opened.locator('[data-testid="stSlider"] input[type="range"]').first.wait_for()  # its code may load late
    session = opened.context.new_cdp_session(opened)
    try:
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()
    sliders = [n for n in nodes if n.get("role", {}).get("value") == "slider" and not n.get("ignored")]
    assert len(sliders) == 1, sliders
    shown = opened.locator('[data-testid="stSliderThumbValue"]').first.inner_text().strip()
    properties = {p["name"]: p["value"].get("value") for p in sliders[0].get("properties", [])}
    assert str(sliders[0]["value"]["value"]) == shown and str(properties["valuetext"]) == shown
    assert int(shown) >= 2011 and int(properties["valuemin"]) >= 2011
    assert "Year" in sliders[0]["name"]["value"]
