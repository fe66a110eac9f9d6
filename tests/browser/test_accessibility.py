"""axe-core audit of every page in the real browser: no serious or critical accessibility violation."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import opened_path
from tests.support.browser import wait_for_idle

pytestmark = pytest.mark.browser

PAGES = ["", "Policy", "League", "Connectivity", "State_profile", "Compare", "Explore", "About_the_data",
         "Policy?present=1", "Connectivity?view=tiles"]


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
