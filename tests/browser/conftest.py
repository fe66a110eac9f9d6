"""One app server shared by the browser tests (starting it is the slow part), and `page` tied to it.

The offline chromium and the guarded `page` come from tests/conftest.py (pytest-playwright underneath).
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import NO_CHROMIUM, ROOT
from tests.support.browser import AppServer, chromium_available, running_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def app() -> Iterator[AppServer]:
    """The real app on a loopback port, for the whole session: tests only read it through fresh pages."""
    if not chromium_available():
        pytest.skip(NO_CHROMIUM)
    with running_app(ROOT) as server:
        yield server


@pytest.fixture
def page(page: Any, app: AppServer) -> Any:
    """The guarded page of tests/conftest.py, with the app server running."""
    return page
