"""axe-core audit of every page in the real browser: no serious or critical accessibility violation."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.support.browser import wait_for_idle

pytestmark = pytest.mark.browser

PAGES = ["", "Policy", "League", "Connectivity", "State_profile", "Compare", "Explore", "About_the_data",
         "Policy?present=1", "Connectivity?view=tiles"]


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_accessibility_violations(page, app, axe, path, record_property):
    page.goto(f"{app.url}/{path}")
    wait_for_idle(page, 60_000)
    page.wait_for_timeout(1000)
    violations = axe.run(page).response["violations"]
    summary = [f"{v['impact']}: {v['id']} ({len(v['nodes'])} nodes) e.g. {v['nodes'][0]['target']}" for v in violations]
    record_property("axe_violations", summary)
    print(f"axe {path or 'home'}: {len(violations)} violation(s)", *summary, sep="\n  ")
    assert not [v for v in violations if v["impact"] in ("serious", "critical")], summary
