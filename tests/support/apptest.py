"""Run a page with AppTest as a user who opened every panel: lazy panels (cbe_dash.ui.lazy) build their
contents only while open, so a test that reads a table, a download or a citation opens them first."""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from streamlit.testing.v1 import AppTest

from cbe_dash.ui.lazy import OPEN


def panel_keys(at: AppTest) -> list[str]:
    """The open/closed state keys of every lazy panel the last run drew."""
    return [k for k in at.session_state.keys() if isinstance(k, str) and k.startswith(OPEN)]


def open_panels(at: AppTest, keys: Iterable[str] | None = None) -> AppTest:
    """Open the given panels (default: every one the last run drew) and run again."""
    for key in panel_keys(at) if keys is None else keys:
        at.session_state[key] = True
    return at.run()


def run_with_panels_open(path: str, query: Mapping[str, str | list[str]] | None = None, *,
                         timeout: float = 120) -> AppTest:
    """A page opened by a link, then every panel on it opened (two runs, as in the browser)."""
    at = AppTest.from_file(path, default_timeout=timeout)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    return open_panels(at) if not at.exception else at


def year_slider(at: AppTest):
    """The page's Year control: a slider over consecutive years, a select_slider when years have gaps."""
    found = [w for w in [*at.slider, *at.select_slider] if w.key == "year"]
    assert len(found) == 1, f"expected one Year control, found {len(found)}"
    return found[0]
