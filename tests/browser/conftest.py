"""One app server and one offline chromium for the browser tests (starting them is the slow part)."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from cbe_dash.browser import AppServer, chromium_available, running_app
from tests.conftest import ROOT

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def app() -> Iterator[AppServer]:
    if not chromium_available():
        pytest.skip("Debian chromium is not installed (.ci/run installs it with apt-get)")
    with running_app(ROOT) as server:
        yield server


@pytest.fixture
def page(browser, app):
    """A fresh page; the test fails if anything on it tried to reach beyond loopback."""
    before = len(browser.blocked)
    p = browser.new_page(isolated=True)
    yield p
    p.wait_for_timeout(300)
    p.context.close()
    assert browser.blocked[before:] == [], "requests tried to leave the machine"
